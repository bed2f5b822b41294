import { validateCharts } from '../../model/charts/spec';
import { planExecution } from './extract';
import { KernelClient, type KernelExit, type Outcome } from './kernel/client';
import type { KernelInfo, KernelResult } from './kernel/protocol';
import { assembleOutput, batchFrom } from './result';
import type { Sandbox } from './sandbox-base';
import type { IsolationReport } from '../../model/exec/isolation';
import type {
  BatchResult,
  ExecLanguage,
  ExecLimits,
  ExecResult,
  IsolationSummary,
} from '../../model/exec/types';
import { checkInputs, filenameDirectiveProblem, resolveArtifacts } from './workspace';

export interface RunOptions {
  signal?: AbortSignal;
  /** Live output of the running block (the head of it; the tail arrives with the result). */
  onOutput?: (text: string) => void;
  timeoutMs?: number;
}

export interface MessageRunOptions extends RunOptions {
  onBlockStart?: (index: number, block: { language: ExecLanguage; code: string }) => void;
  onBlockResult?: (index: number, result: ExecResult) => void;
}

const SIGNALS: Record<string, number> = { SIGKILL: 9, SIGSEGV: 11, SIGABRT: 6, SIGTERM: 15, SIGBUS: 7 };

/** A dead kernel's exit code as a shell would report it. */
function crashCode(exit: KernelExit | undefined): number {
  if (exit?.code) return exit.code;
  return 128 + (SIGNALS[exit?.signal ?? ''] ?? 9);
}

const LOST = 'the kernel was restarted and its state (variables, loaded data) was lost';

export function isolationSummaryOf(report: IsolationReport | null): IsolationSummary {
  return report
    ? {
        verified: report.verified,
        runner: report.runner,
        checks: report.checks.map((c) => ({ name: c.name, passed: c.passed })),
      }
    : { verified: false, runner: 'not probed', checks: [] };
}

/** The host's own words for what the supervisor observed: nothing of the sandbox's text. */
function resultNotes(r: KernelResult, limits: ExecLimits): string[] {
  const notes: string[] = [];
  if (r.killed > 0) notes.push(`stopped ${r.killed} background process(es) left by the block`);
  if (r.diskFull)
    notes.push(
      `The code reached the disk limit (${limits.diskMb} MB for the files it writes): writing past it failed. Delete files it wrote, or raise the limit in Settings (--disk-mb).`,
    );
  return notes;
}

/**
 * One conversation's execution: a sandbox plus a stateful kernel (or a fresh one per
 * block in stateless mode). Blocks run one at a time, in order.
 */
export class ExecSession {
  private kernel: Promise<KernelClient> | null = null;
  /** A started kernel that died between blocks: replaced before the next block, which is told why. */
  private deadKernel: KernelClient | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly sandbox: Sandbox,
    readonly limits: ExecLimits,
    readonly stateless = false,
    private readonly onClose?: () => void,
  ) {}

  get mode() {
    return this.sandbox.mode;
  }

  /** Starts the kernel now so the first block does not wait for it. */
  warm(): Promise<KernelClient> {
    if (this.closed) return Promise.reject(new Error('the session is closed'));
    if (!this.kernel || this.deadKernel) {
      this.deadKernel = null;
      this.kernel = this.sandbox.startKernel().then((proc) => KernelClient.start(proc));
      this.kernel.catch(() => (this.kernel = null));
    }
    return this.kernel;
  }

  /** The kernel's interpreter and package versions (starting the kernel when needed). */
  async kernelInfo(): Promise<KernelInfo | null> {
    try {
      return (await this.warm()).info;
    } catch {
      return null;
    }
  }

  /** Runs every runnable block of an assistant message; stops at the first failure. */
  async runMessage(markdown: string, options: MessageRunOptions = {}): Promise<BatchResult | null> {
    const plan = planExecution(markdown);
    if (plan.blocks.length === 0) return plan.unsupported ? batchFrom([], plan.unsupported) : null;
    const results: ExecResult[] = [];
    for (const [index, block] of plan.blocks.entries()) {
      if (options.signal?.aborted) break;
      const language = block.language as ExecLanguage;
      options.onBlockStart?.(index, { language, code: block.code });
      const result = await this.run(language, block.code, options);
      results.push(result);
      options.onBlockResult?.(index, result);
      if (result.exitCode !== 0) break;
    }
    return batchFrom(results);
  }

  /** Runs one block exactly as the agent would. */
  run(language: ExecLanguage, code: string, options: RunOptions = {}): Promise<ExecResult> {
    const next = this.queue.then(() => this.runNow(language, code, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(language: ExecLanguage, code: string, options: RunOptions): Promise<ExecResult> {
    const started = performance.now();
    const base = {
      mode: this.sandbox.mode,
      language,
      timedOut: false,
      stateLost: false,
      omittedBytes: 0,
      artifacts: [],
      charts: [],
      results: [] as Record<string, unknown>[],
    };
    const finish = (
      fields: Partial<ExecResult> & { exitCode: number; output: string },
      extra: string[] = [],
    ): ExecResult => ({
      ...base,
      ...fields,
      warnings: [...this.sandbox.warnings, ...extra],
      isolation: isolationSummaryOf(this.sandbox.isolation),
      durationMs: Math.round(performance.now() - started),
    });
    const refused = filenameDirectiveProblem(code);
    if (refused) return finish({ exitCode: 1, output: refused });
    if (this.closed) throw new Error('the session is closed');

    const previous = await this.kernel?.catch(() => null);
    const lostBetween = previous?.dead && !this.stateless ? previous : null;
    if (lostBetween) this.deadKernel = lostBetween;
    const between = lostBetween
      ? [`${lostBetween.idleFailure ?? 'the kernel stopped between blocks'}; ${LOST}.`]
      : [];
    let kernel: KernelClient;
    try {
      kernel = await this.warm();
    } catch (err) {
      return finish({ exitCode: 1, output: `could not start the kernel: ${(err as Error).message}` });
    }
    if (this.stateless) this.kernel = null;
    const outcome = await kernel.execute(
      { language, code },
      {
        timeoutMs: options.timeoutMs ?? this.limits.timeoutMs,
        maxOutputBytes: this.limits.maxOutputBytes,
        signal: options.signal,
        onOutput: options.onOutput,
      },
    );
    const inputNotes = await checkInputs(this.sandbox.workspace);
    // stateless: gone before the next block's kernel (and its folders) are set up
    if (this.stateless) await kernel.close();
    if (outcome.kind === 'result') {
      const r = outcome.result;
      const { charts, problems } = validateCharts(r.charts);
      const copyNotes = (await this.sandbox.collect?.(r.files)) ?? [];
      const artifacts = await resolveArtifacts(this.sandbox.workspace, r.files);
      return finish(
        {
          exitCode: r.exitCode,
          output: assembleOutput(r),
          omittedBytes: r.omitted,
          charts,
          results: r.results,
          artifacts,
          stateLost: between.length > 0,
        },
        [...between, ...resultNotes(r, this.limits), ...problems, ...inputNotes, ...copyNotes],
      );
    }
    // what the block wrote before it was stopped stays; a remote engine copies it back now
    const copyNotes = (await this.sandbox.collectStopped?.(performance.now() - started)) ?? [];
    return finish(this.failure(outcome, options), [...between, ...inputNotes, ...copyNotes]);
  }

  private failure(
    outcome: Exclude<Outcome, { kind: 'result' }>,
    options: RunOptions,
  ): Partial<ExecResult> & { exitCode: number; output: string } {
    if (!this.stateless && !this.closed) {
      this.kernel = null;
      void this.warm().catch(() => undefined); // a fresh kernel, warm for the next block
    }
    const partial = assembleOutput(outcome.partial);
    const sep = partial && !partial.endsWith('\n') ? '\n' : '';
    const lost = this.stateless ? '' : `; ${LOST}`;
    const seconds = (options.timeoutMs ?? this.limits.timeoutMs) / 1000;
    const common = { stateLost: !this.stateless, omittedBytes: outcome.partial.omitted };
    switch (outcome.kind) {
      case 'timeout':
        return {
          ...common,
          exitCode: 124,
          timedOut: true,
          output: `${partial}${sep}Timeout: the block ran longer than ${seconds} s and was stopped${lost}.`,
        };
      case 'cancelled':
        return {
          ...common,
          exitCode: 130,
          output: `${partial}${sep}Cancelled: the block was stopped by the user${lost}.`,
        };
      case 'crashed':
        return {
          ...common,
          exitCode: crashCode(outcome.exit),
          output: `${partial}${sep}The kernel died (${outcome.detail})${lost}.`,
        };
      default:
        return {
          ...common,
          exitCode: 1,
          output: `${partial}${sep}The kernel misbehaved (${outcome.detail}) and was stopped${lost}.`,
        };
    }
  }

  /** Kills the kernel (losing its state) and starts a fresh one. */
  async restart(): Promise<void> {
    const old = this.kernel;
    this.kernel = null;
    await old?.then((k) => k.close()).catch(() => undefined);
    await this.warm();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.kernel?.then((k) => k.close()).catch(() => undefined);
    this.kernel = null;
    await this.sandbox.close();
    this.onClose?.();
  }
}

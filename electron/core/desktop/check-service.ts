/**
 * "Check my model" in the app: checks the model and mode configured in Settings with the app's
 * executor (core/check/runner.ts), one check at a time, its progress sent to the window, and
 * keeps the last complete result of each model in the data folder (model-checks.json: the
 * model's identity, questions, verdicts and timings — never a key).
 *
 * Consent is the app's: code runs unconfined (no verified sandbox) only when the user chose to
 * run code without asking (`approval: never`, itself confirmed in Settings) or confirms it for
 * this check; otherwise the check stops, before any of its code runs, with a one-line reason.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelRef } from '../../model/agent/conversation';
import type { CheckResult } from '../../model/check';
import { executionFor, type Settings } from '../../model/settings';
import { oneLine } from '../../model/text/one-line';
import type { ModelCheckProgress, ModelCheckRecovery, ModelCheckStatus } from '../../shared/contract';
import { CheckFailedError, CheckRefusedError, checkModel, type CheckOptions } from '../check/runner';
import type { ExecutorService } from '../exec/executor';
import { safeEndpoint } from '../llm/endpoints';
import { modelRefFor } from './conversations';
import type { EventSink, SecretStore } from './ports';

export const CHECKS_FILE = 'model-checks.json';
/** Models whose results are kept (the most recently checked). */
const KEEP = 20;

/** A model's identity for its saved result: `builtin`, or its endpoint and model name. */
export function checkKey(model: ModelRef): string {
  return model.kind === 'builtin' ? 'builtin' : `${safeEndpoint(model.baseUrl)} ${model.model}`;
}

function publicModel(model: ModelRef): ModelRef {
  return model.kind === 'builtin' ? model : { ...model, baseUrl: safeEndpoint(model.baseUrl) };
}

/** A result as it may be saved and shown: its endpoint public, also where an error quotes it. */
export function publicResult(result: CheckResult): CheckResult {
  const model = result.model;
  const raw = model.kind === 'builtin' ? '' : model.baseUrl.replace(/\/+$/, '');
  const shown = model.kind === 'builtin' ? '' : safeEndpoint(model.baseUrl);
  const clean = (text: string) => (raw && raw !== shown ? text.split(raw).join(shown) : text);
  return {
    ...result,
    model: publicModel(model),
    questions: result.questions.map((q) => ({
      ...q,
      answer: clean(q.answer),
      error: q.error === null ? null : clean(q.error),
    })),
  };
}

interface SavedChecks {
  version: 1;
  results: Record<string, CheckResult>;
}

export interface CheckServiceDeps {
  executor: ExecutorService;
  settings: () => Settings;
  secrets: Pick<SecretStore, 'get'>;
  events: EventSink;
  dataDir: string;
  /** The runner (tests pass a scripted one). */
  run?: (options: CheckOptions) => Promise<CheckResult>;
}

export class CheckService {
  private running: { abort: AbortController; progress: ModelCheckProgress; done: Promise<void> } | null =
    null;

  constructor(private readonly deps: CheckServiceDeps) {}

  private get file(): string {
    return path.join(this.deps.dataDir, CHECKS_FILE);
  }

  private async load(): Promise<SavedChecks> {
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as SavedChecks;
      if (data?.version === 1 && data.results && typeof data.results === 'object') return data;
    } catch {
      // none yet, or unreadable: no saved results
    }
    return { version: 1, results: {} };
  }

  private async save(result: CheckResult): Promise<void> {
    const saved = await this.load();
    const key = checkKey(result.model);
    delete saved.results[key];
    saved.results[key] = publicResult(result);
    const keys = Object.keys(saved.results);
    for (const old of keys.slice(0, Math.max(0, keys.length - KEEP))) delete saved.results[old];
    await mkdir(this.deps.dataDir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(saved));
    await rename(tmp, this.file);
  }

  /** The saved result of a model (the configured one by default). */
  async saved(model: ModelRef = modelRefFor(this.deps.settings())): Promise<CheckResult | null> {
    return (await this.load()).results[checkKey(model)] ?? null;
  }

  async status(): Promise<ModelCheckStatus> {
    const model = modelRefFor(this.deps.settings());
    return { model, saved: await this.saved(model), running: this.running?.progress ?? null };
  }

  /** Starts checking the configured model; throws (one line) when it cannot start. */
  async start(confirmUnsandboxed = false): Promise<void> {
    if (this.running) throw new Error('a check is already running: wait for it or cancel it');
    const settings = this.deps.settings();
    const model = modelRefFor(settings);
    // as a conversation would run (model/settings.ts); a check needs to run code. In tools mode the
    // built-in analyst, made of the tools' own templates, runs as in Auto (model/agent/tools-mode.ts)
    const { mode, execution } = executionFor(settings.securityMode);
    if (execution === 'off')
      throw new Error('code execution is off in Settings: the check needs to run code');
    const abort = new AbortController();
    const progress: ModelCheckProgress = { model: publicModel(model), index: 0, total: 0, question: '' };
    const run = this.deps.run ?? checkModel;
    const running = { abort, progress, done: Promise.resolve() };
    this.running = running;
    const emit = (p: ModelCheckProgress) => {
      running.progress = p;
      this.deps.events.emit('models:check', { state: 'running', progress: p });
    };
    running.done = run({
      model,
      mode,
      execution,
      executor: this.deps.executor,
      // the key only for the origin it was saved for (the store's policy), asked at each reply
      apiKey: (baseUrl) => this.deps.secrets.get(baseUrl) ?? undefined,
      allowUnsandboxed: settings.approval === 'never' || confirmUnsandboxed,
      maxTurns: settings.maxTurns,
      signal: abort.signal,
      onProgress: ({ index, total, question, result }) => {
        const last = result ? { question, verdict: result.verdict } : running.progress.last;
        emit({ model: progress.model, index, total, question, ...(last ? { last } : {}) });
      },
    })
      .then(async (result) => {
        if (result.complete) await this.save(result);
        this.deps.events.emit('models:check', {
          state: 'finished',
          result: publicResult(result),
        });
      })
      .catch((err: unknown) => {
        const { error, recovery } = this.failure(err, model);
        this.deps.events.emit('models:check', {
          state: 'failed',
          model: publicModel(model),
          error,
          recovery,
        });
      })
      .finally(() => {
        if (this.running === running) this.running = null;
      });
  }

  private failure(err: unknown, model: ModelRef): { error: string; recovery: ModelCheckRecovery } {
    if (err instanceof CheckRefusedError)
      return {
        error:
          'No sandbox is verified on this computer, so the check would run code unconfined: get a sandbox, or confirm running it anyway.',
        recovery: 'sandbox',
      };
    const raw = model.kind === 'openai-compatible' ? model.baseUrl.trim() : '';
    // an error may quote the base URL as typed: shown without its credentials
    const error = raw ? oneLine(err).split(raw).join(safeEndpoint(raw)) : oneLine(err);
    if (err instanceof CheckFailedError && model.kind === 'openai-compatible') {
      const noKey = this.deps.secrets.get(model.baseUrl) === null;
      const auth = /\b(401|403)\b|api key|unauthori[sz]ed|authenticat/i.test(error);
      return {
        error,
        recovery: auth || (noKey && !/connect|reach|refused/i.test(error)) ? 'api-key' : 'endpoint',
      };
    }
    return { error, recovery: null };
  }

  cancel(): void {
    this.running?.abort.abort();
  }

  /** Resolves when no check runs (the running one finished, failed or was cancelled). */
  async idle(): Promise<void> {
    await this.running?.done;
  }

  async shutdown(): Promise<void> {
    this.cancel();
    await this.idle();
  }
}

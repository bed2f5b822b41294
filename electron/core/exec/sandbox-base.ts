import { isolationSummary, type IsolationReport } from '../../model/exec/isolation';
import type { VerifiableSandbox } from './isolation/verify';
import type { KernelProcess } from './kernel/client';
import type { ResolvedMode } from '../../model/exec/types';
import type { Workspace } from './workspace';

/** Somewhere a kernel can run: the local restricted sandbox or a Docker container. */
export interface Sandbox extends VerifiableSandbox {
  readonly mode: ResolvedMode;
  readonly workspace: Workspace;
  /** What the isolation probe observed; set by the executor before any code runs. */
  isolation: IsolationReport | null;
  /** True only when the probe verified every check: never from configuration alone. */
  readonly isolated: boolean;
  /** One line: what runs the code, e.g. "local sandbox (bubblewrap 0.8.0), Python 3.11.2". */
  readonly description: string;
  /** What is not isolated (the probe's failures, and limits of the runner); carried by every result. */
  readonly warnings: string[];
  /** Extra lines for every result (e.g. why Docker was not used). */
  readonly notes: string[];
  startKernel(): Promise<KernelProcess>;
  /** Makes files a block created readable from this computer (a remote engine copies them back); returns notes. */
  collect?(files: { path: string; size: number }[]): Promise<string[]>;
  /** The same for a block that was stopped (timeout, cancel, crash), which lists no files; returns notes. */
  collectStopped?(elapsedMs: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The isolation state every sandbox shares: verified only by the probe's report. */
export abstract class SandboxIsolation {
  isolation: IsolationReport | null = null;
  readonly notes: string[] = [];
  /** What holds even when verified: limits of the runner itself, in plain words. */
  protected abstract readonly caveats: string[];

  get isolated(): boolean {
    return this.isolation?.verified === true;
  }

  get warnings(): string[] {
    const probe = !this.isolation
      ? ['Isolation not verified: no isolation probe has run for this sandbox.']
      : this.isolation.verified
        ? []
        : [isolationSummary(this.isolation)];
    return [...this.notes, ...probe, ...this.caveats];
  }
}

/** Arguments of resources/sandbox/kernel/plotwright_kernel.py (the supervisor). */
export function kernelArgs(options: {
  workspace: string;
  chartsDir: string;
  maxOutputBytes: number;
  memoryMb?: number;
  nproc?: number;
  fsizeMb?: number;
  /** The disk limit, measured over the workspace and `diskPaths`, not counting `diskExclude`. */
  diskMb?: number;
  diskPaths?: string[];
  diskExclude?: string[];
  preload?: string[];
}): string[] {
  const args = [
    '--workspace',
    options.workspace,
    '--charts-dir',
    options.chartsDir,
    '--max-output',
    String(options.maxOutputBytes),
  ];
  if (options.memoryMb) args.push('--memory-mb', String(options.memoryMb));
  if (options.nproc) args.push('--nproc', String(options.nproc));
  if (options.fsizeMb) args.push('--fsize-mb', String(options.fsizeMb));
  if (options.diskMb) args.push('--disk-mb', String(options.diskMb));
  for (const p of options.diskPaths ?? []) args.push('--disk-path', p);
  for (const p of options.diskExclude ?? []) args.push('--disk-exclude', p);
  if (options.preload?.length) args.push('--preload', options.preload.join(','));
  return args;
}

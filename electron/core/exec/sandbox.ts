import type { KernelProcess } from './kernel/client';
import type { ResolvedMode } from './types';
import type { Workspace } from './workspace';

/** Somewhere a kernel can run: the local restricted sandbox or a Docker container. */
export interface Sandbox {
  readonly mode: ResolvedMode;
  readonly workspace: Workspace;
  /** False when the code runs without OS isolation (the UI shows a persistent warning). */
  readonly isolated: boolean;
  /** One line: what runs the code, e.g. "local sandbox (bubblewrap 0.8.0), Python 3.11.2". */
  readonly description: string;
  /** What is not isolated; carried by every result of this sandbox. */
  readonly warnings: string[];
  startKernel(): Promise<KernelProcess>;
  /** Makes files a block created readable from this computer (a remote engine copies them back); returns notes. */
  collect?(files: { path: string; size: number }[]): Promise<string[]>;
  close(): Promise<void>;
}

/** Arguments of resources/sandbox/kernel/plotwright_kernel.py. */
export function kernelArgs(options: {
  workspace: string;
  chartsDir: string;
  maxOutputBytes: number;
  memoryMb?: number;
  nproc?: number;
  fsizeMb?: number;
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
  if (options.preload?.length) args.push('--preload', options.preload.join(','));
  return args;
}

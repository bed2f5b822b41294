import { DEFAULTS } from '../defaults';
import type { ChartSpec } from '../charts/spec';

/** Where code runs. `auto` resolves to `docker` or `local` when a session opens. */
export type ExecMode = 'auto' | 'docker' | 'local' | 'off';
export type ResolvedMode = 'docker' | 'local';
export type ExecLanguage = 'python' | 'sh';

export interface ExecLimits {
  /** Wall-clock limit per block. */
  timeoutMs: number;
  /** Memory limit for the kernel and everything it starts. */
  memoryMb: number;
  /** CPUs (Docker: a CFS quota; local: not enforced). */
  cpus: number;
  /** Maximum number of processes/threads. */
  pids: number;
  /** Output kept per block (head + tail); the middle is counted, not stored. */
  maxOutputBytes: number;
  /** What the code may write (workspace and its temporary space), enforced while it runs. */
  diskMb: number;
}

export const DEFAULT_LIMITS: ExecLimits = {
  timeoutMs: DEFAULTS.timeoutSeconds * 1000,
  memoryMb: DEFAULTS.memoryMb,
  cpus: DEFAULTS.cpus,
  pids: DEFAULTS.pids,
  maxOutputBytes: DEFAULTS.maxOutputBytes,
  diskMb: DEFAULTS.diskMb,
};

export interface Artifact {
  /** Path relative to the workspace, with forward slashes. */
  name: string;
  /** Absolute path on this machine. */
  path: string;
  size: number;
  kind: 'image' | 'data' | 'text' | 'other';
  mime: string;
}

/** What the isolation probe observed for the sandbox a result came from (exec/isolation/). */
export interface IsolationSummary {
  verified: boolean;
  runner: string;
  checks: { name: string; passed: boolean }[];
}

export interface ExecResult {
  exitCode: number;
  /** Combined stdout + stderr in the order written, capped head + tail. */
  output: string;
  timedOut: boolean;
  mode: ResolvedMode;
  language: ExecLanguage;
  /** What is not isolated, and anything else the user should know about this run. */
  warnings: string[];
  artifacts: Artifact[];
  charts: ChartSpec[];
  /**
   * Machine-readable figures the code handed over with `record_result(step, data)`, out of band
   * (never printed): plain JSON objects, each with its `step`, in the order recorded. Untrusted data
   * from the sandbox: validate before use. Absent in results saved before the result channel existed
   * (their figures were printed as `PLOTWRIGHT-RESULT` lines; see visible-output.ts).
   */
  results?: Record<string, unknown>[];
  durationMs: number;
  /** True when the kernel was killed (timeout, crash, cancel) and variables were lost. */
  stateLost: boolean;
  /** Bytes of output dropped from the middle. */
  omittedBytes: number;
  /** The sandbox's isolation as probed (absent in results saved before probes existed). */
  isolation?: IsolationSummary;
}

/** The result of one assistant message: every runnable block, stopping at the first failure. */
export interface BatchResult {
  exitCode: number;
  results: ExecResult[];
  /** The text that goes back to the model (AutoGen format). */
  message: string;
  /** Set when the message's only code was in a language we do not run. */
  unsupported: string | null;
}

export class ModeUnavailableError extends Error {
  constructor(
    readonly mode: ExecMode,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ModeUnavailableError';
  }
}

/** Progress of getting the sandbox image (pull or build), as the status bar shows it. */
export type ImageProgress =
  | {
      phase: 'pull';
      ref: string;
      layers: Record<string, { status: string; current?: number; total?: number }>;
      bytesDone: number;
      bytesTotal: number;
      message: string;
    }
  | { phase: 'build'; step: number; totalSteps: number; message: string }
  | { phase: 'done'; tag: string };

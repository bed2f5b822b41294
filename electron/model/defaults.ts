/**
 * The defaults every entry point starts from (the app's settings, a new conversation, the
 * executor's limits, the CLI's flags): each written once, here.
 */
export const DEFAULTS = {
  /** Wall-clock limit per block. */
  timeoutSeconds: 60,
  /** Memory for the kernel and everything it starts (raised for large files: memoryFor). */
  memoryMb: 2048,
  /** What the code may write (workspace and temporary files). */
  diskMb: 1024,
  /** Consecutive automatic replies before the analyst stops and asks. */
  maxTurns: 10,
  cpus: 2,
  pids: 256,
  /** Output kept per block (head + tail). */
  maxOutputBytes: 100_000,
} as const;

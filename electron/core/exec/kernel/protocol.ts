import { z } from 'zod';

/**
 * The kernel protocol: JSON, one message per line, over the supervisor's stdin/stdout
 * (resources/sandbox/kernel/plotwright_kernel.py). The user's code runs in a separate
 * worker process that never holds this channel, and the supervisor reports only what it
 * observed; still, everything arriving from the sandbox is parsed and capped, not assumed.
 */
export const readyMessage = z.object({
  type: z.literal('ready'),
  pid: z.number(),
  python: z.string(),
  executable: z.string(),
  pandas: z.string().nullable(),
  numpy: z.string().nullable(),
  matplotlib: z.string().nullable(),
  notes: z.array(z.string()),
});

export const streamMessage = z.object({ type: z.literal('stream'), id: z.string(), text: z.string() });

export const tailMessage = z.object({
  type: z.literal('tail'),
  id: z.string(),
  omitted: z.number(),
  tail: z.string(),
});

/** Caps on what a result may carry; the supervisor stays well below them. */
export const MAX_CHARTS = 20;
export const MAX_FILES = 1000;
export const MAX_RESULTS = 20;
/** Longest recorded result (its JSON), as the supervisor reads it from the inbox. */
export const MAX_RESULT_BYTES = 64 * 1024;

export const resultMessage = z.object({
  type: z.literal('result'),
  id: z.string(),
  /** The status the worker reported for the block (0–255): the code's own, as `sys.exit` sets it. */
  exitCode: z.number().int().min(0).max(255),
  head: z.string(),
  tail: z.string(),
  omitted: z.number().int().nonnegative(),
  charts: z.array(z.unknown()).max(MAX_CHARTS),
  /** What the block handed over with `record_result(step, data)`, read from the inbox (not its output). */
  results: z.array(z.record(z.string(), z.unknown())).max(MAX_RESULTS).default([]),
  files: z.array(z.object({ path: z.string().max(4096), size: z.number().nonnegative() })).max(MAX_FILES),
  /** Background processes the supervisor stopped at the end of the block. */
  killed: z.number().int().nonnegative(),
  /** The block reached the disk limit (writes past it failed). */
  diskFull: z.boolean(),
  elapsed: z.number(),
});

/** The worker died (crash, out-of-memory kill, `os._exit`); the supervisor exits after this. */
export const diedMessage = z.object({
  type: z.literal('died'),
  id: z.string().nullable(),
  code: z.number().int(),
  signal: z.number().int().nullable(),
  /** `disk`: stopped because it kept writing past the disk limit. */
  reason: z.enum(['disk']).nullable(),
});

/** The worker wrote something other than its block's completion on its status pipe. */
export const tamperedMessage = z.object({ type: z.literal('tampered'), id: z.string().nullable() });

export const kernelMessage = z.discriminatedUnion('type', [
  readyMessage,
  streamMessage,
  tailMessage,
  resultMessage,
  diedMessage,
  tamperedMessage,
]);

export type KernelInfo = z.infer<typeof readyMessage>;
export type KernelMessage = z.infer<typeof kernelMessage>;
export type KernelResult = z.infer<typeof resultMessage>;
export type DiedMessage = z.infer<typeof diedMessage>;

export interface ExecuteRequest {
  type: 'execute';
  id: string;
  language: 'python' | 'sh';
  code: string;
}

/** Longest protocol line accepted; a longer one means the kernel is broken or subverted. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

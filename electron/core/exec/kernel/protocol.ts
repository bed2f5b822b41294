import { z } from 'zod';

/**
 * The kernel protocol: JSON, one message per line, over the driver's stdin/stdout
 * (resources/sandbox/kernel/plotwright_kernel.py). Everything the kernel sends is
 * untrusted (the user's code runs in the same process), so it is parsed, not assumed.
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

export const resultMessage = z.object({
  type: z.literal('result'),
  id: z.string(),
  exitCode: z.number().int(),
  head: z.string(),
  tail: z.string(),
  omitted: z.number().nonnegative(),
  charts: z.array(z.unknown()),
  figures: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), size: z.number() })),
  notes: z.array(z.string()),
  elapsed: z.number(),
});

export const kernelMessage = z.discriminatedUnion('type', [
  readyMessage,
  streamMessage,
  tailMessage,
  resultMessage,
]);

export type KernelInfo = z.infer<typeof readyMessage>;
export type KernelMessage = z.infer<typeof kernelMessage>;
export type KernelResult = z.infer<typeof resultMessage>;

export interface ExecuteRequest {
  type: 'execute';
  id: string;
  language: 'python' | 'sh';
  code: string;
}

/** Longest protocol line accepted; a longer one means the kernel is broken or subverted. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

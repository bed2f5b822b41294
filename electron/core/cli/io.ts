// The streams a CLI sub-command talks to, injectable so tests can run commands in memory.
import { readFile } from 'node:fs/promises';

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Reads a whole stream as UTF-8 text (chunks may be Buffers or strings). */
export async function readAllText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

function reason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REASONS[code]) return REASONS[code];
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? 'unknown error';
}

/**
 * The text of a file, or of stdin when `fileOrDash` is `-` or undefined. A leading BOM is dropped.
 * Throws an Error with a one-line message (`cannot read FILE: no such file`) when the file can't be read.
 */
export async function readInput(fileOrDash: string | undefined, io: Pick<CliIO, 'stdin'>): Promise<string> {
  let text: string;
  if (fileOrDash === undefined || fileOrDash === '-') {
    text = await readAllText(io.stdin);
  } else {
    try {
      text = await readFile(fileOrDash, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${fileOrDash}: ${reason(err)}`, { cause: err });
    }
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

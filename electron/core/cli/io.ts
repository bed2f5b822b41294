// The streams a CLI sub-command talks to, injectable so tests can run commands in memory.
import { readFile } from 'node:fs/promises';
import { isolationHint } from '../exec/local/runner';
import type { Sandbox } from '../exec/sandbox-base';
import { DEFAULT_LIMITS } from '../../model/exec/types';
import { oneLine } from '../../model/text/one-line';

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
  return oneLine(err, { fallback: 'unknown error' });
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

/** `--disk-mb`: undefined → the default; a whole number ≥ 16; else the one-line problem. */
export function parseDiskMb(value: string | undefined): number | string {
  if (value === undefined) return DEFAULT_LIMITS.diskMb;
  const n = Number(value);
  return Number.isInteger(n) && n >= 16 ? n : '--disk-mb must be a whole number of at least 16';
}

/**
 * Why code must not run in `sandbox` without the user's consent (null when its isolation was
 * verified, or consent was given with --allow-unsandboxed): one line, with how to get isolation.
 */
export function unsandboxedRefusal(
  sandbox: Pick<Sandbox, 'isolation' | 'runner'>,
  allowed: boolean,
): string | null {
  if (allowed || sandbox.isolation?.verified) return null;
  const why = sandbox.isolation?.failed.length
    ? `${sandbox.runner}: ${sandbox.isolation.failed.join(', ')} failed the isolation probe`
    : `${sandbox.runner}: not probed`;
  return `refusing to run code without a verified sandbox (${why}); get isolation with ${isolationHint()}, or pass --allow-unsandboxed to run it anyway`;
}

import type { Readable, Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import {
  kernelMessage,
  MAX_CHARTS,
  MAX_FILES,
  MAX_LINE_BYTES,
  MAX_RESULT_BYTES,
  MAX_RESULTS,
} from './protocol';
import type { DiedMessage, ExecuteRequest, KernelInfo, KernelMessage, KernelResult } from './protocol';

/** A running kernel driver, wherever it runs (local sandbox or Docker). */
export interface KernelProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves once the kernel is gone. */
  exited: Promise<KernelExit>;
  /** Kills the kernel and every process it started; resolves when they are gone. Idempotent. */
  kill(): Promise<void>;
}

export interface KernelExit {
  code: number | null;
  signal: string | null;
  /** Extra explanation from the sandbox (e.g. "killed by the out-of-memory killer"). */
  detail?: string;
}

export interface PartialOutput {
  head: string;
  tail: string;
  omitted: number;
}

export type Outcome =
  | { kind: 'result'; result: KernelResult }
  | {
      kind: 'timeout' | 'crashed' | 'cancelled' | 'protocol';
      partial: PartialOutput;
      detail: string;
      exit?: KernelExit;
    };

export interface ExecuteOptions {
  timeoutMs: number;
  /** Cap on streamed head text kept host-side (defence against a subverted kernel). */
  maxOutputBytes: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}

export class KernelStartError extends Error {}

export const TAMPERED =
  'the code wrote a forged message on the kernel’s control channel; nothing it claimed was used';

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** The worker's death as the supervisor saw it, over the supervisor's own exit. */
function mergeExit(exit: KernelExit, died: DiedMessage | null): KernelExit {
  if (!died) return exit;
  const signal = died.signal !== null ? (SIGNAL_NAMES.get(died.signal) ?? `signal ${died.signal}`) : null;
  const detail =
    exit.detail ?? (died.reason === 'disk' ? 'stopped: it kept writing past the disk limit' : undefined);
  return { code: died.signal !== null ? null : died.code, signal, detail };
}

/** What the host keeps of a result: every size capped, whatever the sandbox sent. */
function capResult(r: KernelResult, maxOutputBytes: number): KernelResult {
  const cap = (text: string) => (text.length > maxOutputBytes ? text.slice(0, maxOutputBytes) : text);
  return {
    ...r,
    head: cap(r.head),
    tail: r.tail.length > maxOutputBytes ? r.tail.slice(-maxOutputBytes) : r.tail,
    charts: r.charts.slice(0, MAX_CHARTS),
    results: r.results.slice(0, MAX_RESULTS).filter((x) => JSON.stringify(x).length <= MAX_RESULT_BYTES),
    files: r.files.slice(0, MAX_FILES),
  };
}

/** Splits a byte stream into lines, refusing lines longer than `max` bytes. */
function lineReader(stream: Readable, max: number, onLine: (line: string) => void, onTooLong: () => void) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, i));
      onLine(Buffer.concat(pending).toString('utf8'));
      pending = [];
      pendingBytes = 0;
      start = i + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > max) {
        pending = [];
        pendingBytes = 0;
        onTooLong();
      }
    }
  });
}

export class KernelClient {
  info!: KernelInfo;
  dead = false;
  private listener: ((msg: KernelMessage) => void) | null = null;
  private failure: ((why: string) => void) | null = null;
  private onExit: ((exit: KernelExit) => void) | null = null;
  private stderrTail = '';
  private died: DiedMessage | null = null;
  /** Why the kernel stopped while no block was running (told with the next block). */
  idleFailure: string | null = null;

  private constructor(private readonly proc: KernelProcess) {
    proc.stdin.on('error', () => undefined); // EPIPE when the kernel dies; the exit path reports it
    lineReader(
      proc.stdout,
      MAX_LINE_BYTES,
      (line) => this.onLine(line),
      () => this.failure?.('the kernel sent an oversized protocol message'),
    );
    proc.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    void proc.exited.then((exit) => {
      this.dead = true;
      const merged = mergeExit(exit, this.died);
      if (!this.onExit && !this.idleFailure && this.died)
        this.idleFailure = `the kernel stopped between blocks (${describeExit(merged)})`;
      this.onExit?.(merged);
    });
  }

  /** Waits for the kernel's `ready` message. */
  static async start(proc: KernelProcess, readyTimeoutMs = 60_000): Promise<KernelClient> {
    const client = new KernelClient(proc);
    const ready = new Promise<KernelInfo>((resolve, reject) => {
      client.listener = (msg) => (msg.type === 'ready' ? resolve(msg) : undefined);
      client.failure = (why) => reject(new KernelStartError(why));
      client.onExit = (exit) =>
        reject(
          new KernelStartError(
            `the kernel exited while starting (${describeExit(exit)})${client.diagnostics()}`,
          ),
        );
    });
    const timer = setTimeout(
      () => client.failure?.(`the kernel did not start within ${readyTimeoutMs / 1000} s`),
      readyTimeoutMs,
    );
    try {
      client.info = await ready;
      return client;
    } catch (err) {
      await proc.kill();
      throw err;
    } finally {
      clearTimeout(timer);
      client.listener = null;
      client.failure = null;
      client.onExit = null;
    }
  }

  /** Last lines the driver wrote to its own stderr (its errors, not the user's output). */
  diagnostics(): string {
    const text = this.stderrTail.trim();
    return text ? `: ${text.split('\n').slice(-3).join(' | ')}` : '';
  }

  private onLine(line: string) {
    if (!line.trim()) return;
    let parsed: KernelMessage;
    try {
      parsed = kernelMessage.parse(JSON.parse(line));
    } catch {
      this.failure?.('the kernel sent a malformed protocol message');
      return;
    }
    if (parsed.type === 'died') {
      this.died = parsed; // the exit follows; it is reported with what the supervisor saw
      return;
    }
    if (parsed.type === 'tampered') {
      if (this.listener) this.failure?.(TAMPERED);
      else this.idleFailure = TAMPERED;
      return;
    }
    this.listener?.(parsed);
  }

  async execute(request: Omit<ExecuteRequest, 'type' | 'id'>, options: ExecuteOptions): Promise<Outcome> {
    if (this.dead) throw new Error('the kernel is not running');
    if (this.listener) throw new Error('the kernel is busy with another block');
    const id = randomUUID();
    const partial: PartialOutput = { head: '', tail: '', omitted: 0 };
    const outcome = await new Promise<Outcome>((resolve) => {
      let settled = false;
      const stop = async (kind: Exclude<Outcome['kind'], 'result'>, detail: string, exit?: KernelExit) => {
        if (settled) return;
        settled = true;
        cleanup();
        await this.proc.kill();
        this.dead = true;
        resolve({ kind, partial, detail, exit });
      };
      const timer = setTimeout(
        () => void stop('timeout', `exceeded ${options.timeoutMs / 1000} s`),
        options.timeoutMs,
      );
      const onAbort = () => void stop('cancelled', 'stopped by the user');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.listener = null;
        this.failure = null;
        this.onExit = null;
      };
      this.failure = (why) => void stop('protocol', why);
      this.listener = (msg) => {
        if (msg.type === 'ready' || msg.id !== id) return;
        if (msg.type === 'stream') {
          const room = options.maxOutputBytes - Buffer.byteLength(partial.head);
          if (room <= 0) return;
          const text = msg.text.length > room ? msg.text.slice(0, room) : msg.text;
          partial.head += text;
          options.onOutput?.(text);
        } else if (msg.type === 'tail') {
          partial.tail = msg.tail.slice(-options.maxOutputBytes);
          partial.omitted = msg.omitted;
        } else if (msg.type === 'result') {
          settled = true;
          cleanup();
          resolve({ kind: 'result', result: capResult(msg, options.maxOutputBytes) });
        }
      };
      this.onExit = (exit) => void stop('crashed', `${describeExit(exit)}${this.diagnostics()}`, exit);
      if (options.signal?.aborted) {
        void stop('cancelled', 'stopped by the user');
        return;
      }
      this.proc.stdin.write(JSON.stringify({ type: 'execute', id, ...request }) + '\n');
    });
    return outcome;
  }

  /** Asks the kernel to exit, then makes sure it is gone. */
  async close(): Promise<void> {
    if (!this.dead) {
      this.proc.stdin.write(JSON.stringify({ type: 'shutdown' }) + '\n');
      this.proc.stdin.end();
      const gone = await Promise.race([
        this.proc.exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
      ]);
      if (!gone) await this.proc.kill();
    }
    this.dead = true;
  }
}

export function describeExit(exit: KernelExit): string {
  if (exit.detail) return exit.detail;
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code ?? 'unknown'}`;
}

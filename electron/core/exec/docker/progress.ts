// Parsing of Docker's newline-delimited JSON progress streams (image pull, legacy build).

import type { ImageProgress } from '../../../model/exec/types';
import { formatBytes } from '../../../model/text/bytes';
import { oneLine } from '../../../model/text/one-line';

/** One message of a Docker progress stream; unknown fields are ignored. */
export interface StreamEvent {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string };
}

/** Calls onEvent for every JSON line of a Docker stream; resolves at end of stream. Non-JSON lines are
 * passed as { stream: line } so nothing is lost. */
export function readJsonLines(
  stream: NodeJS.ReadableStream,
  onEvent: (e: StreamEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const handle = (line: string) => {
      const text = line.trim();
      if (!text) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { stream: text };
      }
      if (parsed && typeof parsed === 'object') onEvent(parsed as StreamEvent);
    };
    stream.on('data', (chunk: Buffer | string) => {
      buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) handle(line);
    });
    stream.on('end', () => {
      handle(buf);
      resolve();
    });
    stream.on('error', reject);
    stream.on('close', () => resolve()); // destroyed streams may close without 'end'
  });
}

/** Docker's text (an error, a build step) with every line joined: one line, never cut. */
export const dockerLine = (text: string) => oneLine(text, { lines: 'join', max: Infinity, fallback: '' });

/** A dockerode/HTTP error as one line, without dockerode's "(HTTP code 500) server error - " prefix. */
export function dockerErrorMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  const raw = e?.json?.message ?? e?.message ?? String(err);
  return dockerLine(raw.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, ''));
}

const DOWNLOADED = new Set(['Verifying Checksum', 'Download complete', 'Extracting', 'Pull complete']);

/** Aggregates pull events into per-layer download bytes. Layer numbers are download (compressed) bytes;
 * extraction progress only changes the status text, so bytesDone never goes backwards. */
export class PullTracker {
  readonly layers: Record<string, { status: string; current?: number; total?: number }> = {};

  constructor(readonly ref: string) {}

  update(e: StreamEvent): ImageProgress | undefined {
    const status = e.status;
    if (!status) return undefined;
    const id = e.id;
    if (!id || status.startsWith('Pulling from') || status.startsWith('Pulling repository')) {
      return this.snapshot(status);
    }
    const layer = (this.layers[id] ??= { status });
    layer.status = status;
    const detail = e.progressDetail;
    if (status === 'Downloading' && detail) {
      if (typeof detail.total === 'number' && detail.total > 0) layer.total = detail.total;
      if (typeof detail.current === 'number') {
        layer.current = Math.max(layer.current ?? 0, Math.min(detail.current, layer.total ?? detail.current));
      }
    } else if (DOWNLOADED.has(status) && layer.total !== undefined) {
      layer.current = layer.total;
    }
    return this.snapshot(`${status} ${id}`);
  }

  snapshot(last: string): ImageProgress {
    let bytesDone = 0;
    let bytesTotal = 0;
    const ids = Object.keys(this.layers);
    for (const id of ids) {
      const l = this.layers[id]!;
      bytesDone += l.current ?? 0;
      bytesTotal += l.total ?? 0;
    }
    const done = ids.filter((id) => /^(Pull complete|Already exists)$/.test(this.layers[id]!.status)).length;
    const message =
      bytesTotal > 0
        ? `${formatBytes(bytesDone)} / ${formatBytes(bytesTotal)}, ${done}/${ids.length} layers (${last})`
        : last;
    return {
      phase: 'pull',
      ref: this.ref,
      layers: structuredClone(this.layers),
      bytesDone,
      bytesTotal,
      message,
    };
  }
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const BUILDER_NOISE =
  /^(--->|Removing intermediate container|Successfully (built|tagged)|Sending build context)/;

/** Tracks `Step N/M` lines of the legacy builder and the last output lines for error messages. */
export class BuildTracker {
  step = 0;
  totalSteps = 0;
  stepText = '';
  lastOutput = '';

  update(e: StreamEvent): ImageProgress | undefined {
    if (typeof e.stream !== 'string') return undefined;
    const text = e.stream.replace(ANSI, '').trim();
    if (!text) return undefined;
    const m = /^Step (\d+)\/(\d+) : (.*)$/s.exec(text);
    if (m) {
      this.step = Number(m[1]);
      this.totalSteps = Number(m[2]);
      this.stepText = dockerLine(m[3] ?? '');
      return { phase: 'build', step: this.step, totalSteps: this.totalSteps, message: dockerLine(text) };
    }
    const last = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !BUILDER_NOISE.test(l))
      .pop();
    if (last) this.lastOutput = dockerLine(last);
    return { phase: 'build', step: this.step, totalSteps: this.totalSteps, message: dockerLine(text) };
  }
}

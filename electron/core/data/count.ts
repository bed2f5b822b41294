/**
 * Counting records by streaming the whole file once: a quote-aware state machine over raw bytes
 * (or 2-byte units for UTF-16) that follows pandas' C tokenizer closely enough to agree with
 * `len(pd.read_csv(...))`: a newline inside a quoted field does not end a record, a quote only
 * opens a quoted field at the start of a field, `""` is an escaped quote, LF / CRLF / CR all end
 * a record, and blank or whitespace-only lines are skipped. The same pass can hash the bytes
 * (sha256) and check that they are valid UTF-8, so the file is read exactly once.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface CountOptions {
  delimiter?: string;
  quotechar?: '"' | "'";
  /** UTF-16 files are counted in 2-byte units of this byte order. */
  utf16?: 'le' | 'be' | null;
  /** Bytes at the start of the file to ignore (a byte order mark). */
  skipBytes?: number;
  /** A lone CR can end a record (old Mac files): disables the LF fast path. */
  loneCR?: boolean;
  /** Subtract the header row (countRows only). */
  header?: boolean;
  /** Hash the bytes in the same pass. */
  hash?: boolean;
  /** Check, in the same pass, that the bytes are valid UTF-8. */
  checkUtf8?: boolean;
  chunkSize?: number;
  signal?: AbortSignal;
  /** Bytes read so far, after each chunk. */
  onProgress?: (bytesRead: number) => void;
}

export interface CountResult {
  /** Non-blank records, header included. */
  records: number;
  bytes: number;
  sha256: string | null;
  /** The file ends inside a quoted field (pandas would fail: "EOF inside string"). */
  openQuote: boolean;
  /** Where the bytes stop being UTF-8 (checkUtf8), and whether that chunk decodes as cp1252. */
  invalidUtf8: { offset: number; cp1252: boolean } | null;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

// Tokenizer states.
const START_RECORD = 0;
const LEADING_WS = 1;
const START_FIELD = 2;
const UNQUOTED = 3;
const QUOTED = 4;
const QUOTE_IN_QUOTED = 5;

interface Machine {
  state: number;
  records: number;
  readonly delim: number;
  readonly quote: number;
  readonly tabIsSpace: boolean;
  readonly fast: boolean;
}

/** One unit (byte or UTF-16 code unit) through the tokenizer; the slow, general path. */
function step(m: Machine, c: number): void {
  switch (m.state) {
    case START_RECORD:
    case LEADING_WS:
      if (c === LF || c === CR) m.state = START_RECORD;
      else if (c === SPACE || (c === TAB && m.tabIsSpace)) m.state = LEADING_WS;
      else {
        m.records++;
        // After leading spaces a quote is literal, as in pandas.
        m.state = c === m.delim ? START_FIELD : c === m.quote && m.state === START_RECORD ? QUOTED : UNQUOTED;
      }
      break;
    case START_FIELD:
      if (c === LF || c === CR) m.state = START_RECORD;
      else if (c === m.quote) m.state = QUOTED;
      else if (c !== m.delim) m.state = UNQUOTED;
      break;
    case UNQUOTED:
      if (c === LF || c === CR) m.state = START_RECORD;
      else if (c === m.delim) m.state = START_FIELD;
      break;
    case QUOTED:
      if (c === m.quote) m.state = QUOTE_IN_QUOTED;
      break;
    case QUOTE_IN_QUOTED:
      if (c === m.quote) m.state = QUOTED;
      else if (c === m.delim) m.state = START_FIELD;
      else if (c === LF || c === CR) m.state = START_RECORD;
      else m.state = UNQUOTED;
      break;
  }
}

const ONES = 0x01010101;
const HIGHS = 0x80808080;

/**
 * Bytes through the tokenizer (the hot loop: state kept in locals, no calls per byte). Inside a
 * quoted field it jumps to the next quote with `indexOf` (memchr); outside, it skips 4 bytes at
 * a time while a word holds neither LF nor the quote character (SWAR zero-byte test): nothing
 * else there can change what is counted.
 */
function scanBytes(m: Machine, buf: Buffer, from: number): void {
  const n = buf.length;
  const q = m.quote;
  const d = m.delim;
  const base = (4 - (buf.byteOffset & 3)) & 3; // first 4-aligned index
  const words =
    m.fast && n - base >= 4 ? new Int32Array(buf.buffer, buf.byteOffset + base, (n - base) >> 2) : null;
  const lf4 = LF * ONES;
  const q4 = q * ONES;
  let state = m.state;
  let records = m.records;
  let nextQ = -1;
  let i = from;
  while (i < n) {
    if (state === QUOTED) {
      if (nextQ < i) nextQ = indexOr(buf, q, i, n);
      if (nextQ === n) break;
      i = nextQ + 1;
      state = QUOTE_IN_QUOTED;
      continue;
    }
    if (state === UNQUOTED || state === START_FIELD) {
      if (words !== null && i >= base && ((i - base) & 3) === 0) {
        let w = (i - base) >> 2;
        const end = words.length;
        while (w < end) {
          const x = words[w]! ^ lf4;
          const y = words[w]! ^ q4;
          if ((((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS) break;
          w++;
        }
        const j = base + (w << 2);
        if (j > i) {
          // The skipped bytes hold no LF and no quote: only whether the last was a delimiter matters.
          state = buf[j - 1] === d ? START_FIELD : UNQUOTED;
          i = j;
          continue;
        }
      }
      const c = buf[i++]!;
      if (c === LF || c === CR) state = START_RECORD;
      else if (c === d) state = START_FIELD;
      else if (c === q && state === START_FIELD) state = QUOTED;
      else state = UNQUOTED;
      continue;
    }
    const c = buf[i++]!;
    if (state === QUOTE_IN_QUOTED) {
      if (c === q) state = QUOTED;
      else if (c === d) state = START_FIELD;
      else if (c === LF || c === CR) state = START_RECORD;
      else state = UNQUOTED;
    } else if (c === LF || c === CR) {
      state = START_RECORD;
    } else if (c === SPACE || (c === TAB && m.tabIsSpace)) {
      state = LEADING_WS;
    } else {
      records++;
      // After leading spaces a quote is literal, as in pandas.
      state = c === d ? START_FIELD : c === q && state === START_RECORD ? QUOTED : UNQUOTED;
    }
  }
  m.state = state;
  m.records = records;
}

function indexOr(buf: Buffer, byte: number, from: number, n: number): number {
  const j = buf.indexOf(byte, from);
  return j < 0 ? n : j;
}

/** Number of bytes at the end of `buf` that begin an incomplete UTF-8 sequence. */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Bytes 0x80–0x9F that Windows-1252 leaves undefined (Python's cp1252 fails on them). */
export const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function decodesAsCp1252(buf: Uint8Array): boolean {
  for (const b of buf) if (CP1252_UNDEFINED.has(b)) return false;
  return buf.some((b) => b >= 0x80 && b <= 0x9f);
}

/** Streams `path` once and counts its records (header included). */
export async function countRecords(path: string, opts: CountOptions = {}): Promise<CountResult> {
  const m: Machine = {
    state: START_RECORD,
    records: 0,
    delim: (opts.delimiter ?? ',').charCodeAt(0),
    quote: (opts.quotechar ?? '"').charCodeAt(0),
    tabIsSpace: (opts.delimiter ?? ',') !== '\t',
    fast: !opts.loneCR,
  };
  const hash = opts.hash ? createHash('sha256') : null;
  const utf16 = opts.utf16 ?? null;
  let skip = opts.skipBytes ?? 0;
  let bytes = 0;
  let odd: number | null = null; // UTF-16: a byte left over from the previous chunk
  const utf8 = opts.checkUtf8 ? new Utf8Checker() : null;
  let invalidUtf8: CountResult['invalidUtf8'] = null;

  opts.signal?.throwIfAborted();
  const stream = createReadStream(path, { highWaterMark: opts.chunkSize ?? 1 << 20, signal: opts.signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (opts.signal?.aborted) {
      stream.destroy();
      opts.signal.throwIfAborted();
    }
    hash?.update(chunk);
    if (utf8 && !invalidUtf8 && !utf8.push(chunk)) {
      invalidUtf8 = { offset: bytes, cp1252: decodesAsCp1252(chunk) };
    }
    let from = 0;
    if (skip > 0) {
      from = Math.min(skip, chunk.length);
      skip -= from;
    }
    if (utf16) odd = scanUtf16(m, chunk, from, odd, utf16 === 'le');
    else scanBytes(m, chunk, from);
    bytes += chunk.length;
    opts.onProgress?.(bytes);
  }
  if (utf8 && !invalidUtf8 && utf8.pending > 0) invalidUtf8 = { offset: bytes - utf8.pending, cp1252: false };
  return {
    records: m.records,
    bytes,
    sha256: hash ? hash.digest('hex') : null,
    openQuote: m.state === QUOTED,
    invalidUtf8,
  };
}

/** UTF-8 validation across chunk boundaries (a character may be split between two chunks). */
class Utf8Checker {
  private carry: Buffer | null = null;

  /** False when `chunk` (with what was carried over) is not valid UTF-8. */
  push(chunk: Buffer): boolean {
    let from = 0;
    if (this.carry) {
      const carry = this.carry;
      const lead = carry[0]!;
      const need = (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2) - carry.length;
      const joined = Buffer.concat([carry, chunk.subarray(0, need)]);
      this.carry = null;
      if (chunk.length < need) {
        this.carry = joined;
        return true;
      }
      if (!isUtf8(joined)) return false;
      from = need;
    }
    const body = chunk.subarray(from);
    const tail = incompleteUtf8Tail(body);
    if (tail > 0) this.carry = Buffer.from(body.subarray(body.length - tail));
    return isUtf8(body.subarray(0, body.length - tail));
  }

  /** An incomplete character at the very end of the file is invalid too. */
  get pending(): number {
    return this.carry?.length ?? 0;
  }
}

/** UTF-16 code units through the tokenizer; returns the odd byte left at the end, if any. */
function scanUtf16(m: Machine, buf: Buffer, from: number, odd: number | null, le: boolean): number | null {
  let i = from;
  if (odd !== null && i < buf.length) {
    const b = buf[i++]!;
    step(m, le ? odd | (b << 8) : (odd << 8) | b);
    odd = null;
  }
  const n = buf.length - 1;
  for (; i < n; i += 2) {
    step(m, le ? buf[i]! | (buf[i + 1]! << 8) : (buf[i]! << 8) | buf[i + 1]!);
  }
  return i < buf.length ? buf[i]! : odd;
}

/** Data rows: records minus the header row when there is one. */
export async function countRows(path: string, opts: CountOptions = {}): Promise<number> {
  const { records } = await countRecords(path, opts);
  return Math.max(0, records - (opts.header === false ? 0 : 1));
}

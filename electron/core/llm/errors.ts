// Turns whatever a model request threw (SDK API errors, undici network errors, our own stream and
// timeout markers) into a ModelError: a kind, and ONE clear line for the user — no stack trace,
// no server HTML, never the API key.
import { STATUS_CODES } from 'node:http';
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ModelError } from '../../model/llm/types';
import type { ModelErrorKind } from '../../model/llm/types';
import { isRetryableStatus, parseRetryAfter } from './retry';
import { oneLine } from '../../model/text/one-line';

export interface ErrorContext {
  /** The endpoint as shown to the user (credentials already stripped). */
  endpoint: string;
  /** The model asked for (absent for `GET /models`). */
  model?: string;
  /** Redacted from every message, whatever the server echoed back. */
  apiKey?: string;
  /** Attempts made so far, this one included. */
  attempts: number;
  /** Per-attempt timeout, for the timeout message. */
  timeoutMs?: number;
}

/** Thrown by an attempt whose reply stream ended early (`cut`) or went silent (`stall`). */
export class StreamInterrupted extends Error {
  constructor(
    readonly reason: 'cut' | 'stall',
    readonly silentMs = 0,
  ) {
    super(reason === 'cut' ? 'stream cut' : 'stream stalled');
  }
}

/** Thrown by an attempt that got no response within the per-attempt timeout. */
export class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super('attempt timed out');
  }
}

export interface Failure {
  error: ModelError;
  /** Worth another attempt (if any are left). */
  retryable: boolean;
  /** What the server asked us to wait (Retry-After), or null. */
  retryAfterMs: number | null;
}

/** One line, at most `max` characters, with the key (and any bearer token) blanked out before it is cut. */
export function redactedLine(text: string, apiKey?: string, max = 300): string {
  let raw = text;
  if (apiKey) raw = raw.split(apiKey).join('***');
  raw = raw.replace(/\b(Bearer\s+)\S+/gi, '$1***').replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***');
  return oneLine(raw, { lines: 'join', max, fallback: '' });
}

const after = (n: number) => `after ${n} attempt${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Every `code` on the error's cause chain (undici nests them: TypeError → cause → AggregateError → errors). */
function errorCodes(err: unknown, seen = new Set<unknown>()): string[] {
  if (typeof err !== 'object' || err === null || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof e.code === 'string' ? [e.code] : [];
  codes.push(...errorCodes(e.cause, seen));
  if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...errorCodes(inner, seen));
  return codes;
}

/** The messages along the cause chain, outermost first. */
function causeMessages(err: unknown, depth = 0): string[] {
  if (typeof err !== 'object' || err === null || depth > 4) return [];
  const e = err as { message?: unknown; cause?: unknown };
  const own = typeof e.message === 'string' && e.message.trim() ? [e.message] : [];
  return [...own, ...causeMessages(e.cause, depth + 1)];
}

/** The server's own explanation from an error body, if it gave one. */
function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | string | undefined;
  if (typeof body === 'string') return body;
  if (body && typeof body.message === 'string') return body.message;
  return err.message.replace(/^\d{3}\s*/, '').replace(/^status code \(no body\)$/, '');
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

function fromStatus(err: APIError & { status: number }, ctx: ErrorContext): Failure {
  const { status } = err;
  const { endpoint } = ctx;
  const said = serverMessage(err);
  const detail = said ? `: ${said}` : '';
  const make = (kind: ModelErrorKind, line: string, retryable = false): Failure => ({
    error: new ModelError(kind, redactedLine(line, ctx.apiKey), status),
    retryable,
    retryAfterMs: retryable ? parseRetryAfter(err.headers) : null,
  });
  if (status === 401) {
    return ctx.apiKey
      ? make('auth', `the API key was rejected by ${endpoint} (401): check it in Settings`)
      : make('auth', `${endpoint} requires an API key (401): add one in Settings`);
  }
  if (status === 403) return make('auth', `access denied by ${endpoint} (403)${detail}`);
  if (status === 404) {
    const aboutModel = err.code === 'model_not_found' || /\bmodel\b/i.test(said);
    return ctx.model !== undefined && aboutModel
      ? make('not-found', `model "${ctx.model}" was not found at ${endpoint} (404)`)
      : make('not-found', `no OpenAI-compatible API at ${endpoint} (404)`);
  }
  if (status === 429) {
    if (err.code === 'insufficient_quota' || /quota/i.test(said)) {
      return make(
        'rate-limit',
        `the API quota is exhausted at ${endpoint} (429): check your plan and billing`,
      );
    }
    return make(
      'rate-limit',
      `rate limited by ${endpoint} (429) ${after(ctx.attempts)}: try again later`,
      true,
    );
  }
  if (status === 408) {
    return make('timeout', `${endpoint} timed out the request (408) ${after(ctx.attempts)}`, true);
  }
  if (isRetryableStatus(status)) {
    return make('server', `the model server failed (${statusLine(status)}) ${after(ctx.attempts)}`, true);
  }
  return make('server', `the model server rejected the request (${statusLine(status)})${detail}`);
}

const RESET = ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT'];

function fromNetwork(err: unknown, ctx: ErrorContext): Failure {
  const { endpoint } = ctx;
  const codes = errorCodes(err);
  const has = (...names: string[]) => codes.some((c) => names.includes(c));
  const fail = (kind: ModelErrorKind, line: string, retryable = false): Failure => ({
    error: new ModelError(kind, redactedLine(line, ctx.apiKey)),
    retryable,
    retryAfterMs: null,
  });
  if (has('ECONNREFUSED')) {
    return fail('connection', `cannot connect to ${endpoint}: connection refused — is the server running?`);
  }
  if (has('ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL')) {
    let host = endpoint;
    try {
      host = new URL(endpoint).hostname;
    } catch {
      // keep the endpoint as written
    }
    return fail('connection', `cannot connect to ${endpoint}: host "${host}" not found (DNS lookup failed)`);
  }
  if (has('EAI_AGAIN')) {
    return fail(
      'connection',
      `cannot connect to ${endpoint}: DNS lookup failed ${after(ctx.attempts)}`,
      true,
    );
  }
  const tls = codes.find((c) => /CERT|SSL|TLS|SELF_SIGNED/.test(c));
  if (tls) return fail('connection', `cannot connect to ${endpoint}: TLS certificate problem (${tls})`);
  if (has('EHOSTUNREACH', 'ENETUNREACH')) {
    return fail('connection', `cannot connect to ${endpoint}: host unreachable`);
  }
  if (has('UND_ERR_CONNECT_TIMEOUT')) {
    return fail('timeout', `cannot connect to ${endpoint}: connect timed out ${after(ctx.attempts)}`, true);
  }
  const messages = causeMessages(err);
  if (has(...RESET) || /terminated|other side closed|socket hang up/i.test(messages.join(' '))) {
    return fail('connection', `lost the connection to ${endpoint} ${after(ctx.attempts)}`, true);
  }
  // The innermost message is the real reason ("fetch failed" and "Connection error." wrap it).
  const why = codes[0] ?? messages[messages.length - 1] ?? 'network error';
  return fail('connection', `cannot connect to ${endpoint}: ${why}`);
}

/** Classify what one attempt threw. `signal` is the caller's: once it aborted, everything is 'cancelled'. */
export function classifyFailure(err: unknown, ctx: ErrorContext, signal?: AbortSignal): Failure {
  const { endpoint } = ctx;
  if (signal?.aborted || err instanceof APIUserAbortError) {
    return {
      error: new ModelError('cancelled', 'the request was cancelled'),
      retryable: false,
      retryAfterMs: null,
    };
  }
  if (err instanceof ModelError) {
    return {
      error: new ModelError(err.kind, redactedLine(err.message, ctx.apiKey), err.status),
      retryable: false,
      retryAfterMs: null,
    };
  }
  const timedOut = err instanceof AttemptTimeout || err instanceof APIConnectionTimeoutError;
  if (timedOut) {
    const ms = err instanceof AttemptTimeout ? err.ms : ctx.timeoutMs;
    const within = ms === undefined ? '' : ` within ${seconds(ms)}`;
    const line = `no reply from ${endpoint}${within} ${after(ctx.attempts)}`;
    return {
      error: new ModelError('timeout', redactedLine(line, ctx.apiKey)),
      retryable: true,
      retryAfterMs: null,
    };
  }
  if (err instanceof StreamInterrupted) {
    const how = err.reason === 'stall' ? `stalled (no data for ${seconds(err.silentMs)})` : 'was cut off';
    const line = `the reply stream from ${endpoint} ${how} ${after(ctx.attempts)}`;
    return {
      error: new ModelError('stream-cut', redactedLine(line, ctx.apiKey)),
      retryable: true,
      retryAfterMs: null,
    };
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    return fromStatus(err as APIError & { status: number }, ctx);
  }
  if (
    err instanceof APIError &&
    err.status === undefined &&
    !(err.cause || /connection/i.test(err.message))
  ) {
    // An `error` object inside an otherwise successful (streamed) reply.
    const line = `the model server reported an error: ${serverMessage(err)}`;
    return {
      error: new ModelError('server', redactedLine(line, ctx.apiKey)),
      retryable: false,
      retryAfterMs: null,
    };
  }
  if (err instanceof SyntaxError) {
    return {
      error: new ModelError('bad-response', 'the model server sent an invalid response (not JSON)'),
      retryable: false,
      retryAfterMs: null,
    };
  }
  return fromNetwork(err, ctx);
}

/** The server's explanation of a rejected request (4xx/5xx), or null for anything else. */
function rejection(err: unknown): { status: number; said: string } | null {
  if (!(err instanceof APIError) || typeof err.status !== 'number') return null;
  return { status: err.status, said: serverMessage(err) };
}

/** A request refused because of `stream_options` (a server that does not know it). */
export function rejectsStreamOptions(err: unknown): boolean {
  const r = rejection(err);
  return r !== null && (r.status === 400 || r.status === 422) && /stream_options|include_usage/i.test(r.said);
}

/**
 * A request that offered tools refused because the server or model cannot call tools: a 400/422
 * whose explanation is about tools or function calling ("does not support tools", "tool choice
 * requires --enable-auto-tool-choice"), or a server error that says so in as many words.
 */
export function rejectsTools(err: unknown): boolean {
  const r = rejection(err);
  if (!r) return false;
  const aboutTools = /\btools?\b|tool[_ ]?(?:call|choice)|function[_ ]?call/i.test(r.said);
  if (r.status === 400 || r.status === 422) return aboutTools;
  return r.status >= 500 && aboutTools && /not support|unsupported|requires|not enabled/i.test(r.said);
}

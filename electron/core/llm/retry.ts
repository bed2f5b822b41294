// Backoff policy for model requests. The SDK's own retries are switched off (maxRetries: 0) so that
// what is retried, how long we wait and what the user is told are decided here, testably.

export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries + 1` attempts in all). */
  maxRetries: number;
  /** First backoff step. */
  baseMs: number;
  /** Upper bound of any computed backoff step. */
  capMs: number;
  /** A `Retry-After` asking for longer than this is not waited for: the failure is reported instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 4,
  baseMs: 500,
  capMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Exponential backoff with "equal jitter": the step for retry `n` (0-based) is
 * `min(cap, base · 2ⁿ)`, and the delay is uniformly drawn from [step/2, step].
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs'> = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Statuses worth another attempt: request timeout, conflict/lock, rate limit and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

type HeaderSource = Headers | Record<string, string | string[] | undefined> | null | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long the server asked us to wait, in ms, or null when it did not say (or said nonsense).
 * `retry-after-ms` (OpenAI's, milliseconds) wins over the standard `Retry-After`, which is either
 * delay-seconds or an HTTP date. A date in the past means "now" (0).
 */
export function parseRetryAfter(headers: HeaderSource, now: number = Date.now()): number | null {
  const ms = header(headers, 'retry-after-ms')?.trim();
  if (ms && /^\d+(?:\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = header(headers, 'retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date names its day or month; this also keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * The wait before retry `retry` (0-based): exactly what the server asked for when it said,
 * else the jittered backoff. Returns null when the server asks for more than `maxRetryAfterMs`.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | null,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | null {
  if (retryAfterMs !== null) return retryAfterMs > policy.maxRetryAfterMs ? null : retryAfterMs;
  return backoffDelay(retry, policy, random);
}

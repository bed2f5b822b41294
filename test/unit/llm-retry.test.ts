import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  sleep,
} from '../../electron/core/llm/retry';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds, including fractions', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': '1' }), NOW)).toBe(1000);
    expect(parseRetryAfter(new Headers({ 'retry-after': ' 2.5 ' }), NOW)).toBe(2500);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0' }), NOW)).toBe(0);
  });

  it('reads an HTTP date, and a past date means now', () => {
    const headers = new Headers({ 'retry-after': 'Sat, 01 Mar 2025 12:00:30 GMT' });
    expect(parseRetryAfter(headers, NOW)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }), NOW)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    const headers = new Headers({ 'retry-after-ms': '250', 'retry-after': '9' });
    expect(parseRetryAfter(headers, NOW)).toBe(250);
    expect(parseRetryAfter({ 'Retry-After-Ms': '40' }, NOW)).toBe(40);
  });

  it('ignores missing, negative and nonsense values', () => {
    expect(parseRetryAfter(new Headers(), NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-5' }), NOW)).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': 'x', 'retry-after': '3' }), NOW)).toBe(3000);
  });

  it('reads plain header records (node:http style), case-insensitively', () => {
    expect(parseRetryAfter({ 'retry-after': ['7'] }, NOW)).toBe(7000);
    expect(parseRetryAfter({ 'Retry-After': '1' }, NOW)).toBe(1000);
  });
});

describe('backoffDelay', () => {
  it('doubles from 500 ms, with jitter in [step/2, step]', () => {
    expect(backoffDelay(0, DEFAULT_RETRY_POLICY, () => 0)).toBe(250);
    expect(backoffDelay(0, DEFAULT_RETRY_POLICY, () => 1)).toBe(500);
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 1)).toBe(1000);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(3000);
  });

  it('never exceeds the 20 s cap', () => {
    for (const retry of [6, 10, 50, 1000]) {
      expect(backoffDelay(retry, DEFAULT_RETRY_POLICY, () => 1)).toBe(20_000);
      expect(backoffDelay(retry, DEFAULT_RETRY_POLICY, () => 0)).toBe(10_000);
    }
    expect(backoffDelay(4, { baseMs: 100, capMs: 1000 }, () => 1)).toBe(1000);
  });

  it('stays within its bounds with a real random source', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});

describe('retryDelay', () => {
  it('uses Retry-After exactly when given, else the backoff', () => {
    expect(retryDelay(3, 1000)).toBe(1000);
    expect(retryDelay(0, 0)).toBe(0);
    expect(retryDelay(1, null, DEFAULT_RETRY_POLICY, () => 0)).toBe(500);
  });

  it('gives up on a Retry-After longer than the policy allows', () => {
    expect(retryDelay(0, 60_000)).toBe(60_000);
    expect(retryDelay(0, 60_001)).toBeNull();
    expect(retryDelay(0, 5000, { ...DEFAULT_RETRY_POLICY, maxRetryAfterMs: 1000 })).toBeNull();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and every 5xx', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504, 529, 599]) expect(isRetryableStatus(s)).toBe(true);
  });

  it('does not retry other statuses', () => {
    for (const s of [200, 301, 400, 401, 403, 404, 413, 422, 600]) expect(isRetryableStatus(s)).toBe(false);
  });
});

describe('sleep', () => {
  it('waits, and rejects at once on abort', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});

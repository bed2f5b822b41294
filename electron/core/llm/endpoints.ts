// OpenAI-compatible endpoints: building an SDK client (with or without a key), the URL shown to the
// user, listing models and testing a connection (the usual local servers: model/llm/local-endpoints.ts).
import OpenAI from 'openai';
import { ModelError } from '../../model/llm/types';
import { classifyFailure, redactedLine } from './errors';

export interface EndpointOptions {
  /** e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Sent only as `Authorization: Bearer …`; absent or empty → no Authorization header at all. */
  apiKey?: string;
  timeoutMs?: number;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export const DEFAULT_LIST_TIMEOUT_MS = 10_000;

// The SDK refuses to construct without some key; this placeholder never leaves the process,
// because the Authorization header it would produce is explicitly removed (see createClient).
const NO_KEY = 'no-key';

interface ParsedBase {
  /** What requests go to: credentials, query and fragment removed, no trailing slash. */
  requestUrl: string;
  /** Query parameters of the base URL, re-sent with every request (e.g. `api-version`). */
  query: Record<string, string>;
  /** What the user is shown: like requestUrl, never with credentials or a query. */
  display: string;
}

function parseBase(baseUrl: string, apiKey?: string): ParsedBase {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new ModelError('connection', redactedLine(`"${baseUrl}" is not a valid base URL`, apiKey, 200));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelError(
      'connection',
      redactedLine(`"${url.protocol}" is not supported: use an http(s) base URL`, apiKey),
    );
  }
  const query = Object.fromEntries(url.searchParams);
  const path = url.pathname.replace(/\/+$/, '');
  const requestUrl = `${url.protocol}//${url.host}${path}`;
  return { requestUrl, query, display: requestUrl };
}

/** The base URL as shown to the user and in errors: no userinfo, no query, no trailing slash. */
export function safeEndpoint(baseUrl: string): string {
  try {
    return parseBase(baseUrl).display;
  } catch {
    return '(invalid base URL)';
  }
}

/**
 * An SDK client for the endpoint with the SDK's own retries off (we retry ourselves), its logging
 * off (its debug logs include request details), and nothing read from OPENAI_* environment
 * variables that could add headers or change where requests go.
 */
export function createClient(options: EndpointOptions & { timeoutMs: number }): OpenAI {
  const base = parseBase(options.baseUrl, options.apiKey);
  const key = options.apiKey?.trim() ? options.apiKey.trim() : undefined;
  return new OpenAI({
    baseURL: base.requestUrl,
    apiKey: key ?? NO_KEY,
    adminAPIKey: null,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(Object.keys(base.query).length ? { defaultQuery: base.query } : {}),
    // A null header is removed after the SDK's auth headers are computed: no key → no header at all.
    ...(key ? {} : { defaultHeaders: { Authorization: null } }),
  });
}

/** The model ids the endpoint serves (`GET /models`), sorted. Throws a ModelError. */
export async function listModels(options: EndpointOptions): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  const endpoint = safeEndpoint(options.baseUrl);
  const apiKey = options.apiKey?.trim() || undefined;
  try {
    const client = createClient({ ...options, timeoutMs });
    const body = await client.get<unknown>('/models', {
      timeout: timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) {
      throw new ModelError(
        'bad-response',
        `no OpenAI-compatible API at ${endpoint} (GET /models gave no model list)`,
      );
    }
    const ids = data
      .map((m) => (m as { id?: unknown } | null)?.id)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    return [...new Set(ids)].sort((a, b) => a.localeCompare(b));
  } catch (err) {
    throw classifyFailure(err, { endpoint, apiKey, attempts: 1, timeoutMs }, options.signal).error;
  }
}

export type ConnectionTest = { ok: true; models: string[]; latencyMs: number } | { ok: false; error: string };

/** Lists the models to check the endpoint and key work; never throws. */
export async function testConnection(options: EndpointOptions): Promise<ConnectionTest> {
  const started = performance.now();
  try {
    const models = await listModels(options);
    return { ok: true, models, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const message = err instanceof ModelError ? err.message : 'the connection test failed';
    return { ok: false, error: redactedLine(message, options.apiKey?.trim() || undefined) };
  }
}

// The OpenAI-compatible model against a real loopback server speaking the protocol, through the
// real `openai` SDK and real sockets: streaming, retries, cuts, stalls, errors and key hygiene.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleModel } from '../../electron/core/llm/openai';
import type { OpenAICompatibleOptions } from '../../electron/core/llm/openai';
import { listModels, testConnection } from '../../electron/core/llm/endpoints';
import { ModelError } from '../../electron/model/llm/types';
import type { ChatMessage } from '../../electron/model/llm/types';
import { startOpenAIServer } from '../support/openai-server';
import type { OpenAIServer, Script, ServerOptions } from '../support/openai-server';

const KEY = 'sk-test-0123456789SECRETabcdef';
const ASK: ChatMessage[] = [{ role: 'user', content: 'Summarise sales.csv' }];
const REPLY =
  'Let me look at the data.\n\n```python\nimport pandas as pd\nprint(pd.read_csv("sales.csv").head())\n```';

let servers: OpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(script: Script, options?: ServerOptions): Promise<OpenAIServer> {
  const server = await startOpenAIServer(script, options);
  servers.push(server);
  return server;
}

/** Backoff waits are recorded, not slept (Retry-After tests use the real sleep). */
function fastModel(server: OpenAIServer, options: Partial<OpenAICompatibleOptions> = {}) {
  const delays: number[] = [];
  const model = new OpenAICompatibleModel({
    baseUrl: server.url,
    model: 'test-model',
    sleep: async (ms) => void delays.push(ms),
    ...options,
  });
  return { model, delays };
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelError);
  const error = err as ModelError;
  expect(error.message).not.toMatch(/\n/);
  expect(error.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return error;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe('OpenAICompatibleModel: replies', () => {
  it('streams tokens in order and joins them into the reply', async () => {
    const server = await serve([{ reply: REPLY, chunkSize: 5 }]);
    const { model } = fastModel(server);
    const tokens: string[] = [];
    const result = await model.complete(ASK, { onToken: (t) => tokens.push(t) });
    expect(result).toEqual({ content: REPLY, finishReason: 'stop' });
    expect(tokens.length).toBe(Math.ceil(REPLY.length / 5));
    expect(tokens.join('')).toBe(REPLY);
    const body = server.chatRequests()[0]!.json as {
      stream: boolean;
      model: string;
      messages: ChatMessage[];
    };
    expect(body).toMatchObject({ stream: true, model: 'test-model', messages: ASK });
  });

  it('asks for a plain completion when streaming is off', async () => {
    const server = await serve([{ reply: REPLY }]);
    const { model } = fastModel(server, { stream: false });
    const tokens: string[] = [];
    expect((await model.complete(ASK, { onToken: (t) => tokens.push(t) })).content).toBe(REPLY);
    expect(tokens).toEqual([REPLY]);
    expect((server.chatRequests()[0]!.json as { stream: boolean }).stream).toBe(false);
  });

  it('accepts a plain JSON completion in answer to a streaming request', async () => {
    const server = await serve([{ reply: REPLY, stream: false }]);
    const { model } = fastModel(server);
    expect((await model.complete(ASK)).content).toBe(REPLY);
  });

  it('turns tool calls in the API response into a python block (streamed and not)', async () => {
    const toolCall = { name: 'python', arguments: { code: 'import pandas as pd\nprint(1)' } };
    const server = await serve([{ toolCall }, { toolCall }]);
    const want = '```python\nimport pandas as pd\nprint(1)\n```';
    const streamed = fastModel(server).model;
    const tokens: string[] = [];
    const first = await streamed.complete(ASK, { onToken: (t) => tokens.push(t) });
    expect(first).toEqual({ content: want, finishReason: 'tool_calls' });
    expect(tokens.join('')).toBe(want);
    expect((await fastModel(server, { stream: false }).model.complete(ASK)).content).toBe(want);
  });

  it('reports an empty reply and garbage as bad-response, without retrying', async () => {
    const server = await serve([
      { empty: true },
      { empty: true },
      { garbage: '<html><body>Welcome to nginx!</body></html>', contentType: 'text/html' },
      { garbage: '{"object": "chat.completion"}' },
      { garbage: 'data: {not json\n\n', contentType: 'text/event-stream' },
    ]);
    const { model } = fastModel(server);
    const plain = fastModel(server, { stream: false }).model;
    const empty1 = await failure(model.complete(ASK));
    const empty2 = await failure(plain.complete(ASK));
    const html = await failure(model.complete(ASK));
    const noChoices = await failure(model.complete(ASK));
    for (const e of [empty1, empty2])
      expect([e.kind, e.message]).toEqual(['bad-response', 'the model returned an empty reply']);
    expect(html.kind).toBe('bad-response');
    expect(html.message).toBe('the model server sent an invalid response (not JSON)');
    expect(noChoices.message).toBe('the model server sent an invalid response (no choices)');
    expect((await failure(model.complete(ASK))).message).toBe(html.message);
    expect(server.chatRequests()).toHaveLength(5);
  });
});

describe('OpenAICompatibleModel: retries', () => {
  it('waits the Retry-After seconds after a 429, then succeeds', async () => {
    const server = await serve([{ status: 429, retryAfter: '1' }, { reply: 'ok' }]);
    const model = new OpenAICompatibleModel({ baseUrl: server.url, model: 'test-model' });
    const started = Date.now();
    expect((await model.complete(ASK)).content).toBe('ok');
    const [first, second] = server.chatRequests();
    expect(server.chatRequests()).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('says how long it waits and why before each retry (onWait), so the user sees a countdown', async () => {
    const server = await serve([{ status: 429, retryAfterMs: '250' }, { status: 503 }, { reply: 'ok' }]);
    const { model } = fastModel(server);
    const waits: unknown[] = [];
    expect((await model.complete(ASK, { onWait: (w) => waits.push(w) })).content).toBe('ok');
    expect(waits).toEqual([
      { delayMs: 250, reason: 'rate-limit', attempt: 1 },
      { delayMs: expect.any(Number), reason: 'retry', attempt: 2 },
    ]);
  });

  it('honours retry-after-ms', async () => {
    const server = await serve([{ status: 503, retryAfterMs: '300' }, { reply: 'ok' }]);
    const { model, delays } = fastModel(server);
    expect((await model.complete(ASK)).content).toBe('ok');
    expect(delays).toEqual([300]);
  });

  it('reports at once a Retry-After longer than a minute', async () => {
    const server = await serve([{ status: 429, retryAfter: '3600' }]);
    const error = await failure(fastModel(server).model.complete(ASK));
    expect([error.kind, error.message]).toEqual([
      'rate-limit',
      `${server.url} asks to wait 3600 s before trying again (429): try again later`,
    ]);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('retries a 503 twice with growing jittered backoff, then succeeds', async () => {
    const server = await serve([{ status: 503 }, { status: 503 }, { reply: 'ok' }]);
    const { model, delays } = fastModel(server);
    expect((await model.complete(ASK)).content).toBe('ok');
    expect(server.chatRequests()).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(250);
    expect(delays[0]).toBeLessThanOrEqual(500);
    expect(delays[1]).toBeGreaterThanOrEqual(500);
    expect(delays[1]).toBeLessThanOrEqual(1000);
  });

  it('reports a permanent 500 in one line with the attempt count', async () => {
    const server = await serve(() => ({ status: 500 }));
    const { model } = fastModel(server);
    const error = await failure(model.complete(ASK));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.message).toBe('the model server failed (500 Internal Server Error) after 5 attempts');
    expect(server.chatRequests()).toHaveLength(5);
  });

  it('reports an exhausted rate limit', async () => {
    const server = await serve(() => ({ status: 429 }));
    const { model } = fastModel(server, { maxRetries: 2 });
    const error = await failure(model.complete(ASK));
    expect(error.kind).toBe('rate-limit');
    expect(error.message).toBe(`rate limited by ${server.url} (429) after 3 attempts: try again later`);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('does not retry a rejected key (401) and says so in one line', async () => {
    const server = await serve(() => ({ status: 401 }));
    const { model } = fastModel(server, { apiKey: KEY });
    const error = await failure(model.complete(ASK));
    expect([error.kind, error.status]).toEqual(['auth', 401]);
    expect(error.message).toBe(`the API key was rejected by ${server.url} (401): check it in Settings`);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('tells a missing model from a wrong base URL (404), without retrying', async () => {
    const server = await serve([{ status: 404 }]);
    const missing = await failure(fastModel(server, { model: 'llama9' }).model.complete(ASK));
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe(`model "llama9" was not found at ${server.url} (404)`);
    const root = server.url.replace(/\/v1$/, '');
    const wrong = await failure(fastModel(server, { baseUrl: root }).model.complete(ASK));
    expect(wrong.message).toBe(`no OpenAI-compatible API at ${root} (404)`);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused connection in one line', async () => {
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    const model = new OpenAICompatibleModel({ baseUrl: url, model: 'm', sleep: async () => {} });
    const error = await failure(model.complete(ASK));
    expect(error.kind).toBe('connection');
    expect(error.message).toBe(`cannot connect to ${url}: connection refused — is the server running?`);
  });

  it('times out an attempt that gets no response', async () => {
    const server = await serve([{ reply: 'late', stream: false, delayMs: 3000 }]);
    const { model } = fastModel(server, { timeoutMs: 300, maxRetries: 0 });
    const error = await failure(model.complete(ASK));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`no reply from ${server.url} within 0.3 s after 1 attempt`);
  });
});

describe('OpenAICompatibleModel: cut and stalled streams', () => {
  it('retries a stream cut mid-reply from scratch and tells the consumer to restart', async () => {
    const server = await serve([{ cut: true, after: REPLY.slice(0, 20) }, { reply: REPLY }]);
    const { model } = fastModel(server);
    let text = '';
    let restarts = 0;
    const result = await model.complete(ASK, {
      onToken: (t) => (text += t),
      onRestart: () => {
        restarts++;
        text = '';
      },
    });
    expect(restarts).toBe(1);
    expect(result.content).toBe(REPLY);
    expect(text).toBe(REPLY);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it("reports 'stream-cut' when every attempt is cut", async () => {
    const server = await serve(() => ({ cut: true, after: 'Let me' }));
    const { model } = fastModel(server, { maxRetries: 2 });
    let restarts = 0;
    const error = await failure(model.complete(ASK, { onToken: () => {}, onRestart: () => restarts++ }));
    expect(error.kind).toBe('stream-cut');
    expect(error.message).toBe(`the reply stream from ${server.url} was cut off after 3 attempts`);
    expect(restarts).toBe(2);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('waits through a pause shorter than the stall timeout', async () => {
    const server = await serve([{ stall: true, after: 'Hello ', forMs: 300, rest: 'world' }]);
    const { model } = fastModel(server, { stallTimeoutMs: 1500 });
    expect((await model.complete(ASK)).content).toBe('Hello world');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('treats a longer silence as a cut and retries', async () => {
    const server = await serve([{ stall: true, after: 'Hello ' }, { reply: 'Hello again' }]);
    const { model } = fastModel(server, { stallTimeoutMs: 400 });
    let restarts = 0;
    const started = Date.now();
    const result = await model.complete(ASK, { onToken: () => {}, onRestart: () => restarts++ });
    expect(result.content).toBe('Hello again');
    expect(restarts).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('stops at once when aborted mid-stream, with no further request', async () => {
    const server = await serve(() => ({ stall: true, after: 'Working on it' }));
    const { model } = fastModel(server);
    const controller = new AbortController();
    const started = Date.now();
    const pending = model.complete(ASK, { signal: controller.signal, onToken: () => controller.abort() });
    const error = await failure(pending);
    expect(error.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('stops at once when aborted while waiting to retry', async () => {
    const server = await serve([{ status: 429, retryAfter: '30' }]);
    const model = new OpenAICompatibleModel({ baseUrl: server.url, model: 'm' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const error = await failure(model.complete(ASK, { signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.chatRequests()).toHaveLength(1);
  });
});

describe('the API key', () => {
  it('is sent only in the Authorization header of every request', async () => {
    const server = await serve([{ status: 503 }, { cut: true, after: 'x' }, { reply: 'ok' }], {
      models: ['b', 'a'],
    });
    const { model } = fastModel(server, { apiKey: KEY });
    await model.complete([...ASK, { role: 'assistant', content: 'earlier reply' }], { onToken: () => {} });
    expect(await listModels({ baseUrl: server.url, apiKey: KEY })).toEqual(['a', 'b']);
    expect(server.requests).toHaveLength(4);
    for (const req of server.requests) {
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
      const withoutAuth = req.raw
        .split('\r\n')
        .filter((line) => !/^authorization:/i.test(line))
        .join('\r\n');
      expect(withoutAuth).not.toContain(KEY);
      expect(req.raw.split(KEY)).toHaveLength(2); // exactly once, in that header
      expect(req.path).not.toContain(KEY);
    }
  });

  it('is absent altogether (no Authorization header) when none is configured', async () => {
    const server = await serve([{ reply: 'ok' }]);
    await fastModel(server).model.complete(ASK);
    await listModels({ baseUrl: server.url, apiKey: '' });
    expect(server.requests).toHaveLength(2);
    for (const req of server.requests) {
      expect(req.headers.authorization).toBeUndefined();
      expect(req.raw).not.toMatch(/^authorization:/im);
    }
  });

  it('never appears in an error message, even when the server echoes it', async () => {
    const echo = JSON.stringify({ error: { message: `Invalid key ${KEY} for this project` } });
    const server = await serve([{ status: 400, body: echo }, { status: 403, body: echo }, { status: 401 }]);
    const { model } = fastModel(server, { apiKey: KEY });
    const errors = [
      await failure(model.complete(ASK)),
      await failure(model.complete(ASK)),
      await failure(model.complete(ASK)),
      await failure(fastModel(server, { apiKey: KEY, baseUrl: `${server.url}/${KEY}` }).model.complete(ASK)),
    ];
    expect(errors[0]!.message).toBe(
      'the model server rejected the request (400 Bad Request): Invalid key *** for this project',
    );
    expect(errors[1]!.kind).toBe('auth');
    for (const e of errors) expect(e.message).not.toContain(KEY);
    const test = await testConnection({ baseUrl: server.url, apiKey: KEY });
    expect(test.ok).toBe(true);
  });

  it('keeps credentials in the base URL out of info.endpoint', async () => {
    const server = await serve([{ reply: 'ok' }]);
    const withUser = server.url.replace('http://', 'http://user:hunter2@');
    const model = new OpenAICompatibleModel({ baseUrl: `${withUser}/`, model: 'gpt-4o-mini' });
    expect(model.info).toEqual({
      kind: 'openai-compatible',
      model: 'gpt-4o-mini',
      endpoint: server.url,
      contextTokens: 128_000,
    });
    expect(new OpenAICompatibleModel({ baseUrl: server.url, model: 'llama3.1' }).info.contextTokens).toBe(
      8192,
    );
    expect((await model.complete(ASK)).content).toBe('ok');
    expect(server.requests[0]!.raw).not.toContain('hunter2');
  });
});

describe('listModels and testConnection', () => {
  it('lists the sorted model ids and reports latency', async () => {
    const server = await serve([], { models: ['qwen2.5-coder', 'llama3.1', 'deepseek-r1'] });
    expect(await listModels({ baseUrl: server.url })).toEqual(['deepseek-r1', 'llama3.1', 'qwen2.5-coder']);
    const result = await testConnection({ baseUrl: server.url });
    expect(result).toMatchObject({ ok: true, models: ['deepseek-r1', 'llama3.1', 'qwen2.5-coder'] });
    expect(result.ok && result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'GET /v1/models']);
  });

  it('fails in one line for a wrong key, a wrong path and a dead port', async () => {
    const server = await serve([], { requireKey: KEY });
    const wrongKey = await testConnection({ baseUrl: server.url, apiKey: 'sk-wrong-key-123456' });
    expect(wrongKey).toEqual({
      ok: false,
      error: `the API key was rejected by ${server.url} (401): check it in Settings`,
    });
    expect(await testConnection({ baseUrl: server.url, apiKey: KEY })).toMatchObject({ ok: true });
    const open = await serve([]);
    const wrongPath = await testConnection({ baseUrl: open.url.replace(/\/v1$/, '') });
    expect(wrongPath).toEqual({
      ok: false,
      error: `no OpenAI-compatible API at ${open.url.replace(/\/v1$/, '')} (404)`,
    });
    const dead = `http://127.0.0.1:${await freePort()}/v1`;
    expect(await testConnection({ baseUrl: dead })).toEqual({
      ok: false,
      error: `cannot connect to ${dead}: connection refused — is the server running?`,
    });
    await expect(listModels({ baseUrl: 'not a url' })).rejects.toThrow('"not a url" is not a valid base URL');
    const bad = new OpenAICompatibleModel({ baseUrl: 'ftp://example.com', model: 'm' });
    expect((await failure(bad.complete(ASK))).message).toBe(
      '"ftp:" is not supported: use an http(s) base URL',
    );
  });
});

// A real loopback HTTP server (127.0.0.1, ephemeral port) speaking the OpenAI chat-completions
// protocol, scripted step by step, for tests of anything that talks to a model endpoint.
//
//   const server = await startOpenAIServer([{ status: 429, retryAfter: '1' }, { reply: 'Hello' }]);
//   const model = new OpenAICompatibleModel({ baseUrl: server.url, model: 'm' });
//   ...; expect(server.chatRequests()).toHaveLength(2); await server.close();
//
// Each POST /v1/chat/completions takes the next step of the script (or asks the script function).
// Replies honour the request's `stream` flag: real SSE (`data: {chunk}\n\n` … a final chunk with
// finish_reason, then `data: [DONE]\n\n`), or one JSON `chat.completion`. GET /v1/models lists
// `server.models`. Anything else is a plain-text 404, like a web server that is not an API.
// Every request is recorded (method, path, headers, body, and the raw request text).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step =
  /** A normal reply. `stream` overrides the request's flag (false → JSON even to a streaming request). */
  | {
      reply: string;
      stream?: boolean;
      chunkSize?: number;
      delayMs?: number;
      finishReason?: string;
      /** Tokens to report (streamed: in a last chunk, only when the request asks with `stream_options`). */
      usage?: Usage;
    }
  /** An HTTP error with an OpenAI-style JSON error body (or `body` verbatim). */
  | {
      status: number;
      retryAfter?: string;
      retryAfterMs?: string;
      body?: string;
      headers?: Record<string, string>;
    }
  /** Stream `after`, then destroy the socket (no final chunk, no [DONE]). */
  | { cut: true; after: string; chunkSize?: number }
  /** Stream `after`, go silent for `forMs` (default: until the client leaves), then stream `rest` and finish. */
  | { stall: true; after: string; forMs?: number; rest?: string; chunkSize?: number }
  /** 200 with this body verbatim (default content type application/json, which it need not be). */
  | { garbage: string; contentType?: string }
  /** A well-formed reply whose content is empty. */
  | { empty: true }
  /** A reply with `tool_calls` and no content (finish_reason 'tool_calls'), streamed or not. */
  | { toolCall: { name: string; arguments: string | Record<string, unknown> } }
  /**
   * Several tool calls (ids `call_<n>` unless given), with optional text before them, streamed (by
   * index, the arguments in fragments) or not; finish_reason 'tool_calls'.
   */
  | { toolCalls: ScriptedToolCall[]; content?: string; usage?: Usage };

export interface ScriptedToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** Token counts a scripted reply reports. */
export interface Usage {
  prompt: number;
  completion: number;
}

export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** Request line, headers as sent and body: for "this string appears nowhere else" assertions. */
  raw: string;
  /** When the request was received (Date.now()), e.g. to measure a client's backoff. */
  at: number;
}

export type Script = Step[] | ((req: RecordedRequest, index: number) => Step);

export interface OpenAIServer {
  /** Base URL to give a client: `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Ids served by GET /v1/models (mutable). */
  models: string[];
  /** Appends steps to an array script. */
  push(...steps: Step[]): void;
  /** The POST /v1/chat/completions requests only. */
  chatRequests(): RecordedRequest[];
  /** Stops listening and destroys open connections (stalled streams included). */
  close(): Promise<void>;
}

export interface ServerOptions {
  models?: string[];
  /** When set, requests without `Authorization: Bearer <requireKey>` get a 401. */
  requireKey?: string;
}

const NO_STEP: Step = { status: 500, body: '{"error":{"message":"test server: no scripted step left"}}' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pieces(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += Math.max(1, size)) out.push(text.slice(i, i + Math.max(1, size)));
  return out;
}

function errorBody(status: number, model: string): string {
  const [message, type, code] =
    status === 401
      ? ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key']
      : status === 404
        ? [`The model \`${model}\` does not exist`, 'invalid_request_error', 'model_not_found']
        : status === 429
          ? ['Rate limit reached, please retry later.', 'requests', 'rate_limit_exceeded']
          : [`test server error ${status}`, 'server_error', null];
  return JSON.stringify({ error: { message, type, param: null, code } });
}

class Reply {
  private readonly id: string;
  private alive = true;
  constructor(
    private readonly res: ServerResponse,
    private readonly model: string,
    n: number,
  ) {
    this.id = `chatcmpl-test-${n}`;
    res.on('close', () => (this.alive = false));
  }

  get open(): boolean {
    return this.alive && !this.res.destroyed;
  }

  json(status: number, body: string, headers: Record<string, string> = {}, type = 'application/json'): void {
    this.res.writeHead(status, { 'content-type': type, ...headers });
    this.res.end(body);
  }

  completion(message: Record<string, unknown>, finishReason: string, usage?: Usage): void {
    const body = {
      id: this.id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: this.model,
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
      usage: usage
        ? {
            prompt_tokens: usage.prompt,
            completion_tokens: usage.completion,
            total_tokens: usage.prompt + usage.completion,
          }
        : { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    this.json(200, JSON.stringify(body));
  }

  startStream(): void {
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    this.chunk({ role: 'assistant', content: '' });
  }

  chunk(delta: Record<string, unknown>, finishReason: string | null = null): Promise<void> {
    const body = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
    return this.write(`data: ${JSON.stringify(body)}\n\n`);
  }

  async text(text: string, chunkSize?: number, delayMs = 0): Promise<void> {
    for (const piece of pieces(text, chunkSize)) {
      if (!this.open) return;
      if (delayMs) await sleep(delayMs);
      await this.chunk({ content: piece });
    }
  }

  /** The usage chunk of a stream (no choices), as OpenAI sends it with `include_usage`. */
  usageChunk(usage: Usage): Promise<void> {
    const body = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: this.model,
      choices: [],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
      },
    };
    return this.write(`data: ${JSON.stringify(body)}\n\n`);
  }

  async finish(reason = 'stop', usage?: Usage): Promise<void> {
    await this.chunk({}, reason);
    if (usage) await this.usageChunk(usage);
    await this.write('data: [DONE]\n\n');
    this.res.end();
  }

  write(data: string): Promise<void> {
    return new Promise((resolve) => (this.open ? this.res.write(data, () => resolve()) : resolve()));
  }

  destroy(): void {
    this.res.socket?.destroy();
  }
}

async function play(step: Step, reply: Reply, wantsStream: boolean, wantsUsage = false): Promise<void> {
  if ('status' in step) {
    const headers: Record<string, string> = { ...step.headers };
    if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
    if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = step.retryAfterMs;
    return reply.json(step.status, step.body ?? errorBody(step.status, ''), headers);
  }
  if ('garbage' in step) return reply.json(200, step.garbage, {}, step.contentType);
  if ('toolCall' in step) {
    const args = step.toolCall.arguments;
    const argText = typeof args === 'string' ? args : JSON.stringify(args);
    const call = {
      id: 'call_test_1',
      type: 'function',
      function: { name: step.toolCall.name, arguments: argText },
    };
    if (!wantsStream) return reply.completion({ content: null, tool_calls: [call] }, 'tool_calls');
    reply.startStream();
    await reply.chunk({
      tool_calls: [{ index: 0, ...call, function: { name: call.function.name, arguments: '' } }],
    });
    for (const piece of pieces(argText, 8))
      await reply.chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
    return reply.finish('tool_calls');
  }
  if ('toolCalls' in step) {
    const calls = step.toolCalls.map((c, i) => ({
      id: c.id ?? `call_${i + 1}`,
      type: 'function',
      function: {
        name: c.name,
        arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
      },
    }));
    if (!wantsStream)
      return reply.completion({ content: step.content ?? null, tool_calls: calls }, 'tool_calls', step.usage);
    reply.startStream();
    if (step.content) await reply.text(step.content);
    for (const [index, call] of calls.entries()) {
      await reply.chunk({
        tool_calls: [{ index, ...call, function: { name: call.function.name, arguments: '' } }],
      });
      for (const piece of pieces(call.function.arguments, 7))
        await reply.chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    return reply.finish('tool_calls', wantsUsage ? step.usage : undefined);
  }
  if ('empty' in step) {
    if (!wantsStream) return reply.completion({ content: '' }, 'stop');
    reply.startStream();
    return reply.finish();
  }
  if ('cut' in step) {
    reply.startStream();
    await reply.text(step.after, step.chunkSize);
    await sleep(20); // let the client read what was sent before the connection drops
    return reply.destroy();
  }
  if ('stall' in step) {
    reply.startStream();
    await reply.text(step.after, step.chunkSize);
    if (step.forMs === undefined) return; // silent until the client (or close()) ends it
    await sleep(step.forMs);
    await reply.text(step.rest ?? '', step.chunkSize);
    if (reply.open) await reply.finish();
    return;
  }
  const stream = step.stream ?? wantsStream;
  if (!stream) {
    if (step.delayMs) await sleep(step.delayMs);
    return reply.completion({ content: step.reply }, step.finishReason ?? 'stop', step.usage);
  }
  reply.startStream();
  await reply.text(step.reply, step.chunkSize, step.delayMs);
  if (reply.open) await reply.finish(step.finishReason, wantsUsage ? step.usage : undefined);
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return {
    method: req.method ?? '',
    path: req.url ?? '',
    headers: { ...req.headers },
    body,
    json,
    raw: `${lines.join('\r\n')}\r\n\r\n${body}`,
    at: Date.now(),
  };
}

/** Starts the server on 127.0.0.1 with an ephemeral port. Close it in afterEach/afterAll. */
export async function startOpenAIServer(
  script: Script = [],
  options: ServerOptions = {},
): Promise<OpenAIServer> {
  const steps = Array.isArray(script) ? [...script] : null;
  const requests: RecordedRequest[] = [];
  let chatCount = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = record(req, Buffer.concat(chunks).toString('utf8'));
      requests.push(rec);
      const path = (req.url ?? '').split('?')[0];
      const model = String((rec.json as { model?: unknown } | undefined)?.model ?? '');
      const reply = new Reply(res, model, requests.length);
      if (options.requireKey !== undefined && req.headers.authorization !== `Bearer ${options.requireKey}`) {
        return reply.json(401, errorBody(401, model));
      }
      if (req.method === 'GET' && path === '/v1/models') {
        const data = api.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' }));
        return reply.json(200, JSON.stringify({ object: 'list', data }));
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const index = chatCount++;
        const step = steps ? (steps.shift() ?? NO_STEP) : (script as Exclude<Script, Step[]>)(rec, index);
        const fill =
          'status' in step && step.body === undefined
            ? { ...step, body: errorBody(step.status, model) }
            : step;
        const body = rec.json as
          { stream?: unknown; stream_options?: { include_usage?: unknown } } | undefined;
        const wantsStream = body?.stream === true;
        const wantsUsage = body?.stream_options?.include_usage === true;
        play(fill, reply, wantsStream, wantsUsage).catch(() => reply.destroy());
        return;
      }
      reply.json(404, '404 page not found', {}, 'text/plain');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const api: OpenAIServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    models: [...(options.models ?? ['test-model'])],
    push(...more) {
      if (!steps) throw new Error('push() needs an array script');
      steps.push(...more);
    },
    chatRequests: () =>
      requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/chat/completions')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

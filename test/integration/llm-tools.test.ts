// Tools mode over the wire: the OpenAI-compatible model offers tools, returns the calls a real
// loopback server makes (streamed by index and in fragments, or not) as structured ToolCalls,
// sends tool results back as tool messages, reports token usage, and turns a server that cannot
// call tools into one clear line.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleModel } from '../../electron/core/llm/openai';
import type { OpenAICompatibleOptions } from '../../electron/core/llm/openai';
import { toolDefinitions, toolsUnsupportedMessage } from '../../electron/core/tools';
import { ModelError } from '../../electron/model/llm/types';
import type { ChatMessage } from '../../electron/model/llm/types';
import { startOpenAIServer } from '../support/openai-server';
import type { OpenAIServer, Script } from '../support/openai-server';

const KEY = 'sk-test-0123456789SECRETabcdef';
const ASK: ChatMessage[] = [{ role: 'user', content: 'Total units by region?' }];
const TOOLS = toolDefinitions();

let servers: OpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(script: Script): Promise<OpenAIServer> {
  const server = await startOpenAIServer(script);
  servers.push(server);
  return server;
}

function model(server: OpenAIServer, options: Partial<OpenAICompatibleOptions> = {}) {
  return new OpenAICompatibleModel({
    baseUrl: server.url,
    model: 'test-model',
    apiKey: KEY,
    sleep: async () => undefined,
    ...options,
  });
}

const body = (server: OpenAIServer, i: number) => server.chatRequests()[i]!.json as Record<string, unknown>;

describe('OpenAICompatibleModel: tool calls', () => {
  it('offers the tools and returns the calls structurally, streamed and not', async () => {
    const calls = [
      { name: 'aggregate', arguments: { measure: 'units', agg: 'sum', by: 'region' } },
      { name: 'profile', arguments: {}, id: 'call_xyz' },
    ];
    const server = await serve([
      { toolCalls: calls, content: 'Let me compute it.' },
      { toolCalls: calls, content: 'Let me compute it.' },
    ]);
    const tokens: string[] = [];
    const streamed = await model(server).complete(ASK, { tools: TOOLS, onToken: (t) => tokens.push(t) });
    const plain = await model(server, { stream: false }).complete(ASK, { tools: TOOLS });
    for (const done of [streamed, plain]) {
      expect(done.content).toBe('Let me compute it.');
      expect(done.finishReason).toBe('tool_calls');
      expect(done.toolCalls).toEqual([
        { id: 'call_1', name: 'aggregate', arguments: JSON.stringify(calls[0]!.arguments) },
        { id: 'call_xyz', name: 'profile', arguments: '{}' },
      ]);
    }
    // the calls are not text: nothing of them was streamed as tokens
    expect(tokens.join('')).toBe('Let me compute it.');
    for (const i of [0, 1]) {
      const tools = body(server, i).tools as { function: { name: string } }[];
      expect(tools.map((t) => t.function.name)).toContain('aggregate');
    }
  });

  it('accepts a reply that is only tool calls (no text) when tools were offered', async () => {
    const server = await serve([{ toolCall: { name: 'count_rows', arguments: {} } }]);
    const done = await model(server).complete(ASK, { tools: TOOLS });
    expect(done.content).toBe('');
    expect(done.toolCalls).toEqual([{ id: 'call_test_1', name: 'count_rows', arguments: '{}' }]);
  });

  it('sends the calls back on the assistant message and each result as a tool message', async () => {
    const server = await serve([{ reply: 'The total is 42. TERMINATE' }]);
    const history: ChatMessage[] = [
      ...ASK,
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'aggregate', arguments: '{"measure":"units","agg":"sum"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: 'total units: 42' },
    ];
    await model(server).complete(history, { tools: TOOLS });
    const sent = body(server, 0).messages as Record<string, unknown>[];
    expect(sent[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'aggregate', arguments: '{"measure":"units","agg":"sum"}' },
        },
      ],
    });
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'total units: 42' });
  });

  it('without tools offered, no `tools` are sent and calls still become a python block (code mode)', async () => {
    const server = await serve([{ toolCall: { name: 'python', arguments: { code: 'print(1)' } } }]);
    const done = await model(server).complete(ASK);
    expect(body(server, 0).tools).toBeUndefined();
    expect(done.toolCalls).toBeUndefined();
    expect(done.content).toBe('```python\nprint(1)\n```');
  });

  it('a server without tool support: one line suggesting the code mode or the built-in analyst, no retry', async () => {
    const said = JSON.stringify({
      error: { message: `registry/test-model does not support tools (${KEY})` },
    });
    const server = await serve([
      { status: 400, body: said },
      { status: 400, body: said },
    ]);
    for (const stream of [true, false]) {
      const err = await model(server, { stream })
        .complete(ASK, { tools: TOOLS })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      const e = err as ModelError;
      expect(e.message).toBe(toolsUnsupportedMessage('test-model'));
      expect(e.message).toMatch(/code mode.*built-in analyst/);
      expect(e.message).not.toMatch(/\n/);
      expect(e.message).not.toContain(KEY);
    }
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('a 400 about something else is not taken for missing tool support', async () => {
    const server = await serve([{ status: 400, body: '{"error":{"message":"messages: too long"}}' }]);
    const err = (await model(server)
      .complete(ASK, { tools: TOOLS })
      .catch((e: unknown) => e)) as ModelError;
    expect(err.message).not.toBe(toolsUnsupportedMessage('test-model'));
    expect(err.message).toMatch(/rejected the request \(400/);
  });
});

describe('OpenAICompatibleModel: token usage', () => {
  it('reports usage, asking streams for it, and tolerates servers that ignore or reject the ask', async () => {
    const server = await serve([
      { reply: 'Hello', usage: { prompt: 11, completion: 3 } }, // streamed, honoured
      { reply: 'Hello', usage: { prompt: 12, completion: 4 } }, // not streamed
      { reply: 'Hello' }, // streamed, ignores the ask
      { status: 400, body: '{"error":{"message":"Unrecognized request argument: stream_options"}}' },
      { reply: 'Hello', usage: { prompt: 13, completion: 5 } }, // asked again without it
      { toolCalls: [{ name: 'profile', arguments: {} }], usage: { prompt: 14, completion: 6 } },
    ]);
    const streamed = model(server);
    expect((await streamed.complete(ASK)).usage).toEqual({ promptTokens: 11, completionTokens: 3 });
    expect(body(server, 0).stream_options).toEqual({ include_usage: true });
    expect((await model(server, { stream: false }).complete(ASK)).usage).toEqual({
      promptTokens: 12,
      completionTokens: 4,
    });
    expect(body(server, 1).stream_options).toBeUndefined();
    expect((await streamed.complete(ASK)).usage).toBeUndefined();
    const rejecting = model(server);
    const done = await rejecting.complete(ASK);
    expect(done.content).toBe('Hello');
    expect(body(server, 4).stream_options).toBeUndefined();
    // the server did not include usage in a stream it was not asked for
    expect(done.usage).toBeUndefined();
    // once rejected, not asked again by this model; a fresh one asks and gets it with tool calls
    const tools = await model(server).complete(ASK, { tools: TOOLS });
    expect(tools.usage).toEqual({ promptTokens: 14, completionTokens: 6 });
  });
});

// Tools mode end to end: a scripted OpenAI-compatible server (real sockets, the real `openai` SDK)
// plays a model that calls the analysis tools; the real engine runs each call's reviewed template
// in the real sandbox (bubblewrap and Docker); the results go back as tool messages; the answer's
// figures are traced to the tool's output. The model's own code never runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../electron/core/agent/approval';
import { ConversationRun } from '../../electron/core/agent/engine';
import { createConversation, createModel, openAIModelRef } from '../../electron/core/agent/service';
import { FileConversationStore } from '../../electron/core/agent/store';
import { CODE_NOT_RUN_IN_TOOLS_MODE } from '../../electron/core/agent/tool-calls';
import { ExecutorService } from '../../electron/core/exec/executor';
import { OpenAICompatibleModel } from '../../electron/core/llm/openai';
import { renderHtml } from '../../electron/core/report/html';
import { renderNotebook } from '../../electron/core/report/notebook';
import { renderScript } from '../../electron/core/report/script';
import { TOOLS_INSTRUCTIONS, toolsUnsupportedMessage } from '../../electron/core/tools';
import { escapeHtml } from '../../electron/model/text/html';
import type { AssistantMessage, Conversation } from '../../electron/model/agent/conversation';
import type { ChatModel } from '../../electron/model/llm/types';
import { startOpenAIServer, type OpenAIServer, type Step } from '../support/openai-server';
import { SALES_CSV } from './support/env';

const KEY = `sk-plotwright-secret-${Math.random().toString(36).slice(2)}`;
const truth = JSON.parse(
  spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      'import json,sys; import pandas as pd; df = pd.read_csv(sys.argv[1]); ' +
        "print(json.dumps({'west': int(df[df.region == 'West'].units.sum()), 'rows': len(df)}))",
      SALES_CSV,
    ],
    { encoding: 'utf8' },
  ).stdout,
) as { west: number; rows: number };

type Sent = { role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] };
const sent = (server: OpenAIServer, n: number) =>
  (server.chatRequests()[n]!.json as { messages: Sent[] }).messages;
const assistants = (c: Conversation) =>
  c.messages.filter((m): m is AssistantMessage => m.role === 'assistant');

/**
 * The exports of a tools conversation are reproducible: the script holds the calls' pandas (not
 * their JSON) and, run by plain python3 next to the data, prints the traced figure; the notebook's
 * cells and the HTML show the same pandas and what each call computed.
 */
function exportsReplay(conv: Conversation, workspaceDir: string): void {
  const ctx = { conversation: conv, workspaceDir };
  const script = renderScript(ctx);
  // the failed call is kept as a comment (its JSON); what runs is pandas only
  const live = script.split('\n').filter((l) => !l.trimStart().startsWith('#'));
  expect(live.join('\n')).not.toContain('"arguments"');
  expect(script).toContain('# Left out: it did not succeed.');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-tools-script-'));
  try {
    copyFileSync(SALES_CSV, path.join(dir, 'sales.csv'));
    writeFileSync(path.join(dir, 'analysis.py'), script);
    const run = spawnSync('/usr/bin/python3', ['analysis.py'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.replace(/,/g, '')).toContain(String(truth.west));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const tool = assistants(conv)[1]!.blocks[0]!.tool!;
  const notebook = renderNotebook(ctx) as { cells: { cell_type: string; source: string[] }[] };
  const cells = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
  expect(cells.some((c) => c.includes(tool.equivalentCode.trim()))).toBe(true);
  expect(cells.join('\n')).not.toContain('"arguments"');
  const html = renderHtml(ctx);
  expect(html).toContain(escapeHtml(tool.summary.replace(/`/g, '')));
  expect(html).toContain(escapeHtml(tool.equivalentCode.trim().split('\n')[0]!));
}

for (const mode of ['local', 'docker'] as const) {
  describe(`tools mode in the ${mode} sandbox`, () => {
    let root: string;
    let store: FileConversationStore;
    const executor = new ExecutorService({ mode });
    let server: OpenAIServer | null = null;

    beforeAll(() => {
      root = mkdtempSync(path.join(os.tmpdir(), `pw-tools-engine-${mode}-`));
      store = new FileConversationStore(path.join(root, 'conversations'));
    });
    afterEach(async () => {
      await server?.close();
      server = null;
    });
    afterAll(async () => {
      await executor.shutdown();
      rmSync(root, { recursive: true, force: true });
    });

    async function converse(
      steps: Step[],
      options: { stream?: boolean; question?: string } = {},
    ): Promise<Conversation> {
      server = await startOpenAIServer(steps);
      const ref = openAIModelRef(server.url, 'test-model');
      const created = await createConversation(store, {
        file: SALES_CSV,
        model: ref,
        settings: { maxTurns: 6, mode, execution: 'tools' },
      });
      const model: ChatModel =
        options.stream === false
          ? new OpenAICompatibleModel({
              baseUrl: server.url,
              model: 'test-model',
              apiKey: KEY,
              stream: false,
            })
          : createModel(ref, { apiKey: KEY, profile: created.file!.profile! });
      const run = new ConversationRun({ executor, store }, created, { model, dataBrief: 'DATA-BRIEF' });
      const conv = await run.ask(options.question ?? 'How many units did the West sell?');
      await run.close();
      return conv;
    }

    for (const stream of mode === 'local' ? [true, false] : [true]) {
      it(`a wrong column gets the tool error listing the columns; the corrected call's figure is traced (${stream ? 'streamed' : 'not streamed'})`, async () => {
        const west = [{ column: 'region', op: '==', value: 'West' }];
        const conv = await converse(
          [
            { toolCalls: [{ name: 'aggregate', arguments: { measure: 'unit', agg: 'sum', filters: west } }] },
            {
              toolCalls: [{ name: 'aggregate', arguments: { measure: 'units', agg: 'sum', filters: west } }],
              content: 'The column is called units.',
            },
            { reply: `The West sold ${truth.west.toLocaleString('en-US')} units.\n\nTERMINATE` },
          ],
          { stream },
        );
        expect(conv.stopReason).toBe('terminated');
        expect(conv.execution?.mode).toBe(mode);
        // the model got the tools and the tools' instructions, not the code-writing ones
        const first = server!.chatRequests()[0]!.json as { tools: { function: { name: string } }[] };
        expect(first.tools.map((t) => t.function.name)).toEqual(
          expect.arrayContaining(['profile', 'aggregate', 'top_n', 'trend', 'chart']),
        );
        expect(sent(server!, 0)[0]!.content).toContain(TOOLS_INSTRUCTIONS);
        expect(sent(server!, 0)[0]!.content).not.toContain('```python blocks');
        // 1st call: the tool error (nothing ran) goes back as the call's tool message
        const [bad, good, final] = assistants(conv);
        expect(bad!.blocks).toHaveLength(1);
        expect(bad!.blocks[0]).toMatchObject({ language: 'tool', status: 'failed' });
        expect(bad!.blocks[0]!.tool).toMatchObject({ name: 'aggregate', callId: 'call_1' });
        expect(bad!.blocks[0]!.result).toBeUndefined();
        const second = sent(server!, 1);
        expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1' }] });
        const error = second.at(-1)!;
        expect(error.role).toBe('tool');
        expect(error.tool_call_id).toBe('call_1');
        expect(error.content).toMatch(/^Error: .*'unit'.*units/);
        expect(error.content).not.toMatch(/\n/);
        // 2nd call ran in the sandbox; its output is the tool message
        const ran = good!.blocks[0]!;
        expect(ran).toMatchObject({ language: 'tool', status: 'succeeded' });
        expect(ran.tool!.summary).toMatch(/units/);
        expect(ran.tool!.equivalentCode).toMatch(/df/);
        expect(ran.result!.mode).toBe(mode);
        const result = sent(server!, 2).at(-1)!;
        expect(result).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
        expect(result.content!.replace(/,/g, '')).toContain(String(truth.west));
        // the answer's figure is traced to the tool's output
        expect(final!.blocks).toEqual([]);
        const claim = conv.answer!.claims.find((c) => c.value === truth.west);
        expect(claim).toMatchObject({
          supported: true,
          source: { kind: 'output', messageId: good!.id, index: 0 },
        });
        if (mode === 'local' && stream) exportsReplay(conv, store.workspaceDir(conv.id));
      }, 180_000);
    }

    it('never runs the model’s code: python blocks are shown, not run, with or without tool calls', async () => {
      const writes = (name: string) =>
        `\`\`\`python\nopen(${JSON.stringify(name)}, 'w').write('ran')\nprint('MODEL-CODE-RAN')\n\`\`\``;
      const conv = await converse([
        { reply: `Let me compute it.\n\n${writes('pwned-1.txt')}` },
        { toolCalls: [{ name: 'count_rows', arguments: {} }], content: `Also:\n\n${writes('pwned-2.txt')}` },
        { reply: `There are ${truth.rows} rows.\n\n${writes('pwned-3.txt')}\n\nTERMINATE` },
      ]);
      expect(conv.stopReason).toBe('terminated');
      const [first, second, third] = assistants(conv);
      for (const reply of [first!, third!]) {
        expect(reply.blocks).toHaveLength(1);
        expect(reply.blocks[0]).toMatchObject({ language: 'python', status: 'not-run' });
        expect(reply.blocks[0]!.result).toBeUndefined();
      }
      expect(second!.blocks.map((b) => [b.language, b.status])).toEqual([
        ['python', 'not-run'],
        ['tool', 'succeeded'],
      ]);
      // the model was told its code does not run here
      expect(sent(server!, 1).at(-1)!.content).toContain(CODE_NOT_RUN_IN_TOOLS_MODE);
      // nothing the model wrote ran: no output of it anywhere, no file in the workspace
      const outputs = conv.messages.flatMap((m) =>
        m.role === 'assistant' ? m.blocks.map((b) => b.output ?? '') : [],
      );
      expect(outputs.join('\n')).not.toContain('MODEL-CODE-RAN');
      const workspace = store.workspaceDir(conv.id);
      expect(existsSync(workspace)).toBe(true); // the session did open (the tool call ran there)
      const files = readdirSync(workspace, { recursive: true }).map(String);
      expect(files.filter((f) => f.includes('pwned'))).toEqual([]);
      expect(conv.answer!.claims.find((c) => c.value === truth.rows)?.supported).toBe(true);
    }, 180_000);
  });
}

describe('tools mode: calls printed as text, and models without tool support', () => {
  let root: string;
  let store: FileConversationStore;
  const executor = new ExecutorService({ mode: 'local' });
  let server: OpenAIServer | null = null;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pw-tools-text-'));
    store = new FileConversationStore(path.join(root, 'conversations'));
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  afterAll(async () => {
    await executor.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  async function converse(steps: Step[]): Promise<Conversation> {
    server = await startOpenAIServer(steps);
    const ref = openAIModelRef(server.url, 'test-model');
    const created = await createConversation(store, {
      file: SALES_CSV,
      model: ref,
      settings: { maxTurns: 4, mode: 'local', execution: 'tools' },
    });
    const model = createModel(ref, { apiKey: KEY, profile: created.file!.profile! });
    const run = new ConversationRun({ executor, store }, created, { model, dataBrief: null });
    const conv = await run.ask('How many units did the West sell?');
    await run.close();
    return conv;
  }

  it('approval: the user approves the code that will run (the reviewed template); a rejection reaches the model', async () => {
    server = await startOpenAIServer([
      { toolCalls: [{ name: 'count_rows', arguments: {} }] },
      { toolCalls: [{ name: 'profile', arguments: {} }] },
      { reply: 'Fine. TERMINATE' },
    ]);
    const ref = openAIModelRef(server.url, 'test-model');
    const created = await createConversation(store, {
      file: SALES_CSV,
      model: ref,
      settings: { maxTurns: 4, mode: 'local', execution: 'tools', approval: 'always' },
    });
    const requests: ApprovalRequest[] = [];
    const approver = async (req: ApprovalRequest): Promise<ApprovalDecision> => {
      requests.push(req);
      return requests.length === 1
        ? { action: 'run' }
        : { action: 'reject', feedback: 'no profiling please' };
    };
    const model = createModel(ref, { apiKey: KEY, profile: created.file!.profile! });
    const run = new ConversationRun({ executor, store, approver }, created, { model, dataBrief: null });
    const conv = await run.ask('How many rows?');
    await run.close();
    expect(requests.map((r) => r.language)).toEqual(['python', 'python']);
    expect(requests[0]!.code).toContain('_pw_tool_columns');
    expect(requests[0]!.code).not.toContain('"arguments"');
    expect(assistants(conv).map((a) => a.blocks[0]?.status)).toEqual(['succeeded', 'rejected', undefined]);
    expect(sent(server, 2).at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'The user rejected this call and did not run it. Their feedback: no profiling please',
    });
  }, 120_000);

  it('a call printed as JSON text runs like a tool call; its result goes back as a user message', async () => {
    const call = {
      name: 'aggregate',
      arguments: { measure: 'units', agg: 'sum', filters: [{ column: 'region', op: '==', value: 'West' }] },
    };
    const conv = await converse([
      { reply: `I will call the tool.\n\n\`\`\`json\n${JSON.stringify(call)}\n\`\`\`` },
      { reply: `The West sold ${truth.west} units. TERMINATE` },
    ]);
    expect(conv.stopReason).toBe('terminated');
    const block = assistants(conv)[0]!.blocks[0]!;
    expect(block).toMatchObject({
      language: 'tool',
      status: 'succeeded',
      tool: { name: 'aggregate', callId: null },
    });
    expect(block.start).toBeGreaterThan(0);
    const back = sent(server!, 1).at(-1)!;
    expect(back.role).toBe('user');
    expect(back.content).toMatch(/^exitcode: 0 \(execution succeeded\)\nCode output: Result of aggregate/);
    expect(back.content!.replace(/,/g, '')).toContain(String(truth.west));
    expect(conv.answer!.claims.find((c) => c.value === truth.west)?.supported).toBe(true);
  }, 120_000);

  it('a server that answers 400 to `tools`: the run stops on one line suggesting the code mode or the built-in analyst', async () => {
    const conv = await converse([
      { status: 400, body: JSON.stringify({ error: { message: 'test-model does not support tools' } }) },
    ]);
    expect(conv.stopReason).toBe('error');
    expect(conv.error).toBe(toolsUnsupportedMessage('test-model'));
    expect(conv.error).not.toContain(KEY);
    const notice = conv.messages.at(-1)!;
    expect(notice.role).toBe('notice');
    expect(notice.role === 'notice' && notice.actions).toContain('use-builtin');
    expect(server!.chatRequests()).toHaveLength(1);
  }, 60_000);
});

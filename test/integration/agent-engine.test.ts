// The conversation engine end to end: a real loopback OpenAI-protocol server replaying scripted
// conversations through the real `openai` SDK, the real executor (local sandbox, real Python) and
// the real file store.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../electron/core/agent/approval';
import { ConversationRun } from '../../electron/core/agent/engine';
import type {
  AssistantMessage,
  Conversation,
  ConversationSettings,
} from '../../electron/model/agent/conversation';
import { createConversation, createModel, openAIModelRef } from '../../electron/core/agent/service';
import { FileConversationStore } from '../../electron/core/agent/store';
import { ExecutorService } from '../../electron/core/exec/executor';
import { startOpenAIServer, type OpenAIServer, type Step } from '../support/openai-server';
import { SALES_CSV } from './support/env';

const KEY = `sk-plotwright-secret-${Math.random().toString(36).slice(2)}`;
let root: string;
let store: FileConversationStore;
const executor = new ExecutorService({ mode: 'local' });
let server: OpenAIServer | null = null;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-engine-'));
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

const py = (code: string, prose = 'Running this:') => `${prose}\n\n\`\`\`python\n${code}\n\`\`\``;

async function converse(
  steps: Step[],
  options: {
    settings?: Partial<ConversationSettings>;
    approver?: (r: ApprovalRequest) => Promise<ApprovalDecision>;
    question?: string;
    during?: (run: ConversationRun) => void;
  } = {},
): Promise<{ conv: Conversation; run: ConversationRun }> {
  server = await startOpenAIServer(steps);
  const ref = openAIModelRef(server.url, 'test-model');
  const created = await createConversation(store, {
    file: SALES_CSV,
    model: ref,
    settings: { maxTurns: 6, ...options.settings },
  });
  const run = new ConversationRun(
    { executor, store, approver: options.approver ? (req) => options.approver!(req) : undefined },
    created,
    { model: createModel(ref, { apiKey: KEY, profile: created.file!.profile! }), dataBrief: 'DATA-BRIEF' },
  );
  options.during?.(run);
  const conv = await run.ask(options.question ?? 'What is the total revenue?');
  await run.close();
  return { conv, run };
}

const assistants = (c: Conversation) =>
  c.messages.filter((m): m is AssistantMessage => m.role === 'assistant');
const lastUserContent = (n: number) => {
  const body = server!.chatRequests()[n]!.json as { messages: { role: string; content: string }[] };
  return body.messages.at(-1)!.content;
};

describe('write → run → fix', () => {
  it('corrects itself after a KeyError: the traceback reaches the model, the fix runs', async () => {
    const { conv } = await converse([
      { reply: py("import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(df['Revenue'].sum())") },
      { reply: py("print(df['revenue'].sum())", 'The column is lower-case.') },
      { reply: 'Total revenue is 91,100.\n\nTERMINATE' },
    ]);
    expect(conv.stopReason).toBe('terminated');
    expect(conv.turns).toBe(3);
    expect(lastUserContent(1)).toMatch(
      /^exitcode: 1 \(execution failed\)\nCode output: Traceback[\s\S]*KeyError: 'Revenue'/,
    );
    expect(lastUserContent(2)).toBe('exitcode: 0 (execution succeeded)\nCode output: 91100\n');
    const system = (server!.chatRequests()[0]!.json as { messages: { content: string }[] }).messages[0]!
      .content;
    expect(system).toContain('"sales.csv"');
    expect(system).toContain('DATA-BRIEF');
    expect(assistants(conv).map((a) => a.blocks[0]?.status)).toEqual(['failed', 'succeeded', undefined]);
  });

  it('takes a follow-up asked the moment the run shows finished', async () => {
    let followUp: Promise<Conversation> | null = null;
    const { run } = await converse(
      [{ reply: 'First answer. TERMINATE' }, { reply: 'Second answer. TERMINATE' }],
      {
        during: (r) =>
          r.subscribe((event) => {
            if (event.type === 'finished' && !followUp) followUp = r.ask('And then?');
          }),
      },
    );
    expect(followUp).not.toBeNull();
    const conv = await followUp!;
    expect(conv.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'What is the total revenue?',
      'And then?',
    ]);
    expect(assistants(conv).map((a) => a.content)).toEqual([
      'First answer. TERMINATE',
      'Second answer. TERMINATE',
    ]);
    await run.close();
  });

  it('reopens exactly as it was saved', async () => {
    const { conv } = await converse([{ reply: py('print(40 + 2)') }, { reply: 'It is 42. TERMINATE' }]);
    expect(await store.load(conv.id)).toEqual(conv);
    expect((await store.list()).some((s) => s.id === conv.id && s.stopReason === 'terminated')).toBe(true);
  });

  it('runs code first when the same message says TERMINATE', async () => {
    const { conv } = await converse([{ reply: `${py('print("last words")')}\n\nTERMINATE` }]);
    expect(conv.stopReason).toBe('terminated');
    expect(assistants(conv)[0]!.blocks[0]!.result?.output).toBe('last words\n');
  });

  it('answers "unsupported language" so the model switches to Python', async () => {
    const { conv } = await converse([
      { reply: '```js\nconsole.log(1)\n```' },
      { reply: py('print(1)') },
      { reply: 'TERMINATE' },
    ]);
    expect(lastUserContent(1)).toBe(
      'exitcode: 1 (execution failed)\nCode output: unsupported language javascript',
    );
    expect(conv.stopReason).toBe('terminated');
  });
});

describe('model trouble', () => {
  it('waits out a 429 (Retry-After) and carries on', async () => {
    const { conv } = await converse([
      { status: 429, retryAfter: '1' },
      { reply: 'Nothing to run. TERMINATE' },
    ]);
    expect(conv.stopReason).toBe('terminated');
    const [a, b] = server!.chatRequests();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(1000);
  });

  it('stops with one clear line on a permanent 500, and saves', async () => {
    const { conv } = await converse(Array.from({ length: 6 }, () => ({ status: 500 })));
    expect(conv.stopReason).toBe('error');
    expect(conv.error).toMatch(/^the model server failed \(500[^\n]*after \d+ attempts$/);
    expect(conv.messages.at(-1)).toMatchObject({ role: 'notice', level: 'error' });
    expect((await store.load(conv.id)).stopReason).toBe('error');
  });

  it('retries a stream cut in the middle; the partial text is replaced', async () => {
    const full = py('print("after the cut")');
    const { conv } = await converse([
      { cut: true, after: full.slice(0, 15) },
      { reply: full },
      { reply: 'TERMINATE' },
    ]);
    expect(assistants(conv)[0]!.content).toBe(full);
    expect(assistants(conv)[0]!.blocks[0]!.result?.output).toBe('after the cut\n');
  });

  it('stops a runaway model at the turn limit', async () => {
    const { conv } = await converse(
      Array.from({ length: 10 }, () => ({ reply: py('print("again")') })),
      { settings: { maxTurns: 3 } },
    );
    expect(conv.stopReason).toBe('max-turns');
    expect(conv.turns).toBe(3);
    expect(server!.chatRequests()).toHaveLength(3);
  });

  it("runs a local model's tool-call JSON as a python block, shown as such", async () => {
    const { conv } = await converse([
      { reply: '{"name": "python", "arguments": {"code": "print(6 * 7)"}}' },
      { reply: 'TERMINATE' },
    ]);
    const first = assistants(conv)[0]!;
    expect(first.recovered).toBe('tool-call');
    expect(first.content).toContain('```python\nprint(6 * 7)\n```');
    expect(first.blocks[0]!.result?.output).toBe('42\n');
  });

  it('reports an empty reply as an error', async () => {
    const { conv } = await converse([
      { empty: true },
      { empty: true },
      { empty: true },
      { empty: true },
      { empty: true },
    ]);
    expect(conv.stopReason).toBe('error');
    expect(conv.error).toMatch(/empty reply/);
  });
});

describe('the API key stays out of everything but the Authorization header', () => {
  it('never reaches the code, the prompt, the saved conversation or the store', async () => {
    process.env.OPENAI_API_KEY = KEY;
    try {
      const { conv } = await converse([
        {
          reply: py(
            "import os\nprint(dict(os.environ))\nfor p in ('/proc/self/environ', '/proc/1/environ'):\n    try:\n        print(open(p, 'rb').read())\n    except OSError as e:\n        print(p, e)",
          ),
        },
        { reply: 'TERMINATE' },
      ]);
      expect(assistants(conv)[0]!.blocks[0]!.result?.exitCode).toBe(0);
      const saved = readFileSync(path.join(store.root, conv.id, 'conversation.json'), 'utf8');
      expect(saved).not.toContain(KEY);
      for (const req of server!.chatRequests()) {
        expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(req.body).not.toContain(KEY);
        expect(req.raw.split(KEY).length - 1).toBe(1);
      }
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });
});

describe('approval and execution modes', () => {
  it('rejected code does not run and the feedback goes to the model', async () => {
    const marker = path.join(root, `ran-${Date.now()}`);
    const { conv } = await converse(
      [{ reply: py(`open(${JSON.stringify(marker)}, 'w').write('x')`) }, { reply: 'Understood. TERMINATE' }],
      {
        settings: { approval: 'always' },
        approver: async () => ({ action: 'reject', feedback: 'please do not write files' }),
      },
    );
    expect(existsSync(marker)).toBe(false);
    expect(assistants(conv)[0]!.blocks[0]).toMatchObject({
      status: 'rejected',
      feedback: 'please do not write files',
    });
    expect(lastUserContent(1)).toBe(
      'The user rejected the code block and did not run it. Their feedback: please do not write files',
    );
  });

  it('edit & run runs the edited code and keeps the proposal', async () => {
    const seen: ApprovalRequest[] = [];
    const { conv } = await converse([{ reply: py('print("proposed")') }, { reply: 'TERMINATE' }], {
      settings: { approval: 'always' },
      approver: async (req) => (seen.push(req), { action: 'edit', code: 'print("edited")' }),
    });
    expect(seen[0]).toMatchObject({
      index: 0,
      language: 'python',
      code: 'print("proposed")',
      isolated: true,
    });
    expect(assistants(conv)[0]!.blocks[0]).toMatchObject({
      code: 'print("edited")',
      proposed: 'print("proposed")',
      status: 'succeeded',
    });
    expect(lastUserContent(1)).toBe('exitcode: 0 (execution succeeded)\nCode output: edited\n');
  });

  it('"unsandboxed" asks nothing when the code runs isolated (bubblewrap)', async () => {
    let asked = 0;
    const { conv } = await converse([{ reply: py('print(1)') }, { reply: 'TERMINATE' }], {
      settings: { approval: 'unsandboxed' },
      approver: async () => (asked++, { action: 'run' }),
    });
    expect(asked).toBe(0);
    expect(conv.stopReason).toBe('terminated');
  });

  it('execution off shows the code and runs nothing', async () => {
    const marker = path.join(root, `off-${Date.now()}`);
    const { conv } = await converse([{ reply: py(`open(${JSON.stringify(marker)}, 'w')`) }], {
      settings: { execution: 'off' },
    });
    expect(existsSync(marker)).toBe(false);
    expect(assistants(conv)[0]!.blocks[0]!.status).toBe('not-run');
    expect(
      conv.messages.some((m) => m.role === 'notice' && m.content.includes('Code execution is off')),
    ).toBe(true);
  });
});

describe('cancel', () => {
  it('kills the running code, stops the model and saves the conversation', async () => {
    const { conv } = await converse(
      [
        { reply: py("import time\nprint('working', flush=True)\ntime.sleep(60)") },
        { reply: 'never requested' },
      ],
      {
        during: (run) =>
          run.subscribe((event) => {
            if (event.type === 'block-output') setTimeout(() => run.cancel(), 200);
          }),
      },
    );
    expect(conv.stopReason).toBe('cancelled');
    const block = assistants(conv)[0]!.blocks[0]!;
    expect(block.status).toBe('cancelled');
    expect(block.result?.output).toContain('working');
    expect(server!.chatRequests()).toHaveLength(1);
    expect((await store.load(conv.id)).stopReason).toBe('cancelled');
  });

  it('aborts the model stream mid-reply', async () => {
    const { conv } = await converse([{ stall: true, after: 'Thinking about' }], {
      during: (run) =>
        run.subscribe((event) => (event.type === 'delta' ? setTimeout(() => run.cancel(), 100) : undefined)),
    });
    expect(conv.stopReason).toBe('cancelled');
    expect(assistants(conv)[0]).toMatchObject({ content: 'Thinking about', streaming: false, blocks: [] });
  });
});

// Number tracing in the engine: a scripted model on a loopback OpenAI server, the real executor
// (local sandbox, real Python, real pandas) on sales.csv and the real file store. Its code prints
// the true totals; its answer states them plus one invented figure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConversationRun } from '../../electron/core/agent/engine';
import type { Conversation } from '../../electron/model/agent/conversation';
import { createConversation, createModel, openAIModelRef } from '../../electron/core/agent/service';
import { FileConversationStore } from '../../electron/core/agent/store';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ChatModel } from '../../electron/model/llm/types';
import { startOpenAIServer, type OpenAIServer, type Step } from '../support/openai-server';
import { SALES_CSV } from './support/env';

let root: string;
let store: FileConversationStore;
const executor = new ExecutorService({ mode: 'local' });
let server: OpenAIServer | null = null;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-answer-'));
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

const py = (prose: string, code: string) => `${prose}\n\n\`\`\`python\n${code}\n\`\`\``;

/** A run on sales.csv with a scripted model (or `model`), ready for questions. */
async function openRun(steps: Step[], model?: ChatModel): Promise<ConversationRun> {
  server = await startOpenAIServer(steps);
  const ref = openAIModelRef(server.url, 'test-model');
  const created = await createConversation(store, { file: SALES_CSV, model: ref, settings: { maxTurns: 6 } });
  return new ConversationRun({ executor, store }, created, {
    model: model ?? createModel(ref, { profile: created.file!.profile! }),
    dataBrief: 'DATA-BRIEF',
  });
}

const saved = (id: string): Conversation =>
  JSON.parse(readFileSync(path.join(root, 'conversations', id, 'conversation.json'), 'utf8')) as Conversation;

const BY_REGION = [
  'import pandas as pd',
  "df = pd.read_csv('sales.csv')",
  "print(df.groupby('region')['revenue'].sum().to_string())",
  "print('total', df['revenue'].sum())",
].join('\n');
// output: region / East 18500 / North 31800 / South 20200 / West 20600 / total 91100
const BY_PRODUCT = "print(df.groupby('product')['revenue'].sum().to_string())";
// output: product / Gadget Lite 17800 / Widget Pro 73300

describe('the final answer, traced', () => {
  it('flags exactly the invented figure; the true ones point to their block and line; saved on disk', async () => {
    const run = await openRun([
      { reply: py('Revenue by region.', BY_REGION) },
      { reply: py('And by product.', BY_PRODUCT) },
      {
        reply:
          'North leads with **31,800**, then West (20,600), South (20,200) and East ($26,700). ' +
          'Widget Pro made 73,300 of the 91,100 total.\n\nTERMINATE',
      },
    ]);
    const conv = await run.ask('What is the revenue by region and by product?');
    await run.close();
    expect(conv.stopReason).toBe('terminated');
    const answer = conv.answer!;
    const final = conv.messages.at(-1)!;
    expect(answer.messageId).toBe(final.id);
    expect(answer.answered).toBe(true);
    expect(answer.text).toBe(
      'North leads with **31,800**, then West (20,600), South (20,200) and East ($26,700). Widget Pro made 73,300 of the 91,100 total.',
    );
    const sources = answer.claims.map((c) => [
      c.text,
      c.supported,
      c.source?.kind === 'output' ? [c.source.block, c.source.line] : c.source,
    ]);
    expect(sources).toEqual([
      ['31,800', true, [1, 3]],
      ['20,600', true, [1, 5]],
      ['20,200', true, [1, 4]],
      ['$26,700', false, null],
      ['73,300', true, [2, 3]],
      ['91,100', true, [1, 6]],
    ]);
    // the source names the block's message and index, for the app to scroll to it
    const byProduct = conv.messages.find(
      (m) => m.role === 'assistant' && m.content.startsWith('And by product'),
    )!;
    expect(answer.claims[4]!.source).toMatchObject({ messageId: byProduct.id, index: 0 });
    const onDisk = saved(conv.id);
    expect(onDisk.answer).toEqual(answer);
    expect(onDisk.answers).toEqual({ [final.id]: answer });
  });

  it('a follow-up gets its own answer; the earlier one keeps its marks', async () => {
    const run = await openRun([
      { reply: py('Revenue by region.', BY_REGION) },
      { reply: 'North: 31,800.\n\nTERMINATE' },
      { reply: py('By product.', BY_PRODUCT) },
      { reply: 'Widget Pro: 73,300; Gadget Lite: 17,800.\n\nTERMINATE' },
    ]);
    const first = (await run.ask('Which region leads?')).answer!;
    const conv = await run.ask('And which product?');
    await run.close();
    expect(conv.answer!.messageId).not.toBe(first.messageId);
    expect(conv.answer!.claims.map((c) => [c.text, c.source?.kind === 'output' && c.source.block])).toEqual([
      ['73,300', 2],
      ['17,800', 2],
    ]);
    expect(conv.answers).toEqual({ [first.messageId!]: first, [conv.answer!.messageId!]: conv.answer });
  });

  it('an error is never an answer: answered is false', async () => {
    const run = await openRun([{ reply: py('Revenue by region.', BY_REGION) }, { status: 401 }]);
    const conv = await run.ask('Totals?');
    await run.close();
    expect(conv.stopReason).toBe('error');
    expect(conv.answer).toMatchObject({ answered: false, text: 'Revenue by region.' });
  });

  it("uses the model's own verdict on whether it answered, when it gives one", async () => {
    const reply = 'I could not find that; the total is 91,100.\n\nTERMINATE';
    const verdicts: (boolean | null)[] = [];
    const model = (verdict: boolean | null): ChatModel => ({
      info: { kind: 'builtin', model: 'scripted', endpoint: null, contextTokens: 8000 },
      complete: async () => ({ content: reply }),
      answered: (messages) => {
        verdicts.push(verdict);
        expect(messages.at(-1)).toEqual({ role: 'assistant', content: reply });
        return verdict;
      },
    });
    for (const [verdict, answered] of [
      [false, false],
      [null, true],
      [true, true],
    ] as const) {
      const run = await openRun([], model(verdict));
      const conv = await run.ask('Which region grew fastest?');
      await run.close();
      expect(conv.answer).toMatchObject({ answered, text: 'I could not find that; the total is 91,100.' });
      expect(conv.answer!.claims).toEqual([
        { text: '91,100', value: 91100, supported: false, source: null, occurrence: 0 },
      ]);
    }
    expect(verdicts).toEqual([false, null, true]);
  });
});

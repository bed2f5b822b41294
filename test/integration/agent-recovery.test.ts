// Recovery actions of the engine: Retry, Continue (after Stop, the turn limit, a reply cut short),
// Regenerate and "Use the built-in analyst", with a scripted model, the in-memory store and the
// real executor (local sandbox, real Python).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDecision } from '../../electron/core/agent/approval';
import { ConversationRun } from '../../electron/core/agent/engine';
import type { AgentEvent } from '../../electron/model/agent/events';
import type {
  AssistantMessage,
  Conversation,
  ConversationSettings,
} from '../../electron/model/agent/conversation';
import { BUILTIN_MODEL, createConversation, createModel } from '../../electron/core/agent/service';
import { MemoryConversationStore } from '../support/memory-store';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ChatMessage, ChatModel, CompletionOptions } from '../../electron/model/llm/types';
import { ModelError } from '../../electron/model/llm/types';
import { SALES_CSV } from './support/env';

type Step =
  | string
  | ModelError
  /** Streams `text`, then waits until stopped. */
  | { hang: string }
  /** Asks to wait `ms` (rate limit), then replies. */
  | { wait: number; reply: string };

/** A model that plays its script and records what it was sent. */
class ScriptedModel implements ChatModel {
  readonly info = {
    kind: 'openai-compatible' as const,
    model: 'scripted',
    endpoint: 'http://models.test:8080/v1',
    contextTokens: 100_000,
  };
  readonly calls: ChatMessage[][] = [];
  constructor(private readonly steps: Step[]) {}
  async complete(messages: ChatMessage[], options: CompletionOptions = {}) {
    this.calls.push(messages);
    const step = this.steps.shift() ?? new ModelError('server', 'script ended');
    if (step instanceof ModelError) throw step;
    if (typeof step === 'string') {
      options.onToken?.(step);
      return { content: step };
    }
    if ('wait' in step) {
      options.onWait?.({ delayMs: step.wait, reason: 'rate-limit', attempt: 1 });
      await new Promise((r) => setTimeout(r, 50));
      options.onToken?.(step.reply);
      return { content: step.reply };
    }
    options.onToken?.(step.hang);
    await new Promise<void>((_, reject) =>
      options.signal?.addEventListener('abort', () => reject(new ModelError('cancelled', 'stopped')), {
        once: true,
      }),
    );
    throw new ModelError('cancelled', 'stopped');
  }
}

let root: string;
let store: MemoryConversationStore;
const executor = new ExecutorService({ mode: 'local' });
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-recovery-'));
  store = new MemoryConversationStore(root);
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const py = (code: string) => `Running this:\n\n\`\`\`python\n${code}\n\`\`\``;
const replies = (c: Conversation) => c.messages.filter((m): m is AssistantMessage => m.role === 'assistant');
const users = (c: Conversation) => c.messages.filter((m) => m.role === 'user');

async function open(
  model: ChatModel,
  settings: Partial<ConversationSettings> = {},
  approver?: () => Promise<ApprovalDecision>,
) {
  const conv = await createConversation(store, {
    file: SALES_CSV,
    model: {
      kind: 'openai-compatible',
      baseUrl: 'http://models.test:8080/v1',
      model: 'scripted',
      label: 'x',
    },
    settings: { maxTurns: 6, mode: 'local', ...settings },
  });
  const events: AgentEvent[] = [];
  const run = new ConversationRun({ executor, store, approver }, conv, { model, dataBrief: null });
  run.subscribe((e) => events.push(e));
  return { run, events };
}

describe('after a model error', () => {
  it('a 401 offers Open model settings, Retry and the built-in analyst; Retry asks the model again', async () => {
    const model = new ScriptedModel([
      new ModelError(
        'auth',
        'http://models.test:8080/v1 requires an API key (401): add one in Settings',
        401,
      ),
      'It is fine now. TERMINATE',
    ]);
    const { run } = await open(model);
    const failed = await run.ask('Total revenue?');
    expect(failed.stopReason).toBe('error');
    expect(failed.messages.at(-1)).toMatchObject({
      role: 'notice',
      level: 'error',
      kind: 'auth',
      actions: ['open-settings', 'retry', 'use-builtin'],
    });
    const done = await run.recover('retry');
    expect(done.stopReason).toBe('terminated');
    expect(users(done)).toHaveLength(1);
    expect(model.calls).toHaveLength(2);
    expect(model.calls[1]).toEqual(model.calls[0]); // the same request again, no "try again" typed
    expect((await store.load(done.id)).stopReason).toBe('terminated');
    await run.close();
  });

  it('Use the built-in analyst finishes the analysis without a key', async () => {
    const { run } = await open(new ScriptedModel([new ModelError('auth', 'needs a key (401)', 401)]), {
      maxTurns: 10,
    });
    const failed = await run.ask('What is the total revenue?');
    run.switchModel(createModel(BUILTIN_MODEL, { profile: failed.file!.profile! }), BUILTIN_MODEL);
    const done = await run.recover('retry');
    expect(done.model.kind).toBe('builtin');
    expect(done.stopReason).toBe('terminated');
    expect(replies(done).some((r) => r.blocks.some((b) => b.status === 'succeeded'))).toBe(true);
    expect(done.answer?.answered).toBe(true);
    await run.close();
  }, 120_000);

  it('reports a rate limit wait as an event with the time and host; it is cleared after', async () => {
    const { run, events } = await open(new ScriptedModel([{ wait: 12_000, reply: 'Done. TERMINATE' }]));
    const before = Date.now();
    const done = await run.ask('Hi');
    const wait = events.find((e) => e.type === 'wait');
    expect(wait).toBeDefined();
    if (wait?.type !== 'wait') throw new Error('no wait');
    expect(wait.wait).toMatchObject({ reason: 'rate-limit', host: 'models.test:8080' });
    const until = Date.parse(wait.wait.until);
    expect(until - before).toBeGreaterThanOrEqual(11_900);
    expect(until - before).toBeLessThan(20_000);
    expect(done.waiting ?? null).toBeNull();
    await run.close();
  });
});

describe('Continue', () => {
  it('after Stop while code waits for approval, runs that code without asking the model again', async () => {
    let decide: ((d: ApprovalDecision) => void) | null = null;
    let asked = 0;
    const model = new ScriptedModel([py("print('block ran', 6 * 7)"), 'It is 42. TERMINATE']);
    const { run } = await open(model, { approval: 'always' }, () => {
      asked++;
      return asked === 1 ? new Promise((r) => (decide = r)) : Promise.resolve({ action: 'run' });
    });
    const first = run.ask('Compute');
    while (run.conversation.status !== 'awaiting-approval') await new Promise((r) => setTimeout(r, 20));
    run.cancel();
    const stopped = await first;
    expect(decide).not.toBeNull();
    expect(stopped.stopReason).toBe('cancelled');
    expect(stopped.messages.at(-1)).toMatchObject({ role: 'notice', kind: 'stopped', actions: ['continue'] });
    expect(replies(stopped)[0]!.blocks[0]!.status).toBe('cancelled');
    const done = await run.recover('continue');
    expect(done.stopReason).toBe('terminated');
    expect(model.calls).toHaveLength(2);
    expect(replies(done)[0]!.blocks[0]).toMatchObject({ status: 'succeeded' });
    expect(replies(done)[0]!.blocks[0]!.result?.output).toContain('block ran 42');
    expect(users(done)).toHaveLength(1);
    await run.close();
  }, 60_000);

  it('after Stop mid-reply, writes the reply again (the cut-off text is dropped)', async () => {
    const model = new ScriptedModel([{ hang: 'Let me look at the dat' }, 'Nothing to run. TERMINATE']);
    const { run } = await open(model);
    const first = run.ask('Look');
    while (!replies(run.conversation)[0]?.content) await new Promise((r) => setTimeout(r, 10));
    run.cancel();
    const stopped = await first;
    expect(replies(stopped)[0]).toMatchObject({ content: 'Let me look at the dat', interrupted: true });
    const done = await run.recover('continue');
    expect(replies(done).map((r) => r.content)).toEqual(['Nothing to run. TERMINATE']);
    await run.close();
  });

  it('after the turn limit, goes on where it stopped', async () => {
    const model = new ScriptedModel([py('print(1)'), py('print(2)'), 'Two steps were enough. TERMINATE']);
    const { run } = await open(model, { maxTurns: 2 });
    const limited = await run.ask('Count');
    expect(limited.stopReason).toBe('max-turns');
    expect(limited.messages.at(-1)).toMatchObject({
      role: 'notice',
      kind: 'max-turns',
      actions: ['continue'],
    });
    const done = await run.recover('continue');
    expect(done.stopReason).toBe('terminated');
    expect(replies(done)).toHaveLength(3);
    expect(model.calls[2]!.at(-1)!.content).toContain('exitcode: 0');
    await run.close();
  }, 60_000);
});

describe('Regenerate', () => {
  it('replaces the last reply with a new one, and is refused when there is none', async () => {
    const model = new ScriptedModel(['First take. TERMINATE', 'Second take. TERMINATE']);
    const { run } = await open(model);
    expect(() => run.recover('regenerate')).toThrow(/no reply/);
    await run.ask('Say something');
    const done = await run.recover('regenerate');
    expect(replies(done).map((r) => [r.content, r.regenerated])).toEqual([['Second take. TERMINATE', 1]]);
    expect(model.calls[1]).toEqual(model.calls[0]);
    expect(done.answer?.messageId).toBe(replies(done)[0]!.id);
    expect(await store.load(done.id)).toEqual(done);
    await run.close();
  });
});

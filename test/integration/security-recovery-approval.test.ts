// Recovery actions (Retry, Continue, Use the built-in analyst) never run code without the approval
// the conversation's settings require: a block stopped while it waited for approval is asked for
// again, and "Run the rest of this analysis" does not carry over into a recovered run.
// Real executor (local sandbox, real Python).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../electron/core/agent/approval';
import { ConversationRun } from '../../electron/core/agent/engine';
import type { AssistantMessage } from '../../electron/model/agent/conversation';
import { BUILTIN_MODEL, createConversation, createModel } from '../../electron/core/agent/service';
import { MemoryConversationStore } from '../support/memory-store';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ChatModel, CompletionOptions } from '../../electron/model/llm/types';
import { ModelError } from '../../electron/model/llm/types';
import { SALES_CSV } from './support/env';

class Script implements ChatModel {
  readonly info = {
    kind: 'openai-compatible' as const,
    model: 'scripted',
    endpoint: 'http://models.test:8080/v1',
    contextTokens: 100_000,
  };
  constructor(private readonly steps: (string | ModelError)[]) {}
  async complete(_m: unknown, options: CompletionOptions = {}) {
    const step = this.steps.shift() ?? new ModelError('server', 'script ended');
    if (step instanceof ModelError) throw step;
    options.onToken?.(step);
    return { content: step };
  }
}

const py = (code: string) => `Step.\n\n\`\`\`python\n${code}\n\`\`\``;
let root: string;
let store: MemoryConversationStore;
const executor = new ExecutorService({ mode: 'local' });
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-sec-recover-'));
  store = new MemoryConversationStore(root);
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

async function open(model: ChatModel, approver: (r: ApprovalRequest) => Promise<ApprovalDecision>) {
  const conv = await createConversation(store, {
    file: SALES_CSV,
    model: {
      kind: 'openai-compatible',
      baseUrl: 'http://models.test:8080/v1',
      model: 'scripted',
      label: 'x',
    },
    settings: { maxTurns: 8, mode: 'local', approval: 'always' },
  });
  return new ConversationRun({ executor, store, approver }, conv, { model, dataBrief: null });
}

describe('recovery and approval', () => {
  it('"Run the rest of this analysis" ends with the run: Retry asks again', async () => {
    const asked: string[] = [];
    const run = await open(
      new Script([
        py("print('A')"),
        py("print('B')"),
        new ModelError('server', 'boom (500)'),
        py("print('C')"),
      ]),
      async (r) => {
        asked.push(r.code);
        return { action: 'run', scope: 'analysis' };
      },
    );
    const failed = await run.ask('Go');
    expect(failed.stopReason).toBe('error');
    expect(asked).toEqual(["print('A')"]); // B ran under "the rest of this analysis"
    await run.recover('retry');
    expect(asked).toEqual(["print('A')", "print('C')"]);
    await run.close();
  }, 60_000);

  it('a block stopped while waiting for approval is asked for again on Continue, and a refusal holds', async () => {
    let calls = 0;
    let first: ((d: ApprovalDecision) => void) | null = null;
    const run = await open(new Script([py("open('ran.txt', 'w').write('x')")]), (r) => {
      calls++;
      expect(r.code).toContain('ran.txt');
      return calls === 1 ? new Promise((res) => (first = res)) : Promise.resolve({ action: 'cancel' });
    });
    const pending = run.ask('Go');
    while (run.conversation.status !== 'awaiting-approval') await new Promise((r) => setTimeout(r, 20));
    run.cancel();
    await pending;
    expect(first).not.toBeNull();
    const again = await run.recover('continue');
    expect(calls).toBe(2);
    const block = again.messages.find((m): m is AssistantMessage => m.role === 'assistant')!.blocks[0]!;
    expect(block.status).toBe('cancelled');
    expect(block.result).toBeUndefined();
    await run.close();
  }, 60_000);

  it('Use the built-in analyst asks before its code too', async () => {
    const asked: string[] = [];
    const run = await open(new Script([new ModelError('auth', 'needs a key (401)', 401)]), async (r) => {
      asked.push(r.code);
      return { action: 'cancel' };
    });
    const failed = await run.ask('Total revenue?');
    run.switchModel(createModel(BUILTIN_MODEL, { profile: failed.file!.profile! }), BUILTIN_MODEL);
    const done = await run.recover('retry');
    expect(asked).toHaveLength(1);
    expect(done.messages.some((m) => m.role === 'execution')).toBe(false);
    await run.close();
  }, 60_000);
});

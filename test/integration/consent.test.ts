// Consent before unconfined code: with the local sandbox made to behave as on a machine without
// an OS sandbox (PLOTWRIGHT_LOCAL_SANDBOX=none), no code runs until the user says so; a verified
// sandbox (bubblewrap here) asks nothing under the default approval. Real engine, executor,
// Python and a loopback OpenAI-protocol server.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../electron/core/agent/approval';
import { ConversationRun } from '../../electron/core/agent/engine';
import {
  DEFAULT_CONVERSATION_SETTINGS,
  type AssistantMessage,
  type Conversation,
} from '../../electron/model/agent/conversation';
import { createConversation, createModel, openAIModelRef } from '../../electron/core/agent/service';
import { FileConversationStore } from '../../electron/core/agent/store';
import { ExecutorService } from '../../electron/core/exec/executor';
import { startOpenAIServer, type OpenAIServer, type Step } from '../support/openai-server';
import { SALES_CSV } from './support/env';

let root: string;
let store: FileConversationStore;
let server: OpenAIServer | null = null;
const executor = new ExecutorService({ mode: 'local' });

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-consent-'));
  store = new FileConversationStore(path.join(root, 'conversations'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

/** A block that leaves a marker file named `name` in the workspace. */
const touch = (name: string) =>
  `\`\`\`python\nopen(${JSON.stringify(name)}, 'w').write('ran')\nprint('ran ${name}')\n\`\`\``;

async function converse(
  steps: Step[],
  decide: (req: ApprovalRequest, ws: string) => Promise<ApprovalDecision>,
): Promise<{ conv: Conversation; asked: ApprovalRequest[]; ws: string }> {
  server = await startOpenAIServer(steps);
  const ref = openAIModelRef(server.url, 'test-model');
  const created = await createConversation(store, {
    file: SALES_CSV,
    model: ref,
    settings: { maxTurns: 5, mode: 'local' },
  });
  const ws = store.workspaceDir(created.id);
  const asked: ApprovalRequest[] = [];
  const run = new ConversationRun(
    {
      executor,
      store,
      approver: (req) => {
        asked.push(req);
        return decide(req, ws);
      },
    },
    created,
    { model: createModel(ref, { apiKey: 'sk-test', profile: created.file!.profile! }), dataBrief: null },
  );
  const conv = await run.ask('What is the total revenue?');
  await run.close();
  return { conv, asked, ws };
}

const blocks = (c: Conversation) =>
  c.messages.filter((m): m is AssistantMessage => m.role === 'assistant').flatMap((m) => m.blocks);

describe('consent before unconfined code (no OS sandbox)', () => {
  it('is the default: nothing runs before the user decides, and they are told what the code could do', async () => {
    expect(DEFAULT_CONVERSATION_SETTINGS.approval).toBe('unsandboxed');
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    let ranBeforeConsent: boolean | null = null;
    const { conv, asked } = await converse(
      [{ reply: touch('one.txt') }, { reply: 'Done.\n\nTERMINATE' }],
      async (_req, ws) => {
        ranBeforeConsent = existsSync(path.join(ws, 'one.txt'));
        return { action: 'cancel' };
      },
    );
    expect(ranBeforeConsent).toBe(false);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ isolated: false, runner: 'no OS sandbox' });
    expect(asked[0]!.risks.join(' ')).toMatch(/network/);
    expect(asked[0]!.risks.join(' ')).toMatch(/home folder/);
    expect(conv.stopReason).toBe('cancelled');
    expect(blocks(conv)[0]!.status).toBe('cancelled');
    expect(conv.messages.some((m) => m.role === 'execution')).toBe(false);
  });

  it('"Run this block" runs that block only: the next one asks again', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    const { conv, asked } = await converse(
      [{ reply: touch('a.txt') }, { reply: touch('b.txt') }, { reply: 'Done.\n\nTERMINATE' }],
      async (req) => (req.code.includes('a.txt') ? { action: 'run' } : { action: 'cancel' }),
    );
    expect(asked.map((r) => r.code.includes('a.txt'))).toEqual([true, false]);
    expect(blocks(conv).map((b) => b.status)).toEqual(['succeeded', 'cancelled']);
  });

  it('"Allow for this analysis" runs the rest without asking, until the analysis ends', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    const { conv, asked } = await converse(
      [
        { reply: touch('a.txt') },
        { reply: touch('b.txt') },
        { reply: touch('c.txt') },
        { reply: 'TERMINATE' },
      ],
      async () => ({ action: 'run', scope: 'analysis' }),
    );
    expect(asked).toHaveLength(1);
    expect(blocks(conv).map((b) => b.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(conv.stopReason).toBe('terminated');
  });

  it('"Set up Docker isolation" stops before the code runs and says what happens next', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    const { conv, ws } = await converse([{ reply: touch('d.txt') }], async () => ({
      action: 'setup-docker',
    }));
    expect(existsSync(path.join(ws, 'd.txt'))).toBe(false);
    expect(conv.stopReason).toBe('cancelled');
    const notice = conv.messages.find((m) => m.role === 'notice');
    expect(notice?.content).toMatch(/Docker isolation is being set up/);
  });
});

describe('a verified sandbox (bubblewrap)', () => {
  it('asks nothing under the default approval, and the conversation records what the probe saw', async () => {
    const { conv, asked } = await converse([{ reply: touch('e.txt') }, { reply: 'TERMINATE' }], async () => {
      throw new Error('should not ask');
    });
    expect(asked).toHaveLength(0);
    expect(blocks(conv)[0]!.status).toBe('succeeded');
    expect(conv.execution?.isolation?.verified).toBe(true);
    expect(conv.execution?.isolation?.runner).toMatch(/^bubblewrap /);
    expect(blocks(conv)[0]!.result?.isolation?.verified).toBe(true);
  });
});

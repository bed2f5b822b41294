// "Check my model" in the app (CheckService), with a scripted runner: the result saved in the data
// folder keyed by the model (never a secret), kept across a restart, one check at a time, Cancel,
// and the app's consent rule for code without a verified sandbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRef } from '../../electron/model/agent/conversation';
import type { CheckQuestionResult, CheckResult } from '../../electron/model/check';
import { DEFAULT_APP_SETTINGS, type Settings } from '../../electron/model/settings';
import type { EventPayloads } from '../../electron/shared/contract';
import { CHECKS_FILE, CheckService, checkKey } from '../../electron/core/desktop/check-service';
import { CheckFailedError, CheckRefusedError, type CheckOptions } from '../../electron/core/check/runner';
import type { ExecutorService } from '../../electron/core/exec/executor';
import { summarise } from '../../electron/core/check/summary';

const question = (i: number, verdict: CheckQuestionResult['verdict']): CheckQuestionResult => ({
  id: `q${i}`,
  kind: 'figure',
  table: 'sales',
  question: `Question ${i}?`,
  truth: { kind: 'number', value: i },
  verdict,
  why: 'states it',
  answer: 'an answer',
  stopReason: 'terminated',
  error: null,
  turns: 2,
  failedBlocks: 0,
  durationMs: 500 + i,
  tokens: null,
});

function resultOf(model: ModelRef, verdicts: CheckQuestionResult['verdict'][], complete = true): CheckResult {
  const questions = verdicts.map((v, i) => question(i + 1, v));
  return {
    version: 1,
    model,
    mode: 'auto',
    sandbox: { runner: 'bubblewrap', isolated: true },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    complete,
    questions,
    summary: summarise(questions),
  };
}

/** A runner that answers `verdicts`, reporting progress, until cancelled or `gate` opens. */
function scripted(verdicts: CheckQuestionResult['verdict'][], gate?: Promise<void>) {
  const calls: CheckOptions[] = [];
  const run = async (o: CheckOptions): Promise<CheckResult> => {
    calls.push(o);
    const done: CheckQuestionResult[] = [];
    for (const [i, v] of verdicts.entries()) {
      if (o.signal?.aborted) break;
      o.onProgress?.({ index: i + 1, total: verdicts.length, question: `Question ${i + 1}?` });
      if (gate) await gate;
      if (o.signal?.aborted) break;
      done.push(question(i + 1, v));
      o.onProgress?.({
        index: i + 1,
        total: verdicts.length,
        question: `Question ${i + 1}?`,
        result: done.at(-1),
      });
    }
    return { ...resultOf(o.model, verdicts), questions: done, complete: done.length === verdicts.length };
  };
  return { run, calls };
}

let dir: string;
let settings: Settings;
let events: EventPayloads['models:check'][];
const keys = new Map<string, string>();

function service(run: (o: CheckOptions) => Promise<CheckResult>) {
  return new CheckService({
    executor: {} as ExecutorService,
    settings: () => settings,
    secrets: { get: (url) => keys.get(new URL(url).origin) ?? null },
    events: { emit: (channel, payload) => channel === 'models:check' && events.push(payload as never) },
    dataDir: dir,
    run,
  });
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pw-check-service-'));
  settings = { ...DEFAULT_APP_SETTINGS };
  events = [];
  keys.clear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('CheckService', () => {
  it('saves the result keyed by the model, and a new service (a restart) still has it', async () => {
    const s = service(scripted(['right', 'right', 'declined', 'wrong']).run);
    await s.start();
    await s.idle();
    const status = await s.status();
    expect(status.model.kind).toBe('builtin');
    expect(status.saved?.summary).toMatchObject({ total: 4, right: 2, declined: 1, wrong: 1 });
    expect(status.running).toBeNull();
    expect(events.at(-1)).toMatchObject({ state: 'finished' });

    // another model has no result of its own; the built-in analyst's stays
    settings = { ...settings, provider: 'compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen' };
    const restarted = service(scripted([]).run);
    expect((await restarted.status()).saved).toBeNull();
    settings = { ...settings, provider: 'builtin' };
    expect((await restarted.status()).saved?.summary.right).toBe(2);
  });

  it('checks the configured model and mode, with the key only for its origin, and saves no secret', async () => {
    settings = {
      ...settings,
      provider: 'compatible',
      baseUrl: 'http://user:hunter2@127.0.0.1:8000/v1?token=sekrit',
      model: 'small-model',
      securityMode: 'local',
      maxTurns: 7,
    };
    keys.set('http://127.0.0.1:8000', 'sk-the-key-1234');
    const { run: right, calls } = scripted(['right']);
    // an error that quotes the endpoint as configured (with its password and query)
    const run = async (o: CheckOptions) => {
      const r = await right(o);
      return { ...r, questions: r.questions.map((q) => ({ ...q, error: `${settings.baseUrl} said no` })) };
    };
    const s = service(run);
    await s.start();
    await s.idle();
    expect(calls[0]).toMatchObject({ mode: 'local', maxTurns: 7, allowUnsandboxed: false });
    expect(calls[0]!.model).toMatchObject({ kind: 'openai-compatible', model: 'small-model' });
    expect(calls[0]!.apiKey?.('http://127.0.0.1:8000/v1')).toBe('sk-the-key-1234');
    expect(calls[0]!.apiKey?.('http://elsewhere.example/v1')).toBeUndefined();
    const file = readFileSync(path.join(dir, CHECKS_FILE), 'utf8');
    for (const secret of ['hunter2', 'sekrit', 'sk-the-key', 'user:']) expect(file).not.toContain(secret);
    expect(JSON.parse(file).results).toHaveProperty([checkKey((await s.status()).model)]);
    expect((await s.status()).saved?.summary.right).toBe(1);
  });

  it('runs one check at a time: a second start is refused in one line; progress names each question', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const s = service(scripted(['right', 'wrong'], gate).run);
    await s.start();
    await expect(s.start()).rejects.toThrow(/^a check is already running: wait for it or cancel it$/);
    expect((await s.status()).running).toMatchObject({ index: 1, total: 2, question: 'Question 1?' });
    open();
    await s.idle();
    const running = events.filter((e) => e.state === 'running');
    expect(running.at(-1)).toMatchObject({
      progress: { index: 2, total: 2, last: { question: 'Question 2?', verdict: 'wrong' } },
    });
    // once done, another may start
    await s.start();
    await s.idle();
  });

  it('Cancel stops the check: the partial result is reported, not saved over the last one', async () => {
    const first = service(scripted(['right']).run);
    await first.start();
    await first.idle();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const s = service(scripted(['wrong', 'wrong', 'wrong'], gate).run);
    await s.start();
    s.cancel();
    open();
    await s.idle();
    expect(events.at(-1)).toMatchObject({ state: 'finished', result: { complete: false } });
    expect((await s.status()).saved?.summary).toMatchObject({ total: 1, right: 1 });
  });

  it("follows the app's consent: unsandboxed only after `never` was chosen, or confirmed for this check", async () => {
    const { run, calls } = scripted([]);
    const s = service(run);
    await s.start();
    await s.idle();
    await s.start(true);
    await s.idle();
    settings = { ...settings, approval: 'never' };
    await s.start();
    await s.idle();
    expect(calls.map((c) => c.allowUnsandboxed)).toEqual([false, true, true]);
  });

  it('a refusal or an unusable model ends in one line with a way to recover', async () => {
    const refuse = service(async () => {
      throw new CheckRefusedError('refusing to run code without a verified sandbox');
    });
    await refuse.start();
    await refuse.idle();
    expect(events.at(-1)).toMatchObject({ state: 'failed', recovery: 'sandbox' });
    settings = { ...settings, provider: 'openai', model: 'gpt-4o-mini' };
    const auth = service(async () => {
      throw new CheckFailedError('the check stopped at "Q?": the API key was rejected (401)');
    });
    await auth.start();
    await auth.idle();
    expect(events.at(-1)).toMatchObject({ state: 'failed', recovery: 'api-key' });
    settings = { ...settings, securityMode: 'off' };
    await expect(auth.start()).rejects.toThrow(/code execution is off/);
  });

  it('tools mode: the built-in analyst is checked as in Auto (its code is the tools’ own templates)', async () => {
    settings = { ...settings, securityMode: 'tools' };
    const { run, calls } = scripted([]);
    const s = service(run);
    await s.start();
    await s.idle();
    expect(calls[0]).toMatchObject({ mode: 'auto', execution: 'tools', model: { kind: 'builtin' } });
  });

  it('tools mode: a model is checked calling the tools, in the Auto sandbox', async () => {
    settings = {
      ...settings,
      securityMode: 'tools',
      provider: 'compatible',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen',
    };
    const { run, calls } = scripted([]);
    const s = service(run);
    await s.start();
    await s.idle();
    expect(calls[0]).toMatchObject({
      mode: 'auto',
      execution: 'tools',
      model: { kind: 'openai-compatible' },
    });
  });
});

/**
 * "Check my model": the fixed questions (questions.ts) over the generated tables (tables.ts), each
 * asked in a new conversation through the real loop — the same engine, executor and model as
 * `plotwright analyse` — and judged against the truths pandas computed (verdict.ts).
 * Conversations live in a temporary folder, removed at the end: none reaches the user's library.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openConversationRun, type OpenRunOptions } from '../agent/open-run';
import { createConversation } from '../agent/service';
import { FileConversationStore } from '../agent/store';
import { ExecutorService } from '../exec/executor';
import type { ExecSession } from '../exec/session';
import type { Conversation, ModelRef, NoticeKind } from '../../model/agent/conversation';
import { DEFAULTS } from '../../model/defaults';
import type { ExecMode } from '../../model/exec/types';
import { oneLine } from '../../model/text/one-line';
import { CHECK_QUESTIONS, computeTruths, type CheckQuestion } from './questions';
import { summarise } from './summary';
import { writeTables } from './tables';
import type { CheckProgress, CheckQuestionResult, CheckResult, CheckTruth } from '../../model/check';
import { judge } from './verdict';

export interface CheckOptions {
  /** The model to check: `BUILTIN_MODEL`, or `openAIModelRef(baseUrl, model)` (agent/service). */
  model: ModelRef;
  /** For an OpenAI-compatible endpoint: its key, asked before each reply (as `openConversationRun`). */
  apiKey?: OpenRunOptions['apiKey'];
  /** Where the code runs (default auto). */
  mode?: ExecMode;
  /** `tools`: the model calls the analysis tools and its own code never runs (tools mode). Default `on`. */
  execution?: 'on' | 'tools';
  /** Run even where no sandbox passed the isolation probe (else the check refuses, before any code runs). */
  allowUnsandboxed?: boolean;
  /** The app's executor; by default one of the check's own, shut down at the end. */
  executor?: ExecutorService;
  maxTurns?: number;
  /** An interpreter with pandas for the truths (default: the discovered one). */
  python?: string;
  /** Cancel: the current question stops, the result holds the ones that finished (complete: false). */
  signal?: AbortSignal;
  onProgress?: (progress: CheckProgress) => void;
  /** The question set (default CHECK_QUESTIONS). */
  questions?: readonly CheckQuestion[];
  now?: () => Date;
}

/** No verified sandbox, and the caller did not allow running without one. */
export class CheckRefusedError extends Error {
  /** The sandbox that was not verified (the caller words the refusal: the CLI, the app). */
  constructor(
    message: string,
    readonly sandbox?: ExecSession['sandbox'],
  ) {
    super(message);
    this.name = 'CheckRefusedError';
  }
}

/** The model cannot be used at all (unreachable, the key rejected, no such model): no score means anything. */
export class CheckFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailedError';
  }
}

/** Model failures that every other question would meet too. */
const FATAL: readonly (NoticeKind | undefined)[] = ['auth', 'not-found', 'connection'];

function fatalError(conv: Conversation): string | null {
  if (conv.stopReason !== 'error') return null;
  const notice = conv.messages.findLast((m) => m.role === 'notice' && m.level === 'error');
  return notice?.role === 'notice' && FATAL.includes(notice.kind)
    ? oneLine(conv.error ?? notice.content)
    : null;
}

const ANSWER_CHARS = 400;

/** Tokens the conversation's replies used, as the endpoint reported them; null when it reported none. */
function tokensOf(conv: Conversation): number | null {
  const used = conv.messages.flatMap((m) => (m.role === 'assistant' && m.usage ? [m.usage] : []));
  return used.length ? used.reduce((n, u) => n + u.promptTokens + u.completionTokens, 0) : null;
}

function failedBlocks(conv: Conversation): number {
  return conv.messages.reduce(
    (n, m) =>
      n +
      (m.role === 'assistant'
        ? m.blocks.filter((b) => b.status === 'failed' || b.status === 'timed-out').length
        : 0),
    0,
  );
}

/**
 * Runs the check. Throws when it cannot run: no Python for the truths, the mode unavailable
 * (ModeUnavailableError), no verified sandbox (CheckRefusedError), the model unusable (CheckFailedError).
 */
export async function checkModel(options: CheckOptions): Promise<CheckResult> {
  const now = () => options.now?.() ?? new Date();
  const questions = options.questions ?? CHECK_QUESTIONS;
  const mode = options.mode ?? 'auto';
  const startedAt = now().toISOString();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'plotwright-check-'));
  const executor = options.executor ?? new ExecutorService();
  const store = new FileConversationStore(path.join(tmp, 'conversations'));
  const results: CheckQuestionResult[] = [];
  let sandbox: CheckResult['sandbox'] = null;
  try {
    const tables = await writeTables(path.join(tmp, 'tables'));
    const truths = await computeTruths(tables, questions, { python: options.python, signal: options.signal });
    for (const [i, q] of questions.entries()) {
      if (options.signal?.aborted) break;
      options.onProgress?.({ index: i + 1, total: questions.length, question: q.question });
      const asked = await askOne(q, truths[i]!, tables[q.table], {
        ...options,
        mode,
        executor,
        store,
        onSession: (session) => {
          sandbox ??= { runner: session.sandbox.runner, isolated: session.sandbox.isolated };
          if (options.allowUnsandboxed !== true && !session.sandbox.isolation?.verified)
            throw new CheckRefusedError(`no verified sandbox (${session.sandbox.runner})`, session.sandbox);
        },
      });
      if (!asked) break;
      results.push(asked);
      options.onProgress?.({ index: i + 1, total: questions.length, question: q.question, result: asked });
    }
  } catch (err) {
    if (!options.signal?.aborted) throw err; // cancelled while starting: the questions so far
  } finally {
    if (!options.executor) await executor.shutdown();
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
  return {
    version: 1,
    model: options.model,
    mode,
    execution: options.execution ?? 'on',
    sandbox,
    startedAt,
    finishedAt: now().toISOString(),
    complete: results.length === questions.length,
    questions: results,
    summary: summarise(results),
  };
}

interface AskContext extends CheckOptions {
  mode: ExecMode;
  executor: ExecutorService;
  store: FileConversationStore;
  onSession: (session: ExecSession) => void;
}

/** One question in a new conversation on its table; null when it was cancelled. */
async function askOne(
  q: CheckQuestion,
  truth: CheckTruth,
  file: string,
  ctx: AskContext,
): Promise<CheckQuestionResult | null> {
  const started = performance.now();
  const conversation = await createConversation(ctx.store, {
    file,
    model: ctx.model,
    question: q.question,
    settings: {
      mode: ctx.mode,
      execution: ctx.execution ?? 'on',
      approval: 'never',
      maxTurns: ctx.maxTurns ?? DEFAULTS.maxTurns,
    },
    signal: ctx.signal,
  });
  const run = openConversationRun({ executor: ctx.executor, store: ctx.store }, conversation, {
    apiKey: ctx.apiKey,
    question: q.question,
  });
  const onAbort = () => run.cancel();
  try {
    ctx.onSession(await run.prepare());
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal?.aborted) return null;
    const finished = await run.ask(q.question);
    if (finished.stopReason === 'cancelled' && ctx.signal?.aborted) return null;
    const fatal = fatalError(finished);
    if (fatal) throw new CheckFailedError(`the check stopped at "${q.question}": ${fatal}`);
    const answer = finished.answer ?? null;
    const { verdict, why } = judge(truth, { stopReason: finished.stopReason, answer });
    const text = answer?.text ?? '';
    return {
      id: q.id,
      kind: q.kind,
      table: q.table,
      question: q.question,
      truth,
      verdict,
      why,
      answer: text.length > ANSWER_CHARS ? `${text.slice(0, ANSWER_CHARS - 1)}…` : text,
      stopReason: finished.stopReason,
      error: finished.error ? oneLine(finished.error) : null,
      turns: finished.turns,
      failedBlocks: failedBlocks(finished),
      durationMs: Math.round(performance.now() - started),
      tokens: tokensOf(finished),
    };
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await run.close();
  }
}

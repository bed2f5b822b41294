/**
 * The AutoGen loop, as a desktop product: the assistant (a model, or the offline analyst)
 * writes; every runnable block of its newest message runs (with approval when asked); the
 * result goes back; until the assistant says TERMINATE, stops asking for anything, runs out
 * of turns, fails, or the user cancels. Every step is an event, saved as it happens. A stopped
 * run can be recovered without a new question (Retry, Continue, Regenerate, another model).
 */
import { randomBytes } from 'node:crypto';
import type { AnswerTrace } from '../../model/answer/types';
import { planExecution } from '../exec/extract';
import type { ExecutorService } from '../exec/executor';
import { batchFrom } from '../exec/result';
import type { ExecSession } from '../exec/session';
import type { ChatModel } from '../../model/llm/types';
import { ModelError } from '../../model/llm/types';
import type { Approver } from './approval';
import { runBlocks, type BlocksOutcome } from './blocks';
import { reduce, type AgentEvent } from '../../model/agent/events';
import type {
  AssistantMessage,
  Conversation,
  ModelRef,
  NoticeAction,
  NoticeKind,
  RecoveryAction,
  StopReason,
} from '../../model/agent/conversation';
import { saysTerminate, systemPrompt } from './prompt';
import { closingNotice, lastReply, noticeKindOf, resumePoint } from '../../model/agent/recovery';
import { openExecSession } from './session';
import { traceRun } from './trace-run';
import { assistantTurn, endStreaming, type TurnContext } from './turn';
import { toolsPlan } from './tool-calls';
import { usesTools } from '../../model/agent/tools-mode';
import { retitled, type ConversationStore } from './store';
import { oneLine } from '../../model/text/one-line';

export interface EngineDeps {
  executor: ExecutorService;
  store: ConversationStore;
  /** Asked before a block runs when the approval mode wants it. */
  approver?: Approver;
  now?: () => Date;
}

export interface RunSetup {
  model: ChatModel;
  /** The privacy-filtered description of the data: exactly what the model may see. */
  dataBrief: string | null;
}

export type Listener = (event: AgentEvent, conversation: Conversation) => void;

/** How a run ended: why, the one line to show, and what kind of trouble it was. */
interface Outcome {
  reason: StopReason;
  error: string | null;
  kind?: NoticeKind;
}

/** What a run starts with: a new question, or a recovery action on the conversation as it stands. */
type Start = { question: string } | { action: RecoveryAction | 'regenerate' };

const SAVE_EVERY_MS = 500;

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** One open conversation: its state, its execution session, and the loop that drives it. */
export class ConversationRun {
  private conv: Conversation;
  private readonly listeners = new Set<Listener>();
  private session: Promise<ExecSession> | null = null;
  private controller: AbortController | null = null;
  /** The user's "Allow for this analysis", for the current run only. */
  private consent = { allowed: false };
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  /** The previous kernel being closed (switchModel): the next one opens after it. */
  private closing: Promise<void> = Promise.resolve();
  /** Set by Regenerate: the next reply is a rewrite (its count is kept on it). */
  private regenerated = 0;

  constructor(
    private readonly deps: EngineDeps,
    conversation: Conversation,
    private setup: RunSetup,
  ) {
    this.conv = conversation;
  }

  get conversation(): Conversation {
    return this.conv;
  }

  get running(): boolean {
    return this.controller !== null && this.conv.status !== 'finished';
  }

  /** Renames the conversation (also while it runs: the title is saved with the next state). */
  rename(title: string): Conversation {
    this.emit({ type: 'title', title: retitled(this.conv, title).title, at: this.at() });
    return this.conv;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private at(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private emit(event: AgentEvent): void {
    this.conv = reduce(this.conv, event);
    for (const listener of this.listeners) listener(event, this.conv);
    if (event.type === 'delta' || event.type === 'block-output') {
      this.saveTimer ??= setTimeout(() => void this.flush(), SAVE_EVERY_MS);
    } else {
      void this.flush();
    }
  }

  /** Saves the current state now (writes are serialised by the store). */
  flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.saving = this.deps.store.save(this.conv).catch(() => undefined);
    return this.saving;
  }

  private notice(
    level: 'info' | 'warning' | 'error',
    content: string,
    kind?: NoticeKind,
    actions?: NoticeAction[],
  ): void {
    const extra = { ...(kind ? { kind } : {}), ...(actions?.length ? { actions } : {}) };
    this.emit({
      type: 'message',
      at: this.at(),
      message: { id: newId('n'), role: 'notice', level, content, at: this.at(), ...extra },
    });
  }

  /** Stops whatever is happening: the model's stream, the running code, a pending approval. */
  cancel(): void {
    this.controller?.abort();
  }

  /** Adds the user's question and runs the loop until it stops. */
  ask(question: string): Promise<Conversation> {
    return this.start({ question });
  }

  /**
   * Recovers a stopped run without a new question. `retry` and `continue` resume where it
   * stopped (the model call that failed, the code that did not run, a reply cut short);
   * `regenerate` writes the latest run's last reply anew (the old one is dropped); `use-builtin`
   * (after switchModel) resumes with the built-in analyst.
   */
  recover(action: RecoveryAction | 'regenerate'): Promise<Conversation> {
    if (this.controller) throw new Error('this conversation is already running');
    if (action === 'regenerate' && !lastReply(this.conv)) throw new Error('there is no reply to write again');
    return this.start({ action });
  }

  /**
   * From now on `model` writes this conversation's replies (saved as the conversation's model). The
   * kernel is closed: the new writer's code never runs in a namespace the previous one's code left
   * (a replaced `record_result`, a tampered `df`, a thread still writing into the inbox).
   */
  switchModel(model: ChatModel, ref: ModelRef): void {
    if (this.controller) throw new Error('this conversation is already running');
    this.setup = { ...this.setup, model };
    const previous = this.session;
    this.session = null;
    this.closing = (previous ?? Promise.resolve(null)).then((s) => s?.close()).catch(() => undefined);
    this.emit({ type: 'model', model: ref, at: this.at() });
  }

  private async start(start: Start): Promise<Conversation> {
    if (this.controller) throw new Error('this conversation is already running');
    const controller = new AbortController();
    this.controller = controller;
    this.consent = { allowed: false };
    try {
      const regenerate = 'action' in start && start.action === 'regenerate' ? lastReply(this.conv) : null;
      this.emit({ type: 'started', at: this.at() });
      let first: AssistantMessage | null = null;
      if ('question' in start) {
        this.emit({
          type: 'message',
          at: this.at(),
          message: { id: newId('u'), role: 'user', content: start.question, at: this.at() },
        });
      } else if (regenerate) {
        this.regenerated = (regenerate.regenerated ?? 0) + 1;
        this.emit({ type: 'regenerate', id: regenerate.id, at: this.at() });
      } else {
        const point = resumePoint(this.conv);
        if (point.kind === 'rewrite') this.emit({ type: 'regenerate', id: point.reply.id, at: this.at() });
        if (point.kind === 'run') first = this.requeue(point.reply);
      }
      const { reason, error, kind } = await this.loop(controller.signal, first);
      const closing = closingNotice(reason, error, kind, this.conv);
      if (closing) this.notice(closing.level, closing.content, closing.kind, closing.actions);
      const answer = this.traceRun(reason);
      if (answer) this.emit({ type: 'answer', answer, at: this.at() });
      // free before 'finished' is seen: a follow-up may be asked the moment the run shows finished
      this.controller = null;
      this.emit({ type: 'finished', reason, error: reason === 'error' ? error : null, at: this.at() });
      await this.flush();
      return this.conv;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  private systemPrompt(): string {
    return systemPrompt({
      fileName: this.conv.file?.name ?? null,
      dataBrief: this.setup.dataBrief,
      executionOn: this.conv.settings.execution === 'on',
      tools: usesTools(this.conv),
    });
  }

  /** The run's final answer, traced (trace-run.ts). */
  private traceRun(reason: StopReason): AnswerTrace | null {
    return traceRun(this.conv, this.setup.model, this.systemPrompt(), reason);
  }

  /** The reply's blocks that did not succeed, queued to run again (Retry, Continue). */
  private requeue(reply: AssistantMessage): AssistantMessage {
    for (const b of reply.blocks) {
      if (b.status === 'succeeded' || b.shownOnly) continue;
      this.emit({
        type: 'block',
        id: reply.id,
        index: b.index,
        patch: { status: 'queued', output: '', result: undefined, startedAt: undefined, endedAt: undefined },
        at: this.at(),
      });
    }
    return this.conv.messages.find((m): m is AssistantMessage => m.id === reply.id)!;
  }

  /** Runs turns until the run stops; `first` is a reply whose code runs before the model is asked. */
  private async loop(signal: AbortSignal, first: AssistantMessage | null = null): Promise<Outcome> {
    const settings = this.conv.settings;
    if (settings.execution !== 'off') void this.openSession().catch(() => undefined); // warm while the model thinks
    const system = this.systemPrompt();
    for (let turns = 0; ;) {
      if (signal.aborted) return { reason: 'cancelled', error: 'Stopped.' };
      let reply: AssistantMessage;
      if (first) {
        [reply, first] = [first, null];
      } else {
        if (turns >= settings.maxTurns) return { reason: 'max-turns', error: null };
        try {
          const regenerated = this.regenerated;
          this.regenerated = 0;
          reply = await assistantTurn(this.turn, this.setup.model, system, signal, regenerated);
        } catch (err) {
          endStreaming(this.turn);
          if (signal.aborted || (err instanceof ModelError && err.kind === 'cancelled'))
            return { reason: 'cancelled', error: 'Stopped.' };
          return { reason: 'error', error: oneLine(err), kind: noticeKindOf(err) };
        }
        this.emit({ type: 'turns', turns: ++turns, at: this.at() });
      }
      // tools mode: only the reply's tool calls run, never its code (tool-calls.ts)
      const plan = usesTools(this.conv) ? toolsPlan(reply) : planExecution(reply.content);
      if (plan.blocks.length === 0) {
        if (!plan.unsupported) return { reason: 'terminated', error: null };
        this.reply(reply.id, batchFrom([], plan.unsupported).message, 1);
        continue;
      }
      if (settings.execution === 'off') {
        this.notice('info', 'Code execution is off: the code was shown, not run.');
        return { reason: 'terminated', error: null };
      }
      const outcome = await this.runBlocks(reply, signal);
      if ('error' in outcome) return { reason: 'error', error: outcome.error, kind: 'execution' };
      if (outcome.stop === 'setup-docker')
        return {
          reason: 'cancelled',
          kind: 'stopped',
          error:
            'Stopped before running the code: Docker isolation is being set up (see the status bar). Ask again when it is ready; the code will then run in Docker.',
        };
      if (signal.aborted || outcome.stop) return { reason: 'cancelled', error: 'Stopped.' };
      this.reply(reply.id, outcome.message, outcome.exitCode);
      if (saysTerminate(reply.content)) return { reason: 'terminated', error: null };
    }
  }

  /** The run as a turn sees it (turn.ts). */
  private readonly turn: TurnContext = {
    conversation: () => this.conv,
    emit: (event) => this.emit(event),
    at: () => this.at(),
    now: () => this.deps.now?.() ?? new Date(),
    newId,
  };

  private reply(replyTo: string, content: string, exitCode: number): void {
    this.emit({
      type: 'message',
      at: this.at(),
      message: { id: newId('x'), role: 'execution', content, exitCode, replyTo, at: this.at() },
    });
  }

  /** Opens (or returns) this conversation's execution session: what it runs in, and how isolated. */
  prepare(): Promise<ExecSession> {
    return this.openSession();
  }

  private openSession(): Promise<ExecSession> {
    if (!this.session) {
      // after the previous kernel (see switchModel) is closed
      this.session = this.closing.then(() =>
        openExecSession(this.deps, this.conv, (info) =>
          this.emit({ type: 'execution-info', at: this.at(), info }),
        ),
      );
      this.session.catch(() => (this.session = null));
    }
    return this.session;
  }

  /** Runs the reply's blocks in this conversation's session (blocks.ts). */
  private async runBlocks(reply: AssistantMessage, signal: AbortSignal): Promise<BlocksOutcome> {
    let session: ExecSession;
    try {
      session = await this.openSession();
    } catch (err) {
      return { error: oneLine(err) };
    }
    return runBlocks(
      {
        conversation: this.conv,
        session,
        signal,
        approver: this.deps.approver,
        consent: this.consent,
        emit: (event) => this.emit(event),
        at: () => this.at(),
      },
      reply,
    );
  }

  /**
   * Closes the execution session (kernel, container) of an idle conversation; the next question
   * opens a new one, and the loop's code reloads what it needs (the result says state was lost).
   */
  async releaseSession(): Promise<void> {
    if (this.running) return;
    const session = await this.session?.catch(() => null);
    this.session = null;
    await session?.close();
  }

  /** Ends the run (if any) and closes the execution session; the conversation stays saved. */
  async close(): Promise<void> {
    this.cancel();
    const session = await this.session?.catch(() => null);
    await session?.close();
    this.session = null;
    await this.flush();
    await this.saving;
  }
}

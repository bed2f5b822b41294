/**
 * The AutoGen loop, as a desktop product: the assistant (a model, or the offline analyst)
 * writes; every runnable block of its newest message runs (with approval when asked); the
 * result goes back; until the assistant says TERMINATE, stops asking for anything, runs out
 * of turns, fails, or the user cancels. Every step is an event, saved as it happens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { answerText, finalAnswerMessage, traceAnswer } from '../answer/trace';
import type { AnswerTrace } from '../answer/types';
import { planExecution } from '../exec/extract';
import type { ExecutorService } from '../exec/executor';
import { batchFrom } from '../exec/result';
import type { ExecSession } from '../exec/session';
import type { ExecLanguage } from '../exec/types';
import { recoverCode } from '../llm/recover';
import type { ChatModel } from '../llm/types';
import { ModelError } from '../llm/types';
import type { Approver } from './approval';
import { runBlocks, type BlocksOutcome } from './blocks';
import { reduce, type AgentEvent } from './events';
import type { AssistantMessage, BlockRun, Conversation, StopReason } from './model';
import { chatMessages, saysTerminate, systemPrompt } from './prompt';
import { retitled, type ConversationStore } from './store';

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

  constructor(
    private readonly deps: EngineDeps,
    conversation: Conversation,
    private readonly setup: RunSetup,
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

  private notice(level: 'info' | 'warning' | 'error', content: string): void {
    this.emit({
      type: 'message',
      at: this.at(),
      message: { id: newId('n'), role: 'notice', level, content, at: this.at() },
    });
  }

  /** Stops whatever is happening: the model's stream, the running code, a pending approval. */
  cancel(): void {
    this.controller?.abort();
  }

  /** Adds the user's question and runs the loop until it stops. */
  async ask(question: string): Promise<Conversation> {
    if (this.controller) throw new Error('this conversation is already running');
    const controller = new AbortController();
    this.controller = controller;
    this.consent = { allowed: false };
    try {
      this.emit({ type: 'started', at: this.at() });
      this.emit({
        type: 'message',
        at: this.at(),
        message: { id: newId('u'), role: 'user', content: question, at: this.at() },
      });
      const { reason, error } = await this.loop(controller.signal);
      if (error) this.notice(reason === 'cancelled' ? 'info' : 'error', error);
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
    });
  }

  /**
   * The run's final answer with every number it states checked against the outputs (answer/).
   * Answered: never after an error or a cancel; else the model's own verdict when it gives one,
   * else a normal end (terminated) with a non-empty answer.
   */
  private traceRun(reason: StopReason): AnswerTrace | null {
    try {
      const message = finalAnswerMessage(this.conv);
      const text = message ? answerText(message.content) : '';
      let answered = false;
      if (reason !== 'error' && reason !== 'cancelled' && message) {
        const { model } = this.setup;
        let verdict: boolean | null = null;
        try {
          verdict =
            model.answered?.(chatMessages(this.conv, this.systemPrompt(), model.info.contextTokens)) ?? null;
        } catch {
          verdict = null;
        }
        answered = verdict ?? (reason === 'terminated' && text !== '');
      }
      return traceAnswer(this.conv, { answered, messageId: message?.id ?? null });
    } catch {
      return null; // a tracing bug never stops a run from finishing
    }
  }

  private async loop(signal: AbortSignal): Promise<{ reason: StopReason; error: string | null }> {
    const settings = this.conv.settings;
    if (settings.execution === 'on') void this.openSession().catch(() => undefined); // warm while the model thinks
    const system = this.systemPrompt();
    for (let turns = 0; ;) {
      if (signal.aborted) return { reason: 'cancelled', error: 'Stopped.' };
      if (turns >= settings.maxTurns) return { reason: 'max-turns', error: null };
      let reply: AssistantMessage;
      try {
        reply = await this.assistantTurn(system, signal);
      } catch (err) {
        this.endStreaming();
        if (signal.aborted || (err instanceof ModelError && err.kind === 'cancelled'))
          return { reason: 'cancelled', error: 'Stopped.' };
        return { reason: 'error', error: (err as Error).message.split('\n')[0]! };
      }
      this.emit({ type: 'turns', turns: ++turns, at: this.at() });
      const plan = planExecution(reply.content);
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
      if ('error' in outcome) return { reason: 'error', error: outcome.error };
      if (outcome.stop === 'setup-docker')
        return {
          reason: 'cancelled',
          error:
            'Stopped before running the code: Docker isolation is being set up (see the status bar). Ask again when it is ready; the code will then run in Docker.',
        };
      if (signal.aborted || outcome.stop) return { reason: 'cancelled', error: 'Stopped.' };
      this.reply(reply.id, outcome.message, outcome.exitCode);
      if (saysTerminate(reply.content)) return { reason: 'terminated', error: null };
    }
  }

  private async assistantTurn(system: string, signal: AbortSignal): Promise<AssistantMessage> {
    const { model } = this.setup;
    const messages = chatMessages(this.conv, system, model.info.contextTokens);
    const id = newId('a');
    this.emit({
      type: 'message',
      at: this.at(),
      message: { id, role: 'assistant', content: '', at: this.at(), streaming: true, blocks: [] },
    });
    const completion = await model.complete(messages, {
      signal,
      onToken: (text) => this.emit({ type: 'delta', id, text, at: this.at() }),
      onRestart: () => this.emit({ type: 'restart', id, at: this.at() }),
    });
    if (!completion.content.trim()) throw new ModelError('bad-response', 'the model returned an empty reply');
    const { content, recovered } = recoverCode(completion.content);
    const blocks: BlockRun[] = planExecution(content).blocks.map((b, index) => ({
      index,
      start: b.start,
      end: b.end,
      language: b.language as ExecLanguage,
      code: b.code,
      status: this.conv.settings.execution === 'on' ? 'queued' : 'not-run',
    }));
    this.emit({
      type: 'assistant-done',
      id,
      content,
      blocks,
      recovered: recovered ?? undefined,
      at: this.at(),
    });
    return this.conv.messages.find((m): m is AssistantMessage => m.id === id)!;
  }

  /** A reply cut short (error, cancel) keeps its text but runs nothing. */
  private endStreaming(): void {
    for (const m of this.conv.messages) {
      if (m.role === 'assistant' && m.streaming)
        this.emit({ type: 'assistant-done', id: m.id, content: m.content, blocks: [], at: this.at() });
    }
  }

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
      const { settings, file, id } = this.conv;
      const inputs = file && existsSync(file.originalPath) ? [file.originalPath] : [];
      this.session = this.deps.executor
        .openSession({
          workspaceDir: this.deps.store.workspaceDir(id),
          inputs,
          conversationId: id,
          mode: settings.mode,
          limits: {
            timeoutMs: settings.timeoutMs,
            memoryMb: settings.memoryMb,
            ...(settings.diskMb ? { diskMb: settings.diskMb } : {}),
          },
        })
        .then(async (session) => {
          const info = await session.kernelInfo();
          const packages: Record<string, string> = {};
          for (const name of ['pandas', 'numpy', 'matplotlib'] as const)
            if (info?.[name]) packages[name] = info[name]!;
          this.emit({
            type: 'execution-info',
            at: this.at(),
            info: {
              mode: session.mode,
              description: session.sandbox.description,
              warnings: session.sandbox.warnings,
              isolation: session.sandbox.isolation ?? undefined,
              python: info?.python,
              executable: info?.executable,
              packages,
            },
          });
          return session;
        });
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
      return { error: (err as Error).message.split('\n')[0]! };
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

/**
 * The desktop side of conversations: one ConversationRun per open conversation, its events
 * forwarded to the window, its sandbox closed when idle, approvals waiting for the user's
 * decision. Exports (exports.ts) and artifact reads (artifacts.ts) are services of their own.
 */
import type { ApprovalDecision, ApprovalRequest } from '../agent/approval';
import type { ConversationRun } from '../agent/engine';
import { firstQuestion, openConversationRun } from '../agent/open-run';
import type { Conversation, ModelRef, RecoveryAction } from '../../model/agent/conversation';
import { BUILTIN_MODEL, createConversation, createModel, memoryFor, openAIModelRef } from '../agent/service';
import type { ConversationSummary } from '../../model/agent/conversation';
import { summaryOf, type ConversationStore } from '../agent/store';
import type { ExecutorService } from '../exec/executor';
import type { FileGrants } from './files';
import type { DesktopPorts } from './ports';
import { conversationSettings, endpointOf, type Settings } from '../../model/settings';
import { oneLine } from '../../model/text/one-line';
import { liveNotice } from '../../model/agent/recovery';

/** A finished conversation's sandbox (kernel, container) is closed after this long unused. */
export const IDLE_SESSION_MS = 10 * 60 * 1000;

export interface ConversationDeps {
  executor: ExecutorService;
  store: ConversationStore;
  files: FileGrants;
  ports: Pick<DesktopPorts, 'events' | 'secrets'>;
  settings: () => Settings;
}

export function modelRefFor(s: Settings): ModelRef {
  if (s.provider === 'builtin') return BUILTIN_MODEL;
  return openAIModelRef(endpointOf(s), s.model);
}

export class ConversationManager {
  private readonly runs = new Map<string, ConversationRun>();
  private readonly approvals = new Map<string, (d: ApprovalDecision) => void>();
  private readonly idle = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: ConversationDeps,
    private readonly idleMs = IDLE_SESSION_MS,
  ) {}

  /** Releases the sandbox of a conversation nobody has used for a while. */
  private scheduleRelease(id: string, run: ConversationRun): void {
    clearTimeout(this.idle.get(id));
    const timer = setTimeout(() => {
      this.idle.delete(id);
      void run.releaseSession();
    }, this.idleMs);
    timer.unref();
    this.idle.set(id, timer);
  }

  list(): Promise<ConversationSummary[]> {
    return this.deps.store.list();
  }

  async get(id: string): Promise<Conversation> {
    return this.runs.get(id)?.conversation ?? this.deps.store.load(id);
  }

  private async listChanged(): Promise<void> {
    this.deps.ports.events.emit('conversation:list-changed', { conversations: await this.list() });
  }

  private approver = (req: ApprovalRequest): Promise<ApprovalDecision> =>
    new Promise((resolve) =>
      this.approvals.set(`${req.conversationId}:${req.messageId}:${req.index}`, resolve),
    );

  /** The run of a conversation, opened (with its model) when needed. */
  private async run(conversation: Conversation): Promise<ConversationRun> {
    const existing = this.runs.get(conversation.id);
    if (existing) return existing;
    // the key is asked at each reply, and only for the origin of this conversation's endpoint
    const run = openConversationRun(
      { executor: this.deps.executor, store: this.deps.store, approver: this.approver },
      conversation,
      { apiKey: (baseUrl) => this.deps.ports.secrets.get(baseUrl) ?? undefined },
    );
    run.subscribe((event, conv) => {
      this.deps.ports.events.emit('conversation:event', {
        conversationId: conversation.id,
        event,
        seq: conv.seq ?? 0,
      });
      // after the save, so the list shows the state this event produced
      if (event.type === 'finished' || event.type === 'started' || event.type === 'title')
        void run.flush().then(() => this.listChanged());
      if (event.type === 'started') clearTimeout(this.idle.get(conversation.id));
      if (event.type === 'finished') this.scheduleRelease(conversation.id, run);
    });
    this.runs.set(conversation.id, run);
    return run;
  }

  private ask(run: ConversationRun, text: string): void {
    void run
      .ask(text)
      .catch((err: Error) => this.deps.ports.events.emit('app:error', { message: oneLine(err) }));
  }

  /** A new conversation on a granted file; it runs in the background, its events stream. */
  async start(fileId: string, question?: string, from?: 'app' | 'outside'): Promise<{ id: string }> {
    const origin = from ?? this.deps.files.originOf(fileId);
    // the profile FileGrants already made (preview, brief): the file is not read again
    const profile = await this.deps.files.profile(fileId);
    const settings = this.deps.settings();
    const chosen = conversationSettings(settings, profile.size, memoryFor);
    // Opened from outside the window: the user did not start this analysis, so code never runs
    // unattended where the sandbox is not verified, whatever the approval setting says.
    if (origin === 'outside' && chosen.approval === 'never') chosen.approval = 'unsandboxed';
    const conversation = await createConversation(this.deps.store, {
      file: profile.path,
      profile,
      model: modelRefFor(settings),
      question,
      settings: chosen,
    });
    await this.listChanged();
    this.ask(await this.run(conversation), firstQuestion(profile.name, question));
    return { id: conversation.id };
  }

  async send(id: string, text: string): Promise<void> {
    const run = await this.run(await this.get(id));
    if (run.running) throw new Error('the assistant is still working: stop it first or wait');
    this.ask(run, text);
  }

  /**
   * Recovers a stopped conversation (recovery.ts): Retry or Continue where it stopped, Regenerate
   * its last reply, or go on with the built-in analyst (no key needed) from now on.
   */
  async recover(id: string, action: RecoveryAction | 'regenerate'): Promise<void> {
    const conversation = await this.get(id);
    const run = await this.run(conversation);
    if (run.running) throw new Error('the assistant is still working: stop it first or wait');
    if (action === 'use-builtin') {
      // only where the run stopped offering it (a model's failure): never by a request alone
      if (!liveNotice(run.conversation)?.actions?.includes('use-builtin'))
        throw new Error(
          'the built-in analyst takes over only where a model failed: nothing to take over here',
        );
      const profile = run.conversation.file?.profile ?? null;
      if (!profile) throw new Error('the built-in analyst needs the data file this analysis was started on');
      run.switchModel(createModel(BUILTIN_MODEL, { profile }), BUILTIN_MODEL);
    }
    // a wrong request (nothing to regenerate) throws here, for the caller to show
    void run
      .recover(action === 'use-builtin' ? 'retry' : action)
      .catch((err: Error) => this.deps.ports.events.emit('app:error', { message: oneLine(err) }));
  }

  cancel(id: string): void {
    this.runs.get(id)?.cancel();
  }

  /** Closes a conversation's sandbox now (e.g. Docker became available): its next question opens anew. */
  async releaseSession(id: string): Promise<void> {
    await this.runs.get(id)?.releaseSession();
  }

  approve(conversationId: string, messageId: string, index: number, decision: ApprovalDecision): void {
    const key = `${conversationId}:${messageId}:${index}`;
    const resolve = this.approvals.get(key);
    if (!resolve) throw new Error('nothing is waiting for this approval');
    this.approvals.delete(key);
    resolve(decision);
  }

  async rename(id: string, title: string): Promise<ConversationSummary> {
    const run = this.runs.get(id);
    if (run) {
      const renamed = run.rename(title);
      await run.flush();
      return summaryOf(renamed);
    }
    const renamed = await this.deps.store.rename(id, title);
    await this.listChanged();
    return summaryOf(renamed);
  }

  /** The conversation's data file as a granted file, if it is still there (reopening is not a new use). */
  async fileOf(id: string) {
    const file = (await this.get(id)).file;
    return file ? this.deps.files.grant(file.originalPath, { remember: false }).catch(() => null) : null;
  }

  async delete(id: string): Promise<void> {
    const run = this.runs.get(id);
    this.runs.delete(id);
    await run?.close();
    await this.deps.store.delete(id);
    await this.listChanged();
  }

  async shutdown(): Promise<void> {
    for (const timer of this.idle.values()) clearTimeout(timer);
    this.idle.clear();
    await Promise.all([...this.runs.values()].map((r) => r.close()));
    this.runs.clear();
  }
}

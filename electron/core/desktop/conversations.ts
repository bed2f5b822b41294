/**
 * The desktop side of conversations: one ConversationRun per open conversation, its events
 * forwarded to the window, approvals waiting for the user's decision, artifacts read for
 * display, exports through the save dialog.
 */
import path from 'node:path';
import type { ExportResult } from '../../shared/contract';
import type { ApprovalDecision, ApprovalRequest } from '../agent/approval';
import { ConversationRun, newId } from '../agent/engine';
import type { Conversation, ModelRef, RecoveryAction } from '../../model/agent/conversation';
import { BUILTIN_MODEL, createConversation, createModel, memoryFor, openAIModelRef } from '../agent/service';
import type { ConversationSummary } from '../../model/agent/conversation';
import { summaryOf, type ConversationStore } from '../agent/store';
import { dataBrief } from '../data/privacy';
import type { ExecutorService } from '../exec/executor';
import { readWorkspaceFile } from '../exec/safe-file';
import { reportFormat, type ReportFormat } from '../../model/report-formats';
import { exportReports } from '../report/index';
import type { FileGrants } from './files';
import type { DesktopPorts } from './ports';
import { conversationSettings, endpointOf, type Settings } from '../../model/settings';
import { oneLine } from '../../model/text/one-line';

const MAX_ARTIFACT_BYTES = 25 * 1024 * 1024;

/**
 * Exports the app may open with their default application: documents that run nothing. A .py
 * opened on Windows runs in Python as the user, with network; a notebook may start a kernel.
 */
const OPENABLE = new Set<ReportFormat>(['html', 'pdf']);
const mayOpen = (format: ReportFormat, file: string) => OPENABLE.has(format) && /\.(html|pdf)$/i.test(file);
/** A finished conversation's sandbox (kernel, container) is closed after this long unused. */
export const IDLE_SESSION_MS = 10 * 60 * 1000;

export interface ConversationDeps {
  executor: ExecutorService;
  store: ConversationStore;
  files: FileGrants;
  ports: Pick<DesktopPorts, 'events' | 'dialogs' | 'shell' | 'secrets' | 'pdf'>;
  settings: () => Settings;
}

export function modelRefFor(s: Settings): ModelRef {
  if (s.provider === 'builtin') return BUILTIN_MODEL;
  return openAIModelRef(endpointOf(s), s.model);
}

export class ConversationManager {
  private readonly runs = new Map<string, ConversationRun>();
  private readonly approvals = new Map<string, (d: ApprovalDecision) => void>();
  private readonly exports = new Map<string, { file: string; format: ReportFormat }>();
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
    const profile = conversation.file?.profile ?? null;
    const ref = conversation.model;
    const model = createModel(ref, {
      // asked at each reply, and only for the origin of this conversation's endpoint
      apiKey: () =>
        ref.kind === 'builtin' ? undefined : (this.deps.ports.secrets.get(ref.baseUrl) ?? undefined),
      profile,
    });
    const run = new ConversationRun(
      { executor: this.deps.executor, store: this.deps.store, approver: this.approver },
      conversation,
      { model, dataBrief: profile ? dataBrief(profile, conversation.settings.privacy) : null },
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
    this.ask(
      await this.run(conversation),
      question?.trim() || `Analyse ${profile.name}: describe the data and its most important figures.`,
    );
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

  /** An image the code created, for display: only files listed as artifacts, only inside the workspace. */
  async artifact(id: string, name: string): Promise<{ mime: string; dataUrl: string }> {
    const conversation = await this.get(id);
    const artifact = conversation.messages
      .flatMap((m) => (m.role === 'assistant' ? m.blocks : []))
      .flatMap((b) => b.result?.artifacts ?? [])
      .find((a) => a.name === name);
    if (!artifact) throw new Error(`${name} is not a file of this conversation`);
    // One open, checked, then read from that handle: the code may still be swapping the file.
    const read = await readWorkspaceFile(this.deps.store.workspaceDir(id), name, {
      maxBytes: MAX_ARTIFACT_BYTES,
    });
    if (!read.ok) {
      if (read.reason === 'outside') throw new Error(`${name} is not inside the conversation's folder`);
      throw new Error(`${name} ${read.note}`);
    }
    return { mime: artifact.mime, dataUrl: `data:${artifact.mime};base64,${read.data.toString('base64')}` };
  }

  /** Exports through the save dialog; null when the user cancelled. */
  async export(id: string, format: ReportFormat): Promise<ExportResult | null> {
    const conversation = await this.get(id);
    const extension = reportFormat(format).extension;
    const suggested = `${
      conversation.title
        .replace(/[^\w.-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'analysis'
    }.${extension}`;
    const target = await this.deps.ports.dialogs.chooseSaveLocation(suggested, format);
    if (!target) return null;
    const baseName = path.basename(target).replace(/\.[^.]+$/, '');
    const [written] = await exportReports(
      { conversation, workspaceDir: this.deps.store.workspaceDir(id) },
      [format],
      path.dirname(target),
      {
        pdf: this.deps.ports.pdf,
        baseName,
      },
    );
    const exportId = newId('e');
    this.exports.set(exportId, { file: written!, format });
    const open = mayOpen(format, written!);
    return { exportId, path: written!, format, open, reveal: !open };
  }

  /** Opens an HTML or PDF export with its default application; never a script or a notebook. */
  async openExport(exportId: string): Promise<void> {
    const exported = this.exports.get(exportId);
    if (!exported) throw new Error('unknown export');
    if (!mayOpen(exported.format, exported.file))
      throw new Error(
        `${path.basename(exported.file)} is not opened from Plotwright (it would run outside the sandbox): use Show in folder`,
      );
    await this.deps.ports.shell.openPath(exported.file);
  }

  /** Shows an export in the OS file manager. */
  async revealExport(exportId: string): Promise<void> {
    const exported = this.exports.get(exportId);
    if (!exported) throw new Error('unknown export');
    await this.deps.ports.shell.showItemInFolder(exported.file);
  }

  async shutdown(): Promise<void> {
    for (const timer of this.idle.values()) clearTimeout(timer);
    this.idle.clear();
    await Promise.all([...this.runs.values()].map((r) => r.close()));
    this.runs.clear();
  }
}

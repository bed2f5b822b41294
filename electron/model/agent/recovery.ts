/**
 * Recovery: what the user can do about a run that stopped (Retry, Continue, Use the built-in
 * analyst, Regenerate, Open model settings), decided from what stopped it. Pure: the engine uses
 * it to put actions on its notices and to find where to resume; the renderer to offer them.
 */
import { ModelError } from '../llm/types';
import type {
  AssistantMessage,
  Conversation,
  Message,
  NoticeAction,
  NoticeKind,
  NoticeMessage,
  StopReason,
} from './conversation';

/** The kind of a failure, for the notice (a model error's own kind; anything else is 'other'). */
export function noticeKindOf(err: unknown): NoticeKind {
  if (err instanceof ModelError && err.kind !== 'cancelled') return err.kind;
  return 'other';
}

/** Problems with the model's settings (key, model name, endpoint) that Settings can fix. */
const SETTINGS_KINDS = new Set<NoticeKind>(['auth', 'not-found', 'connection']);
/** Model failures the built-in analyst can stand in for. */
const MODEL_KINDS = new Set<NoticeKind>([
  'auth',
  'not-found',
  'connection',
  'rate-limit',
  'server',
  'timeout',
  'stream-cut',
  'bad-response',
]);

/** The actions a notice of this kind offers in this conversation, most useful first. */
export function actionsFor(kind: NoticeKind, conv: Pick<Conversation, 'model' | 'file'>): NoticeAction[] {
  if (kind === 'stopped' || kind === 'max-turns') return ['continue'];
  const actions: NoticeAction[] = [];
  if (SETTINGS_KINDS.has(kind) && conv.model.kind !== 'builtin') actions.push('open-settings');
  actions.push('retry');
  if (MODEL_KINDS.has(kind) && conv.model.kind !== 'builtin' && conv.file) actions.push('use-builtin');
  return actions;
}

/** Messages of the latest run: everything after the last question. */
function latestRun(messages: Message[]): Message[] {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  return messages.slice(last + 1);
}

/** The notice whose actions are offered now: the last message of a finished conversation. */
export function liveNotice(conv: Conversation): NoticeMessage | null {
  if (conv.status !== 'finished') return null;
  const last = conv.messages.at(-1);
  return last?.role === 'notice' && last.actions?.length ? last : null;
}

/** The latest run's last reply, which Regenerate writes anew (null: none, or a run goes on). */
export function lastReply(conv: Conversation): AssistantMessage | null {
  if (conv.status !== 'finished') return null;
  const replies = latestRun(conv.messages).filter((m): m is AssistantMessage => m.role === 'assistant');
  return replies.at(-1) ?? null;
}

/**
 * Where a resumed run (Retry, Continue) starts: a reply cut short is written again; a reply
 * whose code did not all run (stopped, or its sandbox failed to open) runs the rest of it;
 * otherwise the model is asked for its next reply.
 */
export type ResumePoint =
  { kind: 'rewrite'; reply: AssistantMessage } | { kind: 'run'; reply: AssistantMessage } | { kind: 'ask' };

export function resumePoint(conv: Conversation): ResumePoint {
  const last = [...conv.messages].reverse().find((m) => m.role !== 'notice');
  if (last?.role !== 'assistant') return { kind: 'ask' };
  if (last.interrupted) return { kind: 'rewrite', reply: last };
  const answered = conv.messages.some((m) => m.role === 'execution' && m.replyTo === last.id);
  if (!answered && last.blocks.some((b) => b.status !== 'succeeded')) return { kind: 'run', reply: last };
  return { kind: 'ask' };
}

/** The host of a model endpoint, for "Rate limited by <host>" (null for the built-in analyst). */
export function hostOf(endpoint: string | null): string | null {
  if (!endpoint) return null;
  try {
    return new URL(endpoint).host;
  } catch {
    return null; // not a URL: nothing of it is shown (it may hold credentials)
  }
}

/** The notice a run ends with, if any: its error with the actions that kind offers, or the turn limit. */
export function closingNotice(
  reason: StopReason,
  error: string | null,
  kind: NoticeKind | undefined,
  conv: Pick<Conversation, 'model' | 'file' | 'settings'>,
): { level: 'info' | 'error'; content: string; kind: NoticeKind; actions: NoticeAction[] } | null {
  if (error) {
    const noticeKind = kind ?? (reason === 'cancelled' ? 'stopped' : 'other');
    return {
      level: reason === 'cancelled' ? 'info' : 'error',
      content: error,
      kind: noticeKind,
      actions: actionsFor(noticeKind, conv),
    };
  }
  if (reason !== 'max-turns') return null;
  const n = conv.settings.maxTurns;
  return {
    level: 'info',
    content: `Stopped at the turn limit (${n} ${n === 1 ? 'reply' : 'replies'} in a row).`,
    kind: 'max-turns',
    actions: ['continue'],
  };
}

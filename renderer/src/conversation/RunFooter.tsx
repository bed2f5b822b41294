// The last row: what the run is doing now (a rate limit counts down), or how it ended, with
// "Regenerate the last reply" once it has ended.
import { useEffect, useState } from 'react';
import type { Conversation, ModelWait } from '../../../electron/model/agent/conversation';
import { lastReply } from '../../../electron/model/agent/recovery';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import './recovery.css';
import { plural } from '../../../electron/model/text/plural';

function activity(c: Conversation): string | null {
  if (c.status === 'awaiting-approval') return 'Waiting for your approval';
  if (c.status !== 'running') return null;
  const last = [...c.messages].reverse().find((m) => m.role === 'assistant');
  if (last?.role === 'assistant') {
    if (last.streaming) return null; // the reply itself shows the cursor
    if (last.blocks.some((b) => b.status === 'running')) return 'Running code';
  }
  return 'The analyst is thinking';
}

/** Whole seconds left until `until` (ISO), never below 0. */
function secondsLeft(until: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/** "Rate limited by api.example.com — retrying in 12 s", counting down each second. */
function WaitCountdown({ wait }: { wait: ModelWait }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [wait.until]);
  const left = secondsLeft(wait.until, now);
  const who = wait.host ? ` by ${wait.host}` : '';
  const what = wait.reason === 'rate-limit' ? `Rate limited${who}` : `The model${who} did not answer`;
  return (
    <div className="run-footer active run-wait" role="status" data-wait={wait.reason}>
      <span className="dot dot-pulse" aria-hidden="true" />
      <span>
        {what} — {left > 0 ? `retrying in ${left} s` : 'retrying now'}
      </span>
    </div>
  );
}

function Regenerate({ conversationId }: { conversationId: string }) {
  const toast = useToast();
  const [sending, setSending] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small btn-ghost run-footer-action"
      disabled={sending}
      title="Write the last reply again (the current one is replaced)"
      onClick={() => {
        setSending(true);
        void toast
          .attempt(
            () => api().recoverConversation(conversationId, 'regenerate'),
            'Could not regenerate the reply',
          )
          .finally(() => setSending(false));
      }}
    >
      <Icon name="sparkle" size={12} /> Regenerate the last reply
    </button>
  );
}

export function RunFooter({ conversation: c }: { conversation: Conversation }) {
  if (c.waiting && c.status === 'running') return <WaitCountdown wait={c.waiting} />;
  const now = activity(c);
  if (now) {
    return (
      <div className="run-footer active" role="status">
        <span className="dot dot-pulse" aria-hidden="true" />
        {now}…
      </div>
    );
  }
  if (c.messages.length === 0) {
    return (
      <div className="run-footer empty">
        {c.file ? `Ask a question about ${c.file.name} below.` : 'Ask a question below.'}
      </div>
    );
  }
  if (c.status !== 'finished' || !c.stopReason) return <div className="run-footer" />;
  const turns = c.turns > 0 ? ` after ${plural(c.turns, 'reply', 'replies')}` : '';
  const hasErrorNotice = c.messages.some((m) => m.role === 'notice' && m.level === 'error');
  const text = {
    terminated: `Analysis finished${turns}. Ask a follow-up below.`,
    'max-turns': `Stopped at the turn limit${turns}. Continue, or send a message.`,
    cancelled: 'Stopped. Continue, or send a message.',
    error: hasErrorNotice || !c.error ? 'Stopped on an error.' : `Stopped on an error: ${c.error}`,
  }[c.stopReason];
  const reply = lastReply(c);
  return (
    <div className={`run-footer done reason-${c.stopReason}`}>
      <span>{text}</span>
      {reply && !reply.streaming && <Regenerate conversationId={c.id} />}
    </div>
  );
}

// The last row: what the run is doing now, or how it ended.
import type { Conversation } from '../../../electron/core/agent/model';
import { plural } from '../shared/format';

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

export function RunFooter({ conversation: c }: { conversation: Conversation }) {
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
    'max-turns': `Stopped at the turn limit${turns}. Send a message to let the analyst continue.`,
    cancelled: 'Send a message to continue.',
    error: hasErrorNotice || !c.error ? 'Stopped on an error.' : `Stopped on an error: ${c.error}`,
  }[c.stopReason];
  return <div className={`run-footer done reason-${c.stopReason}`}>{text}</div>;
}

// The message box: Enter sends, Shift+Enter is a new line; while a run goes on, Stop instead.
import { useRef, useState } from 'react';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import { oneLine } from '../../../electron/model/text/one-line';

interface ComposerProps {
  conversationId: string;
  busy: boolean;
  /** A code block waits for the user's decision in the conversation above. */
  waiting?: boolean;
  onStop: () => void;
}

export function Composer({ conversationId, busy, waiting = false, onStop }: ComposerProps) {
  const toast = useToast();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  const send = async () => {
    const message = text.trim();
    if (!message || busy || sending) return;
    setSending(true);
    setText('');
    try {
      await api().sendMessage(conversationId, message);
    } catch (err) {
      // Nothing is lost: the text comes back if the box is still empty.
      setText((current) => current || message);
      toast.error(`Could not send: ${oneLine(err)}`);
    } finally {
      setSending(false);
      ref.current?.focus();
    }
  };

  const rows = Math.min(8, Math.max(1, text.split('\n').length));
  return (
    <div className="composer">
      <div className={`composer-box ${busy ? 'busy' : ''}`}>
        <label htmlFor="composer-input" className="visually-hidden">
          Message to the analyst
        </label>
        <textarea
          id="composer-input"
          ref={ref}
          className="composer-input"
          rows={rows}
          value={text}
          maxLength={20_000}
          disabled={busy}
          placeholder={
            waiting
              ? 'Waiting for your approval above'
              : busy
                ? 'The analyst is working… (Esc stops it)'
                : 'Ask a follow-up question…'
          }
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        {busy ? (
          // while a block waits for the user, nothing runs: stopping is quiet, not an alarm
          <button
            type="button"
            className={`btn composer-btn ${waiting ? '' : 'btn-danger'}`}
            onClick={onStop}
            title={waiting ? 'Stop the analysis (the code above does not run)' : 'Stop the analysis'}
          >
            <Icon name="stop" size={14} /> Stop
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary composer-btn"
            disabled={!text.trim() || sending}
            onClick={() => void send()}
          >
            <Icon name="send" size={14} /> Send
          </button>
        )}
      </div>
      <p className="composer-hint faint">
        {waiting
          ? 'The code above runs only when you choose Run · Esc to stop'
          : `Enter to send · Shift+Enter for a new line${busy ? ' · Esc to stop' : ''}`}
      </p>
    </div>
  );
}

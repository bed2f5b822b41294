// A block waiting for the user's decision, with what it touches in plain words (ApprovalSummary).
// Where the conversation's sandbox is verified (and the user asked to approve every block): Run,
// Run the rest of this analysis, Edit & run, or Reject with feedback. Where it is not: the consent
// prompt (ConsentPrompt.tsx), which says what the code could do on this machine.
import { useEffect, useId, useRef, useState } from 'react';
import type { BlockRun } from '../../../electron/model/agent/conversation';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import { ApprovalSummary } from './ApprovalSummary';
import { ConsentPrompt } from './ConsentPrompt';
import { useConversationContext } from './context';
import type { Decision } from './decision';
import { followLog, revealPrompt } from './reveal';

export function ApprovalBar({ block, messageId }: { block: BlockRun; messageId: string }) {
  const toast = useToast();
  const { conversationId, execution } = useConversationContext();
  const [mode, setMode] = useState<'ask' | 'edit' | 'reject'>('ask');
  const [code, setCode] = useState(block.code);
  const [feedback, setFeedback] = useState('');
  const [sending, setSending] = useState(false);
  const codeId = useId();
  const feedbackId = useId();
  const verified = execution?.isolation?.verified === true;
  const ref = useRef<HTMLDivElement>(null);

  // once laid out (two frames: the log measures its rows first), the question is put in view
  useEffect(() => {
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => revealPrompt(ref.current));
    });
    return () => cancelAnimationFrame(frame);
  }, []);

  const decide = async (decision: Decision) => {
    followLog(ref.current);
    setSending(true);
    await toast.attempt(
      () => api().decideApproval({ conversationId, messageId, index: block.index, decision }),
      'Could not send your decision',
    );
    setSending(false);
  };

  return (
    <div
      ref={ref}
      className={`approval ${verified ? '' : 'consent'}`}
      role="group"
      aria-label="Approve this code"
      data-consent={verified ? undefined : 'unverified'}
    >
      {mode === 'ask' && !verified && (
        <ConsentPrompt
          block={block}
          sending={sending}
          onDecide={(d) => void decide(d)}
          onEdit={() => setMode('edit')}
          onReject={() => setMode('reject')}
        />
      )}
      {mode === 'ask' && verified && <ApprovalSummary block={block} />}
      {mode === 'ask' && verified && (
        <div className="approval-row">
          <span className="approval-text">
            <Icon name="shield" /> This code is waiting for your approval before it runs.
          </span>
          <span className="approval-actions">
            <button type="button" className="btn" disabled={sending} onClick={() => setMode('reject')}>
              Reject…
            </button>
            <button type="button" className="btn" disabled={sending} onClick={() => setMode('edit')}>
              Edit & run…
            </button>
            <button
              type="button"
              className="btn"
              disabled={sending}
              title="Run this block and every further block of this run without asking (the next question asks again)"
              onClick={() => void decide({ action: 'run', scope: 'analysis' })}
            >
              Run the rest of this analysis
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={sending}
              onClick={() => void decide({ action: 'run' })}
            >
              <Icon name="play" size={14} /> Run
            </button>
          </span>
        </div>
      )}
      {mode === 'edit' && (
        <div className="approval-form">
          <label className="field-label" htmlFor={codeId}>
            Code to run
          </label>
          <textarea
            id={codeId}
            className="textarea code-input"
            value={code}
            rows={Math.min(20, Math.max(4, code.split('\n').length + 1))}
            spellCheck={false}
            autoFocus
            onChange={(e) => setCode(e.target.value)}
          />
          {!verified && (
            <p className="approval-warning">
              <Icon name="alert" size={14} /> Your code runs without a verified sandbox, like the analyst’s.
            </p>
          )}
          <div className="approval-actions">
            <button type="button" className="btn" onClick={() => setMode('ask')}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={sending || !code.trim()}
              onClick={() => void decide({ action: 'edit', code })}
            >
              <Icon name="play" size={14} /> Run edited code
            </button>
          </div>
        </div>
      )}
      {mode === 'reject' && (
        <form
          className="approval-form"
          onSubmit={(e) => {
            e.preventDefault();
            void decide({ action: 'reject', feedback: feedback.trim() });
          }}
        >
          <label className="field-label" htmlFor={feedbackId}>
            Feedback for the analyst
          </label>
          <input
            id={feedbackId}
            className="input"
            placeholder="e.g. Don’t drop rows with missing prices; fill them with the median."
            value={feedback}
            maxLength={10_000}
            autoFocus
            onChange={(e) => setFeedback(e.target.value)}
          />
          <div className="approval-actions">
            <button type="button" className="btn" onClick={() => setMode('ask')}>
              Cancel
            </button>
            <button type="submit" className="btn btn-danger" disabled={sending}>
              Reject
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

// The consent prompt: a block would run where the isolation probe did NOT verify the sandbox.
// It says, in plain words, what the code could do on this machine (from the probe's failed
// checks), what the block itself touches (ApprovalSummary) and what runs it, and lets the user
// run this block, run the rest of this analysis, set up Docker isolation instead, cancel, edit or
// reject. The whole code is shown above it, hidden
// characters as escapes; what runs is the model's code byte for byte (only Edit & run changes it).
import { hasInvisibles } from '../../../electron/model/text/visible';
import type { BlockRun } from '../../../electron/model/agent/conversation';
import { risksOf } from '../../../electron/model/exec/isolation';
import { Icon } from '../shared/icons';
import { usePlatform } from '../platform/app-info';
import { isolationAdvice, runnerLine } from '../shared/isolation';
import { useSandboxStatus } from '../status/useSandboxStatus';
import { ApprovalSummary } from './ApprovalSummary';
import { useConversationContext } from './context';
import type { Decision } from './decision';
import { plural } from '../../../electron/model/text/plural';

interface ConsentProps {
  block: BlockRun;
  sending: boolean;
  onDecide: (decision: Decision) => void;
  onEdit: () => void;
  onReject: () => void;
}

export function ConsentPrompt({ block, sending, onDecide, onEdit, onReject }: ConsentProps) {
  const { execution, mode } = useConversationContext();
  const { status } = useSandboxStatus();
  const platform = usePlatform();
  const report = execution?.isolation ?? null;
  const risks = risksOf(report);
  const lines = block.code.split('\n').length;
  // Docker isolation can be set up from here when the engine answers and the conversation may use it
  const dockerOk = status?.docker.ok === true;
  const canSetUpDocker = dockerOk && mode !== 'local';
  const advice = canSetUpDocker
    ? 'Set up Docker isolation stops this run and prepares the sandbox image; your next question then runs in an isolated container.'
    : dockerOk
      ? 'Docker runs here: choose Auto or Docker in Settings to run new analyses in an isolated container.'
      : isolationAdvice(platform, { ok: false });

  return (
    <div className="consent-prompt">
      <p className="consent-title">
        <Icon name="alert" />
        <strong>This code would run without a verified sandbox.</strong>
        <span className="consent-nothing">Nothing has run yet.</span>
      </p>
      <ApprovalSummary block={block} />
      {/* the risks fold to their first two, so the choices stay in view at 1024×700 */}
      <details className="consent-risks-box">
        <summary>
          Runs in: <strong>{runnerLine(report)}</strong>. If you run it, the code could{' '}
          {risks.slice(0, 2).join('; ')}
          {risks.length > 2
            ? ` — and ${risks.length - 2} more (${plural(risks.length, 'risk', 'risks')})`
            : ''}
          .
        </summary>
        <ul className="consent-risks">
          {risks.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </details>
      <div className="consent-actions">
        <span className="consent-actions-group">
          <button
            type="button"
            className="btn"
            disabled={sending}
            onClick={() => onDecide({ action: 'cancel' })}
          >
            Cancel
          </button>
          <button type="button" className="btn" disabled={sending} onClick={onReject}>
            Reject…
          </button>
          <button type="button" className="btn" disabled={sending} onClick={onEdit}>
            Edit & run…
          </button>
        </span>
        <span className="consent-actions-group">
          {canSetUpDocker && (
            <button
              type="button"
              className="btn"
              disabled={sending}
              onClick={() => onDecide({ action: 'setup-docker' })}
            >
              <Icon name="shield" size={14} /> Set up Docker isolation
            </button>
          )}
          <button
            type="button"
            className="btn"
            disabled={sending}
            title="Run this block and the rest of this analysis without asking again"
            onClick={() => onDecide({ action: 'run', scope: 'analysis' })}
          >
            Run the rest of this analysis
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={sending}
            onClick={() => onDecide({ action: 'run', scope: 'block' })}
          >
            <Icon name="play" size={14} /> Run this block
          </button>
        </span>
      </div>
      <p className="consent-note">
        The whole code ({plural(lines, 'line')}) is above and runs exactly as shown
        {hasInvisibles(block.code)
          ? ', hidden characters included (drawn as escapes such as \\u202e)'
          : ''}. {advice}
      </p>
    </div>
  );
}

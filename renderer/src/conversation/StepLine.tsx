// A step's one line: "Step 3 · Totals by region ✓ · 0.1 s ▸", a disclosure button that opens
// the step's prose, code and output (its charts stay in view while it is folded).
import type { BlockRun } from '../../../electron/model/agent/conversation';
import { formatDuration } from '../shared/format';
import { Icon } from '../shared/icons';
import { stepDuration, stepState, stepStateText } from './step-view';

export interface StepFold {
  number: number;
  title: string;
  folded: boolean;
  onToggle: (messageId: string, open: boolean) => void;
}

function StateMark({ blocks }: { blocks: readonly BlockRun[] }) {
  const state = stepState(blocks);
  const text = stepStateText(blocks);
  if (state === 'running') {
    return (
      <span className="step-state step-state-running">
        <span className="spinner" aria-hidden="true" />
        {text}
      </span>
    );
  }
  if (state === 'done') {
    return (
      <span className="step-state step-state-done">
        <Icon name="check" size={13} />
        <span className="visually-hidden">{text}</span>
      </span>
    );
  }
  return (
    <span className={`step-state step-state-${state}`}>
      {state === 'failed' || state === 'waiting' ? <Icon name="alert" size={13} /> : null}
      {text}
    </span>
  );
}

export function StepLine({
  step,
  blocks,
  messageId,
  bodyId,
}: {
  step: StepFold;
  blocks: readonly BlockRun[];
  messageId: string;
  bodyId: string;
}) {
  const ms = stepDuration(blocks);
  const open = !step.folded;
  return (
    <h3 className="step-line">
      <button
        type="button"
        className="step-toggle"
        aria-expanded={open}
        aria-controls={open ? bodyId : undefined}
        onClick={() => step.onToggle(messageId, !open)}
      >
        <span className="step-number">Step {step.number}</span>
        <span className="step-sep" aria-hidden="true">
          ·
        </span>
        <span className="step-title">{step.title}</span>
        <StateMark blocks={blocks} />
        {ms !== null && (
          <>
            <span className="step-sep" aria-hidden="true">
              ·
            </span>
            <span className="step-time">{formatDuration(ms)}</span>
          </>
        )}
        <span className="step-more">
          {open ? 'Hide code' : 'Code & output'}
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        </span>
      </button>
    </h3>
  );
}

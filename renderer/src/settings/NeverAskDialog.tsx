// "Never ask" while the effective sandbox is not verified: the analyst's code would then run on this
// machine unattended. Said in plain words (what the code could do), and confirmed explicitly.
import { useRef } from 'react';
import { risksOf } from '../../../electron/model/exec/isolation';
import type { SandboxStatus } from '../../../electron/shared/contract';
import { Dialog } from '../shared/Dialog';
import { runnerLine } from '../shared/isolation';

export function NeverAskDialog({
  status,
  onConfirm,
  onCancel,
}: {
  status: SandboxStatus | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const report = status?.isolation ?? null;
  const risks = risksOf(report);
  return (
    <Dialog
      title="Run code without asking?"
      onClose={onCancel}
      initialFocus={cancelRef}
      footer={
        <>
          <button ref={cancelRef} type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger-solid" onClick={onConfirm}>
            Never ask
          </button>
        </>
      }
    >
      <div className="never-ask">
        <p>
          {status?.verifying
            ? 'The sandbox is still being checked, and is not verified yet.'
            : `The sandbox here is not verified: ${runnerLine(report)}.`}{' '}
          With “Never ask”, the analyst’s code runs at once, without your approval, and it could:
        </p>
        <ul>
          {risks.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <p className="faint">
          You can choose again at any time. Analyses opened from outside Plotwright (a double-clicked file)
          still ask.
        </p>
      </div>
    </Dialog>
  );
}

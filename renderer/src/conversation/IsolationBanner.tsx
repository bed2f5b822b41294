// Under the header for as long as the conversation's sandbox is not verified by its probe (or is
// verified with limits worth knowing): one line, with what the code could do one click away.
import { useId, useState } from 'react';
import type { ExecutionInfo } from '../../../electron/core/agent/model';
import { isolationSummary, PROTECTS, risksOf } from '../../../electron/core/exec/isolation/checks';
import { Icon } from '../shared/icons';
import { isolationLabel, runnerLine } from '../shared/isolation';
import { plural } from '../shared/format';

export function IsolationBanner({ execution }: { execution: ExecutionInfo | null | undefined }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  if (!execution) return null;
  const report = execution.isolation ?? null;
  const verified = report?.verified === true;
  // the probe's own summary is what the lines below say in full; the rest are the runner's limits
  const summary = report ? isolationSummary(report) : null;
  const notes = execution.warnings.filter((w) => w !== summary);
  if (verified && notes.length === 0) return null;
  const risks = verified ? [] : risksOf(report);
  const label = isolationLabel(report);

  return (
    <div
      className={`isolation-banner ${verified ? 'verified' : 'unverified'}`}
      role={verified ? 'note' : 'alert'}
      aria-label="Isolation"
    >
      <div className="isolation-banner-line">
        <Icon name={verified ? 'shield' : 'alert'} />
        <strong>{verified ? label.text : 'Code in this analysis runs without verified isolation'}</strong>
        <span className="isolation-banner-spacer" />
        <button
          type="button"
          className="btn btn-ghost btn-small isolation-banner-toggle"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen(!open)}
        >
          {open
            ? 'Hide details'
            : verified
              ? 'What it does not cover'
              : `What the code could do (${plural(risks.length, 'risk', 'risks')})`}
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
        </button>
      </div>
      <div id={detailsId} className="isolation-banner-details" hidden={!open}>
        <p>Runs in: {runnerLine(report)}.</p>
        {risks.length > 0 && (
          <>
            <p>On this computer the code could:</p>
            <ul className="isolation-banner-risks">
              {risks.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        )}
        {verified && report && (
          <p>Verified by a probe: {report.checks.map((c) => PROTECTS[c.name]).join(', ')}.</p>
        )}
        {notes.length > 0 && (
          <ul className="isolation-banner-notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

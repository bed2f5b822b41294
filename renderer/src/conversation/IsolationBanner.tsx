// Under the header for as long as the conversation's sandbox is not verified by its probe (or is
// verified with limits worth knowing). Its headline is the isolation state in the same words and
// colour as the status bar and the header chip (shared/isolation.ts). The first time a verdict is
// shown it says in a sentence what it means; once read (remembered per verdict, across reopening)
// it is one line, with what the code could do one click away.
import { useEffect, useId, useRef, useState } from 'react';
import type { ExecutionInfo } from '../../../electron/model/agent/conversation';
import { isolationSummary, PROTECTS, risksOf } from '../../../electron/model/exec/isolation';
import { Icon } from '../shared/icons';
import { IsolationIcon } from '../shared/IsolationBadge';
import { isolationState, runnerLine, verdictKey } from '../shared/isolation';
import './isolation-banner.css';
import { plural } from '../../../electron/model/text/plural';

const READ_PREFIX = 'plotwright.isolation-read:';

function wasRead(key: string): boolean {
  try {
    return window.localStorage.getItem(READ_PREFIX + key) === '1';
  } catch {
    return false;
  }
}

function markRead(key: string): void {
  try {
    window.localStorage.setItem(READ_PREFIX + key, '1');
  } catch {
    // storage unavailable: the banner is simply explained again next time
  }
}

export function IsolationBanner({ execution }: { execution: ExecutionInfo | null | undefined }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const report = execution?.isolation ?? null;
  const state = isolationState(report);
  const key = verdictKey(state);
  // the first time this verdict is shown: a sentence saying what it means (read once, then a line)
  const shown = execution ? key : null;
  const [intro, setIntro] = useState(() => !wasRead(key));
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (shown === null || handled.current === shown) return;
    handled.current = shown;
    const read = wasRead(shown);
    setIntro(!read);
    if (!read) markRead(shown);
  }, [shown]);
  if (!execution) return null;
  const verified = report?.verified === true;
  // the probe's own summary is what the lines below say in full; the rest are the runner's limits
  const summary = report ? isolationSummary(report) : null;
  const notes = execution.warnings.filter((w) => w !== summary);
  if (verified && notes.length === 0) return null;
  const risks = verified ? [] : risksOf(report);
  const meaning = verified
    ? 'Code runs in a verified sandbox; what it does not cover is below.'
    : 'Code in this analysis runs without verified isolation: nothing stops it from doing what the failed checks name.';

  return (
    <div
      className={`isolation-banner ${verified ? 'verified' : 'unverified'} ${intro ? 'intro' : 'read'}`}
      role={verified ? 'note' : 'alert'}
      aria-label="Isolation"
    >
      <div className="isolation-banner-line">
        <span className={`isolation-banner-state ${state.className}`} data-tone={state.tone}>
          <IsolationIcon tone={state.tone} size={14} />
          <strong>{state.text}</strong>
        </span>
        <span className="isolation-banner-spacer" />
        <button
          type="button"
          className="btn btn-ghost btn-small isolation-banner-toggle"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => {
            setOpen(!open);
            setIntro(false);
          }}
        >
          {open
            ? 'Hide details'
            : verified
              ? 'What it does not cover'
              : `What the code could do (${plural(risks.length, 'risk', 'risks')})`}
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
        </button>
      </div>
      {intro && !open && (
        <p className="isolation-banner-intro">
          {meaning}{' '}
          <button type="button" className="link-btn" onClick={() => setIntro(false)}>
            Got it
          </button>
        </p>
      )}
      <div id={detailsId} className="isolation-banner-details" hidden={!open}>
        <p>{meaning}</p>
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

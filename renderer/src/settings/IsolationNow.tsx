// Settings: which sandbox is effective right now, and what it isolates — as the isolation probe
// observed it inside that sandbox (checks passed and failed), never as configured.
import { PROTECTS, RISKS } from '../../../electron/model/exec/isolation';
import type { Settings } from '../../../electron/model/settings';
import type { SandboxStatus } from '../../../electron/shared/contract';
import { IsolationChip } from '../shared/IsolationBadge';
import { usePlatform } from '../platform/app-info';
import { isolationAdvice, isolationLabel, runnerName } from '../shared/isolation';
import { relativeTime } from '../shared/format';

function where(s: SandboxStatus): string {
  if (s.effectiveMode === 'docker') return 'a Docker container';
  const runner = s.isolation?.runner ?? s.local.runner;
  return runner === 'no OS sandbox'
    ? 'a local process with no OS sandbox'
    : `the local sandbox (${runnerName(runner)})`;
}

export function IsolationNow({
  status,
  approval,
}: {
  status: SandboxStatus | null;
  approval: Settings['approval'];
}) {
  const platform = usePlatform();
  if (!status) return null;
  const advice = isolationAdvice(platform, { ok: status.docker.ok, imageReady: status.image.present });
  if (status.mode === 'off')
    return (
      <div className="isolation-now" aria-label="Isolation now" role="region">
        <p>Code execution is off: the analyst’s code is shown, never run.</p>
      </div>
    );
  if (!status.effectiveMode)
    return (
      <div className="isolation-now bad" aria-label="Isolation now" role="region">
        <p>
          <strong>Nothing can run code here right now.</strong>{' '}
          {status.mode === 'docker' ? status.docker.detail : status.local.detail}
        </p>
        <p className="isolation-now-advice">{advice}</p>
      </div>
    );
  const report = status.isolation;
  const label = isolationLabel(report, status.verifying);
  const passed = report?.checks.filter((c) => c.passed) ?? [];
  const failed = report?.checks.filter((c) => !c.passed) ?? [];
  return (
    <div className={`isolation-now tone-${label.tone}`} aria-label="Isolation now" role="region">
      <p className="isolation-now-head">
        <IsolationChip label={label} />
        <span>
          Now, code runs in <strong>{where(status)}</strong>.
        </span>
      </p>
      {status.verifying && <p>A probe is checking, inside the sandbox, what the code can reach…</p>}
      {report && (
        <p className="faint isolation-now-when">
          {report.verified
            ? `Verified: every one of ${report.checks.length} checks passed`
            : report.checks.length
              ? `Not verified: ${failed.length} of ${report.checks.length} checks failed`
              : `Not verified: the probe could not run (${report.failed.join(', ')})`}{' '}
          · probed {relativeTime(report.at)}
        </p>
      )}
      {passed.length > 0 && (
        <div>
          <p>What it isolates:</p>
          <ul className="isolation-now-list ok">
            {passed.map((c) => (
              <li key={c.name}>{PROTECTS[c.name]}</li>
            ))}
          </ul>
        </div>
      )}
      {failed.length > 0 && (
        <div>
          <p>What it does not isolate — the code could:</p>
          <ul className="isolation-now-list warn">
            {failed.map((c) => (
              <li key={c.name} title={c.detail}>
                {RISKS[c.name]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!status.verifying && !report?.verified && (
        <p className="isolation-now-advice">
          {approval === 'never'
            ? 'You chose “Never ask”: code runs here without your consent.'
            : 'Code asks for your consent before it runs here.'}{' '}
          {advice}
        </p>
      )}
    </div>
  );
}

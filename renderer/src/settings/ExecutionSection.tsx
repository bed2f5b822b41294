// Where and how the analyst's code runs: security mode (with what each isolates, and what is
// available on this computer), approval, limits.
import { MODE_DESCRIPTIONS } from '../../../electron/core/desktop/settings';
import type { Settings } from '../../../electron/core/desktop/settings';
import type { SandboxStatus } from '../../../electron/shared/contract';
import { useSandboxStatus } from '../status/useSandboxStatus';
import { NumberField } from './NumberField';
import { RadioCards } from './RadioCards';
import type { Save } from './SettingsDialog';

function availability(mode: Settings['securityMode'], s: SandboxStatus | null) {
  if (!s) return null;
  let text: string;
  let ok: boolean;
  if (mode === 'auto') {
    // what Auto would choose now, whichever mode is selected
    const docker = s.docker.ok && s.image.present;
    ok = docker || s.local.python !== null;
    text = docker
      ? 'Now: Docker, isolated.'
      : s.local.python
        ? `Now: the local sandbox, ${s.local.bubblewrap ? 'isolated' : 'not fully isolated'}.`
        : 'Nothing can run code on this computer right now.';
  } else if (mode === 'docker') {
    ok = s.docker.ok;
    text = s.docker.ok
      ? s.image.present
        ? 'Docker is ready.'
        : 'Docker is running; the sandbox image still has to be prepared.'
      : `Unavailable: ${s.docker.detail}${s.docker.hint ? ` — ${s.docker.hint}` : ''}`;
  } else if (mode === 'local') {
    ok = s.local.python !== null;
    text = s.local.python
      ? `${s.local.detail}${s.local.bubblewrap ? '' : ' (no bubblewrap)'}`
      : `Unavailable: ${s.local.detail}`;
  } else return null;
  return <span className={`radio-card-status ${ok ? 'ok' : 'bad'}`}>{text}</span>;
}

export function ExecutionSection({ settings, save }: { settings: Settings; save: Save }) {
  const { status } = useSandboxStatus();
  const modes: { value: Settings['securityMode']; label: string }[] = [
    { value: 'auto', label: 'Auto' },
    { value: 'docker', label: 'Docker' },
    { value: 'local', label: 'Local restricted' },
    { value: 'off', label: 'Off' },
  ];
  return (
    <section className="settings-section" aria-labelledby="settings-execution">
      <h3 id="settings-execution">Code execution</h3>
      <RadioCards
        name="securityMode"
        legend="Security mode"
        value={settings.securityMode}
        options={modes.map((m) => ({
          ...m,
          description: MODE_DESCRIPTIONS[m.value],
          extra: availability(m.value, status),
        }))}
        onChange={(securityMode) => void save({ securityMode })}
      />
      {status && status.warnings.length > 0 && (
        <ul className="settings-warnings">
          {status.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <div className="field">
        <label className="field-label" htmlFor="settings-approval">
          Ask before running code
        </label>
        <select
          id="settings-approval"
          className="select"
          value={settings.approval}
          onChange={(e) => void save({ approval: e.target.value as Settings['approval'] })}
        >
          <option value="never">Never: run the analyst’s code automatically</option>
          <option value="unsandboxed">Only when the code would run without isolation</option>
          <option value="always">Always: I approve, edit or reject every block</option>
        </select>
      </div>
      <div className="settings-row">
        <NumberField
          label="Time limit per block"
          unit="seconds"
          value={settings.timeoutSeconds}
          min={5}
          max={3600}
          onCommit={(timeoutSeconds) => save({ timeoutSeconds })}
        />
        <NumberField
          label="Memory limit"
          unit="MB"
          value={settings.memoryMb}
          min={256}
          max={262_144}
          onCommit={(memoryMb) => save({ memoryMb })}
        />
        <NumberField
          label="Max turns"
          unit="replies"
          value={settings.maxTurns}
          min={1}
          max={50}
          onCommit={(maxTurns) => save({ maxTurns })}
        />
      </div>
    </section>
  );
}

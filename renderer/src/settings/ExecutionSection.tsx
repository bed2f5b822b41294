// Where and how the analyst's code runs: security mode (what each is built to do, what is
// available here), what the effective sandbox isolates as its probe observed it, approval (with a
// confirmation before "Never ask" where the sandbox is not verified), limits.
import { useState } from 'react';
import { MODE_DESCRIPTIONS, settingsSchema } from '../../../electron/model/settings';
import type { Settings } from '../../../electron/model/settings';
import type { SandboxStatus } from '../../../electron/shared/contract';
import { useSandboxStatus } from '../status/useSandboxStatus';
import { IsolationNow } from './IsolationNow';
import { NeverAskDialog } from './NeverAskDialog';
import { NumberField } from './NumberField';
import { RadioCards } from './RadioCards';
import type { Save } from './save';

type Limit = 'timeoutSeconds' | 'memoryMb' | 'diskMb' | 'maxTurns';

/** Each security mode's name on its card (the cards are the schema's modes, in its order). */
const MODE_LABELS: Record<Settings['securityMode'], string> = {
  auto: 'Auto',
  docker: 'Docker',
  local: 'Local restricted',
  off: 'Off',
  tools: 'Tools only',
};

/** The range the settings schema allows for a limit (main refuses anything outside it). */
function range(limit: Limit): { min: number; max: number } {
  const field = settingsSchema.shape[limit];
  return { min: field.minValue ?? 0, max: field.maxValue ?? Number.MAX_SAFE_INTEGER };
}

/** What each mode would use on this computer now (what it isolates is the probe's to say). */
function availability(mode: Settings['securityMode'], s: SandboxStatus | null) {
  if (!s) return null;
  let text: string;
  let tone: 'ok' | 'warn' | 'bad';
  const noOsSandbox = s.local.runner === 'no OS sandbox';
  if (mode === 'auto') {
    const docker = s.docker.ok && s.image.present;
    tone = docker ? 'ok' : s.local.python ? (noOsSandbox ? 'warn' : 'ok') : 'bad';
    text = docker
      ? 'Here: Docker.'
      : s.local.python
        ? `Here: the local sandbox (${s.local.runner}).`
        : 'Nothing can run code on this computer right now.';
  } else if (mode === 'docker') {
    tone = s.docker.ok ? 'ok' : 'bad';
    text = s.docker.ok
      ? s.image.present
        ? 'Docker is ready.'
        : 'Docker is running; the sandbox image still has to be prepared.'
      : `Unavailable: ${s.docker.detail}${s.docker.hint ? ` — ${s.docker.hint}` : ''}`;
  } else if (mode === 'local') {
    tone = s.local.python ? (noOsSandbox ? 'warn' : 'ok') : 'bad';
    text = s.local.python
      ? noOsSandbox
        ? `No OS sandbox here: ${s.local.detail}`
        : `Here: ${s.local.runner}.`
      : `Unavailable: ${s.local.detail}`;
  } else return null;
  return <span className={`radio-card-status ${tone}`}>{text}</span>;
}

export function ExecutionSection({ settings, save }: { settings: Settings; save: Save }) {
  const { status } = useSandboxStatus();
  const [confirming, setConfirming] = useState(false);
  const modes = settingsSchema.shape.securityMode.options.map((value) => ({
    value,
    label: MODE_LABELS[value],
  }));
  const chooseApproval = (approval: Settings['approval']) => {
    // unattended code where no sandbox is verified: only once the user said so, in so many words
    if (approval === 'never' && status?.isolated !== true) setConfirming(true);
    else void save({ approval });
  };
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
          // the tools' reviewed templates run where Auto would run code
          extra: availability(m.value === 'tools' ? 'auto' : m.value, status),
        }))}
        onChange={(securityMode) => void save({ securityMode })}
      />
      <IsolationNow status={status} approval={settings.approval} />
      <div className="field">
        <label className="field-label" htmlFor="settings-approval">
          Ask before running code
        </label>
        <select
          id="settings-approval"
          className="select"
          value={settings.approval}
          onChange={(e) => chooseApproval(e.target.value as Settings['approval'])}
        >
          <option value="unsandboxed">When the sandbox is not verified (recommended)</option>
          <option value="always">Always: I approve, edit or reject every block</option>
          <option value="never">Never ask: run the analyst’s code automatically</option>
        </select>
      </div>
      {confirming && (
        <NeverAskDialog
          status={status}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void save({ approval: 'never' }, { confirmUnsandboxed: true });
          }}
        />
      )}
      <div className="settings-row">
        <NumberField
          label="Time limit per block"
          unit="seconds"
          value={settings.timeoutSeconds}
          {...range('timeoutSeconds')}
          onCommit={(timeoutSeconds) => save({ timeoutSeconds })}
        />
        <NumberField
          label="Memory limit"
          unit="MB"
          value={settings.memoryMb}
          {...range('memoryMb')}
          onCommit={(memoryMb) => save({ memoryMb })}
        />
        <NumberField
          label="Disk limit"
          unit="MB written"
          value={settings.diskMb}
          {...range('diskMb')}
          onCommit={(diskMb) => save({ diskMb })}
        />
      </div>
      <div className="settings-row">
        <NumberField
          label="Max turns"
          unit="replies"
          value={settings.maxTurns}
          {...range('maxTurns')}
          onCommit={(maxTurns) => save({ maxTurns })}
        />
      </div>
    </section>
  );
}

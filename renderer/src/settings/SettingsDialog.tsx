// Settings: code execution, the model, privacy, appearance. Every change is saved at once
// through `api.updateSettings`; a refused change is explained in one line.
import { useCallback, useState } from 'react';
import type { SettingsPatch } from '../../../electron/core/desktop/settings';
import { useSettings, type Confirmation } from '../app/settings-context';
import { Dialog } from '../shared/Dialog';
import { ExecutionSection } from './ExecutionSection';
import { ModelSection } from './ModelSection';
import { PrivacySection } from './PrivacySection';
import { RadioCards } from './RadioCards';
import './settings.css';

export type Save = (patch: SettingsPatch, confirm?: Confirmation) => Promise<boolean>;

export function SettingsDialog({ fileId, onClose }: { fileId: string | null; onClose: () => void }) {
  const { settings, update } = useSettings();
  const [error, setError] = useState<string | null>(null);
  const save = useCallback<Save>(
    async (patch, confirm) => {
      const problem = await update(patch, confirm);
      setError(problem);
      return problem === null;
    },
    [update],
  );
  return (
    <Dialog
      title="Settings"
      size="large"
      onClose={onClose}
      footer={
        <div className="settings-footer">
          <p className="error-line settings-error" role="alert">
            {error ? `Not saved: ${error}` : ''}
          </p>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      }
    >
      <div className="settings">
        <ExecutionSection settings={settings} save={save} />
        <ModelSection settings={settings} save={save} />
        <PrivacySection settings={settings} save={save} fileId={fileId} />
        <section className="settings-section" aria-labelledby="settings-appearance">
          <h3 id="settings-appearance">Appearance</h3>
          <RadioCards
            name="theme"
            legend="Theme"
            value={settings.theme}
            options={[
              { value: 'system', label: 'System', description: 'Follow the operating system.' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
            onChange={(theme) => void save({ theme })}
            compact
          />
        </section>
      </div>
    </Dialog>
  );
}

// Who analyses: the built-in (offline) analyst, or the model configured in Settings.
import { useState } from 'react';
import { modelLabel, useSettings } from '../app/settings-context';

export function AnalystChoice({ onSettings }: { onSettings: () => void }) {
  const { settings, update } = useSettings();
  const [error, setError] = useState<string | null>(null);
  const usingModel = settings.provider !== 'builtin';
  const modelSettings = usingModel
    ? settings
    : {
        ...settings,
        provider: /api\.openai\.com/.test(settings.baseUrl) ? ('openai' as const) : ('compatible' as const),
      };

  const choose = async (model: boolean) => {
    if (model === usingModel) return;
    setError(await update({ provider: model ? modelSettings.provider : 'builtin' }));
  };

  return (
    <fieldset className="analyst">
      <legend className="section-title">Analyst</legend>
      <div className="analyst-options">
        <label className={`analyst-option ${!usingModel ? 'selected' : ''}`}>
          <input type="radio" name="analyst" checked={!usingModel} onChange={() => void choose(false)} />
          <span>
            <span className="analyst-name">Built-in analyst</span>
            <span className="analyst-desc">
              Offline, no model: profiles, totals, trends and correlations.
            </span>
          </span>
        </label>
        <label className={`analyst-option ${usingModel ? 'selected' : ''}`}>
          <input type="radio" name="analyst" checked={usingModel} onChange={() => void choose(true)} />
          <span>
            <span className="analyst-name">A language model</span>
            <span className="analyst-desc">{modelLabel(modelSettings)}</span>
          </span>
        </label>
      </div>
      <p className="analyst-foot faint">
        Model, endpoint and API key are set in{' '}
        <button type="button" className="link-btn" onClick={onSettings}>
          Settings
        </button>
        .
      </p>
      {error && (
        <p className="error-line" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

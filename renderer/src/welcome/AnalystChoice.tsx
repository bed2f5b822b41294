// Who analyses: the built-in (offline) analyst, or the model configured in Settings. When the
// model's endpoint needs an API key and none is stored for it, the card says so with "Add key"
// (Settings, at the model section).
import { useEffect, useState } from 'react';
import type { KeyStatus } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { modelLabel, useSettings } from '../platform/settings-context';
import { openSettings, SETTINGS_CLOSED_EVENT } from '../platform/settings-link';
import { Icon } from '../shared/icons';

/** OpenAI always needs a key; a compatible server does unless it runs on this computer. */
export function endpointNeedsKey(provider: 'openai' | 'compatible', baseUrl: string): boolean {
  if (provider === 'openai') return true;
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    return !(host === 'localhost' || host === '::1' || /^127\./.test(host) || host.endsWith('.localhost'));
  } catch {
    return false;
  }
}

/** Whether the configured endpoint needs a key that is not stored (null while unknown). */
function useMissingKey(provider: 'openai' | 'compatible', baseUrl: string, active: boolean): boolean | null {
  const [status, setStatus] = useState<KeyStatus | null>(null);
  useEffect(() => {
    if (!active) return;
    let live = true;
    const load = () =>
      api()
        .getKeyStatus()
        .then(
          (s) => live && setStatus(s),
          () => live && setStatus(null),
        );
    void load();
    // a key added in Settings shows here when the window gets focus back or Settings closes
    window.addEventListener('focus', load);
    window.addEventListener(SETTINGS_CLOSED_EVENT, load);
    return () => {
      live = false;
      window.removeEventListener('focus', load);
      window.removeEventListener(SETTINGS_CLOSED_EVENT, load);
    };
  }, [provider, baseUrl, active]);
  if (!active || !status) return null;
  return endpointNeedsKey(provider, baseUrl) && !(status.hasKey && status.usableHere);
}

export function AnalystChoice() {
  const { settings, update } = useSettings();
  const [error, setError] = useState<string | null>(null);
  const usingModel = settings.provider !== 'builtin';
  const modelSettings = usingModel
    ? settings
    : {
        ...settings,
        provider: /api\.openai\.com/.test(settings.baseUrl) ? ('openai' as const) : ('compatible' as const),
      };
  const provider = modelSettings.provider === 'openai' ? 'openai' : 'compatible';
  const missingKey = useMissingKey(provider, settings.baseUrl, usingModel);

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
        {missingKey && (
          <p className="analyst-key" role="status">
            <Icon name="alert" size={13} />
            No API key ·
            <button type="button" className="link-btn" onClick={() => openSettings('model')}>
              Add key
            </button>
          </p>
        )}
      </div>
      <p className="analyst-foot faint">
        Model, endpoint and API key are set in{' '}
        <button type="button" className="link-btn" onClick={() => openSettings('model')}>
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

// Who analyses: the built-in analyst, OpenAI, or an OpenAI-compatible server (local presets).
import { useEffect, useId, useState } from 'react';
import { KNOWN_LOCAL_ENDPOINTS } from '../../../electron/model/llm/local-endpoints';
import { OPENAI_BASE_URL, type Settings } from '../../../electron/model/settings';
import type { ConnectionResult } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { ApiKeyField } from './ApiKeyField';
import { ModelCheck } from './ModelCheck';
import { ModelPicker } from './ModelPicker';
import { RadioCards } from './RadioCards';
import type { Save } from './save';
import { oneLine } from '../../../electron/model/text/one-line';
import { plural } from '../../../electron/model/text/plural';

function BaseUrlField({ value, onCommit }: { value: string; onCommit: (url: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setDraft(value), [value]);
  const commit = (url = draft.trim()) => {
    if (!/^https?:\/\/[^\s/]+/i.test(url)) {
      setProblem('The base URL must start with http:// or https://');
      return;
    }
    setProblem(null);
    if (url !== value) onCommit(url);
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Base URL
      </label>
      <input
        id={id}
        className="input"
        value={draft}
        spellCheck={false}
        maxLength={2000}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commit()}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      <div className="presets" role="group" aria-label="Local server presets">
        {KNOWN_LOCAL_ENDPOINTS.map((p) => (
          <button
            key={p.name}
            type="button"
            className={`btn btn-small ${value === p.baseUrl ? 'btn-selected' : ''}`}
            title={p.baseUrl}
            onClick={() => {
              setDraft(p.baseUrl);
              commit(p.baseUrl);
            }}
          >
            {p.name}
          </button>
        ))}
      </div>
      {problem && <p className="error-line">{problem}</p>}
    </div>
  );
}

export function ModelSection({ settings, save }: { settings: Settings; save: Save }) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionResult | null>(null);
  const keyInputId = useId();
  useEffect(() => setResult(null), [settings.baseUrl, settings.model, settings.provider]);

  const chooseProvider = (provider: Settings['provider']) => {
    if (provider === 'openai') void save({ provider, baseUrl: OPENAI_BASE_URL });
    else if (provider === 'compatible')
      void save({
        provider,
        baseUrl: settings.baseUrl === OPENAI_BASE_URL ? KNOWN_LOCAL_ENDPOINTS[0]!.baseUrl : settings.baseUrl,
      });
    else void save({ provider });
  };
  const test = async () => {
    setTesting(true);
    try {
      setResult(
        await api().testConnection({ baseUrl: settings.baseUrl, model: settings.model || undefined }),
      );
    } catch (err) {
      setResult({ ok: false, error: oneLine(err) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="settings-model">
      <h3 id="settings-model">Analyst</h3>
      <RadioCards
        name="provider"
        legend="Who analyses"
        value={settings.provider}
        options={[
          {
            value: 'builtin',
            label: 'Built-in analyst',
            description: 'Offline, deterministic, no model and no network.',
          },
          {
            value: 'openai',
            label: 'OpenAI',
            description: 'Models at api.openai.com (needs your OpenAI key).',
          },
          {
            value: 'compatible',
            label: 'OpenAI-compatible server',
            description: 'A local or self-hosted server: Ollama, LM Studio, llama.cpp, vLLM…',
          },
        ]}
        onChange={chooseProvider}
        compact
      />
      {settings.provider !== 'builtin' && (
        <>
          {settings.provider === 'compatible' && (
            <BaseUrlField value={settings.baseUrl} onCommit={(baseUrl) => void save({ baseUrl })} />
          )}
          <ModelPicker
            baseUrl={settings.baseUrl}
            model={settings.model}
            onCommit={(model) => void save({ model })}
          />
          <ApiKeyField provider={settings.provider} endpoint={settings.baseUrl} inputId={keyInputId} />
          <div className="inline-row test-row">
            <button type="button" className="btn" disabled={testing} onClick={() => void test()}>
              {testing && <span className="spinner" aria-hidden="true" />}
              Test connection
            </button>
            <span role="status" className={result ? (result.ok ? 'test-ok' : 'error-line') : ''}>
              {result &&
                (result.ok
                  ? `Connected in ${result.latencyMs} ms · ${plural(result.models.length, 'model')} available`
                  : result.error)}
            </span>
          </div>
        </>
      )}
      <ModelCheck
        settings={settings}
        onRecover={(recovery) => {
          if (recovery === 'endpoint') return void test();
          const input = document.getElementById(keyInputId);
          input?.scrollIntoView({ block: 'center' });
          input?.focus();
        }}
      />
    </section>
  );
}

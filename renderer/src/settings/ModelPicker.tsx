// The model: picked from the endpoint's list when it answers, typed otherwise.
import { useEffect, useId, useState } from 'react';
import { api } from '../platform/api';
import { oneLine } from '../../../electron/model/text/one-line';

const OTHER = '\u0000other';

export function ModelPicker(props: { baseUrl: string; model: string; onCommit: (model: string) => void }) {
  const { baseUrl, model, onCommit } = props;
  const id = useId();
  const [models, setModels] = useState<string[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [typing, setTyping] = useState(false);
  const [draft, setDraft] = useState(model);
  const [reload, setReload] = useState(0);
  useEffect(() => setDraft(model), [model]);

  useEffect(() => {
    if (!/^https?:\/\//i.test(baseUrl)) return;
    let live = true;
    setLoading(true);
    api()
      .listModels({ baseUrl })
      .then(
        (list) => {
          if (!live) return;
          setModels(list);
          setProblem(list.length === 0 ? 'The endpoint lists no models: type the name.' : null);
        },
        (err: unknown) => {
          if (!live) return;
          setModels(null);
          setProblem(`Could not list the models (${oneLine(err)}): type the name.`);
        },
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [baseUrl, reload]);

  const commitDraft = () => {
    const next = draft.trim();
    if (next && next !== model) onCommit(next);
  };
  const list = models ?? [];
  const useSelect = list.length > 0 && !typing;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Model
      </label>
      <div className="inline-row">
        {useSelect ? (
          <select
            id={id}
            className="select"
            value={list.includes(model) ? model : OTHER}
            onChange={(e) => (e.target.value === OTHER ? setTyping(true) : onCommit(e.target.value))}
          >
            {!list.includes(model) && (
              <option value={OTHER}>{model ? `${model} (not listed)` : 'Choose…'}</option>
            )}
            {list.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
            {list.includes(model) && <option value={OTHER}>Other (type a name)…</option>}
          </select>
        ) : (
          <input
            id={id}
            className="input"
            value={draft}
            maxLength={300}
            spellCheck={false}
            placeholder="e.g. llama3.1:8b"
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commitDraft}
            onKeyDown={(e) => e.key === 'Enter' && commitDraft()}
          />
        )}
        <button
          type="button"
          className="btn"
          disabled={loading}
          onClick={() => {
            setTyping(false);
            setReload((n) => n + 1);
          }}
        >
          {loading ? 'Loading…' : 'Refresh list'}
        </button>
        {list.length > 0 && typing && (
          <button type="button" className="btn btn-ghost" onClick={() => setTyping(false)}>
            Pick from list
          </button>
        )}
      </div>
      {problem && <p className="field-hint">{problem}</p>}
    </div>
  );
}

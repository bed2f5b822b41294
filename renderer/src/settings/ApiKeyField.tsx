// The API key, write-only: typed into an uncontrolled password field, read once on submit, sent
// to main, and the field cleared. Only whether there is a key, its last 4 characters and the one
// server it is sent to (main binds it to the endpoint configured when it was saved) are shown.
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyStatus } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { oneLine } from '../../../electron/model/text/one-line';

/**
 * `endpoint`: the base URL configured now (the status says whether the saved key goes there).
 * `inputId`: the key input's id, for a "add a key" link elsewhere to focus it.
 */
export function ApiKeyField({
  provider,
  endpoint,
  inputId,
}: {
  provider: 'openai' | 'compatible';
  endpoint: string;
  inputId?: string;
}) {
  const generated = useId();
  const id = inputId ?? generated;
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api()
      .getKeyStatus()
      .then(
        (s) => live && setStatus(s),
        (err: unknown) => live && setProblem(oneLine(err)),
      );
    return () => {
      live = false;
    };
  }, [provider, endpoint]);

  const submit = async (sessionOnly: boolean) => {
    const input = inputRef.current;
    if (!input || !input.value.trim()) {
      setProblem('Type or paste the key first.');
      return;
    }
    const key = input.value.trim();
    input.value = '';
    setBusy(true);
    try {
      setStatus(await api().setApiKey(sessionOnly ? { key, sessionOnly: true } : { key }));
      setProblem(null);
    } catch (err) {
      setProblem(oneLine(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      setStatus(await api().clearApiKey());
      setProblem(null);
    } catch (err) {
      setProblem(oneLine(err));
    } finally {
      setBusy(false);
    }
  };

  const encryption = status?.encryptionAvailable ?? true;
  const where = status?.storage === 'session' ? 'kept for this session only' : 'encrypted by the OS keychain';
  const saved = status?.hasKey
    ? `A key is saved (••••${status.hint ?? ''}) for ${status.origin ?? 'this endpoint'}, ${where}.`
    : 'No key saved.';
  return (
    <form
      className="field"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(!encryption);
      }}
    >
      <label className="field-label" htmlFor={id}>
        API key {provider === 'compatible' && <span className="faint">(optional for local servers)</span>}
      </label>
      <p className="field-hint" role="status">
        {saved}
      </p>
      {status?.hasKey && !status.usableHere && (
        <p className="field-hint warning-text">
          A key is only ever sent to the server it was saved for, so it is not sent to this base URL. Save a
          key here to use one with it.
        </p>
      )}
      <div className="inline-row">
        <input
          ref={inputRef}
          id={id}
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={status?.hasKey ? 'Paste a new key to replace it' : 'Paste your key'}
          maxLength={1000}
        />
        <button type="submit" className="btn" disabled={busy}>
          {encryption ? 'Save key' : 'Keep for this session only'}
        </button>
        {status?.hasKey && (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
            Remove key
          </button>
        )}
      </div>
      {!encryption && (
        <p className="field-hint warning-text">
          This computer offers no OS encryption for secrets, so the key cannot be stored: it can only be kept
          in memory until Plotwright quits.
        </p>
      )}
      {problem && <p className="error-line">{problem}</p>}
    </form>
  );
}

// "Check this model": asks the configured model (main decides which, with which key and mode) a
// fixed set of questions about small tables, with a progress bar and Cancel; its saved result is
// shown beside the model. A check that cannot run says why in one line, with a way to recover.
import { useEffect, useState } from 'react';
import type { Settings } from '../../../electron/model/settings';
import { oneLine } from '../../../electron/model/text/one-line';
import type {
  ModelCheckProgress,
  ModelCheckRecovery,
  ModelCheckStatus,
} from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { CheckResultView } from './CheckResultView';
import './check.css';
import { ProgressBar } from '../shared/ProgressBar';

interface Problem {
  error: string;
  recovery: ModelCheckRecovery;
}

function CheckProgressBar({ progress, onCancel }: { progress: ModelCheckProgress; onCancel: () => void }) {
  const started = progress.index > 0 && progress.total > 0;
  const text = started
    ? `Question ${progress.index} of ${progress.total} · ${progress.question}`
    : 'Preparing the check…';
  const pct = started ? Math.round(((progress.index - 1) / progress.total) * 100) : undefined;
  return (
    <div className="check-progress">
      <ProgressBar label={`Checking ${progress.model.label}`} pct={pct} text={text} />
      <span className="check-progress-text" role="status">
        {text}
        {progress.last && <span className="faint"> (last: {progress.last.verdict})</span>}
      </span>
      <button type="button" className="btn btn-small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

export function ModelCheck({
  settings,
  onRecover,
}: {
  settings: Settings;
  /** Add a key (the API key field), or test the endpoint. */
  onRecover: (recovery: 'api-key' | 'endpoint') => void;
}) {
  const [status, setStatus] = useState<ModelCheckStatus | null>(null);
  const [progress, setProgress] = useState<ModelCheckProgress | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  // the configured model's saved result (again after each change of model, and each check)
  useEffect(() => {
    let live = true;
    api()
      .getModelCheck()
      .then(
        (s) => {
          if (!live) return;
          setStatus(s);
          setProgress(s.running);
        },
        (err: unknown) => live && setProblem({ error: oneLine(err), recovery: null }),
      );
    return () => {
      live = false;
    };
  }, [settings.provider, settings.baseUrl, settings.model, reload]);

  useEffect(() => {
    setProblem(null);
    setNote(null);
  }, [settings.provider, settings.baseUrl, settings.model]);

  useEffect(
    () =>
      api().onModelCheck((e) => {
        if (e.state === 'running') return setProgress(e.progress);
        setProgress(null);
        if (e.state === 'failed') setProblem({ error: e.error, recovery: e.recovery });
        else if (!e.result.complete)
          setNote(
            `Cancelled after ${e.result.questions.length} of the questions: the saved result is unchanged.`,
          );
        setReload((n) => n + 1);
      }),
    [],
  );

  const start = async (confirmUnsandboxed?: true) => {
    setProblem(null);
    setNote(null);
    try {
      await api().checkModel(confirmUnsandboxed ? { confirmUnsandboxed } : undefined);
      setProgress(
        (p) =>
          p ?? { model: status?.model ?? { kind: 'builtin', label: '' }, index: 0, total: 0, question: '' },
      );
    } catch (err) {
      setProblem({ error: oneLine(err), recovery: null });
    }
  };
  const cancel = () =>
    void api()
      .cancelModelCheck()
      .catch(() => undefined);

  const builtin = settings.provider === 'builtin';
  const saved = status?.saved ?? null;
  return (
    <div className="field model-check">
      <span className="field-label">
        {builtin ? 'How well the built-in analyst answers' : 'How well this model answers'}
      </span>
      <p className="field-hint">
        Asks {builtin ? 'it' : 'the model'} a fixed set of questions about small sample tables, in the
        security mode above, and scores each answer against the truth computed by pandas.
      </p>
      {progress ? (
        <CheckProgressBar progress={progress} onCancel={cancel} />
      ) : (
        <div className="inline-row">
          <button type="button" className="btn" onClick={() => void start()}>
            {builtin ? 'Check the built-in analyst' : 'Check this model'}
          </button>
        </div>
      )}
      {problem && (
        <div className="check-problem">
          <p className="error-line" role="alert">
            {problem.error.charAt(0).toUpperCase() + problem.error.slice(1)}
          </p>
          {problem.recovery === 'api-key' && (
            <button type="button" className="btn btn-small" onClick={() => onRecover('api-key')}>
              Add an API key
            </button>
          )}
          {problem.recovery === 'endpoint' && (
            <button type="button" className="btn btn-small" onClick={() => onRecover('endpoint')}>
              Test connection
            </button>
          )}
          {problem.recovery === 'sandbox' && (
            <button type="button" className="btn btn-small btn-danger" onClick={() => void start(true)}>
              Run the check without a sandbox
            </button>
          )}
        </div>
      )}
      {note && (
        <p className="field-hint" role="status">
          {note}
        </p>
      )}
      {saved ? (
        <CheckResultView result={saved} />
      ) : (
        !progress && <p className="field-hint">Not checked yet.</p>
      )}
    </div>
  );
}

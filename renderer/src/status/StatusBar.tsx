// The bottom bar: where code runs (Docker engine, sandbox image, local sandbox), and preparing
// the sandbox image with real progress and Cancel.
import { useEffect, useState } from 'react';
import type { EventPayloads, SandboxStatus } from '../../../electron/shared/contract';
import { api, errorLine } from '../app/api';
import { useToast } from '../app/toast';
import { IsolationIcon } from '../shared/IsolationBadge';
import { isolationLabel, runnerLine, type IsolationLabel } from '../shared/isolation';
import { ImageProgressBar } from './ImageProgressBar';
import { useSandboxStatus } from './useSandboxStatus';
import './status.css';

type Progress = EventPayloads['sandbox:progress'];

/** Where code runs now, in the probe's words (shared/isolation.ts), or why nothing can run. */
function summary(s: SandboxStatus): IsolationLabel {
  if (s.effectiveMode) return isolationLabel(s.isolation, s.verifying);
  if (s.mode === 'off') return { text: 'Code execution off', tone: 'neutral' };
  if (s.mode === 'docker') return { text: 'Docker sandbox unavailable: code cannot run', tone: 'bad' };
  if (s.mode === 'local') return { text: 'No Python with pandas: code cannot run', tone: 'bad' };
  return { text: 'No sandbox: code cannot run', tone: 'bad' };
}

/** The tooltip: what runs the code and the probe's own summary. */
function detail(s: SandboxStatus): string | undefined {
  const lines = [];
  if (s.effectiveMode) lines.push(`Runs in: ${runnerLine(s.isolation)}`);
  lines.push(...s.warnings);
  return lines.join('\n') || undefined;
}

export function StatusBar() {
  const toast = useToast();
  const { status, setStatus, error } = useSandboxStatus();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [preparing, setPreparing] = useState(false);

  useEffect(() => {
    return api().onImageProgress((p) => setProgress(p.phase === 'done' ? null : p));
  }, []);

  const prepare = async () => {
    setPreparing(true);
    try {
      setStatus(await api().prepareSandboxImage());
      toast.info('The sandbox image is ready');
    } catch (err) {
      toast.error(`The sandbox image was not prepared: ${errorLine(err)}`);
    } finally {
      setPreparing(false);
      setProgress(null);
    }
  };
  const cancel = () => void toast.attempt(() => api().cancelSandboxImage(), 'Could not cancel');

  if (!status) {
    return (
      <footer className="statusbar" aria-label="Status">
        <span className="status-item faint">
          {error ? `Sandbox status unavailable: ${error}` : 'Checking the sandbox…'}
        </span>
      </footer>
    );
  }
  const sum = summary(status);
  const busy = preparing || status.image.preparing || progress !== null;
  const canPrepare = status.docker.ok && !status.image.present && !busy;
  return (
    <footer className="statusbar" aria-label="Status">
      <span className={`status-item status-${sum.tone}`} data-tone={sum.tone} title={detail(status)}>
        <IsolationIcon tone={sum.tone} size={13} />
        {sum.text}
      </span>
      <span className="status-sep" aria-hidden="true" />
      <span
        className={`status-item ${status.docker.ok ? '' : 'faint'}`}
        title={[status.docker.detail, status.docker.hint].filter(Boolean).join(' — ')}
      >
        <span className={`dot ${status.docker.ok ? 'dot-ok' : 'dot-off'}`} aria-hidden="true" />
        {status.docker.ok ? 'Docker engine running' : 'Docker not available'}
      </span>
      {status.docker.ok && !busy && (
        <>
          <span className="status-sep" aria-hidden="true" />
          <span className="status-item">
            {status.image.present ? 'Sandbox image ready' : 'Sandbox image missing'}
          </span>
        </>
      )}
      {busy && <ImageProgressBar progress={progress} onCancel={cancel} />}
      {canPrepare && (
        <button type="button" className="btn btn-small status-prepare" onClick={() => void prepare()}>
          Prepare sandbox
        </button>
      )}
    </footer>
  );
}

// The bottom bar: where code runs (the isolation state, in the same words and colour as the
// conversation's header and banner), who analyses (the built-in analyst or model @ host), what the
// current analysis is doing (running step 3…, waiting for approval), the Docker engine and the
// sandbox image, and preparing the image with real progress and Cancel.
import { useEffect, useState } from 'react';
import { hostOf } from '../../../electron/model/agent/recovery';
import type { EventPayloads, SandboxStatus } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useSettings } from '../platform/settings-context';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import { IsolationIcon } from '../shared/IsolationBadge';
import { machineIsolation as summary, runnerLine, toneClass } from '../shared/isolation';
import { ImageProgressBar } from './ImageProgressBar';
import { runWords, useRunState, type RunState } from './useRunState';
import { useSandboxStatus } from './useSandboxStatus';
import './status.css';
import { oneLine } from '../../../electron/model/text/one-line';

type Progress = EventPayloads['sandbox:progress'];

/** The tooltip: what runs the code and the probe's own summary. */
function detail(s: SandboxStatus): string | undefined {
  const lines = [];
  if (s.effectiveMode) lines.push(`Runs in: ${runnerLine(s.isolation)}`);
  lines.push(...s.warnings);
  return lines.join('\n') || undefined;
}

/** Who analyses: the conversation's model, or (on the welcome screen) the one in Settings. */
function modelWords(run: RunState | null, settings: ReturnType<typeof useSettings>['settings']): string {
  if (run) {
    const m = run.model;
    return m.kind === 'builtin'
      ? 'Built-in analyst'
      : `${m.model || 'no model'} @ ${hostOf(m.baseUrl) ?? ''}`;
  }
  if (settings.provider === 'builtin') return 'Built-in analyst';
  return `${settings.model || 'no model'} @ ${hostOf(settings.baseUrl) ?? ''}`;
}

export function StatusBar({ conversationId = null }: { conversationId?: string | null }) {
  const toast = useToast();
  const { settings } = useSettings();
  const run = useRunState(conversationId);
  const doing = runWords(run);
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
      toast.error(`The sandbox image was not prepared: ${oneLine(err)}`);
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
      <span className={`status-item ${toneClass(sum.tone)}`} data-tone={sum.tone} title={detail(status)}>
        <IsolationIcon tone={sum.tone} size={13} />
        {sum.text}
      </span>
      <span className="status-sep" aria-hidden="true" />
      <span className="status-item status-model" title="Who analyses">
        <Icon name="sparkle" size={13} />
        {modelWords(run, settings)}
      </span>
      {conversationId && (
        <>
          <span className="status-sep" aria-hidden="true" />
          <span className="status-item status-run" aria-live="polite">
            {doing ? (
              <>
                <span
                  className={`dot ${run?.status === 'finished' ? 'dot-off' : 'dot-pulse'}`}
                  aria-hidden="true"
                />
                {doing}
              </>
            ) : (
              <span className="faint">Idle</span>
            )}
          </span>
        </>
      )}
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
          {/* "ready" gives way in a narrow window; "missing" (with Prepare) never does */}
          <span className={`status-sep ${status.image.present ? 'status-wide' : ''}`} aria-hidden="true" />
          <span className={`status-item ${status.image.present ? 'status-wide' : ''}`}>
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

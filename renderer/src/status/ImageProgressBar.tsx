import type { EventPayloads } from '../../../electron/shared/contract';
import { formatBytes } from '../../../electron/model/text/bytes';
import { ProgressBar } from '../shared/ProgressBar';

type Progress = EventPayloads['sandbox:progress'];

function describe(p: Progress | null): { fraction: number | null; text: string } {
  if (!p || p.phase === 'done') return { fraction: null, text: 'Preparing the sandbox image…' };
  if (p.phase === 'build') {
    if (p.totalSteps <= 0) return { fraction: null, text: 'Building the sandbox image…' };
    return {
      fraction: p.step / p.totalSteps,
      text: `Building the sandbox image: step ${p.step} of ${p.totalSteps}`,
    };
  }
  const ids = Object.keys(p.layers);
  const done = ids.filter((id) => /^(Pull complete|Already exists)$/.test(p.layers[id]?.status ?? '')).length;
  const layers = ids.length > 0 ? ` · ${done}/${ids.length} layers` : '';
  // Until a layer reports its size there is nothing to measure: layers that "Already exist" are
  // announced one by one before any download, so counting them would show 100% and then fall back.
  if (p.bytesTotal <= 0) return { fraction: null, text: `Downloading the sandbox image…${layers}` };
  return {
    fraction: Math.min(1, p.bytesDone / p.bytesTotal),
    text: `Downloading the sandbox image: ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}${layers}`,
  };
}

/** A real progress bar (pull bytes or build steps), indeterminate until the first numbers come. */
export function ImageProgressBar({
  progress,
  onCancel,
}: {
  progress: Progress | null;
  onCancel: () => void;
}) {
  const { fraction, text } = describe(progress);
  const pct = fraction === null ? undefined : Math.round(fraction * 100);
  return (
    <span className="image-progress">
      <ProgressBar label="Preparing the sandbox image" pct={pct} text={text} />
      <span className="image-progress-text">
        {text}
        {pct !== undefined && ` (${pct}%)`}
      </span>
      <button type="button" className="btn btn-small" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

import type { BlockRun } from '../../../electron/model/agent/conversation';
import { formatDuration } from '../shared/format';
import { Icon } from '../shared/icons';
import { useElapsed } from '../shared/useElapsed';
import { STATUS_TEXT, STATUS_TONE } from './blocks';

/** The block's status as text (never colour alone), with the elapsed or final time. */
export function BlockStatusChip({ block }: { block: BlockRun }) {
  const running = block.status === 'running';
  const elapsed = useElapsed(block.startedAt, running);
  let detail = '';
  if (running && elapsed !== null) detail = formatDuration(elapsed);
  else if (block.result && block.status !== 'running') {
    detail = formatDuration(block.result.durationMs);
    if (block.status === 'failed') detail = `exit ${block.result.exitCode} · ${detail}`;
  }
  const tone = STATUS_TONE[block.status];
  return (
    <span className={`chip ${tone ? `chip-${tone}` : ''} status-chip`} data-status={block.status}>
      {running ? (
        <span className="spinner" aria-hidden="true" />
      ) : block.status === 'succeeded' ? (
        <Icon name="check" size={12} />
      ) : block.status === 'failed' || block.status === 'timed-out' ? (
        <Icon name="alert" size={12} />
      ) : block.status === 'awaiting-approval' || block.status === 'queued' ? (
        <span className="dot" aria-hidden="true" />
      ) : null}
      {STATUS_TEXT[block.status]}
      {detail && <span className="status-detail">· {detail}</span>}
    </span>
  );
}

import type { BlockStatus } from './conversation';

/** A block's state in words (lower case: reports say "failed (exit 1, 0.20 s)"; the app capitalises). */
export const BLOCK_STATUS_WORDS: Record<BlockStatus, string> = {
  queued: 'queued',
  'awaiting-approval': 'awaiting approval',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  'timed-out': 'timed out',
  rejected: 'rejected',
  cancelled: 'cancelled',
  'not-run': 'not run',
};

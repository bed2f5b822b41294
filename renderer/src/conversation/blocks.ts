// Pure helpers for showing code blocks: which BlockRun a rendered fence is, how outputs are cut.
import type { BlockRun, BlockStatus } from '../../../electron/model/agent/conversation';
import { BLOCK_STATUS_WORDS } from '../../../electron/model/agent/block-status';

const RUNNABLE_TAGS: Record<string, 'python' | 'sh'> = {
  python: 'python',
  py: 'python',
  python3: 'python',
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
};

/** 'python' or 'sh' for a fence's info word that the executor runs; null otherwise. */
export function runnableLanguage(tag: string | undefined | null): 'python' | 'sh' | null {
  return RUNNABLE_TAGS[(tag ?? '').trim().toLowerCase()] ?? null;
}

export interface FencePosition {
  /** Character offsets of the rendered block in the message (from the markdown parser). */
  start?: number;
  end?: number;
  /** Position among the message's python/sh fences (for blocks saved without offsets). */
  runIndex?: number;
}

/** The block shown in place of a fence: by offsets when the blocks have them, else by fence order. */
export function blockForFence(blocks: BlockRun[], fence: FencePosition): BlockRun | undefined {
  const located = blocks.filter((b) => b.start !== undefined && b.end !== undefined);
  if (located.length > 0 && fence.start !== undefined) {
    const exact = located.find((b) => b.start === fence.start);
    if (exact) return exact;
    const end = fence.end ?? fence.start;
    const overlapping = located.find((b) => b.start! < end && fence.start! < b.end!);
    if (overlapping) return overlapping;
  }
  if (fence.runIndex === undefined) return undefined;
  return blocks.find((b) => (b.start === undefined || b.end === undefined) && b.index === fence.runIndex);
}

/** Blocks that no fence of the message will show (e.g. code recovered from a tool call). */
export function unplacedBlocks(blocks: BlockRun[], content: string): BlockRun[] {
  const fences = countRunnableFences(content);
  return blocks.filter((b) => {
    if (b.start !== undefined && b.end !== undefined) {
      return !(b.end <= content.length && /^(?:`{3}|~{3}| {4}|\t)/.test(content.slice(b.start, b.start + 4)));
    }
    return b.index >= fences;
  });
}

function countRunnableFences(content: string): number {
  let n = 0;
  let open: string | null = null;
  for (const line of content.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!m) continue;
    if (open === null) {
      open = m[1]!;
      if (runnableLanguage(m[2])) n++;
    } else if (m[1]!.startsWith(open[0]!) && m[1]!.length >= open.length && !m[2]) {
      open = null;
    }
  }
  return n;
}

export interface CutOutput {
  head: string;
  tail: string;
  hiddenLines: number;
  totalLines: number;
}

/** Long output: the first `headLines` and the last `tailLines` lines, and how many are hidden. */
export function cutOutput(text: string, headLines = 40, tailLines = 20): CutOutput {
  const lines = text.replace(/\n$/, '').split('\n');
  const total = lines.length;
  if (total <= headLines + tailLines + 5)
    return { head: lines.join('\n'), tail: '', hiddenLines: 0, totalLines: total };
  return {
    head: lines.slice(0, headLines).join('\n'),
    tail: lines.slice(total - tailLines).join('\n'),
    hiddenLines: total - headLines - tailLines,
    totalLines: total,
  };
}

export const STATUS_TEXT = Object.fromEntries(
  Object.entries(BLOCK_STATUS_WORDS).map(([status, words]) => [
    status,
    words[0]!.toUpperCase() + words.slice(1),
  ]),
) as Record<BlockStatus, string>;

export const STATUS_TONE: Record<BlockStatus, '' | 'success' | 'danger' | 'warning' | 'accent'> = {
  queued: '',
  'awaiting-approval': 'warning',
  running: 'accent',
  succeeded: 'success',
  failed: 'danger',
  'timed-out': 'danger',
  rejected: 'warning',
  cancelled: '',
  'not-run': '',
};

// What the reports show of each block: its step title (the sentence that introduced it), a
// short output for the body, and the output and code as the user may see them (without the
// machine lines old sandboxes printed, and without the result helper's old import).
import type { BlockRun } from '../../model/agent/conversation';
import { isMachineLine, visibleOutput } from '../../model/exec/visible-output';
import { statusText, type NumberedBlock, type ProsePart, type ReportItem } from './common';
import { toolTitle } from './tool-code';

/** Output lines a step shows in the report's body; the rest are in the appendix. */
export const SHORT_OUTPUT_LINES = 12;
const MAX_TITLE = 110;

/** An output as shown, and where each of the raw output's lines went (1-based; null: dropped). */
export interface ShownOutput {
  text: string;
  lineOf(rawLine: number): number | null;
}

/**
 * The output without old `PLOTWRIGHT-RESULT …` and `<chart: …>` lines (exec/visible-output.ts).
 * Answers traced before those lines left cite raw line numbers: `lineOf` maps them.
 */
export function shownOutput(raw: string | undefined): ShownOutput {
  const text = visibleOutput(raw ?? '');
  if (text === (raw ?? '')) return { text, lineOf: (n) => n };
  const map: (number | null)[] = [];
  let kept = 0;
  for (const line of (raw ?? '').split('\n'))
    map.push(isMachineLine(line.endsWith('\r') ? line.slice(0, -1) : line) ? null : ++kept);
  return { text, lineOf: (n) => map[n - 1] ?? null };
}

/** A block's output as the report shows it (the live output when it never finished). */
export function blockOutput(block: BlockRun): ShownOutput {
  return shownOutput(block.result?.output ?? block.output);
}

/**
 * The first `SHORT_OUTPUT_LINES` lines (leading blank lines skipped: `first` is the 1-based
 * number of the first line shown), and how many more there are.
 */
export function shortOutput(
  text: string,
  max = SHORT_OUTPUT_LINES,
): { text: string; more: number; first: number } {
  const all = text.replace(/\n+$/, '').split('\n');
  let skip = 0;
  while (skip < all.length - 1 && !all[skip]!.trim()) skip++;
  const lines = all.slice(skip);
  if (lines.length <= max + 2) return { text: lines.join('\n'), more: 0, first: skip + 1 };
  return { text: lines.slice(0, max).join('\n'), more: lines.length - max, first: skip + 1 };
}

const STATUS_ICON: Partial<Record<BlockRun['status'], string>> = {
  succeeded: '✓',
  failed: '✗',
  'timed-out': '✗',
  cancelled: '✗',
  rejected: '⊘',
  'not-run': '–',
};

/** "✓ succeeded (0.04 s)". */
export const stepStatus = (block: BlockRun) =>
  `${STATUS_ICON[block.status] ?? ''} ${statusText(block)}`.trim();

/** "… 31 more lines in the appendix". */
export const moreLines = (n: number) => `… ${n} more line${n === 1 ? '' : 's'} in the appendix`;

/** Inline Markdown as plain text: code spans, emphasis and links reduced to their text. */
function inlineText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
    .replace(/^#+\s+/, '')
    .replace(/\\([\\`*_[\]<>|~&#.!-])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first sentence of a paragraph, without "First," / "Next," and at most ~110 characters. */
export function firstSentence(paragraph: string): string {
  const text = inlineText(paragraph);
  const m = /^(.+?[.!?:])(?:\s|$)/.exec(text);
  let s = (m ? m[1]! : text).replace(/[.:]$/, '');
  s = s.replace(/^(?:First|Next|Then|Now|Finally|Also|Lastly|Last),?\s+/i, '');
  s = s.charAt(0).toUpperCase() + s.slice(1);
  if (s.length > MAX_TITLE) s = `${s.slice(0, MAX_TITLE - 1).replace(/\s+\S*$/, '')}…`;
  return s;
}

/** The paragraph just before a block in its message, if any (not a list or a table). */
function introOf(parts: ProsePart[], i: number): string | null {
  const before = parts[i - 1];
  if (!before || before.kind !== 'prose') return null;
  const paragraphs = before.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !/^(?:\||[-*+] |\d+\. |```|~~~|>)/.test(p));
  return paragraphs[paragraphs.length - 1] ?? null;
}

export interface Step extends NumberedBlock {
  /** "Totals of revenue and units by product and region", or "Python block" without an intro. */
  title: string;
}

/** Every block as a step, numbered as the report numbers blocks. */
export function reportSteps(items: ReportItem[]): Step[] {
  const steps: Step[] = [];
  for (const item of items) {
    if (item.kind !== 'assistant') continue;
    item.parts.forEach((p, i) => {
      if (p.kind !== 'block') return;
      const intro = introOf(item.parts, i);
      const title = intro ? firstSentence(intro) : '';
      const fallback = toolTitle(p.block) ?? (p.block.language === 'sh' ? 'Shell command' : 'Python code');
      steps.push({ block: p.block, number: p.number, title: title || fallback });
    });
  }
  return steps;
}

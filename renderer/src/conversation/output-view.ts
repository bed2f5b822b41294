// What of a block's output is shown (pure: tested without a DOM). Old saved outputs can hold
// machine lines (visibleOutput drops them); claims point at lines of the raw output, so their
// line numbers are mapped to the shown text. A long output shows its first lines until asked,
// then all of it in place (no scroll box inside the scrolling log), up to a cap.
import { isMachineLine, visibleOutput } from '../../../electron/model/exec/visible-output';

/** Outputs up to this many lines are shown whole. */
export const PREVIEW_ABOVE = 24;
/** A longer output first shows this many lines. */
export const PREVIEW_LINES = 16;
/** Shown in full up to this many lines (Copy output copies everything). */
export const MAX_SHOWN_LINES = 2000;

/** The line of the shown output that is line `rawLine` (1-based) of the raw output, or null when it was dropped. */
export function shownLine(raw: string, rawLine: number): number | null {
  if (visibleOutput(raw) === raw) return rawLine;
  const lines = raw.split('\n');
  const at = lines[rawLine - 1];
  if (at === undefined) return rawLine;
  const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  if (isMachineLine(strip(at))) return null;
  let dropped = 0;
  for (let i = 0; i < rawLine - 1; i++) if (isMachineLine(strip(lines[i]!))) dropped++;
  return rawLine - dropped;
}

export interface OutputView {
  /** The text shown now. */
  text: string;
  totalLines: number;
  /** Lines not shown now (0 when all are). */
  hiddenLines: number;
  /** What "show all" can show: every line, or the first MAX_SHOWN_LINES. */
  capped: boolean;
}

/** The shown part of `text`: a preview of a long output, or (expanded) all of it up to the cap. */
export function outputView(text: string, expanded: boolean): OutputView {
  const lines = text.replace(/\n$/, '').split('\n');
  const total = lines.length;
  if (total <= PREVIEW_ABOVE)
    return { text: lines.join('\n'), totalLines: total, hiddenLines: 0, capped: false };
  const shown = expanded ? Math.min(total, MAX_SHOWN_LINES) : PREVIEW_LINES;
  return {
    text: lines.slice(0, shown).join('\n'),
    totalLines: total,
    hiddenLines: total - shown,
    capped: total > MAX_SHOWN_LINES,
  };
}

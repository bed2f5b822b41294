/**
 * Title lines above the header, as spreadsheet exports write them:
 *
 *     Sales report Q1 2026;;;
 *     Exported 05.04.2026 by ERP;;;
 *
 *     Date;Product;Region;Amount
 *
 * A line counts as a title when it fills at most half of the table's width and holds some text
 * (not only numbers or dates), and the table that starts below it has a header. pandas then skips
 * them with `skiprows`, which counts every line, blank ones included; in a skipped line any quote
 * opens a quoted section, so only lines whose quotes pair up are skipped this way.
 */
import Papa from 'papaparse';
import { cellKind, cut, looksLikeHeader } from './columns';
import type { NumberFormat } from './columns';
import { headerView } from './numbers';

/** At most this many lines are skipped. */
export const MAX_PREAMBLE_LINES = 30;

export interface Preamble {
  /** Lines read_csv skips (`skiprows`), blank ones included. */
  skipRows: number;
  /** Of those, the non-blank ones (records the counter sees). */
  records: number;
  /** The non-blank lines, cells joined by a space, cut to 200 characters. */
  lines: string[];
}

const NONE: Preamble = { skipRows: 0, records: 0, lines: [] };

function modeWidth(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 1;
  let best = 0;
  for (const [w, n] of counts) if (n > best || (n === best && w > width)) [width, best] = [w, n];
  return width;
}

/** Lines of `text` above the table, when there are titles there. */
export function findPreamble(
  text: string,
  delimiter: string,
  quotechar: '"' | "'",
  format: NumberFormat,
): Preamble {
  const rows = Papa.parse<string[]>(text, {
    delimiter,
    quoteChar: quotechar,
    preview: 250,
    skipEmptyLines: false,
  }).data;
  const blankRe = delimiter === '\t' ? /^ *$/ : /^[ \t]*$/;
  const blank = (r: string[]) => r.length === 1 && blankRe.test(r[0]!);
  const width = modeWidth(rows.filter((r) => !blank(r)));
  if (width < 2) return NONE;
  const filled = (r: string[]) => r.filter((v) => v.trim() !== '');
  const title = (r: string[]) => {
    const f = filled(r);
    return (
      f.length >= 1 &&
      f.length <= Math.max(1, Math.floor(width / 2)) &&
      f.some((v) => cellKind(v, format) === 'string')
    );
  };
  let start = 0;
  let titles = 0;
  for (; start < rows.length && start < MAX_PREAMBLE_LINES; start++) {
    const r = rows[start]!;
    if (blank(r)) continue;
    if (!title(r)) break;
    titles++;
  }
  if (titles === 0 || start >= rows.length || start >= MAX_PREAMBLE_LINES) return NONE;
  // The table must start there: most of the next rows have its width, and the first is a header.
  const table = rows.slice(start).filter((r) => !blank(r));
  const next = table.slice(0, 11);
  if (next.filter((r) => r.length === width).length < Math.ceil(next.length / 2)) return NONE;
  // A title padded to the table's width could be a sparse first row: then a header must follow.
  const padded = rows.slice(0, start).some((r) => !blank(r) && r.length >= width);
  if (padded && (table.length < 2 || !looksLikeHeader(headerView(table.slice(0, 201), format), format))) {
    return NONE;
  }
  // Each skipped line is one physical line whose quotes pair up (pandas' skipped-line rules).
  const physical = text.split(/\r\n|\n|\r/, start);
  for (let i = 0; i < start; i++) {
    const r = rows[i]!;
    const line = physical[i] ?? '';
    if (r.some((v) => /[\r\n]/.test(v))) return NONE;
    if (line.split(quotechar).length % 2 === 0) return NONE;
  }
  const lines = rows
    .slice(0, start)
    .filter((r) => !blank(r))
    .map((r) => cut(filled(r).join(' ').trim(), 200));
  return { skipRows: start, records: lines.length, lines };
}

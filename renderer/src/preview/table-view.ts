// Pure helpers of the Data tab: sorting, filtering and the per-column summary over the rows the
// preview has loaded (the first up to 10,000 data rows of the file).
import type { ColumnProfile, DateOrder } from '../../../electron/model/data/types';
import { isMissing } from '../../../electron/model/data/missing';

export type SortDir = 'ascending' | 'descending';
export interface SortBy {
  column: number;
  dir: SortDir;
}

const NUMERIC = new Set(['integer', 'float']);

/** A cell of a numeric column as a number (`1 234,5` and `1,234.5` too), or null. */
export function cellNumber(cell: string | undefined): number | null {
  if (cell === undefined || isMissing(cell.trim())) return null;
  let s = cell.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^[-+]?\d*,\d+$/.test(s)) s = s.replace(',', '.');
  const n = Number(s);
  return s !== '' && Number.isFinite(n) ? n : null;
}

const NUMERIC_DATE = /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(.*)$/;

/**
 * A numeric date as a sortable key (year, month, day, then the rest: the time), read in the
 * order the file's profile decided (`05.01.2026` day first); other text is kept as it is.
 */
export function dateKey(cell: string, order: DateOrder = 'ymd'): string {
  const m = NUMERIC_DATE.exec(cell.trim());
  if (!m) return cell;
  const [a, b, c] = [m[1]!, m[2]!, m[3]!];
  const [y, mo, d] =
    a.length === 4 ? [a, b, c] : order === 'dmy' ? [c, b, a] : order === 'mdy' ? [c, a, b] : [a, b, c];
  const year = y.length === 2 ? `20${y}` : y.padStart(4, '0');
  return `${year}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}${m[4] ?? ''}`;
}

const DATES = new Set(['date', 'datetime']);

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Indices of the rows to show, in order: those containing `filter` (any cell, case-insensitive),
 * sorted by a column (numbers as numbers, missing values last either way).
 */
export function viewOrder(
  rows: string[][],
  columns: ColumnProfile[],
  filter: string,
  sort: SortBy | null,
  dateOrders: Record<string, DateOrder> = {},
): number[] {
  const needle = filter.trim().toLowerCase();
  let order = rows.map((_, i) => i);
  if (needle) order = order.filter((i) => rows[i]!.some((cell) => cell.toLowerCase().includes(needle)));
  if (!sort) return order;
  const col = sort.column;
  const sign = sort.dir === 'ascending' ? 1 : -1;
  const numeric = NUMERIC.has(columns[col]?.type ?? '');
  const date = DATES.has(columns[col]?.type ?? '');
  const written = dateOrders[columns[col]?.name ?? ''];
  const key = (i: number): number | string | null => {
    const cell = rows[i]![col];
    if (numeric) return cellNumber(cell);
    if (cell === undefined || isMissing(cell.trim())) return null;
    return date ? dateKey(cell, written) : cell;
  };
  const keys = new Map(order.map((i) => [i, key(i)]));
  return order.sort((a, b) => {
    const x = keys.get(a)!;
    const y = keys.get(b)!;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return c === 0 ? a - b : sign * c;
  });
}

export interface ColumnSummary {
  name: string;
  type: ColumnProfile['type'];
  missing: number;
  distinct: number;
  /** Numeric columns: the smallest and largest value as written in the file. */
  min?: string;
  max?: string;
  /** Other columns: the most common values with their counts (at most 3). */
  top?: { value: string; count: number }[];
}

/** Type (from the file's profile), missing, distinct, min/max or top values over `rows`. */
export function summarize(
  rows: string[][],
  columns: ColumnProfile[],
  dateOrders: Record<string, DateOrder> = {},
): ColumnSummary[] {
  return columns.map((c, j) => {
    const counts = new Map<string, number>();
    let missing = 0;
    let min: { n: number; s: string } | null = null;
    let max: { n: number; s: string } | null = null;
    const numeric = NUMERIC.has(c.type);
    for (const row of rows) {
      const cell = row[j] ?? '';
      if (isMissing(cell.trim())) {
        missing++;
        continue;
      }
      counts.set(cell, (counts.get(cell) ?? 0) + 1);
      if (numeric) {
        const n = cellNumber(cell);
        if (n === null) continue;
        if (!min || n < min.n) min = { n, s: cell };
        if (!max || n > max.n) max = { n, s: cell };
      }
    }
    const out: ColumnSummary = { name: c.name, type: c.type, missing, distinct: counts.size };
    if (numeric && min && max) return { ...out, min: min.s, max: max.s };
    if (DATES.has(c.type)) {
      const order = dateOrders[c.name];
      const keyed = [...counts.keys()].map((v) => [dateKey(v, order), v] as const);
      const sorted = keyed.sort((x, y) => collator.compare(x[0], y[0])).map(([, v]) => v);
      if (sorted.length) return { ...out, min: sorted[0], max: sorted.at(-1) };
    }
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]))
      .slice(0, 3)
      .map(([value, count]) => ({ value, count }));
    return { ...out, top };
  });
}

/**
 * The conditions of a question: values of the data ("on Sundays", "female", "not North",
 * "Sat or Sun"), comparisons on numbers ("tips over 5", "price between 1000 and 2000") and a
 * time window ("in March", "Q1 2026", "since 2020", "from January to March").
 */
import { mdCode, mdText } from '../format';
import type { Filter, Period, Scalar } from '../ops/types';
import { Decline, quote, type Reader } from './reader';
import { foldKey } from './words';

const OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==' } as const;

/**
 * Values named in the question become conditions (the same column's values joined into a list).
 * `split`: a column whose values were joined by "and" ("North and South"): the answer gives
 * each value's figure as well as the combined one.
 */
export function valueFilters(r: Reader): { filters: Filter[]; split?: string } {
  const filters: Filter[] = [];
  let split: string | undefined;
  const { items } = r;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item?.kind !== 'value' || !r.free(i)) continue;
    const column = resolveColumn(r, i);
    const values: Scalar[] = optionValues(r, i, column);
    severalValues(r, i, column);
    r.use(i);
    absorbColumn(r, i, column);
    // "Sat or Sun", "Sat, Sun and Fri": more values of the same column.
    let j = i;
    for (;;) {
      let k = r.next(j);
      const joiner = r.kwAt(k, 'or', 'and') ? k : -1;
      if (joiner >= 0) k = r.next(k);
      const more = items[k];
      if (more?.kind !== 'value' || !r.free(k) || !more.options.some((o) => o.column === column)) break;
      if (resolveColumn(r, k) !== column) break;
      severalValues(r, k, column);
      values.push(...optionValues(r, k, column));
      r.use(k);
      if (joiner >= 0) r.use(joiner);
      if (r.kwAt(joiner, 'and')) split = column;
      j = k;
    }
    const not = r.prev(i);
    const negated = r.kwAt(not, 'not') && r.free(not);
    if (negated) r.use(not);
    // Spellings that differ only in case or spaces are one value (the code compares them folded).
    const { unique, spellings } = oneSpellingEach(values);
    const also = spellings.length ? { spellings } : {};
    if (negated && unique.length > 1)
      throw new Decline(`I can't combine “not” with several values (${quote(item.text)})`);
    if (unique.length === 1)
      filters.push({ column, op: negated ? '!=' : '==', value: unique[0] as Scalar, ...also });
    else filters.push({ column, op: 'in', value: unique, ...also });
  }
  const columns = filters.map((f) => f.column);
  const twice = columns.find((c, k) => columns.indexOf(c) !== k);
  if (twice !== undefined) throw new Decline(`two separate conditions on the same column ${mdCode(twice)}`);
  return { filters, ...(split !== undefined ? { split } : {}) };
}

/** A value whose words match several different values of its column ("A" for A+, A and A-). */
function severalValues(r: Reader, i: number, column: string): void {
  const item = r.items[i];
  if (item?.kind !== 'value' || !item.several?.includes(column)) return;
  const values = optionValues(r, i, column).map((v) => mdText(v, 30));
  throw new Decline(
    `${quote(item.text)} matches several different values of ${mdCode(column)} (${values.slice(0, 6).join(', ')}); write the one you mean as it is written in the data`,
  );
}

/** One value per spelling (case and spaces ignored), the first kept; the others, for the sentence. */
export function oneSpellingEach(values: Scalar[]): { unique: Scalar[]; spellings: string[] } {
  const seen = new Map<string, Scalar>();
  const spellings: string[] = [];
  for (const v of values) {
    const key = typeof v === 'string' ? `s:${foldKey(v)}` : `${typeof v}:${String(v)}`;
    const kept = seen.get(key);
    if (kept === undefined) seen.set(key, v);
    else if (kept !== v && typeof v === 'string' && !spellings.includes(v)) spellings.push(v);
  }
  return { unique: [...seen.values()], spellings };
}

/** The values an item names in a column, the one spelled as in the question first. */
function optionValues(r: Reader, i: number, column: string): Scalar[] {
  const item = r.items[i];
  if (item?.kind !== 'value') return [];
  const values = item.options.filter((o) => o.column === column).map((o) => o.value);
  const asWritten = values.filter((v) => v === item.written.trim());
  return [...asWritten, ...values.filter((v) => v !== item.written.trim())];
}

/** The column of a value item; a value found in several columns needs its column named beside it. */
function resolveColumn(r: Reader, i: number): string {
  const item = r.items[i];
  if (item?.kind !== 'value') throw new Error('not a value');
  const columns = [...new Set(item.options.map((o) => o.column))];
  if (columns.length === 1) return columns[0] as string;
  const near = [r.prev(i), r.next(i)]
    .map((k) => r.column(k))
    .filter((c): c is string => !!c && columns.includes(c));
  if (near.length >= 1 && new Set(near).size === 1) return near[0] as string;
  throw new Decline(
    `${quote(item.text)} is a value of several columns (${columns.map((c) => `${mdCode(c)}`).join(', ')}); name the column`,
  );
}

function absorbColumn(r: Reader, i: number, column: string): void {
  for (const k of [r.prev(i), r.next(i)]) {
    if (r.free(k) && r.column(k) === column) {
      r.use(k);
      return;
    }
  }
}

/** "tip over 5", "price between 1000 and 2000", "over 2 carats". */
export function comparisons(r: Reader): Filter[] {
  const filters: Filter[] = [];
  for (const i of r.kws('gt', 'gte', 'lt', 'lte', 'eq', 'between')) {
    const item = r.items[i];
    if (item?.kind !== 'kw') continue;
    const n1 = r.next(i, false);
    const first = r.items[n1];
    if (first?.kind !== 'number') continue;
    // "over-5", "over - 5": minus 5, or a dash? Ask.
    const second = item.kw === 'between' ? r.items[r.next(r.next(n1, false), false)] : undefined;
    const dashed = [first, second].find((it) => it?.kind === 'number' && it.dashed);
    if (dashed) throw new Decline(`whether the dash before ${quote(dashed.text)} is a minus sign`);
    let last = n1;
    let value: number | [number, number] = first.value;
    if (item.kw === 'between') {
      const and = r.next(n1, false);
      const n2 = r.next(and, false);
      const second = r.items[n2];
      if (!r.kwAt(and, 'and', 'to') || second?.kind !== 'number') continue;
      value = [Math.min(first.value, second.value), Math.max(first.value, second.value)];
      last = n2;
      const subject = subjectOf(r, i, last);
      if (subject < 0 || yearsRather(r, subject, value)) continue; // a range of years: the period pass reads it
      r.use(i, n1, and, n2, subject);
      filters.push({ column: r.column(subject) as string, op: 'between', value });
      continue;
    }
    const subject = subjectOf(r, i, last);
    if (subject < 0)
      throw new Decline(`I could not tell which column ${quote(`${item.text} ${first.text}`)} is about`);
    r.use(i, n1, subject);
    filters.push({ column: r.column(subject) as string, op: OPS[item.kw as keyof typeof OPS], value });
  }
  return filters;
}

/**
 * The numeric column a comparison is about: right before it ("tip over 5", "a price of more than
 * 10000"), else right after the number ("over 2 carats"). A column further back, past a noun
 * ("price of diamonds over 2"), is not taken: that comparison may be about something else.
 */
function subjectOf(r: Reader, kw: number, last: number): number {
  const numeric = (k: number) => r.free(k) && !!r.column(k) && r.isNumeric(r.column(k) as string);
  const before = r.prev(kw, false);
  if (numeric(before)) return before;
  const after = r.next(last, false);
  if (numeric(after)) return after;
  return -1;
}

/** "passengers between 1950 and 1955" in a file with a time column: years, not passenger counts. */
function yearsRather(r: Reader, subject: number, [lo, hi]: [number, number]): boolean {
  const yearLike = (v: number) => Number.isInteger(v) && v >= 1800 && v <= 2200;
  if (!yearLike(lo) || !yearLike(hi) || (!r.ctx.dates.length && !r.ctx.years.length)) return false;
  const range = r.ctx.lookup?.ranges.get(r.column(subject) as string);
  return !range || range.max === null || range.min === null || hi < range.min || lo > range.max;
}

type Point = {
  year?: number;
  /** A decade's last year ("the 1950s": 1950 to 1959). */
  last?: number;
  month?: number;
  quarter?: number;
  date?: string;
  start: number;
  end: number;
};

const YEAR = (v: number) => Number.isInteger(v) && v >= 1800 && v <= 2200;

/** The time window, if the question names one. */
export function period(
  r: Reader,
  timeColumn: () => { column: string; kind: 'date' | 'year' },
): Period | undefined {
  const { items } = r;
  // Atoms: months, quarters, years, dates, in order, with the keyword before each run.
  const points: Point[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!r.free(i)) continue;
    const item = items[i];
    const p: Point = { start: i, end: i };
    if (item?.kind === 'month') p.month = item.month;
    else if (item?.kind === 'kw' && /^q[1-4]$/.test(item.kw)) p.quarter = Number(item.kw.slice(1));
    else if (item?.kind === 'number' && YEAR(item.value) && !item.percent) p.year = item.value;
    else if (item?.kind === 'date') p.date = item.iso;
    else if (item?.kind === 'month-date') Object.assign(p, { year: item.year, month: item.month });
    else if (item?.kind === 'decade') Object.assign(p, { year: item.year, last: decadeEnd(item) });
    else continue;
    const last = points[points.length - 1];
    // "March 2026", "Q1 2026": a year right after a month or quarter belongs to it.
    if (
      last &&
      p.year !== undefined &&
      p.last === undefined &&
      p.month === undefined &&
      last.year === undefined &&
      last.date === undefined &&
      r.next(last.end, false) === i
    ) {
      last.year = p.year;
      last.end = i;
      continue;
    }
    points.push(p);
  }
  if (!points.length) return undefined;
  if (points.length > 2) throw new Decline('more than one time window');
  const first = points[0] as Point;
  const second = points[1];
  const before = r.prev(first.start, false);
  const connector = r.items[before]?.kind === 'kw' ? (r.items[before] as { kw: string }).kw : '';
  const { column, kind } = timeColumn();
  const label = r.items
    .slice(
      connector && ['from', 'between', 'since', 'before', 'after', 'to'].includes(connector)
        ? before
        : first.start,
      (second ?? first).end + 1,
    )
    .filter((it) => it.kind !== 'filler')
    .map((it) => (it.kind === 'decade' ? `the ${it.text} (${it.year}–${it.year + 9})` : it.text))
    .join(' ');
  const out: Period = { column, kind, label };
  if (second) {
    const join = r.next(first.end, false);
    if (
      !['from', 'between'].includes(connector) ||
      !r.kwAt(join, 'to', 'and') ||
      r.next(join, false) !== second.start
    )
      throw new Decline('two time windows');
    r.use(before, join);
    if (
      second.year !== undefined &&
      first.year === undefined &&
      first.date === undefined &&
      (first.month || first.quarter)
    )
      first.year = second.year;
    range(out, first, second);
  } else if (['since', 'after', 'before', 'to'].includes(connector)) {
    r.use(before);
    openRange(out, first, connector);
  } else {
    single(out, first);
  }
  if (kind === 'year' && (out.months || out.from || out.to))
    throw new Decline(`there is no date column to find ${quote(label)} in`);
  for (const p of points) for (let k = p.start; k <= p.end; k++) r.use(k);
  return out;
}

/** "the 1950s" ends in 1959; "the 90s" (which century?) and "the 1900s" (a decade or a century?) are declined. */
function decadeEnd(item: { text: string; year: number; short: boolean }): number {
  if (item.short)
    throw new Decline(
      `what ${quote(`the ${item.text}`)} means (for a decade, which century: write it with four digits, e.g. “the 1990s”)`,
    );
  if (item.year % 100 === 0)
    throw new Decline(
      `whether ${quote(`the ${item.text}`)} means the decade ${item.year}–${item.year + 9} or the century ${item.year}–${item.year + 99}`,
    );
  return item.year + 9;
}

const pad = (n: number) => String(n).padStart(2, '0');
const months = (p: Point): [number, number] | undefined =>
  p.month ? [p.month, p.month] : p.quarter ? [p.quarter * 3 - 2, p.quarter * 3] : undefined;

function bounds(p: Point): [string, string] {
  if (p.date) {
    const d = new Date(`${p.date}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== p.date)
      throw new Decline(`${quote(p.date)} is not a date`);
    const next = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
    return [p.date, next];
  }
  if (p.year === undefined)
    throw new Decline('a month or quarter without a year cannot start or end a range');
  if (p.last !== undefined) return [`${p.year}-01-01`, `${p.last + 1}-01-01`];
  const [m1, m2] = months(p) ?? [1, 12];
  const end = m2 === 12 ? `${p.year + 1}-01-01` : `${p.year}-${pad(m2 + 1)}-01`;
  return [`${p.year}-${pad(m1)}-01`, end];
}

function single(out: Period, p: Point): void {
  if (p.date) [out.from, out.to] = bounds(p);
  if (p.year !== undefined && !p.date) out.years = [p.year, p.last ?? p.year];
  const m = months(p);
  if (m) out.months = m;
}

function openRange(out: Period, p: Point, connector: string): void {
  if (out.kind === 'year' || (p.year !== undefined && !p.month && !p.quarter && !p.date)) {
    if (p.year === undefined || p.month || p.quarter || p.date)
      throw new Decline('a time window I cannot read');
    const y = p.year;
    const end = p.last ?? y;
    out.years =
      connector === 'since'
        ? [y, 9999]
        : connector === 'after'
          ? [end + 1, 9999]
          : connector === 'before'
            ? [0, y - 1]
            : [0, end];
    return;
  }
  const [start, end] = bounds(p);
  if (connector === 'since') out.from = start;
  else if (connector === 'after') out.from = end;
  else if (connector === 'before') out.to = start;
  else out.to = end;
}

function range(out: Period, a: Point, b: Point): void {
  const yearsOnly = (p: Point) => p.year !== undefined && !p.month && !p.quarter && !p.date;
  if (yearsOnly(a) && yearsOnly(b)) {
    const lo = Math.min(a.year as number, b.year as number);
    const hi = Math.max(a.last ?? (a.year as number), b.last ?? (b.year as number));
    out.years = [lo, hi];
    return;
  }
  if (out.kind === 'year') throw new Decline('a time window I cannot read');
  if (a.year === undefined && b.year === undefined && !a.date && !b.date) {
    const [m1] = months(a) ?? [0];
    const [, m2] = months(b) ?? [0, 0];
    if (!m1 || !m2 || m1 > m2) throw new Decline('a range of months that wraps around the year');
    out.months = [m1, m2];
    return;
  }
  const [from] = bounds(a);
  const [, to] = bounds(b);
  if (from >= to) throw new Decline('a time window that ends before it starts');
  out.from = from;
  out.to = to;
}

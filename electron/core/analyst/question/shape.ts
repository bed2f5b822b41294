/**
 * The shape of a question: its grouping ("which X", "by X", "for each X"), its time axis ("per
 * month", "over the years", "which month"), its ranking ("top 5", "3 largest") and superlative
 * ("highest", "most"), and which date or year column a time refers to.
 */
import { mdCode } from '../format';
import type { Freq } from '../ops/types';
import { Decline, type Reader } from './reader';

export const FREQ: Record<string, Freq> = {
  'freq-day': 'day',
  'freq-month': 'month',
  'freq-quarter': 'quarter',
  'freq-year': 'year',
};
/** Words that surely mean one row: "per order" is an average over rows. */
const ROW_WORDS = new Set([
  'row',
  'record',
  'entry',
  'line',
  'observation',
  'transaction',
  'order',
  'item',
  'sale',
]);
/** What readShape found; chooseOperation reads it. */
export interface Shape {
  by?: string;
  /** A time axis asked for by "which month", "by year", "monthly", "over time". */
  time?: { freq?: Freq; column?: string };
  which: boolean;
  top?: { n: number | null; order: 'desc' | 'asc' };
  /** The superlative ("highest", "most"): its kind, and where it was said. */
  superlative?: 'max' | 'min' | 'most' | 'least';
  superlativeAt: number[];
  /** "per order", "per passenger": a figure per row (an average). */
  perRow?: boolean;
  /** The grouping was said with "per" ("average revenue per region"). */
  per?: boolean;
  /** The time axis was said as an adverb ("monthly", "daily", "yearly", "annual"). */
  adverb?: boolean;
}

/** Grouping, time axis, ranking: "which X", "by X", "per month", "top 5", "3 largest". */
export function readShape(r: Reader): Shape {
  const shape: Shape = { which: false, superlativeAt: [] };
  const setBy = (column: string) => {
    if (shape.by !== undefined && shape.by !== column)
      throw new Decline('two groupings at once (one at a time)');
    shape.by = column;
  };
  const ranking = r.kws('top', 'bottom', 'max', 'min', 'most', 'least').length > 0;
  for (const i of r.kws('gt')) {
    // "over the years", "over the months": a time axis, not a comparison.
    if (r.items[i]?.text.toLowerCase() !== 'over') continue;
    const j = r.next(i, false);
    const item = r.items[j];
    const column = r.column(j);
    if (item?.kind === 'kw' && FREQ[item.kw]) {
      shape.time = { ...shape.time, freq: FREQ[item.kw] };
      r.use(i, j);
    } else if (column && r.ctx.years.includes(column)) {
      shape.time = { ...shape.time, freq: 'year' }; // the year column itself is found by resolveTime
      r.use(i);
    } else if (column && r.ctx.dates.includes(column)) {
      shape.time = { ...shape.time, column };
      r.use(i, j);
    }
  }
  for (const i of r.kws('which', 'by')) {
    const isWhich = r.kwAt(i, 'which');
    let j = r.next(i, false);
    // "by average price": ranked by a figure of a measure.
    if (!isWhich && r.kwAt(j, 'mean', 'sum', 'median') && r.isMeasure(r.column(r.next(j, false)) ?? ''))
      j = r.next(j, false);
    const item = r.items[j];
    const column = r.column(j);
    if (column && r.free(j)) {
      const rankedBy = !isWhich && r.isMeasure(column) && (ranking || !r.isGroupable(column));
      if (rankedBy) {
        r.use(i); // "top 5 products by revenue": ranked by; the measure stays to be read
        continue;
      }
      if (r.ctx.dates.includes(column)) shape.time = { ...shape.time, column };
      else if (r.isGroupable(column)) {
        setBy(column);
        // "which product and region": two groupings.
        const more = r.next(r.next(j, false), false);
        if (r.kwAt(r.next(j, false), 'and') && r.column(more) && r.isGroupable(r.column(more) as string))
          throw new Decline('two groupings at once (one at a time)');
      } else throw new Decline(`${mdCode(column)} has too many different values to group by`);
      r.use(i, j);
    } else if (!isWhich && item?.kind === 'value') {
      r.use(i); // "paid by cash": the value is a condition
      continue;
    } else if (!isWhich && item?.kind === 'entity') {
      // "revenue per order": per row, an average — only for words that surely mean one row.
      const word = item.text.toLowerCase().replace(/s$/, '');
      const stemWord = r.ctx.fileName
        .toLowerCase()
        .replace(/\.[^.]*$/, '')
        .replace(/s$/, '');
      if (!ROW_WORDS.has(word) && word !== stemWord)
        throw new Decline(`what “per ${item.text}” means in rows of this file`);
      shape.perRow = true;
      r.use(i, j);
      continue;
    } else if (item?.kind === 'kw' && FREQ[item.kw]) {
      shape.time = { ...shape.time, freq: FREQ[item.kw] };
      r.use(i, j);
    } else continue;
    if (isWhich) shape.which = true;
    if ((r.items[i] as { word?: string }).word === 'per') shape.per = true;
  }
  for (const i of r.kws('freq-day', 'freq-month', 'freq-quarter', 'freq-year')) {
    const item = r.items[i];
    if (item?.kind !== 'kw' || !/ly$|annual/.test(item.word)) continue; // "monthly", "yearly", "annual"
    shape.time = { ...shape.time, freq: FREQ[item.kw] };
    shape.adverb = true;
    r.use(i);
  }
  for (const i of r.kws('top', 'bottom')) {
    const j = r.next(i, false);
    const item = r.items[j];
    const n =
      item?.kind === 'number' && Number.isInteger(item.value) && item.value >= 1 && item.value <= 100
        ? item.value
        : null;
    shape.top = { n, order: r.kwAt(i, 'top') ? 'desc' : 'asc' };
    r.use(i);
    if (n !== null) r.use(j);
  }
  for (const i of r.kws('max', 'min', 'most', 'least')) {
    const item = r.items[i];
    if (item?.kind !== 'kw') continue;
    const kind = item.kw as 'max' | 'min' | 'most' | 'least';
    // "5 largest", "the 3 highest", "largest 5"
    for (const j of [r.prev(i, false), r.next(i, false)]) {
      const num = r.items[j];
      if (
        num?.kind === 'number' &&
        r.free(j) &&
        Number.isInteger(num.value) &&
        num.value >= 1 &&
        num.value <= 100
      ) {
        shape.top = { n: num.value, order: kind === 'max' || kind === 'most' ? 'desc' : 'asc' };
        r.use(j);
        break;
      }
    }
    if (shape.superlative && shape.superlative !== kind)
      throw new Decline('two superlatives in one question');
    shape.superlative = kind;
    shape.superlativeAt.push(i);
  }
  if (shape.top && shape.by === undefined) {
    // "top 3 products": the grouping named right after the number.
    const after = r.items.findIndex(
      (it, k) => it.kind === 'column' && r.free(k) && r.isGroupable(r.column(k) as string),
    );
    if (after >= 0) {
      setBy(r.column(after) as string);
      r.use(after);
    }
  }
  return shape;
}

/** The time column a period or trend refers to: the one named, else the only date (or year) column. */
export function resolveTime(r: Reader, shape: Shape): { column: string; kind: 'date' | 'year' } {
  const { ctx } = r;
  const named = r.items.flatMap((it, k) =>
    it.kind === 'column' && ctx.dates.includes(r.column(k) as string) && r.free(k) ? [k] : [],
  );
  if (shape.time?.column) return { column: shape.time.column, kind: 'date' };
  if (named.length === 1) {
    r.use(named[0] as number);
    return { column: r.column(named[0] as number) as string, kind: 'date' };
  }
  if (ctx.dates.length === 1) return { column: ctx.dates[0] as string, kind: 'date' };
  if (ctx.dates.length > 1)
    throw new Decline(
      `the file has several date columns (${ctx.dates.map((d) => `${mdCode(d)}`).join(', ')}); name the one you mean`,
    );
  const years = r.items.flatMap((it, k) =>
    it.kind === 'column' && ctx.years.includes(r.column(k) as string) && r.free(k) ? [k] : [],
  );
  if (years.length === 1) {
    r.use(years[0] as number);
    return { column: r.column(years[0] as number) as string, kind: 'year' };
  }
  if (ctx.years.length === 1) return { column: ctx.years[0] as string, kind: 'year' };
  throw new Decline('the file has no date or year column to place that time in');
}

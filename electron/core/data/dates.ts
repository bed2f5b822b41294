/**
 * Which way round a column's dates are written. `05.01.2026` is 5 January in Europe and May 1st
 * in the US; pandas assumes month first. The column's own values decide first (a first field
 * above 12 means day first, a second one above 12 month first), then the rest of the file: another
 * date column that was decided, dates written with dots (day.month.year), decimals written with a
 * comma, amounts in €, £ or CHF. With no evidence at all the column is `ambiguous` and read month
 * first, as pandas does. Year-first dates (ISO `2026-01-05`) are never turned around.
 */
import { isMissing } from '../../model/data/missing';
import type { DateColumn, DateOrder } from '../../model/data/types';

const YMD = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(.*)$/;
// Day and month first: 2-digit years only with slashes (`5.1.26` could be a version number).
const XYY = /^(\d{1,2})(\/)(\d{1,2})\/(\d{4}|\d{2})(.*)$|^(\d{1,2})([-.])(\d{1,2})\7(\d{4})(.*)$/;
const TIME = /^(T| )(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?( ?)([AaPp][Mm])?$/;

interface Shape {
  kind: 'ymd' | 'xyy';
  first: number;
  second: number;
  sep: string;
  year: string;
  /** The time part's strptime format ('' for none), or null when it has none (time zones…). */
  time: string | null;
}

function timeFormat(rest: string): string | null {
  if (rest === '') return '';
  const m = TIME.exec(rest);
  if (!m) return null;
  const ampm = m[7] !== undefined;
  let f = `${m[1]}${ampm ? '%I' : '%H'}:%M`;
  if (m[4] !== undefined) f += ':%S';
  if (m[5] !== undefined) f += '.%f';
  if (ampm) f += `${m[6]}%p`;
  return f;
}

function shape(value: string): Shape | null {
  const v = value.trim();
  const y = YMD.exec(v);
  if (y) {
    const [month, day] = [+y[3]!, +y[4]!];
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return { kind: 'ymd', first: month, second: day, sep: y[2]!, year: y[1]!, time: timeFormat(y[5]!) };
  }
  const x = XYY.exec(v);
  if (!x) return null;
  const g = x[1] !== undefined ? x.slice(1, 6) : x.slice(6, 11);
  const [first, second] = [+g[0]!, +g[2]!];
  if (first < 1 || second < 1 || first > 31 || second > 31 || Math.min(first, second) > 12) return null;
  return { kind: 'xyy', first, second, sep: g[1]!, year: g[3]!, time: timeFormat(g[4]!) };
}

function formatOf(s: Shape, order: DateOrder): string | null {
  if (s.time === null) return null;
  const y = s.year.length === 4 ? '%Y' : '%y';
  const [a, b] = order === 'mdy' ? ['%m', '%d'] : ['%d', '%m'];
  const date = s.kind === 'ymd' ? `%Y${s.sep}%m${s.sep}%d` : `${a}${s.sep}${b}${s.sep}${y}`;
  return date + s.time;
}

/** The words for an order, with the column's own separator: `day.month.year`. */
export function orderWords(order: DateOrder, sep = '/'): string {
  const s = sep === '.' || sep === '-' ? sep : '/';
  if (order === 'ymd') return 'year-month-day';
  return order === 'dmy' ? `day${s}month${s}year` : `month${s}day${s}year`;
}

interface Analysed {
  column: string;
  shapes: Shape[];
  present: number;
  own: DateOrder | null;
  conflict: boolean;
  example: string | null;
}

/** File-wide hints about the convention, from the rest of the profile. */
export interface DateHints {
  /** The file writes decimals with a comma. */
  decimalComma: boolean;
  /** Currency symbols or codes seen in number columns. */
  currencies: string[];
}

const EUROPEAN = new Set(['€', 'EUR', '£', 'GBP', 'CHF', 'Fr.']);

function analyse(column: string, values: string[]): Analysed | null {
  const present = values.filter((v) => !isMissing(v));
  const shapes: Shape[] = [];
  for (const v of present) {
    const s = shape(v);
    if (s) shapes.push(s);
  }
  // A date column: most of its values are numeric dates.
  if (shapes.length === 0 || shapes.length < present.length * 0.8) return null;
  const xyy = shapes.filter((s) => s.kind === 'xyy');
  const dayFirst = xyy.filter((s) => s.first > 12 && s.second <= 12);
  const monthFirst = xyy.filter((s) => s.second > 12 && s.first <= 12);
  let own: DateOrder | null = null;
  if (!xyy.length) own = 'ymd';
  else if (dayFirst.length && !monthFirst.length) own = 'dmy';
  else if (monthFirst.length && !dayFirst.length) own = 'mdy';
  else if (dayFirst.length) own = dayFirst.length >= monthFirst.length ? 'dmy' : 'mdy';
  const witness = own === 'dmy' ? dayFirst[0] : own === 'mdy' ? monthFirst[0] : undefined;
  const example = witness
    ? (present.find((v) => {
        const s = shape(v);
        return s && s.first === witness.first && s.second === witness.second;
      }) ?? null)
    : null;
  return {
    column,
    shapes,
    present: present.length,
    own,
    conflict: dayFirst.length > 0 && monthFirst.length > 0,
    example: example?.trim() ?? null,
  };
}

/** The date columns among `columns` (name + sampled values), each with its order and formats. */
export function analyseDates(columns: { name: string; values: string[] }[], hints: DateHints): DateColumn[] {
  const found = columns.map((c) => analyse(c.name, c.values)).filter((a): a is Analysed => a !== null);
  const decided = found.filter((a) => a.own === 'dmy' || a.own === 'mdy').filter((a) => !a.conflict);
  const sepOf = (a: Analysed) => (a.shapes.find((s) => s.kind === 'xyy') ?? a.shapes[0]!).sep;
  /** The order other decided columns agree on (those written with `sep` only, when given). */
  const agreed = (sep?: string) => {
    const like = decided.filter((d) => sep === undefined || sepOf(d) === sep);
    const orders = new Set(like.map((d) => d.own));
    return orders.size === 1 ? like[0]! : null;
  };
  return found.map((a): DateColumn => {
    const sep = sepOf(a);
    const same = agreed(sep);
    const any = agreed();
    let order: DateOrder;
    let ambiguous = false;
    let evidence: string;
    if (a.own === 'ymd') {
      order = 'ymd';
      evidence = 'the year comes first';
    } else if (a.own) {
      order = a.own;
      ambiguous = a.conflict;
      evidence = a.conflict
        ? `the column mixes both orders; most values are ${order === 'dmy' ? 'day' : 'month'} first (e.g. ${a.example})`
        : `a day above 12 comes ${order === 'dmy' ? 'first' : 'second'}, e.g. ${a.example}`;
    } else if (same || (sep !== '.' && any)) {
      const other = (same ?? any)!;
      order = other.own as DateOrder;
      evidence = `no day above 12 here, but \`${other.column}\` is ${order === 'dmy' ? 'day' : 'month'} first (e.g. ${other.example})`;
    } else if (sep === '.') {
      order = 'dmy';
      evidence = 'no day above 12, but dates written with dots are day.month.year';
    } else if (hints.decimalComma) {
      order = 'dmy';
      evidence = 'no day above 12, but the file writes decimals with a comma, as day-first countries do';
    } else if (hints.currencies.some((c) => EUROPEAN.has(c))) {
      order = 'dmy';
      const c = hints.currencies.find((x) => EUROPEAN.has(x))!;
      evidence = `no day above 12, but amounts are in ${c}, as in day-first countries`;
    } else {
      order = 'mdy';
      ambiguous = true;
      evidence = 'no day above 12 and nothing else in the file tells: read month first, as pandas does';
    }
    const counts = new Map<string, number>();
    let unformatted = 0;
    for (const s of a.shapes) {
      const f = formatOf(s, order);
      if (f === null) unformatted++;
      else counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const formats = [...counts].sort((x, y) => y[1] - x[1]).map(([f]) => f);
    const uniform = formats.length === 1 && unformatted === 0 && a.shapes.length === a.present;
    return {
      column: a.column,
      order,
      ...(uniform ? { format: formats[0] } : {}),
      formats,
      ambiguous,
      evidence,
      words: orderWords(order, sep),
    };
  });
}

/** ISO dates (`2026-01-05`, with or without a time) read right whatever pandas assumes. */
export function isIsoDate(d: DateColumn): boolean {
  return d.order === 'ymd' && d.formats.every((f) => f.startsWith('%Y-%m-%d'));
}

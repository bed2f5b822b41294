/**
 * Conditions on a date column become the operation's time window (a `Period` from/to, as the
 * analyst's questions do): a value is a year ("2026"), a month ("2026-03"), a quarter
 * ("2026-Q1", "Q1 2026") or a day ("2026-03-16"); `==` keeps that span, `<` `<=` `>` `>=` and
 * `between` open or close the window at its start or end. Several conditions on the one date
 * column narrow the window together.
 */
import type { Period } from '../analyst/ops/types';
import { MONTH_NAMES } from '../analyst/question/words';
import { ToolError, quoted } from './error';

/** A span of time: `from` inclusive, `to` exclusive (ISO dates), and how it is said. */
export interface DateSpan {
  from: string;
  to: string;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthName = (m: number) => {
  const name = MONTH_NAMES[m - 1]?.[0] ?? '';
  return name.charAt(0).toUpperCase() + name.slice(1);
};
const firstOfMonth = (y: number, m: number) => (m > 12 ? `${y + 1}-01-01` : `${y}-${pad(m)}-01`);

const HOW = 'write a year (2026), a month (2026-03), a quarter (2026-Q1) or a day (2026-03-16)';

/** The span a date value names; a ToolError when it is not one. */
export function dateSpan(value: unknown, column: string): DateSpan {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const bad = () =>
    new ToolError(`cannot read ${quoted(value)} as a date for column ${quoted(column)}: ${HOW}`);
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(text))) {
    const y = Number(m[1]);
    return { from: `${y}-01-01`, to: `${y + 1}-01-01`, label: String(y) };
  }
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(text))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) throw bad();
    return { from: firstOfMonth(y, mo), to: firstOfMonth(y, mo + 1), label: `${monthName(mo)} ${y}` };
  }
  if ((m = /^(\d{4})[-\s]?q([1-4])$/i.exec(text) ?? /^q([1-4])[-\s]?(\d{4})$/i.exec(text))) {
    const quarterFirst = /^q/i.test(text);
    const y = Number(quarterFirst ? m[2] : m[1]);
    const q = Number(quarterFirst ? m[1] : m[2]);
    return { from: firstOfMonth(y, q * 3 - 2), to: firstOfMonth(y, q * 3 + 1), label: `Q${q} ${y}` };
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00)?)?$/.exec(text))) {
    const day = m[1] as string;
    const d = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) throw bad();
    return { from: day, to: new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10), label: day };
  }
  throw bad();
}

/** One condition on a date column as a window: [from, to) with open ends, and its words. */
function windowOf(column: string, op: string, value: unknown): { from?: string; to?: string; label: string } {
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2)
      throw new ToolError(`'between' on ${quoted(column)} takes a [start, end] pair of dates`);
    const a = dateSpan(value[0], column);
    const b = dateSpan(value[1], column);
    return { from: a.from, to: b.to, label: `from ${a.label} to ${b.label}` };
  }
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (Array.isArray(one))
    throw new ToolError(
      `${quoted(op)} on the date column ${quoted(column)} takes one date (for a range use 'between')`,
    );
  const s = dateSpan(one, column);
  switch (op) {
    case '==':
      return { from: s.from, to: s.to, label: s.label };
    case '>=':
      return { from: s.from, label: `since ${s.label}` };
    case '>':
      return { from: s.to, label: `after ${s.label}` };
    case '<':
      return { to: s.from, label: `before ${s.label}` };
    case '<=':
      return { to: s.to, label: `until ${s.label}` };
    default:
      throw new ToolError(
        `${quoted(op)} does not apply to the date column ${quoted(column)}: use ==, <, <=, >, >= or between`,
      );
  }
}

/** The time window of the conditions on one date column (null: none). */
export function datePeriod(column: string, conditions: { op: string; value: unknown }[]): Period | null {
  if (!conditions.length) return null;
  let from: string | undefined;
  let to: string | undefined;
  const labels: string[] = [];
  for (const c of conditions) {
    const w = windowOf(column, c.op, c.value);
    if (w.from !== undefined && (from === undefined || w.from > from)) from = w.from;
    if (w.to !== undefined && (to === undefined || w.to < to)) to = w.to;
    labels.push(w.label);
  }
  if (from !== undefined && to !== undefined && from >= to)
    throw new ToolError(`the conditions on ${quoted(column)} leave no time (${labels.join(' and ')})`);
  return {
    column,
    kind: 'date',
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    label: labels.join(' and '),
  };
}

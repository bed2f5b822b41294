/**
 * A tool call's `filters` as the operation's conditions and time window: each `{column, op,
 * value}` is checked against the column's kind (numbers compare, text matches values or
 * contains, dates become the time window) and its values against the data's when known.
 */
import type { Filter, FilterOp, Period, Scalar } from '../analyst/ops/types';
import { datePeriod } from './dates';
import { TOOL_FILTER_OPS } from './definitions';
import { resolveColumn, resolveTextValue, type ToolContext } from './context';
import { ToolError, listed, own, quoted } from './error';

export interface Scope {
  filters: Filter[];
  period?: Period;
}

/** Other ways models write an operator. */
const OP_ALIASES: Record<string, FilterOp> = {
  '=': '==',
  eq: '==',
  '<>': '!=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

interface RawCondition {
  column: unknown;
  op: unknown;
  value: unknown;
}

/** At most this many conditions in one call, and this many values in one `in` list. */
export const MAX_FILTERS = 20;
export const MAX_IN_VALUES = 200;

/** The list of conditions as written: a list, one condition, or a `{column: value}` mapping. */
function rawConditions(filters: unknown): RawCondition[] {
  const all = conditionsOf(filters);
  if (all.length > MAX_FILTERS)
    throw new ToolError(`too many filters (${all.length}; at most ${MAX_FILTERS})`);
  for (const c of all)
    if (Array.isArray(c.value) && c.value.length > MAX_IN_VALUES)
      throw new ToolError(`too many values in one filter (${c.value.length}; at most ${MAX_IN_VALUES})`);
  return all;
}

function conditionsOf(filters: unknown): RawCondition[] {
  if (filters === undefined || filters === null) return [];
  const one = (f: unknown): RawCondition => {
    if (typeof f !== 'object' || f === null || Array.isArray(f))
      throw new ToolError('each filter must be an object {"column": …, "op": …, "value": …}');
    const r = f as Record<string, unknown>;
    return { column: r.column, op: r.op ?? '==', value: r.value };
  };
  if (Array.isArray(filters)) return filters.map(one);
  if (typeof filters === 'object') {
    const r = filters as Record<string, unknown>;
    if ('column' in r) return [one(r)];
    return Object.entries(r).map(([column, value]) => ({
      column,
      op: Array.isArray(value) ? 'in' : '==',
      value,
    }));
  }
  throw new ToolError('filters must be a list of {"column": …, "op": …, "value": …}');
}

function filterOp(op: unknown): FilterOp {
  const text = typeof op === 'string' ? op.trim().toLowerCase() : '';
  const known = (TOOL_FILTER_OPS as readonly string[]).includes(text)
    ? (text as FilterOp)
    : own(OP_ALIASES, text);
  if (!known) throw new ToolError(`unknown filter op ${quoted(op)}: use one of ${listed(TOOL_FILTER_OPS)}`);
  return known;
}

function toNumber(v: unknown, column: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : NaN;
  if (!Number.isFinite(n))
    throw new ToolError(`${quoted(column)} holds numbers: ${quoted(v)} is not a number`);
  return n;
}

function toBoolean(v: unknown, column: string): boolean {
  if (typeof v === 'boolean') return v;
  const t = typeof v === 'string' || typeof v === 'number' ? String(v).trim().toLowerCase() : '';
  if (['true', 'yes', '1'].includes(t)) return true;
  if (['false', 'no', '0'].includes(t)) return false;
  throw new ToolError(`${quoted(column)} holds true/false: ${quoted(v)} is neither`);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function single(op: FilterOp, column: string, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 1) return value[0];
  throw new ToolError(`${quoted(op)} on ${quoted(column)} takes one value (for several use 'in')`);
}

/** One condition on a column that is not a date. */
function condition(ctx: ToolContext, column: string, op: FilterOp, value: unknown): Filter {
  const kind = ctx.kinds.kind.get(column) ?? 'text';
  if (value === undefined || value === null)
    throw new ToolError(`the filter on ${quoted(column)} has no value`);
  if (op === 'contains') {
    const v = single(op, column, value);
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new ToolError(`'contains' on ${quoted(column)} takes a text`);
    return { column, op, value: String(v) };
  }
  if (op === 'between') {
    if (kind !== 'number')
      throw new ToolError(`'between' needs a numeric or date column; ${quoted(column)} is not one`);
    if (!Array.isArray(value) || value.length !== 2)
      throw new ToolError(`'between' on ${quoted(column)} takes a [low, high] pair`);
    const lo = toNumber(value[0], column);
    const hi = toNumber(value[1], column);
    return { column, op, value: lo <= hi ? [lo, hi] : [hi, lo] };
  }
  if (kind === 'number') {
    const values =
      op === 'in' ? list(value).map((v) => toNumber(v, column)) : toNumber(single(op, column, value), column);
    return { column, op, value: values };
  }
  if (!['==', '!=', 'in'].includes(op))
    throw new ToolError(
      `${quoted(op)} needs a numeric or date column; ${quoted(column)} holds ${kind === 'boolean' ? 'true/false' : 'text'} (use ==, !=, in${kind === 'text' ? ' or contains' : ''})`,
    );
  const one = (v: unknown): Scalar => {
    if (kind === 'boolean') return toBoolean(v, column);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new ToolError(`the value for ${quoted(column)} must be a text`);
    return resolveTextValue(ctx, column, String(v));
  };
  if (op === 'in') {
    const values = list(value).map(one);
    if (!values.length) throw new ToolError(`'in' on ${quoted(column)} takes a list of values`);
    return { column, op, value: values };
  }
  return { column, op, value: one(single(op, column, value)) };
}

/** The conditions and time window of a call's `filters`. */
export function readFilters(ctx: ToolContext, filters: unknown): Scope {
  const out: Filter[] = [];
  const dated = new Map<string, { op: string; value: unknown }[]>();
  for (const raw of rawConditions(filters)) {
    const column = resolveColumn(ctx, raw.column, 'the filter column');
    const op = filterOp(raw.op);
    if (ctx.kinds.kind.get(column) === 'date') {
      dated.set(column, [...(dated.get(column) ?? []), { op, value: raw.value }]);
      continue;
    }
    out.push(condition(ctx, column, op, raw.value));
  }
  if (dated.size > 1)
    throw new ToolError(`conditions on two date columns (${listed([...dated.keys()])}): use one`);
  const [column, conditions] = [...dated.entries()][0] ?? [];
  const period = column !== undefined && conditions ? datePeriod(column, conditions) : null;
  return { filters: out, ...(period ? { period } : {}) };
}

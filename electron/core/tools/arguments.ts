/**
 * A tool call's JSON arguments, checked against the file's profile, as what to run: the
 * built-in analyst's `Operation` (the same one its questions become), the analyst's
 * correlation matrix step, the overview (profile) or a chart of an operation's figures or of
 * the rows. Anything the data does not have is a ToolError that lists the valid choices.
 */
import { CHART_KINDS } from '../../model/charts/spec';
import type { FileProfile, PrivacyLevel } from '../../model/data/types';
import type { Operation } from '../analyst/ops/types';
import { LIMITS } from '../analyst/step-code';
import type { KnownValues } from './columns';
import { columnsHint, resolveColumn, toolContext, type ToolContext } from './context';
import {
  DEFAULT_BINS,
  DEFAULT_TOP_N,
  MAX_BINS,
  MAX_TOP_N,
  TOOL_AGGS,
  TOOL_NAMES,
  TOOL_PERIODS,
  toolDefinitions,
  type ToolName,
} from './definitions';
import { ToolError, listed, own, quoted } from './error';
import { readFilters, type Scope } from './filters';

export type ToolAgg = (typeof TOOL_AGGS)[number];
export type ChartKind = (typeof CHART_KINDS)[number];

export interface ChartRequest extends Scope {
  kind: ChartKind;
  x: string;
  y: string;
  /** null: the rows themselves are drawn. */
  agg: ToolAgg | null;
  title: string;
  /** With `agg`: the aggregate by `x` whose figures are drawn. */
  operation?: Extract<Operation, { op: 'aggregate' }>;
}

export type ToolRequest =
  | { kind: 'profile'; tool: 'profile' }
  | { kind: 'operation'; tool: ToolName; operation: Operation }
  /** The analyst's correlation matrix of several numeric columns. */
  | { kind: 'correlations'; tool: 'correlation'; columns: string[] }
  | { kind: 'chart'; tool: 'chart'; chart: ChartRequest };

export interface ToolCallOptions {
  /** Values of text columns learnt elsewhere (an overview, a lookup), to check filter values. */
  values?: KnownValues;
  /**
   * What the model may be told of the file (the conversation's privacy level; default `sample`).
   * A tool error names columns only from `schema` on and values only at `sample`: below that it
   * says to call profile(), whose output the model sees only once the call has been run.
   */
  privacy?: PrivacyLevel;
}

/** The tool a call names (`functions.aggregate` is `aggregate`), or undefined. */
export function toolNamed(name: string): ToolName | undefined {
  return TOOL_NAMES.find((t) => t === name.trim().replace(/^functions\./, ''));
}

const AGG_ALIASES: Record<string, ToolAgg> = {
  avg: 'mean',
  average: 'mean',
  total: 'sum',
  minimum: 'min',
  maximum: 'max',
  distinct: 'nunique',
  count_distinct: 'nunique',
  size: 'count',
};

const PERIOD_ALIASES: Record<string, (typeof TOOL_PERIODS)[number]> = {
  daily: 'day',
  d: 'day',
  monthly: 'month',
  m: 'month',
  quarterly: 'quarter',
  q: 'quarter',
  yearly: 'year',
  annual: 'year',
  y: 'year',
};

type Args = Record<string, unknown>;

/** What one call's arguments may weigh (as JSON text): far above any real question, far below harm. */
export const MAX_ARGUMENTS_CHARS = 20_000;

function argsObject(name: ToolName, raw: unknown): Args {
  let value = raw;
  const size = typeof raw === 'string' ? raw.length : (JSON.stringify(raw ?? null)?.length ?? 0);
  if (size > MAX_ARGUMENTS_CHARS)
    throw new ToolError(
      `the arguments of ${name} are too long (${size} characters; at most ${MAX_ARGUMENTS_CHARS})`,
    );
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ToolError(`the arguments of ${name} are not valid JSON`);
    }
  }
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ToolError(`the arguments of ${name} must be a JSON object`);
  const args = Object.fromEntries(Object.entries(value as Args).filter(([, v]) => v !== null));
  const known = Object.keys(
    toolDefinitions().find((d) => d.function.name === name)?.function.parameters.properties ?? {},
  );
  const extra = Object.keys(args).filter((k) => !known.includes(k));
  if (extra.length)
    throw new ToolError(
      `unknown argument ${quoted(extra[0])} for ${name}: it takes ${listed(known, 40, 'no arguments')}`,
    );
  return args;
}

function agg(value: unknown, allowed: readonly ToolAgg[] = TOOL_AGGS): ToolAgg {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const a = (allowed as readonly string[]).includes(text) ? (text as ToolAgg) : own(AGG_ALIASES, text);
  if (!a || !allowed.includes(a))
    throw new ToolError(`unknown agg ${quoted(value)}: use one of ${listed(allowed)}`);
  return a;
}

function integer(value: unknown, what: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw new ToolError(`${what} must be a whole number from ${min} to ${max}, not ${quoted(value)}`);
  return n;
}

/** The measure of an aggregation: null (rows) for count; a number column unless nunique. */
function measureFor(ctx: ToolContext, value: unknown, a: ToolAgg): string | null {
  if (a === 'count') {
    if (value !== undefined) resolveColumn(ctx, value, 'measure');
    return null;
  }
  return resolveColumn(ctx, value, 'measure', a === 'nunique' ? undefined : ['number']);
}

function aggregate(ctx: ToolContext, args: Args): Operation {
  const a = agg(args.agg);
  const measure = measureFor(ctx, args.measure, a);
  const by = args.by === undefined ? undefined : resolveColumn(ctx, args.by, 'by');
  return {
    op: 'aggregate',
    agg: a,
    measure,
    ...(by !== undefined ? { by } : {}),
    ...readFilters(ctx, args.filters),
  };
}

function topN(ctx: ToolContext, args: Args): Operation {
  const a = agg(args.agg ?? 'sum');
  const measure = measureFor(ctx, args.measure, a);
  const by = resolveColumn(ctx, args.by, 'by');
  const n = integer(args.n, 'n', 1, MAX_TOP_N, DEFAULT_TOP_N);
  if (args.ascending !== undefined && typeof args.ascending !== 'boolean')
    throw new ToolError(`ascending must be true or false, not ${quoted(args.ascending)}`);
  const order = args.ascending === true ? 'asc' : 'desc';
  return { op: 'top_n', n, order, measure, agg: a, by, ...readFilters(ctx, args.filters) };
}

function trend(ctx: ToolContext, args: Args): Operation {
  const a = agg(args.agg ?? 'sum', ['sum', 'mean', 'median', 'min', 'max', 'count']) as Exclude<
    ToolAgg,
    'nunique'
  >;
  const measure = measureFor(ctx, args.measure, a);
  const column = resolveColumn(ctx, args.date_column, 'date_column');
  if (!ctx.kinds.time.includes(column))
    throw new ToolError(
      `date_column ${quoted(column)} is not a date or year column: ${columnsHint(ctx, 'date', ctx.kinds.time)}`,
    );
  const text = typeof args.period === 'string' ? args.period.trim().toLowerCase() : 'month';
  const freq = (TOOL_PERIODS as readonly string[]).includes(text)
    ? (text as (typeof TOOL_PERIODS)[number])
    : own(PERIOD_ALIASES, text);
  if (!freq) throw new ToolError(`unknown period ${quoted(args.period)}: use one of ${listed(TOOL_PERIODS)}`);
  const kind = ctx.kinds.dates.includes(column) ? 'date' : 'year';
  const scope = readFilters(ctx, args.filters);
  return { op: 'trend', measure, agg: a, column, kind, freq: kind === 'year' ? 'year' : freq, ...scope };
}

function distribution(ctx: ToolContext, args: Args): Operation {
  const measure = resolveColumn(ctx, args.measure, 'measure', ['number']);
  const bins = integer(args.bins, 'bins', 2, MAX_BINS, DEFAULT_BINS);
  return { op: 'distribution', measure, bins, ...readFilters(ctx, args.filters) };
}

function correlation(ctx: ToolContext, args: Args): ToolRequest {
  const numeric = ctx.kinds.numeric;
  let columns: string[];
  if (args.columns === undefined) columns = numeric.slice(0, LIMITS.correlate);
  else {
    if (!Array.isArray(args.columns)) throw new ToolError('columns must be a list of numeric column names');
    columns = [...new Set(args.columns.map((c) => resolveColumn(ctx, c, 'each of columns', ['number'])))];
    if (columns.length > LIMITS.correlate)
      throw new ToolError(`correlation takes at most ${LIMITS.correlate} columns, not ${columns.length}`);
  }
  if (columns.length < 2)
    throw new ToolError(`correlation needs two numeric columns: ${columnsHint(ctx, 'numeric', numeric)}`);
  const [a, b] = columns as [string, string];
  if (columns.length === 2)
    return { kind: 'operation', tool: 'correlation', operation: { op: 'correlation', a, b, filters: [] } };
  return { kind: 'correlations', tool: 'correlation', columns };
}

function countRows(ctx: ToolContext, args: Args): Operation {
  return { op: 'count_rows', ...readFilters(ctx, args.filters) };
}

const CHART_ALIASES: Record<string, ChartKind> = {
  column: 'bar',
  columns: 'bar',
  lines: 'line',
  scatterplot: 'scatter',
  points: 'scatter',
};

function chart(ctx: ToolContext, args: Args): ChartRequest {
  const text = typeof args.kind === 'string' ? args.kind.trim().toLowerCase() : '';
  const kind = (CHART_KINDS as readonly string[]).includes(text)
    ? (text as ChartKind)
    : own(CHART_ALIASES, text);
  if (!kind)
    throw new ToolError(`unknown chart kind ${quoted(args.kind)}: use one of ${listed(CHART_KINDS)}`);
  const x = resolveColumn(ctx, args.x, 'x');
  const a = args.agg === undefined ? null : agg(args.agg);
  const y = a === null ? resolveColumn(ctx, args.y, 'y', ['number']) : (measureFor(ctx, args.y, a) ?? 'rows');
  if (a === null && x === y) throw new ToolError('x and y are the same column: choose two, or an agg');
  if (args.title !== undefined && typeof args.title !== 'string') throw new ToolError('title must be a text');
  const scope = readFilters(ctx, args.filters);
  const title =
    ((args.title as string | undefined) ?? '').trim().slice(0, 200) ||
    (a ? `${a} of ${y} by ${x}` : `${y} by ${x}`);
  const request: ChartRequest = { kind, x, y, agg: a, title, ...scope };
  if (a !== null)
    request.operation = { op: 'aggregate', agg: a, measure: a === 'count' ? null : y, by: x, ...scope };
  return request;
}

/** What a tool call runs; a ToolError (thrown) when the call does not fit the data. */
export function readToolCall(
  name: string,
  rawArgs: unknown,
  profile: FileProfile,
  options: ToolCallOptions = {},
): ToolRequest {
  const tool = toolNamed(name);
  if (!tool) throw new ToolError(`unknown tool ${quoted(name)}: the tools are ${listed(TOOL_NAMES)}`);
  const args = argsObject(tool, rawArgs);
  const ctx = toolContext(profile, options.values, options.privacy ?? 'sample');
  const op = (operation: Operation): ToolRequest => ({ kind: 'operation', tool, operation });
  switch (tool) {
    case 'profile':
      return { kind: 'profile', tool };
    case 'aggregate':
      return op(aggregate(ctx, args));
    case 'top_n':
      return op(topN(ctx, args));
    case 'trend':
      return op(trend(ctx, args));
    case 'distribution':
      return op(distribution(ctx, args));
    case 'correlation':
      return correlation(ctx, args);
    case 'count_rows':
      return op(countRows(ctx, args));
    case 'chart':
      return { kind: 'chart', tool, chart: chart(ctx, args) };
  }
}

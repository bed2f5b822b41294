/**
 * The Python a tool call runs in the sandbox. Every piece is a reviewed template: the overview
 * that loads `df` (load-code.ts, the built-in analyst's first step), the operation's code
 * (`operationCode`, the analyst's answers), the analyst's correlation step, and the small
 * templates here (the profile's ranges, the checks, the chart). Arguments reach the code only
 * as Python literals (`pyStr`…). `equivalentCode` is what an export (notebook, script) shows:
 * the pandas alone; the code that runs adds loading the data once per kernel and the checks
 * that turn a name the data does not have into a one-line tool error.
 */
import type { FileProfile } from '../../model/data/types';
import { overviewCode } from '../analyst/load-code';
import { ANSWER_PRELUDE, operationCode, selection } from '../analyst/ops/code';
import { FOLD_HELPERS } from '../analyst/ops/helpers';
import type { Filter, Operation } from '../analyst/ops/types';
import { pyList, pyStr } from '../analyst/py';
import { analysisCode } from '../analyst/step-code';
import type { ChartRequest, ToolRequest } from './arguments';
import { indentPython } from './indent';

/** The step name of the out-of-band result a failed check records (`record_result`). */
export const TOOL_ERROR_STEP = 'tool_error';
/** Set in the kernel once `df` is loaded the way the overview loads it: which file it holds. */
const LOADED = '_pw_tools_loaded';
const loadedMark = (profile: FileProfile) => pyStr(`${profile.name} ${profile.sha256}`);

/** After the overview: the ranges of the numbers and the values of the categories, to pick arguments by. */
const PROFILE_MORE = `
_pw_numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
if _pw_numeric:
    print('\\nRanges of the numeric columns:')
    print(df[_pw_numeric].agg(['min', 'median', 'max']).T.to_string())
for c in categories:
    _pw_counts = df[c].value_counts()
    _pw_more = f' and {len(_pw_counts) - 30:,} more' if len(_pw_counts) > 30 else ''
    print(f'\\nValues of {c!r}:', ', '.join(f'{v} ({n:,})' for v, n in _pw_counts.head(30).items()) + _pw_more)`;

/** profile(): the overview (which loads `df`), then ranges and values. */
export function profileCode(profile: FileProfile): string {
  return `${overviewCode(profile)}\n${PROFILE_MORE}`;
}

/**
 * Loads `df` as the overview does, quietly, when this kernel has not loaded it yet (the first
 * call, or after a restart lost it); otherwise does nothing.
 */
export function loadOnceCode(profile: FileProfile): string {
  return [
    '# Load the data the way the overview does, once per kernel (quietly).',
    `if globals().get(${pyStr(LOADED)}) != ${loadedMark(profile)}:`,
    '    import contextlib as _pw_contextlib',
    '    import io as _pw_io',
    '    _pw_record_result = record_result',
    '    record_result = lambda step, data: None',
    '    try:',
    '        with _pw_contextlib.redirect_stdout(_pw_io.StringIO()):',
    indentPython(overviewCode(profile), ' '.repeat(12)),
    '    finally:',
    '        record_result = _pw_record_result',
    `    ${LOADED} = ${loadedMark(profile)}`,
    `    print('Loaded', ${pyStr(profile.name)} + ':', f'{len(df):,} rows, {len(df.columns)} columns')`,
  ].join('\n');
}

/** Checks that end a call with a one-line error naming what the data has instead. */
const CHECK_HELPERS = `import pandas as pd
import numpy as np


class PlotwrightToolError(Exception):
    """A tool call named something the data does not have (the message lists what it has)."""


def _pw_tool_fail(message, **details):
    record_result(${pyStr(TOOL_ERROR_STEP)}, dict(details, message=message))
    raise PlotwrightToolError(message)


def _pw_tool_columns(names):
    for c in names:
        if c not in df.columns:
            _pw_tool_fail(f'unknown column {c!r}: the columns are ' + ', '.join(map(str, df.columns)), column=c)


${FOLD_HELPERS}

def _pw_tool_values(column, values):
    s = df[column]
    if not (s.dtype == object or pd.api.types.is_string_dtype(s) or isinstance(s.dtype, pd.CategoricalDtype)):
        return
    have = set(_pw_fold(s.dropna()))
    for v in values:
        if _pw_f1(v) not in have:
            names = sorted(str(k) for k in s.dropna().unique())
            more = f' and {len(names) - 40:,} more' if len(names) > 40 else ''
            _pw_tool_fail(f'unknown value {v!r} for column {column!r}: the values are ' + ', '.join(names[:40]) + more, column=column, value=v)`;

/** The columns a request names (each checked to exist). */
function namedColumns(req: ToolRequest): string[] {
  const scope = (s: { filters: Filter[]; period?: { column: string } }) => [
    ...s.filters.map((f) => f.column),
    ...(s.period ? [s.period.column] : []),
  ];
  let names: string[] = [];
  if (req.kind === 'correlations') names = req.columns;
  else if (req.kind === 'chart')
    names = [req.chart.x, ...(req.chart.agg === 'count' ? [] : [req.chart.y]), ...scope(req.chart)];
  else if (req.kind === 'operation') {
    const o: Operation = req.operation;
    const m = (v: string | null | undefined) => (v === null || v === undefined ? [] : [v]);
    if (o.op === 'aggregate') names = [...m(o.measure), ...m(o.by), ...m(o.breakdown)];
    else if (o.op === 'top_n') names = [...m(o.measure), ...m(o.by)];
    else if (o.op === 'trend') names = [...m(o.measure), o.column];
    else if (o.op === 'distribution') names = [o.measure];
    else if (o.op === 'correlation') names = [o.a, o.b];
    names = [...names, ...scope(o)];
  }
  return [...new Set(names)];
}

/** Calls that check each text value a condition names is a value of its column. */
function valueChecks(filters: Filter[]): string[] {
  return filters
    .filter((f) => ['==', '!=', 'in'].includes(f.op))
    .filter((f) => (Array.isArray(f.value) ? f.value : [f.value]).every((v) => typeof v === 'string'))
    .map(
      (f) =>
        `_pw_tool_values(${pyStr(f.column)}, ${pyList((Array.isArray(f.value) ? f.value : [f.value]) as string[])})`,
    );
}

function checksCode(req: ToolRequest): string {
  const filters =
    req.kind === 'operation' ? req.operation.filters : req.kind === 'chart' ? req.chart.filters : [];
  return [CHECK_HELPERS, '', `_pw_tool_columns(${pyList(namedColumns(req))})`, ...valueChecks(filters)].join(
    '\n',
  );
}

/** chart(): an aggregate's figures per value of x, or the rows themselves. */
function chartCode(c: ChartRequest): string {
  const kind = pyStr(c.kind);
  const sorted = c.kind === 'line' || c.kind === 'area';
  if (c.operation) {
    const yKey = c.agg === 'count' ? 'rows' : c.y === c.x ? `${c.agg} of ${c.y}` : c.y;
    return [
      operationCode(c.operation),
      '',
      ...(sorted ? ['_pw_s = _pw_s.sort_index()'] : []),
      `_pw_chart = pd.DataFrame({${pyStr(c.x)}: [_pw_key(k) for k in _pw_s.index], ${pyStr(yKey)}: [float(v) for v in _pw_s]})`,
      `chart(_pw_chart, kind=${kind}, x=${pyStr(c.x)}, y=${pyStr(yKey)}, title=${pyStr(c.title)})`,
    ].join('\n');
  }
  return [
    ...ANSWER_PRELUDE,
    ...selection(c),
    `_pw_chart = _pw[[${pyStr(c.x)}, ${pyStr(c.y)}]]`,
    ...(sorted ? [`_pw_chart = _pw_chart.sort_values(${pyStr(c.x)}, kind='mergesort')`] : []),
    `chart(_pw_chart, kind=${kind}, x=${pyStr(c.x)}, y=${pyStr(c.y)}, title=${pyStr(c.title)})`,
  ].join('\n');
}

/** The pandas of a request, as an export shows it (run on `df` as the overview left it). */
export function equivalentCode(req: ToolRequest, profile: FileProfile): string {
  switch (req.kind) {
    case 'profile':
      return profileCode(profile);
    case 'operation':
      return operationCode(req.operation);
    case 'correlations':
      return [
        'import pandas as pd',
        '',
        analysisCode('correlations', 'normal', {
          measures: req.columns,
          categories: [],
          dates: [],
          converted: [],
          trend: null,
          labels: [],
        }),
      ].join('\n');
    case 'chart':
      return chartCode(req.chart);
  }
}

/** The whole code a request runs in the sandbox. */
export function runnableCode(req: ToolRequest, profile: FileProfile): string {
  const body = equivalentCode(req, profile);
  if (req.kind === 'profile') return `${body}\n${LOADED} = ${loadedMark(profile)}`;
  return [loadOnceCode(profile), checksCode(req), body].join('\n\n');
}

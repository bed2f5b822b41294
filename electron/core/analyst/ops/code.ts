/**
 * Operation → pandas code: a pure template. Every column name and value reaches the code as a
 * Python literal (`pyStr`, `pyScalar`, `pyNum`); nothing from the question or the data is
 * pasted in as text. The code works on `df` as the overview left it, selects the rows the
 * conditions and time window keep, computes the figure, prints it in words with exactly the
 * rounding the answer sentence uses (`_pw_fmt`), and ends by recording one `answer` result (out of band).
 */
import { pyList, pyNum, pyScalar, pyStr } from '../py';
import { ANSWER_HELPERS } from './helpers';
import type { Filter, FilterOp, Operation, Period, Scalar } from './types';

const AGG_WORD: Record<string, string> = {
  sum: 'total',
  mean: 'average',
  median: 'median',
  min: 'lowest',
  max: 'highest',
  count: 'rows',
  nunique: 'distinct values',
  share: 'share (%)',
};

export { ANSWER_HELPERS } from './helpers';

function value(v: Scalar | Scalar[]): string {
  return Array.isArray(v) ? `[${v.map(pyScalar).join(', ')}]` : pyScalar(v);
}

function shown(v: Scalar | Scalar[]): string {
  if (Array.isArray(v))
    return `', '.join(${Array.isArray(v) && v.every((x) => typeof x === 'number') ? `_pw_fmt(x) for x in ${value(v)}` : `repr(x) for x in ${value(v)}`})`;
  return typeof v === 'number' ? `_pw_fmt(${pyNum(v)})` : `repr(${pyScalar(v)})`;
}

const FILTER_OPS: readonly string[] = [
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'between',
  'contains',
] satisfies FilterOp[];

/** A boolean Series over `frame` for one condition (missing values never match, except for `!=`). */
export function condition(f: Filter, frame: string): string {
  // the operator is written into the code: only one of the fixed set ever is
  if (!FILTER_OPS.includes(f.op)) throw new Error(`unknown filter operator ${JSON.stringify(f.op)}`);
  const col = `${frame}[${pyStr(f.column)}]`;
  const num = `pd.to_numeric(${col}, errors='coerce')`;
  // Text is compared folded (case and spaces ignored), the way values are grouped.
  const text = (Array.isArray(f.value) ? f.value : [f.value]).every((v) => typeof v === 'string');
  let expr: string;
  switch (f.op) {
    case '==':
    case '!=':
      expr = text ? `_pw_fold(${col}) ${f.op} _pw_f1(${value(f.value)})` : `${col} ${f.op} ${value(f.value)}`;
      break;
    case 'in':
      expr = text
        ? `_pw_fold(${col}).isin([_pw_f1(v) for v in ${value(f.value)}])`
        : `${col}.isin(${value(f.value)})`;
      break;
    case 'between': {
      const [lo, hi] = f.value as number[];
      expr = `${num}.between(${pyNum(lo as number)}, ${pyNum(hi as number)})`;
      break;
    }
    case 'contains':
      expr = `${col}.astype(str).str.contains(${pyScalar(String(f.value))}, case=False, regex=False, na=False)`;
      break;
    default:
      expr = `${num} ${f.op} ${pyNum(f.value as number)}`;
  }
  return `(${expr}).fillna(${f.op === '!=' ? 'True' : 'False'}).astype(bool)`;
}

function periodLines(p: Period): string[] {
  const col = pyStr(p.column);
  const lines: string[] = [];
  if (p.kind === 'year') {
    const [y1, y2] = p.years ?? [0, 9999];
    lines.push(
      `_pw_mask &= pd.to_numeric(df[${col}], errors='coerce').between(${pyNum(y1)}, ${pyNum(y2)}).fillna(False).astype(bool)`,
    );
    lines.push(`print('  where', ${col}, 'is from', ${pyNum(y1)}, 'to', ${pyNum(y2)})`);
    return lines;
  }
  lines.push(`_pw_t = _pw_naive(df[${col}])`);
  if (p.years)
    lines.push(
      `_pw_mask &= _pw_t.dt.year.between(${pyNum(p.years[0])}, ${pyNum(p.years[1])}).fillna(False).astype(bool)`,
    );
  if (p.months)
    lines.push(
      `_pw_mask &= _pw_t.dt.month.between(${pyNum(p.months[0])}, ${pyNum(p.months[1])}).fillna(False).astype(bool)`,
    );
  if (p.from) lines.push(`_pw_mask &= (_pw_t >= pd.Timestamp(${pyStr(p.from)})).fillna(False).astype(bool)`);
  if (p.to) lines.push(`_pw_mask &= (_pw_t < pd.Timestamp(${pyStr(p.to)})).fillna(False).astype(bool)`);
  lines.push(`print('  time window on', ${col}, ':', ${pyStr(p.label)})`);
  return lines;
}

/** Selects `_pw` (the rows kept) and `_pw_years` (the years they fall in, for a date window). */
export function selection(op: Pick<Operation, 'filters' | 'period'>): string[] {
  const lines = ['_pw_mask = pd.Series(True, index=df.index)', "print('Rows used:')"];
  for (const f of op.filters) {
    lines.push(`_pw_mask &= ${condition(f, 'df')}`);
    lines.push(`print('  where', ${pyStr(f.column)}, ${pyStr(f.op)}, ${shown(f.value)})`);
  }
  if (op.period) lines.push(...periodLines(op.period));
  lines.push('_pw = df[_pw_mask]');
  lines.push(
    op.period?.kind === 'date'
      ? '_pw_years = sorted({int(y) for y in _pw_t[_pw_mask].dt.year.dropna()})'
      : '_pw_years = []',
  );
  lines.push("print(f'  {len(_pw):,} of {len(df):,} rows')");
  if (op.period?.kind === 'date')
    lines.push("print('  in the years', ', '.join(str(y) for y in _pw_years) or 'none')");
  return lines;
}

function partLines(part: Filter[]): string[] {
  const lines = ['_pw_part = pd.Series(True, index=_pw.index)'];
  for (const f of part) {
    lines.push(`_pw_part &= ${condition(f, '_pw')}`);
    lines.push(`print('Part:', ${pyStr(f.column)}, ${pyStr(f.op)}, ${shown(f.value)})`);
  }
  return lines;
}

/**
 * A Series `_pw_s` of one figure per group of `by`, and `_pw_n` the rows per group; `_pw_g` the
 * group of each row (spellings that differ only in case or spaces together), `_pw_also` their
 * other spellings.
 */
function grouped(measure: string | null, agg: string, by: string, part?: Filter[]): string[] {
  const key = '_pw_g';
  const lines = [
    `_pw_g, _pw_also = _pw_groups(_pw[${pyStr(by)}])`,
    `_pw_n = _pw.groupby(${key}, observed=True).size()`,
  ];
  const v = measure === null ? '' : `pd.to_numeric(_pw[${pyStr(measure)}], errors='coerce')`;
  if (agg === 'share') {
    lines.push(...partLines(part ?? []));
    lines.push(
      measure === null
        ? `_pw_s = _pw_part.groupby(${key}, observed=True).mean() * 100`
        : `_pw_s = ${v}.where(_pw_part, 0).groupby(${key}, observed=True).sum() / ${v}.groupby(${key}, observed=True).sum() * 100`,
    );
  } else if (agg === 'count') lines.push('_pw_s = _pw_n.copy()');
  else if (agg === 'nunique')
    lines.push(`_pw_s = _pw_fold(_pw[${pyStr(measure ?? '')}]).groupby(${key}, observed=True).nunique()`);
  else lines.push(`_pw_s = ${v}.groupby(${key}, observed=True).agg(${pyStr(agg)})`);
  return lines;
}

/** One group's line: "  West: 168 (1 row)". */
const GROUP_LINE = `_pw_k = int(_pw_n.get(k, 0)); print(f'  {_pw_key(k)}: {_pw_fmt(v)} ({_pw_k:,} row{"" if _pw_k == 1 else "s"})')`;

const groupRows = (series: string) =>
  `[[_pw_key(k), _pw_fmt(v), int(_pw_n.get(k, 0))] for k, v in list(${series}.items())[:50]]`;

/** Each value's figure of a breakdown column ("North and South": both, and each). */
function breakdownLines(column: string | undefined, measure: string | null, agg: string): string[] {
  if (column === undefined) return [];
  const key = '_pw_g';
  return [
    `_pw_g, _pw_also = _pw_groups(_pw[${pyStr(column)}])`,
    `_pw_n = _pw.groupby(${key}, observed=True).size()`,
    measure === null
      ? '_pw_b = _pw_n.copy()'
      : `_pw_b = pd.to_numeric(_pw[${pyStr(measure)}], errors='coerce').groupby(${key}, observed=True).agg(${pyStr(agg)})`,
    'for k, v in _pw_b.items():',
    `    ${GROUP_LINE}`,
    `_pw_out['groups'] = ${groupRows('_pw_b')}`,
    "_pw_out['groups_total'] = len(_pw_b)",
    "_pw_out['spellings'] = _pw_spellings(_pw_also, _pw_b.index)",
  ];
}

function body(op: Operation): string[] {
  switch (op.op) {
    case 'count_rows':
      return [
        "print(f'Rows matching: {len(_pw):,}')",
        "_pw_out = {'value': _pw_fmt(len(_pw))}",
        ...breakdownLines(op.breakdown, null, 'size'),
      ];
    case 'aggregate': {
      const label = pyStr(AGG_WORD[op.agg] ?? op.agg);
      const m = op.measure === null ? 'None' : pyStr(op.measure);
      if (op.by !== undefined) {
        return [
          ...grouped(op.measure, op.agg, op.by, op.part),
          "_pw_s = _pw_s.sort_values(ascending=False, kind='mergesort')",
          `print(${label}, ${m} or 'rows', 'by', ${pyStr(op.by)})`,
          'for k, v in _pw_s.head(50).items():',
          `    ${GROUP_LINE}`,
          `_pw_out = {'groups': ${groupRows('_pw_s')}, 'groups_total': len(_pw_s), 'spellings': _pw_spellings(_pw_also, _pw_s.index)}`,
        ];
      }
      if (op.agg === 'share') {
        const v = op.measure === null ? '' : `pd.to_numeric(_pw[${m}], errors='coerce')`;
        return [
          ...partLines(op.part ?? []),
          op.measure === null
            ? '_pw_num, _pw_den = int(_pw_part.sum()), len(_pw)'
            : `_pw_num, _pw_den = ${v}[_pw_part].sum(), ${v}.sum()`,
          "_pw_v = _pw_num / _pw_den * 100 if _pw_den else float('nan')",
          "print(f'Share: {_pw_fmt(_pw_v)}% ({_pw_fmt(_pw_num)} of {_pw_fmt(_pw_den)})')",
          "_pw_out = {'value': _pw_fmt(_pw_v), 'part': [_pw_fmt(_pw_num), _pw_fmt(_pw_den)], 'fraction': _pw_fmt(_pw_v / 100)}",
          "print('As a fraction:', _pw_out['fraction'])",
        ];
      }
      if (op.agg === 'count')
        return ["_pw_out = {'value': _pw_fmt(len(_pw))}", "print(f'Rows: {len(_pw):,}')"];
      if (op.agg === 'nunique')
        return [
          `_pw_v = _pw_fold(_pw[${m}]).nunique()`,
          `_pw_w = _pw[${m}].nunique()`,
          `print('Distinct values of', ${m}, ':', _pw_fmt(_pw_v), '(case and spaces ignored;', _pw_fmt(_pw_w), 'as written)')`,
          "_pw_out = {'value': _pw_fmt(_pw_v), 'written': _pw_fmt(_pw_w)}",
        ];
      return [
        `_pw_x = pd.to_numeric(_pw[${m}], errors='coerce')`,
        `_pw_v = _pw_x.agg(${pyStr(op.agg)})`,
        '_pw_c = int(_pw_x.notna().sum())',
        `print(${label}, ${m}, ':', _pw_fmt(_pw_v), f'({_pw_c:,} values)')`,
        "_pw_out = {'value': _pw_fmt(_pw_v), 'values': _pw_c}",
        ...breakdownLines(op.breakdown, op.measure, op.agg),
      ];
    }
    case 'top_n': {
      const asc = op.order === 'asc' ? 'True' : 'False';
      if (op.by === null) {
        const m = pyStr(op.measure ?? '');
        return [
          `_pw_x = pd.to_numeric(_pw[${m}], errors='coerce')`,
          `_pw_i = _pw_x.${op.order === 'asc' ? 'nsmallest' : 'nlargest'}(${pyNum(op.n)}).index`,
          `_pw_show = ${pyList(op.show ?? [])}`,
          '_pw_ranked = [[_pw_fmt(_pw_x[i]), [str(_pw.at[i, c]) for c in _pw_show]] for i in _pw_i]',
          'for v, labels in _pw_ranked:',
          "    print(f'  {v}', ', '.join(labels))",
          "_pw_out = {'ranked': _pw_ranked}",
        ];
      }
      return [
        ...grouped(op.measure, op.agg, op.by, op.part),
        `_pw_s = _pw_s.dropna().sort_values(ascending=${asc}, kind='mergesort')`,
        `_pw_cut = _pw_s.iloc[min(${pyNum(op.n)}, len(_pw_s)) - 1] if len(_pw_s) else None`,
        '_pw_ties = int((_pw_s == _pw_cut).sum()) if _pw_cut is not None else 0',
        `print(${pyStr(AGG_WORD[op.agg] ?? op.agg)}, ${op.measure === null ? "'rows'" : pyStr(op.measure)}, 'by', ${pyStr(op.by)}, ${op.order === 'asc' ? "'(lowest first)'" : "'(highest first)'"})`,
        'for k, v in _pw_s.head(50).items():',
        `    ${GROUP_LINE}`,
        `_pw_out = {'groups': ${groupRows('_pw_s')}, 'groups_total': len(_pw_s), 'ties': _pw_ties, 'spellings': _pw_spellings(_pw_also, _pw_s.index)}`,
        ...(op.agg === 'share'
          ? [
              'if len(_pw_s):',
              "    _pw_out['fraction'] = _pw_fmt(_pw_s.iloc[0] / 100)",
              "    print('As a fraction:', _pw_out['fraction'])",
            ]
          : []),
        ...(op.also && op.measure !== null
          ? [
              `_pw_a = pd.to_numeric(_pw[${pyStr(op.measure)}], errors='coerce').groupby(_pw_g, observed=True).mean().dropna().sort_values(ascending=${asc}, kind='mergesort')`,
              'if len(_pw_a):',
              "    _pw_out['also'] = [_pw_key(_pw_a.index[0]), _pw_fmt(_pw_a.iloc[0]), int((_pw_a == _pw_a.iloc[0]).sum())]",
              "    print('By average:', _pw_out['also'][0], _pw_out['also'][1])",
            ]
          : []),
      ];
    }
    case 'trend':
      return trendLines(op);
    case 'distribution':
      return [
        `_pw_x = pd.to_numeric(_pw[${pyStr(op.measure)}], errors='coerce').dropna()`,
        '_pw_q = _pw_x.quantile([0.25, 0.5, 0.75]) if len(_pw_x) else pd.Series([np.nan] * 3, index=[0.25, 0.5, 0.75])',
        "_pw_stats = {'min': _pw_x.min(), 'q1': _pw_q[0.25], 'median': _pw_q[0.5], 'q3': _pw_q[0.75], 'max': _pw_x.max(), 'mean': _pw_x.mean(), 'std': _pw_x.std()}",
        '_pw_stats = {k: _pw_fmt(v) for k, v in _pw_stats.items()}',
        "print(f'{len(_pw_x):,} values:', ', '.join(f'{k} {v}' for k, v in _pw_stats.items()))",
        '_pw_mode = None',
        'if len(_pw_x):',
        `    _pw_counts, _pw_edges = np.histogram(_pw_x, bins=${pyNum(op.bins)})`,
        "    _pw_bins = [f'{_pw_fmt(_pw_edges[i])} to {_pw_fmt(_pw_edges[i + 1])}' for i in range(len(_pw_counts))]",
        '    _pw_top = int(np.argmax(_pw_counts))',
        '    _pw_mode = [_pw_bins[_pw_top], _pw_fmt(_pw_counts[_pw_top])]',
        "    print(f'Most values lie in {_pw_mode[0]}: {_pw_mode[1]} rows')",
        '    try:',
        `        chart({'range': _pw_bins, 'rows': [int(c) for c in _pw_counts]}, kind='bar', x='range', y='rows', title='Distribution of ' + ${pyStr(op.measure)}, x_label=${pyStr(op.measure)}, y_label='rows')`,
        '    except Exception as e:',
        "        print(f'(chart skipped: {e})')",
        "_pw_out = {'values': len(_pw_x), 'stats': _pw_stats, 'mode': _pw_mode}",
      ];
    case 'correlation':
      return [
        `_pw_ab = pd.DataFrame({'a': pd.to_numeric(_pw[${pyStr(op.a)}], errors='coerce'), 'b': pd.to_numeric(_pw[${pyStr(op.b)}], errors='coerce')}).dropna()`,
        "_pw_r = _pw_ab['a'].corr(_pw_ab['b']) if len(_pw_ab) > 1 else float('nan')",
        `print('Pearson correlation of', ${pyStr(op.a)}, 'and', ${pyStr(op.b)}, ': r =', _pw_fmt(_pw_r), f'over {len(_pw_ab):,} rows')`,
        'if len(_pw_ab) > 1:',
        '    try:',
        `        chart(_pw_ab.rename(columns={'a': ${pyStr(op.a)}, 'b': ${pyStr(op.b)}}), kind='scatter', x=${pyStr(op.a)}, y=${pyStr(op.b)}, title=${pyStr(op.b)} + ' vs ' + ${pyStr(op.a)})`,
        '    except Exception as e:',
        "        print(f'(chart skipped: {e})')",
        "_pw_out = {'value': _pw_fmt(_pw_r), 'pairs': len(_pw_ab)}",
      ];
  }
}

const PERIOD_CODE = { day: 'D', month: 'M', quarter: 'Q', year: 'Y' } as const;

function trendLines(op: Extract<Operation, { op: 'trend' }>): string[] {
  const axis = `_pw[${pyStr(op.column)}]`;
  const lines =
    op.kind === 'date'
      ? [
          'with warnings.catch_warnings():',
          "    warnings.simplefilter('ignore')",
          `    _pw_p = _pw_naive(${axis}).dt.to_period(${pyStr(PERIOD_CODE[op.freq])})`,
        ]
      : [`_pw_p = pd.to_numeric(${axis}, errors='coerce').round().astype('Int64')`];
  lines.push(
    op.measure === null
      ? '_pw_s = _pw.groupby(_pw_p).size()'
      : `_pw_s = pd.to_numeric(_pw[${pyStr(op.measure)}], errors='coerce').groupby(_pw_p).agg(${pyStr(op.agg)}).dropna()`,
    '_pw_s.index = [str(p) for p in _pw_s.index]',
    '_pw_series = [[k, _pw_fmt(v)] for k, v in _pw_s.items()]',
    'for k, v in (_pw_series if len(_pw_series) <= 24 else _pw_series[:12] + _pw_series[-12:]):',
    "    print(f'  {k}: {v}')",
    '_pw_top = _pw_bottom = _pw_change = None',
    'if len(_pw_s):',
    '    _pw_top = [_pw_s.idxmax(), _pw_fmt(_pw_s.max())]',
    '    _pw_bottom = [_pw_s.idxmin(), _pw_fmt(_pw_s.min())]',
    '    if _pw_s.iloc[0]:',
    '        _pw_change = _pw_fmt((_pw_s.iloc[-1] - _pw_s.iloc[0]) / abs(_pw_s.iloc[0]) * 100)',
    "    print(f'Highest: {_pw_top[0]} ({_pw_top[1]}); lowest: {_pw_bottom[0]} ({_pw_bottom[1]}); first to last: {_pw_change}%')",
    '    try:',
    `        chart({'period': list(_pw_s.index), 'value': [float(v) for v in _pw_s]}, kind='line', x='period', y='value', title=${pyStr(`${op.measure ?? 'rows'} by ${op.freq}`)}, y_label=${pyStr(op.measure ?? 'rows')})`,
    '    except Exception as e:',
    "        print(f'(chart skipped: {e})')",
    "_pw_out = {'series': _pw_series if len(_pw_series) <= 60 else _pw_series[:30] + _pw_series[-30:], 'periods': len(_pw_series), 'top': _pw_top, 'bottom': _pw_bottom, 'change': _pw_change}",
  );
  return lines;
}

/** What every answer block starts with: its imports and the answer helpers. */
export const ANSWER_PRELUDE: readonly string[] = [
  'import warnings',
  'import numpy as np',
  'import pandas as pd',
  '',
  ANSWER_HELPERS,
  '',
];

/** The whole answer block for an operation (run after the overview, on its `df`). */
export function operationCode(op: Operation): string {
  return [
    ...ANSWER_PRELUDE,
    ...selection(op),
    '',
    ...body(op),
    `record_result('answer', dict(_pw_out, op=${pyStr(op.op)}, selected=len(_pw), total_rows=len(df), years=_pw_years))`,
  ].join('\n');
}

/**
 * Python for steps 2–6. Each step prints readable tables and ends by handing its figures over with `record_result`
 * (out of band, never printed; `chart` and `record_result` come from the kernel's prelude).
 * The `safe` variant is what a failed step is retried with: measures coerced to numbers with
 * `pd.to_numeric(errors='coerce')` (in place, so later steps benefit), fewer columns, no charts.
 */
import { FOLD_HELPERS } from './ops/helpers';
import { pyList, pyStr } from './py';
import type { Roles } from './load-code';

export type AnalysisStep = 'describe' | 'totals' | 'trend' | 'extremes' | 'correlations';
export type Variant = 'normal' | 'safe';

export const LIMITS = { totalsMeasures: 3, totalsCategories: 4, trendMeasures: 3, correlate: 10 } as const;

function coerce(list: string): string[] {
  return [`for c in ${list}:`, "    df[c] = pd.to_numeric(df[c], errors='coerce')"];
}

function describe(roles: Roles, safe: boolean): string[] {
  const measures = safe ? roles.measures.slice(0, 3) : roles.measures;
  return [
    `measures = ${pyList(measures)}`,
    ...(safe ? coerce('measures') : []),
    'stats = df[measures].astype(float).describe().T',
    "stats['sum'] = df[measures].sum()",
    'print(stats.round(2).to_string())',
    "record_result('describe', {'stats': [",
    "    {'name': c, 'count': r['count'], 'mean': r['mean'], 'std': r['std'],",
    "     'min': r['min'], 'median': r['50%'], 'max': r['max'], 'sum': r['sum']}",
    "    for c, r in zip(stats.index, stats.to_dict('records'))",
    ']})',
  ];
}

/**
 * Totals of each measure by a category, spellings folded: the rows are grouped once by their raw
 * values (one pass over millions of rows), then the few group labels are folded (`_pw_f1`) and
 * their sums, non-missing counts and sizes added up; the mean is sum / count.
 */
export const FOLDED_TOTALS = `def _pw_folded_totals(col, measures):
    g = df.groupby(col, sort=False, observed=True)[measures]
    sums, counts, sizes = g.sum(), g.count(), g.size()
    labels = list(sizes.index)
    folded = [_pw_f1(v) for v in labels]
    seen = {}
    for v, f, n in zip(labels, folded, sizes.tolist()):
        seen.setdefault(f, []).append((v, n))
    # The most common spelling; on a tie, one without odd spaces, with capitals, seen first.
    rank = lambda p: (-p[1], str(p[0]) != ' '.join(str(p[0]).split()), str(p[0]) == str(p[0]).lower())
    name = {f: min(vs, key=rank)[0] for f, vs in seen.items()}
    also = {name[f]: [v for v, _ in vs if v != name[f]] for f, vs in seen.items() if len(vs) > 1}
    key = pd.Index([name[f] for f in folded], dtype=object)
    add = lambda x: x.groupby(key, sort=False).sum()
    return add(sums), add(counts), add(sizes), also`;

function totals(roles: Roles, safe: boolean, levels: string[]): string[] {
  const measures = roles.measures.slice(0, safe ? 1 : LIMITS.totalsMeasures);
  const categories = roles.categories.slice(0, safe ? 2 : LIMITS.totalsCategories);
  // Measures whose sum means nothing (prices, rates…) are ranked and charted by their mean.
  const chart = [
    '        if m == measures[0]:',
    "            by, y = ('mean', 'average') if m in levels else ('sum', 'total')",
    '            try:',
    "                chart({'group': [str(k) for k in t.index], y: t[by].tolist()}, kind='bar', x='group', y=y,",
    "                      title=f\"{'Average' if by == 'mean' else 'Total'} {m} by {c}\", x_label=c, y_label=m)",
    '                charts += 1',
    '            except Exception as e:',
    "                print(f'(chart skipped: {e})')",
  ];
  return [
    `measures = ${pyList(measures)}`,
    `categories = ${pyList(categories)}`,
    `levels = ${pyList(levels.filter((l) => measures.includes(l)))}`,
    ...(safe ? coerce('measures') : []),
    '',
    FOLD_HELPERS,
    '',
    FOLDED_TOTALS,
    '',
    '# Spellings that differ only in case or spaces (North, north, North ) are one group.',
    'per = {c: _pw_folded_totals(c, measures) for c in categories}',
    'tables, charts = [], 0',
    'for m in measures:',
    '    for c in categories:',
    '        sums, counts, sizes, also = per[c]',
    "        t = pd.DataFrame({'sum': sums[m], 'rows': sizes, 'mean': sums[m] / counts[m]})",
    "        t = t.sort_values('mean' if m in levels else 'sum', ascending=False, kind='mergesort')",
    "        print(f'\\n{m} by {c}:')",
    '        print(t.round(2).to_string())',
    "        tables.append({'measure': m, 'category': c, 'groups': len(t),",
    "                       'rows': [[str(k), s, n, a] for k, s, n, a in zip(t.index, t['sum'], t['rows'], t['mean'])],",
    "                       'spellings': [[str(x), [str(v) for v in also[x][:4]], len(also[x])] for x in t.index[:8] if x in also]})",
    ...(safe ? [] : chart),
    "record_result('totals', {'tables': tables, 'charts': charts})",
  ];
}

function trend(roles: Roles, safe: boolean, levels: string[]): string[] {
  const axis = roles.trend;
  if (!axis) throw new Error('no time axis for the trend step');
  const measures = roles.measures.slice(0, safe ? 1 : LIMITS.trendMeasures);
  const period =
    axis.kind === 'date'
      ? [
          `axis = ${pyStr(axis.column)}`,
          'with warnings.catch_warnings():',
          "    warnings.simplefilter('ignore')  # to_period drops time zones",
          ...(safe ? ["    df[axis] = pd.to_datetime(df[axis], errors='coerce')"] : []),
          "    period, freq = df[axis].dt.to_period('M'), 'month'",
          '    if period.nunique() < 3 and df[axis].dt.normalize().nunique() >= 3:',
          "        period, freq = df[axis].dt.to_period('D'), 'day'",
        ]
      : [
          `axis = ${pyStr(axis.column)}`,
          "period, freq = pd.to_numeric(df[axis], errors='coerce').round().astype('Int64'), 'year'",
        ];
  return [
    'import warnings',
    '',
    `measures = ${pyList(measures)}`,
    ...(safe ? coerce('measures') : []),
    ...period,
    'm = measures[0]',
    `levels = ${pyList(levels.filter((l) => measures.includes(l)))}`,
    "how = 'mean' if m in levels else 'sum'  # prices, rates…: the average per period, not a total",
    'by_period = df.groupby(period)[measures].agg(how)',
    'by_period.index = by_period.index.astype(str)',
    'by_period.index.name = freq',
    'if len(by_period) > 24:',
    "    print(f'{len(by_period)} {freq}s; the first and last 12:')",
    '    print(by_period.head(12).round(2).to_string())',
    "    print('...')",
    '    print(by_period.tail(12).round(2).to_string(header=False))',
    'else:',
    '    print(by_period.round(2).to_string())',
    'top = bottom = None',
    'if len(by_period):',
    '    top = [by_period[m].idxmax(), by_period[m].max()]',
    '    bottom = [by_period[m].idxmin(), by_period[m].min()]',
    "    print(f'\\nHighest {m}: {top[0]} ({top[1]:,.2f}); lowest: {bottom[0]} ({bottom[1]:,.2f})')",
    ...(safe
      ? []
      : [
          '    try:',
          "        y = 'average' if how == 'mean' else 'total'",
          "        chart({freq: list(by_period.index), y: by_period[m].tolist()}, kind='line',",
          "              x=freq, y=y, title=f'{m} by {freq}', y_label=m)",
          '    except Exception as e:',
          "        print(f'(chart skipped: {e})')",
        ]),
    'series = list(zip(by_period.index, by_period[m]))',
    "record_result('trend', {",
    "    'axis': axis, 'freq': freq, 'measure': m, 'periods': len(by_period), 'how': how,",
    "    'series': series if len(series) <= 60 else series[:30] + series[-30:],",
    "    'top': top, 'bottom': bottom, 'total': by_period[m].sum(),",
    '})',
  ];
}

function extremes(roles: Roles, safe: boolean): string[] {
  const measure = roles.measures[0] ?? '';
  const labels = safe ? roles.categories.slice(0, 1) : roles.labels;
  return [
    `m = ${pyStr(measure)}`,
    ...(safe ? ["df[m] = pd.to_numeric(df[m], errors='coerce')"] : []),
    `columns = [m] + ${pyList(labels)}`,
    'top = df.nlargest(5, m)[columns]',
    'bottom = df.nsmallest(5, m)[columns]',
    "with pd.option_context('display.width', 160, 'display.max_colwidth', 40):",
    "    print(f'5 largest {m}:')",
    '    print(top.to_string())',
    "    print(f'\\n5 smallest {m}:')",
    '    print(bottom.to_string())',
    "record_result('extremes', {'measure': m, 'columns': columns,",
    "                        'top': top.values.tolist(), 'bottom': bottom.values.tolist()})",
  ];
}

function correlations(roles: Roles, safe: boolean): string[] {
  const measures = roles.measures.slice(0, safe ? 5 : LIMITS.correlate);
  return [
    `measures = ${pyList(measures)}`,
    ...(safe ? coerce('measures') : []),
    'corr = df[measures].corr()',
    'print(corr.round(2).to_string())',
    'pairs = []',
    'for i, a in enumerate(measures):',
    '    for j in range(i + 1, len(measures)):',
    '        r = corr.iat[i, j]',
    '        if pd.notna(r) and abs(r) >= 0.3:',
    '            pairs.append([a, measures[j], float(r)])',
    'pairs = sorted(pairs, key=lambda p: -abs(p[2]))[:3]',
    "print('\\nStrongest pairs (|r| >= 0.3):' if pairs else '\\nNo pair with |r| >= 0.3.')",
    'for a, b, r in pairs:',
    "    print(f'  {a} ~ {b}: r = {r:.2f}')",
    ...(safe
      ? []
      : [
          'if pairs:',
          '    a, b, r = pairs[0]',
          '    points = df[[a, b]].dropna()',
          '    try:',
          "        chart(points, kind='scatter', x=a, y=b,",
          "              title=f'{b} vs {a} (r = {r:.2f})', x_label=a, y_label=b)",
          '    except Exception as e:',
          "        print(f'(chart skipped: {e})')",
        ]),
    "record_result('correlations', {'measures': measures, 'pairs': pairs})",
  ];
}

const BUILDERS: Record<AnalysisStep, (roles: Roles, safe: boolean, levels: string[]) => string[]> = {
  describe,
  totals,
  trend,
  extremes,
  correlations,
};

/** The code of an analysis step (without any reload preamble). */
export function analysisCode(
  step: AnalysisStep,
  variant: Variant,
  roles: Roles,
  levels: string[] = [],
): string {
  return BUILDERS[step](roles, variant === 'safe', levels).join('\n');
}

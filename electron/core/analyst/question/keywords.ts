/**
 * The words and phrases that say what to compute. A phrase is matched before its words
 * ("more than" before "more"); a column or a value of the data that reads the same wins over a
 * single keyword, except where noted in match.ts.
 */

export type Kw =
  | 'sum'
  | 'mean'
  | 'median'
  | 'max'
  | 'min'
  | 'most'
  | 'least'
  | 'count'
  | 'distinct'
  | 'share'
  | 'corr'
  | 'dist'
  | 'trend'
  | 'top'
  | 'bottom'
  | 'which'
  | 'by'
  | 'not'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'eq'
  | 'between'
  | 'and'
  | 'or'
  | 'to'
  | 'from'
  | 'since'
  | 'before'
  | 'after'
  | 'freq-day'
  | 'freq-week'
  | 'freq-month'
  | 'freq-quarter'
  | 'freq-year'
  | 'q1'
  | 'q2'
  | 'q3'
  | 'q4'
  | 'overview'
  | 'verb';

export const PHRASES: [string, Kw][] = [
  ['how many', 'count'],
  ['number of', 'count'],
  ['count of', 'count'],
  ['how much', 'sum'],
  ['in total', 'sum'],
  ['on average', 'mean'],
  ['more than', 'gt'],
  ['greater than', 'gt'],
  ['higher than', 'gt'],
  ['larger than', 'gt'],
  ['bigger than', 'gt'],
  ['at least', 'gte'],
  ['no less than', 'gte'],
  ['less than', 'lt'],
  ['fewer than', 'lt'],
  ['lower than', 'lt'],
  ['smaller than', 'lt'],
  ['at most', 'lte'],
  ['no more than', 'lte'],
  ['equal to', 'eq'],
  ['over time', 'trend'],
  ['for each', 'by'],
  ['for every', 'by'],
  ['in each', 'by'],
  ['broken down by', 'by'],
  ['break down by', 'by'],
  ['breakdown by', 'by'],
  ['grouped by', 'by'],
  ['split by', 'by'],
  ['other than', 'not'],
  ['first quarter', 'q1'],
  ['second quarter', 'q2'],
  ['third quarter', 'q3'],
  ['fourth quarter', 'q4'],
  ['1st quarter', 'q1'],
  ['2nd quarter', 'q2'],
  ['3rd quarter', 'q3'],
  ['4th quarter', 'q4'],
  ['quarter 1', 'q1'],
  ['quarter 2', 'q2'],
  ['quarter 3', 'q3'],
  ['quarter 4', 'q4'],
];

export const WORDS: Record<string, Kw> = {
  total: 'sum',
  sum: 'sum',
  totals: 'sum',
  average: 'mean',
  averages: 'mean',
  avg: 'mean',
  mean: 'mean',
  median: 'median',
  maximum: 'max',
  max: 'max',
  highest: 'max',
  largest: 'max',
  biggest: 'max',
  greatest: 'max',
  longest: 'max',
  heaviest: 'max',
  minimum: 'min',
  min: 'min',
  lowest: 'min',
  smallest: 'min',
  shortest: 'min',
  lightest: 'min',
  most: 'most',
  least: 'least',
  fewest: 'least',
  count: 'count',
  distinct: 'distinct',
  unique: 'distinct',
  different: 'distinct',
  percentage: 'share',
  percent: 'share',
  pct: 'share',
  share: 'share',
  proportion: 'share',
  fraction: 'share',
  rate: 'share',
  '%': 'share',
  correlation: 'corr',
  correlations: 'corr',
  correlated: 'corr',
  correlate: 'corr',
  correlates: 'corr',
  corr: 'corr',
  relationship: 'corr',
  relation: 'corr',
  related: 'corr',
  association: 'corr',
  distribution: 'dist',
  distributed: 'dist',
  histogram: 'dist',
  spread: 'dist',
  range: 'dist',
  trend: 'trend',
  trends: 'trend',
  evolve: 'trend',
  evolved: 'trend',
  evolution: 'trend',
  change: 'trend',
  changed: 'trend',
  changes: 'trend',
  develop: 'trend',
  developed: 'trend',
  top: 'top',
  bottom: 'bottom',
  which: 'which',
  by: 'by',
  per: 'by',
  each: 'by',
  every: 'by',
  across: 'by',
  not: 'not',
  non: 'not',
  except: 'not',
  excluding: 'not',
  without: 'not',
  outside: 'not',
  over: 'gt',
  above: 'gt',
  exceeding: 'gt',
  exceeds: 'gt',
  exceed: 'gt',
  '>': 'gt',
  '>=': 'gte',
  under: 'lt',
  below: 'lt',
  '<': 'lt',
  '<=': 'lte',
  '=': 'eq',
  equals: 'eq',
  between: 'between',
  and: 'and',
  vs: 'and',
  versus: 'and',
  or: 'or',
  to: 'to',
  through: 'to',
  until: 'to',
  till: 'to',
  from: 'from',
  since: 'since',
  before: 'before',
  after: 'after',
  daily: 'freq-day',
  day: 'freq-day',
  days: 'freq-day',
  weekly: 'freq-week',
  week: 'freq-week',
  weeks: 'freq-week',
  monthly: 'freq-month',
  month: 'freq-month',
  months: 'freq-month',
  quarterly: 'freq-quarter',
  quarter: 'freq-quarter',
  quarters: 'freq-quarter',
  yearly: 'freq-year',
  annual: 'freq-year',
  annually: 'freq-year',
  year: 'freq-year',
  years: 'freq-year',
  q1: 'q1',
  q2: 'q2',
  q3: 'q3',
  q4: 'q4',
  analyse: 'overview',
  analyze: 'overview',
  analysis: 'overview',
  describe: 'overview',
  description: 'overview',
  summarise: 'overview',
  summarize: 'overview',
  summary: 'overview',
  overview: 'overview',
  explore: 'overview',
  insights: 'overview',
  insight: 'overview',
  important: 'overview',
  interesting: 'overview',
  key: 'overview',
  main: 'overview',
  patterns: 'overview',
  // Verbs that separate "of what" from "which part" in a share question.
  were: 'verb',
  was: 'verb',
  are: 'verb',
  is: 'verb',
  had: 'verb',
  has: 'verb',
  have: 'verb',
  came: 'verb',
  come: 'verb',
  comes: 'verb',
};

/** Keywords that name an aggregation a column could also be called ("total", "count", "mean"). */
export const AGG_WORDS = new Set(['total', 'sum', 'count', 'mean', 'average', 'median', 'max', 'min']);

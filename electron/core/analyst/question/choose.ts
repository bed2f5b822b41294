/**
 * Choosing the operation once the conditions and the shape are read: correlation, distribution,
 * ranking, trend, share, count, or a figure of one measure — or a decline saying what is missing.
 */
import { mdCode } from '../format';
import { measureKind } from '../measures';
import type { Agg, Filter, Freq, Operation, Period } from '../ops/types';
import { explicitAgg, flagConditions, splitShare } from './conditions';
import { Decline, type Reader } from './reader';
import { resolveTime, type Shape } from './shape';
import { nameWords as nameWordsOf } from './words';

/** Measure names that count things: "how many units" adds them up. */
const COUNT_LIKE =
  /^(units?|quantity|quantities|qty|count|counts|number|passengers?|visits?|clicks?|views?|downloads?|orders?|items?|bookings?|sold|deaths?|cases?|births?|population|customers?|students?|employees?|tickets?|pieces?|people|visitors?|trips?|rides?)$/;

/** The operation the keywords ask for, given the conditions and the shape; throws Decline. */
export function chooseOperation(
  r: Reader,
  shape: Shape,
  filters: Filter[],
  window: Period | undefined,
): Operation {
  const scope = { filters, ...(window ? { period: window } : {}) };
  const free = r.items.flatMap((it, k) => (it.kind === 'column' && r.free(k) ? [k] : []));
  const measures = free.filter((k) => r.isMeasure(r.column(k) as string) && !r.isFlag(r.column(k) as string));
  const flags = free.filter((k) => r.isFlag(r.column(k) as string));
  const one = (what: string): string => {
    if (measures.length !== 1) {
      const names = measures.map((k) => `${mdCode(r.column(k))}`);
      throw new Decline(
        measures.length
          ? `one ${what} at a time (${names.join(', ')})`
          : `I could not tell which numeric column you mean`,
      );
    }
    r.use(measures[0] as number);
    return r.column(measures[0] as number) as string;
  };
  const kwOnce = (...kws: Parameters<Reader['kws']>) => {
    const found = r.kws(...kws);
    r.use(...found);
    return found.length > 0;
  };
  const said = explicitAgg(r);
  const explicit = said ?? (shape.perRow ? 'mean' : null);
  if (shape.perRow && explicit !== 'mean')
    throw new Decline('“per …” together with a figure other than an average');
  const kindOf = (m: string) =>
    measureKind(m, r.ctx.lookup?.ranges.get(m), r.ctx.percent?.includes(m) ?? false);
  // A total of prices, rates, ages… means nothing: asked for in so many words, it is declined.
  const noLevelSum = <A extends string>(agg: A, measure: string): A => {
    if (agg === 'sum' && kindOf(measure) === 'level')
      throw new Decline(
        `a total of ${mdCode(measure)}: its values do not add up (ask for the average or the median)`,
      );
    return agg;
  };
  const defaultAgg = (m: string): 'sum' | 'mean' => (kindOf(m) === 'level' ? 'mean' : 'sum');
  // "average monthly revenue", "average passengers per year", "the daily average": the average of
  // the period totals, or the average row of each period? Ask. (Averages of prices, rates…
  // per period are what they say: the average of each period.)
  const averagePerPeriod = (measure: string | null, unit = shape.time?.freq ?? 'period') => {
    if (said === 'mean' && (shape.per || shape.adverb) && (measure === null || kindOf(measure) !== 'level'))
      throw new Decline(
        `whether “average … per ${unit}” means the average row of each ${unit} or the average of the ${unit} totals`,
      );
  };

  if (kwOnce('corr')) {
    if (measures.length !== 2) throw new Decline('a correlation needs exactly two numeric columns');
    r.use(...measures, ...r.kws('and', 'between'));
    return {
      op: 'correlation',
      a: r.column(measures[0] as number) as string,
      b: r.column(measures[1] as number) as string,
      ...scope,
    };
  }
  if (kwOnce('dist')) {
    if (shape.by !== undefined) throw new Decline('a distribution per group');
    return { op: 'distribution', measure: one('distribution'), bins: 20, ...scope };
  }
  const shareAt = r.kws('share')[0] ?? -1;
  const share = kwOnce('share');
  // "the average number of passengers": "number of" only names the measure.
  for (const i of r.kws('count')) {
    const item = r.items[i];
    if (
      explicit &&
      item?.kind === 'kw' &&
      item.word === 'number of' &&
      r.isMeasure(r.column(r.next(i, false)) ?? '')
    )
      r.use(i);
  }
  const count = kwOnce('count');
  if (shape.top || ((shape.which || shape.by !== undefined) && shape.superlative && !shape.time)) {
    r.use(...shape.superlativeAt);
    const n = shape.top?.n ?? 1;
    const order =
      shape.top?.order ?? (shape.superlative === 'min' || shape.superlative === 'least' ? 'asc' : 'desc');
    if (shape.by === undefined && !shape.which && measures.length === 1 && shape.top) {
      // "the median revenue of the top 3 orders": a figure of the ranked rows, which I only list
      // ("top 3 orders by total revenue" ranks them by their revenue).
      const byTotal = r.items.some((it, k) => it.kind === 'kw' && it.kw === 'sum' && r.kwAt(k - 1, 'by'));
      if (said && !(said === 'sum' && byTotal))
        throw new Decline('a figure (total, average, median) of the top rows: I can only list them');
      const measure = one('ranking');
      return { op: 'top_n', n, order, measure, agg: 'sum', by: null, ...scope };
    }
    if (shape.by === undefined) throw new Decline('I could not tell what to rank');
    if (share) {
      const { part, rest } = splitShare(r, flags, filters, shareAt);
      const measure = measures.length ? one('share') : null;
      if (measure && kindOf(measure) !== 'additive')
        throw new Decline(`whether you mean a share of the rows or of the total ${mdCode(measure)}`);
      return { op: 'top_n', n, order, measure, agg: 'share', part, by: shape.by, ...scope, filters: rest };
    }
    const flagFilters = flagConditions(r, flags);
    if (!measures.length) {
      // Rows per group only when asked: "the most customers", "the largest number of orders".
      const last = shape.superlativeAt[shape.superlativeAt.length - 1] ?? -1;
      const named = r.next(last, false);
      const many = shape.superlative === 'most' || shape.superlative === 'least';
      const rowsNamed = many && r.items[named]?.kind === 'entity';
      // "the most survivors": rows where the yes/no column is yes, counted.
      const flagNamed = many && flags.includes(named);
      if (!count && !rowsNamed && !flagNamed)
        throw new Decline(`I could not tell which figure to rank the ${mdCode(shape.by)} values by`);
      return {
        op: 'top_n',
        n,
        order,
        measure: null,
        agg: 'count',
        by: shape.by,
        ...scope,
        filters: [...filters, ...flagFilters],
      };
    }
    const measure = one('ranking');
    const agg = noLevelSum(explicit ?? (kindOf(measure) === 'level' ? 'mean' : 'sum'), measure);
    // "Which day has the highest tip?": by total (as asked), and by average too unless the measure clearly adds up.
    const also =
      !explicit &&
      n === 1 &&
      kindOf(measure) === 'other' &&
      (shape.superlative === 'max' || shape.superlative === 'min');
    return {
      op: 'top_n',
      n,
      order,
      measure,
      agg,
      by: shape.by,
      ...(also ? { also: 'mean' as const } : {}),
      ...scope,
      filters: [...filters, ...flagFilters],
    };
  }
  const trendKw = kwOnce('trend');
  if (shape.time || trendKw) {
    if (shape.by !== undefined) throw new Decline('a trend per group (one grouping at a time)');
    const axis = shape.time?.column
      ? { column: shape.time.column, kind: 'date' as const }
      : resolveTime(r, shape);
    const freq: Freq = shape.time?.freq ?? (axis.kind === 'year' ? 'year' : 'month');
    if (axis.kind === 'year' && freq !== 'year')
      throw new Decline(`there is no date column to group by ${freq}`);
    const flagFilters = flagConditions(r, flags);
    const focus: 'max' | 'min' | undefined =
      shape.superlative === 'max' || shape.superlative === 'most'
        ? 'max'
        : shape.superlative
          ? 'min'
          : undefined;
    r.use(...shape.superlativeAt);
    const base = {
      op: 'trend' as const,
      column: axis.column,
      kind: axis.kind,
      freq,
      ...(focus ? { focus } : {}),
      ...scope,
      filters: [...filters, ...flagFilters],
    };
    if (!measures.length) {
      if (!count && !r.items.some((it) => it.kind === 'entity'))
        throw new Decline('I could not tell which figure to follow over time');
      averagePerPeriod(null);
      if (said && said !== 'sum') throw new Decline(`the ${said} of the counts per period`);
      return { ...base, measure: null, agg: 'count' };
    }
    const measure = one('trend');
    averagePerPeriod(measure);
    if (explicit === 'median') throw new Decline('a trend of the median (I follow totals or averages)');
    const agg = noLevelSum(explicit ?? defaultAgg(measure), measure);
    return { ...base, measure, agg };
  }
  if (shape.which) throw new Decline('“which” without “highest”, “lowest”, “most” or “least”');
  if (shape.superlative === 'most' || shape.superlative === 'least')
    throw new Decline('“most” or “least” without a grouping (“which …”)');
  if (share) {
    const by = shape.by !== undefined ? { by: shape.by } : {};
    const { part, rest } = splitShare(r, flags, filters, shareAt);
    const base = { op: 'aggregate' as const, agg: 'share' as const, part, ...by, ...scope, filters: rest };
    if (!measures.length) return { ...base, measure: null };
    const measure = one('share');
    if (kindOf(measure) === 'level')
      throw new Decline(`a share of the total of ${mdCode(measure)} (its values do not add up)`);
    // "What share of revenue…" adds up; "what percentage of tips…" may count rows: ask.
    if (kindOf(measure) !== 'additive')
      throw new Decline(`whether you mean a share of the rows or of the total ${mdCode(measure)}`);
    return { ...base, measure };
  }
  let flagFilters = flagConditions(r, flags);
  // "smokers versus non-smokers": both values of a yes/no column — one figure for each.
  const both = flagFilters.find((f, k) => flagFilters.some((g, j) => j !== k && g.column === f.column));
  let by: { by?: string } = shape.by !== undefined ? { by: shape.by } : {};
  if (both && shape.by === undefined) {
    flagFilters = flagFilters.filter((f) => f.column !== both.column);
    by = { by: both.column };
  }
  const all = { ...scope, filters: [...filters, ...flagFilters] };
  if (count) {
    const countAt = r.items.findIndex((it) => it.kind === 'kw' && it.kw === 'count');
    const after = r.next(countAt, false);
    const named = r.column(after);
    // "How many regions are there?": the number of different values of a category (not "how
    // many products did we sell", which may mean units).
    const onlyThere = r.items
      .slice(after + 1)
      .every((it) =>
        /^(are|is|there|in|the|this|file|data|dataset|table|exist|exists|listed)$/i.test(it.text),
      );
    const distinctNamed =
      !!named &&
      r.free(after) &&
      onlyThere &&
      !r.isMeasure(named) &&
      !r.isFlag(named) &&
      !r.ctx.dates.includes(named);
    if (kwOnce('distinct') || distinctNamed) {
      const target = free.find((k) => r.free(k));
      if (target === undefined) throw new Decline('“how many different” what');
      r.use(target);
      return { op: 'aggregate', agg: 'nunique', measure: r.column(target) as string, ...by, ...all };
    }
    if (!measures.length) {
      // "the average number of orders per region": an average of counts, not a count.
      if (said && said !== 'sum') throw new Decline(`the ${said} of a number of rows`);
      return by.by !== undefined
        ? { op: 'aggregate', agg: 'count', measure: null, ...by, ...all }
        : { op: 'count_rows', ...all };
    }
    const measure = one('figure');
    if (explicit && explicit !== 'sum') throw new Decline('“how many” together with another figure');
    // "How many units": add them up; "how many tips": rows or the total amount? Ask.
    if (!nameWordsOf(measure).some((w) => COUNT_LIKE.test(w)))
      throw new Decline(`whether you mean the number of rows or the total of ${mdCode(measure)}`);
    return { op: 'aggregate', agg: 'sum', measure, ...by, ...all };
  }
  const agg: Agg | null =
    explicit ?? (shape.superlative === 'max' ? 'max' : shape.superlative === 'min' ? 'min' : null);
  if (!explicit) r.use(...shape.superlativeAt);
  if (agg) {
    const measure = one('figure');
    // "average passengers per year" with a year column: per year, or over the years? Ask.
    if (by.by !== undefined && r.ctx.years.includes(by.by) && shape.per) averagePerPeriod(measure, 'year');
    return { op: 'aggregate', agg: noLevelSum(agg, measure), measure, ...by, ...all };
  }
  if (measures.length === 1) {
    const measure = r.column(measures[0] as number) as string;
    const kind = kindOf(measure);
    if (kind === 'other')
      throw new Decline(`whether you want the total or the average of ${mdCode(measure)}`);
    r.use(measures[0] as number);
    return { op: 'aggregate', agg: defaultAgg(measure), measure, ...by, ...all };
  }
  if (measures.length > 1) one('figure');
  throw new Decline('what to compute (a total, an average, a count…)');
}

/**
 * Conditions that keywords imply: the aggregation said in words ("average", "total"), yes/no
 * columns named as conditions ("smokers", "non-smokers"), and how a share splits into the part
 * and the whole.
 */
import type { Filter } from '../ops/types';
import { Decline, type Reader } from './reader';

/** "average", "total", "median" said in so many words (only one of them). */
export function explicitAgg(r: Reader): 'sum' | 'mean' | 'median' | null {
  const found = r.kws('sum', 'mean', 'median');
  const kinds = [...new Set(found.map((i) => (r.items[i] as { kw: 'sum' | 'mean' | 'median' }).kw))];
  if (kinds.length > 1) throw new Decline('two different figures at once (one at a time)');
  r.use(...found);
  return kinds[0] ?? null;
}

/** Yes/no columns named as conditions: "smokers" → smoker is Yes, "non-smokers" → No. */
export function flagConditions(r: Reader, flags: number[]): Filter[] {
  return flags.filter((k) => r.free(k)).map((k) => flagFilter(r, k));
}

export function flagFilter(r: Reader, k: number): Filter {
  const column = r.column(k) as string;
  const flag = r.ctx.lookup?.flags.get(column);
  if (!flag) throw new Error('not a flag');
  const not = r.prev(k, false);
  const negated = r.kwAt(not, 'not') && r.free(not);
  if (negated) r.use(not);
  r.use(k);
  return { column, op: '==', value: negated ? flag.no : flag.yes };
}

/**
 * The part of a share, and the whole it is a share of:
 * - named right before the keyword ("survival rate", "return rate", "the female share"): that
 *   condition is the part; everything else, a relative clause included ("survival rate of
 *   passengers who were alone"), is the whole;
 * - else the one condition after the verb ("what share of passengers were female", "what
 *   percentage of survivors were women"); when that verb opens a relative clause ("percentage of
 *   passengers who were alone were women"), the one after the next verb, if there is one
 *   ("percentage of smokers who are female" has none: the clause is the part);
 * - else the yes/no column ("survival rate of women"), else the only condition.
 * Anything less clear is declined.
 */
export function splitShare(
  r: Reader,
  flags: number[],
  filters: Filter[],
  shareAt: number,
): { part: Filter[]; rest: Filter[] } {
  const free = flags.filter((k) => r.free(k));
  const at = (f: Filter) =>
    r.items.findIndex(
      (it) =>
        (it.kind === 'column' && it.columns[0] === f.column) ||
        (it.kind === 'value' && it.options.some((o) => o.column === f.column)),
    );
  const unclear = () => new Decline('which condition is the part and which the whole');
  const verbs = r.items.flatMap((it, k) => (it.kind === 'kw' && it.kw === 'verb' && k > shareAt ? [k] : []));
  const relative = (k: number) => {
    const before = r.items[k - 1];
    return (
      (before?.kind === 'filler' && /^(who|that|whom)$/i.test(before.text)) ||
      (before?.kind === 'kw' && before.kw === 'which')
    );
  };
  const main = verbs.find((k) => !relative(k));
  const after = (from: number) => ({
    flags: free.filter((k) => k > from),
    filters: filters.filter((f) => at(f) > from),
  });
  const lead = leadCondition(r, shareAt, free, filters);
  if (lead) {
    const { flags: f, filters: g } = main === undefined ? { flags: [], filters: [] } : after(main);
    if (f.length + g.length) throw unclear();
    const part = 'flag' in lead ? [flagFilter(r, lead.flag)] : [lead.filter];
    const rest = [
      ...filters.filter((f) => !part.includes(f)),
      ...free.filter((k) => !('flag' in lead) || k !== lead.flag).map((k) => flagFilter(r, k)),
    ];
    return { part, rest };
  }
  const verb = verbs[0] !== undefined && relative(verbs[0]) && main !== undefined ? main : verbs[0];
  if (verb !== undefined) {
    const { flags: flagsAfter, filters: filtersAfter } = after(verb);
    if (flagsAfter.length + filtersAfter.length > 1) throw unclear();
    if (flagsAfter.length + filtersAfter.length === 1) {
      const part = flagsAfter.length ? [flagFilter(r, flagsAfter[0] as number)] : filtersAfter;
      const rest = [
        ...filters.filter((f) => !part.includes(f)),
        ...free.filter((k) => k < verb).map((k) => flagFilter(r, k)),
      ];
      return { part, rest };
    }
  }
  if (free.length > 1) throw new Decline('a share of several yes/no columns at once');
  if (free.length === 1) return { part: [flagFilter(r, free[0] as number)], rest: filters };
  if (filters.length === 1) return { part: filters, rest: [] };
  if (!filters.length) throw new Decline('a share of what (name a value, a condition or a yes/no column)');
  throw unclear();
}

/**
 * The condition named right before the share keyword: a yes/no column ("survival rate") or a
 * value ("the female share", not before "rate").
 */
function leadCondition(
  r: Reader,
  shareAt: number,
  free: number[],
  filters: Filter[],
): { flag: number } | { filter: Filter } | null {
  const k = shareAt - 1;
  const item = r.items[k];
  if (item?.kind === 'column' && free.includes(k)) return { flag: k };
  // "the female share of survivors", but "the female rate of survival" is the rate of survival.
  const rate = r.items[shareAt]?.text.toLowerCase() === 'rate';
  if (item?.kind === 'value' && !rate) {
    const filter = filters.find(
      (f) => item.options.some((o) => o.column === f.column) && (f.op === '==' || f.op === 'in'),
    );
    if (filter) return { filter };
  }
  return null;
}

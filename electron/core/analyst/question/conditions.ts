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
 * The part of a share: the one condition after the verb ("what share of passengers were
 * female", "what percentage of survivors were women"), else the yes/no column ("survival rate
 * of women"), else the only condition. Anything less clear is declined.
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
  const verb = r.items.findIndex((it, k) => it.kind === 'kw' && it.kw === 'verb' && k > shareAt);
  const unclear = () => new Decline('which condition is the part and which the whole');
  if (verb >= 0) {
    const flagsAfter = free.filter((k) => k > verb);
    const filtersAfter = filters.filter((f) => at(f) > verb);
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

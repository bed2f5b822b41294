/**
 * The lookup step: before answering, find which words of the question are values of the data
 * ("Sundays" → `day` == "Sun"), which of the columns it names are yes/no columns, and the range
 * of the numeric columns it names. The question's phrases reach the code as a list of string
 * literals; the data's values come back only when they equal one of them (never the whole
 * list of values, which could be large).
 */
import { z } from 'zod';
import { pyList } from '../py';
import type { Scalar } from '../ops/types';
import { lookupKeys, type LookupData } from './match';
import type { DecimalMark } from './words';

/** At most this many matches are reported (the result line caps lists at 60). */
export const MAX_MATCHES = 50;

export function lookupCode(question: string, named: string[], decimal: DecimalMark = '.'): string {
  return `import numpy as np
import pandas as pd

# Phrases of the question, as keys: lowercase, runs of other characters as one space.
wanted = set(${pyList(lookupKeys(question, decimal))})
named = ${pyList(named)}


def _pw_keys(values):
    return values.astype(str).str.lower().str.replace(r'[\\W_]+', ' ', regex=True).str.strip()


matches, flags, ranges, found = [], [], [], 0
for c in df.columns:
    s = df[c]
    if isinstance(s, pd.DataFrame) or pd.api.types.is_datetime64_any_dtype(s):
        continue
    boolean = pd.api.types.is_bool_dtype(s)
    numeric = pd.api.types.is_numeric_dtype(s) and not boolean
    if numeric and c not in named:
        continue  # a number is a value only beside its column's name: only named numeric columns
    u = pd.Series(s.dropna().unique())
    if numeric:
        u = u[np.isfinite(u.astype(float))]
        whole = bool((u == u.round()).all())
        ranges.append([c, s.min(), s.max(), int(len(u)), whole])
        if len(u) > 30 or not whole:
            continue
        u = u.astype('int64')
    keys = _pw_keys(u)
    if c in named and len(u) == 2:
        pair = dict(zip(keys, u))
        for yes, no in (('yes', 'no'), ('true', 'false'), ('1', '0'), ('y', 'n'), ('t', 'f')):
            if set(pair) == {yes, no}:
                flags.append([c, pair[yes], pair[no]])
                print(f'{c!r} is a yes/no column: {pair[yes]!r} means yes')
    hit = keys.isin(wanted) & (u.astype(str).str.len() <= 200)
    for v, k in zip(u[hit], keys[hit]):
        found += 1
        if len(matches) < ${MAX_MATCHES}:
            matches.append([c, v, k])
            print(f'{c!r} has the value {v!r}')
for c, lo, hi, n, whole in ranges:
    print(f'{c!r}: from {lo} to {hi}, {n:,} distinct values{"" if whole else " (not all whole numbers)"}')
if not found:
    print('No word of the question is a value of the data.')
record_result('lookup', {'matches': matches, 'found': found, 'flags': flags, 'ranges': ranges})`;
}

const cell = z.union([z.string(), z.number(), z.boolean()]);

export const lookupSchema = z.object({
  step: z.literal('lookup'),
  matches: z.array(z.tuple([z.string(), cell, z.string()])),
  found: z.number(),
  flags: z.array(z.tuple([z.string(), cell, cell])),
  ranges: z.array(
    z.tuple([z.string(), z.number().nullable(), z.number().nullable(), z.number(), z.boolean()]),
  ),
});

export type LookupResult = z.infer<typeof lookupSchema>;

export function lookupPayload(result: Record<string, unknown> | null): LookupResult | undefined {
  const parsed = lookupSchema.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

/** The lookup's result as the parser uses it. */
export function lookupData(r: LookupResult): LookupData {
  return {
    matches: r.matches.map(([column, value, key]) => ({ column, value: value as Scalar, key })),
    truncated: r.found > r.matches.length,
    flags: new Map(r.flags.map(([c, yes, no]) => [c, { yes: yes as Scalar, no: no as Scalar }])),
    ranges: new Map(
      r.ranges.map(([c, min, max, distinct, integers]) => [c, { min, max, distinct, integers }]),
    ),
  };
}

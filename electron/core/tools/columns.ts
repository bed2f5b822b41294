/**
 * What the tools know about the file's columns, from its profile: every name, which hold numbers
 * (read_csv's or the overview's conversions), dates, a time axis (dates, or a numeric year
 * column), and the values of a text column when the profile saw them all.
 */
import type { ColumnProfile, FileProfile } from '../../model/data/types';
import type { Scalar } from '../analyst/ops/types';
import { nameWords } from '../analyst/question/words';
import { SAMPLE_RECORDS } from '../data/sniff';

export type ColumnKind = 'number' | 'date' | 'boolean' | 'text';

export interface ColumnKinds {
  all: string[];
  numeric: string[];
  dates: string[];
  /** Columns a trend can run along: dates, then numeric year columns. */
  time: string[];
  kind: Map<string, ColumnKind>;
}

/** The profile's examples are cut to 40 characters, ending in an ellipsis. */
const CUT = /…$/;

export function columnKinds(profile: FileProfile): ColumnKinds {
  const numbers = new Set((profile.numbers ?? []).map((n) => n.column));
  const dates = new Set((profile.dates ?? []).map((d) => d.column));
  const kind = new Map<string, ColumnKind>();
  for (const c of profile.columns) {
    const k: ColumnKind =
      c.type === 'integer' || c.type === 'float' || numbers.has(c.name)
        ? 'number'
        : c.type === 'date' || c.type === 'datetime' || dates.has(c.name)
          ? 'date'
          : c.type === 'boolean'
            ? 'boolean'
            : 'text';
    kind.set(c.name, k);
  }
  const all = profile.columns.map((c) => c.name);
  const numeric = all.filter((c) => kind.get(c) === 'number');
  const dateNames = all.filter((c) => kind.get(c) === 'date');
  const years = numeric.filter((c) => nameWords(c).some((w) => w === 'year' || w === 'yr'));
  return { all, numeric, dates: dateNames, time: [...dateNames, ...years], kind };
}

/**
 * Every value of a text column, when the profile saw them all (its sample is the whole file and
 * its examples are every distinct value, none cut short); else null: the sandbox checks them.
 */
export function knownValues(profile: FileProfile, column: ColumnProfile): string[] | null {
  const sampledAll = profile.rows + 1 + (profile.skipRows ?? 0) <= SAMPLE_RECORDS;
  if (!sampledAll || column.distinct > column.examples.length) return null;
  if (column.examples.some((v) => CUT.test(v))) return null;
  return column.examples;
}

/** Values a caller learnt elsewhere (an overview, a lookup): column → every value. */
export type KnownValues = Readonly<Record<string, readonly Scalar[]>>;

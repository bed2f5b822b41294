// A QuestionContext built by hand for parser tests: what the overview and the lookup step would
// report for a file whose columns and distinct values are given here (the lookup's matching is
// redone in a few lines: a value matches when its key equals one of the question's phrase keys).
import {
  lookupKeys,
  mentionedColumns,
  type QuestionContext,
} from '../../electron/core/analyst/question/match';
import { keyOf, type DecimalMark } from '../../electron/core/analyst/question/words';
import type { Scalar } from '../../electron/core/analyst/ops/types';

export interface ColumnSpec {
  role: 'measure' | 'category' | 'text' | 'date' | 'year' | 'id';
  /** Distinct values (categories, texts, small whole-number measures). */
  values?: Scalar[];
  /** For numeric columns: range, distinct count, whole numbers. */
  range?: { min: number; max: number; distinct: number; integers: boolean };
}

export interface FileSpec {
  file: string;
  rows: number;
  columns: Record<string, ColumnSpec>;
  /** The file's decimal mark (default '.'). */
  decimal?: DecimalMark;
}

const YES_NO: [string, string][] = [
  ['yes', 'no'],
  ['true', 'false'],
  ['1', '0'],
  ['y', 'n'],
  ['t', 'f'],
];

export function contextFor(spec: FileSpec, question: string): QuestionContext {
  const names = Object.keys(spec.columns);
  const of = (role: ColumnSpec['role']) => names.filter((n) => spec.columns[n]?.role === role);
  const keys = new Set(lookupKeys(question, spec.decimal ?? '.'));
  const named = new Set(mentionedColumns(question, names));
  const matches: { column: string; value: Scalar; key: string }[] = [];
  const flags = new Map<string, { yes: Scalar; no: Scalar }>();
  const ranges = new Map<string, { min: number; max: number; distinct: number; integers: boolean }>();
  for (const [name, c] of Object.entries(spec.columns)) {
    if (c.role === 'date') continue;
    if (c.range && named.has(name)) ranges.set(name, c.range);
    const values = c.values ?? [];
    for (const v of values)
      if (keys.has(keyOf(String(v)))) matches.push({ column: name, value: v, key: keyOf(String(v)) });
    if (named.has(name) && values.length === 2) {
      const pair = new Map(values.map((v) => [keyOf(String(v)), v]));
      for (const [yes, no] of YES_NO) {
        if (pair.has(yes) && pair.has(no))
          flags.set(name, { yes: pair.get(yes) as Scalar, no: pair.get(no) as Scalar });
      }
    }
  }
  return {
    fileName: spec.file,
    rows: spec.rows,
    columns: names,
    measures: of('measure'),
    categories: of('category'),
    texts: of('text'),
    dates: of('date'),
    years: of('year'),
    ids: of('id'),
    ...(spec.decimal !== undefined ? { decimal: spec.decimal } : {}),
    lookup: { matches, truncated: false, flags, ranges },
  };
}

const int = (min: number, max: number, distinct: number) => ({ min, max, distinct, integers: true });
const real = (min: number, max: number, distinct: number) => ({ min, max, distinct, integers: false });

export const SALES: FileSpec = {
  file: 'sales.csv',
  rows: 10,
  columns: {
    date: { role: 'date' },
    product: { role: 'category', values: ['Widget Pro', 'Gadget Lite'] },
    region: { role: 'category', values: ['North', 'South', 'East', 'West'] },
    revenue: { role: 'measure', range: int(3800, 16800, 10) },
    units: { role: 'measure', range: int(76, 168, 10) },
  },
};

export const TIPS: FileSpec = {
  file: 'tips.csv',
  rows: 244,
  columns: {
    total_bill: { role: 'measure', range: real(3.07, 50.81, 229) },
    tip: { role: 'measure', range: real(1, 10, 123) },
    sex: { role: 'category', values: ['Female', 'Male'] },
    smoker: { role: 'category', values: ['No', 'Yes'] },
    day: { role: 'category', values: ['Sun', 'Sat', 'Thur', 'Fri'] },
    time: { role: 'category', values: ['Dinner', 'Lunch'] },
    size: { role: 'measure', values: [1, 2, 3, 4, 5, 6], range: int(1, 6, 6) },
  },
};

export const TITANIC: FileSpec = {
  file: 'titanic.csv',
  rows: 891,
  columns: {
    survived: { role: 'measure', values: [0, 1], range: int(0, 1, 2) },
    pclass: { role: 'measure', values: [3, 1, 2], range: int(1, 3, 3) },
    sex: { role: 'category', values: ['male', 'female'] },
    age: { role: 'measure', range: real(0.42, 80, 88) },
    fare: { role: 'measure', range: real(0, 512.33, 248) },
    embarked: { role: 'category', values: ['S', 'C', 'Q'] },
    class: { role: 'category', values: ['Third', 'First', 'Second'] },
    who: { role: 'category', values: ['man', 'woman', 'child'] },
    adult_male: { role: 'category', values: [true, false] },
    deck: { role: 'category', values: ['C', 'E', 'G', 'D', 'A', 'B', 'F'] },
    embark_town: { role: 'category', values: ['Southampton', 'Cherbourg', 'Queenstown'] },
    alive: { role: 'category', values: ['no', 'yes'] },
    alone: { role: 'category', values: [false, true] },
  },
};

export const TAXIS: FileSpec = {
  file: 'taxis.csv',
  rows: 6433,
  columns: {
    pickup: { role: 'date' },
    dropoff: { role: 'date' },
    passengers: { role: 'measure', values: [0, 1, 2, 3, 4, 5, 6], range: int(0, 6, 7) },
    distance: { role: 'measure', range: real(0, 36.7, 1079) },
    fare: { role: 'measure', range: real(1, 150, 220) },
    tip: { role: 'measure', range: real(0, 33.2, 489) },
    color: { role: 'category', values: ['yellow', 'green'] },
    payment: { role: 'category', values: ['credit card', 'cash'] },
    pickup_borough: { role: 'category', values: ['Manhattan', 'Queens', 'Bronx', 'Brooklyn'] },
    dropoff_borough: {
      role: 'category',
      values: ['Manhattan', 'Queens', 'Bronx', 'Brooklyn', 'Staten Island'],
    },
  },
};

export const FLIGHTS: FileSpec = {
  file: 'flights.csv',
  rows: 144,
  columns: {
    year: { role: 'year', range: int(1949, 1960, 12) },
    month: {
      role: 'category',
      values: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
    passengers: { role: 'measure', range: int(104, 622, 118) },
  },
};

export const PENGUINS: FileSpec = {
  file: 'penguins.csv',
  rows: 344,
  columns: {
    species: { role: 'category', values: ['Adelie', 'Chinstrap', 'Gentoo'] },
    island: { role: 'category', values: ['Torgersen', 'Biscoe', 'Dream'] },
    bill_length_mm: { role: 'measure', range: real(32.1, 59.6, 164) },
    bill_depth_mm: { role: 'measure', range: real(13.1, 21.5, 80) },
    flipper_length_mm: { role: 'measure', range: int(172, 231, 55) },
    body_mass_g: { role: 'measure', range: int(2700, 6300, 94) },
    sex: { role: 'category', values: ['MALE', 'FEMALE'] },
  },
};

export const DIAMONDS: FileSpec = {
  file: 'diamonds.csv',
  rows: 53940,
  columns: {
    carat: { role: 'measure', range: real(0.2, 5.01, 273) },
    cut: { role: 'category', values: ['Ideal', 'Premium', 'Good', 'Very Good', 'Fair'] },
    color: { role: 'category', values: ['E', 'I', 'J', 'H', 'F', 'G', 'D'] },
    clarity: { role: 'category', values: ['SI2', 'SI1', 'VS1', 'VS2', 'VVS2', 'VVS1', 'I1', 'IF'] },
    depth: { role: 'measure', range: real(43, 79, 184) },
    table: { role: 'measure', range: real(43, 95, 127) },
    price: { role: 'measure', range: int(326, 18823, 11602) },
    x: { role: 'measure', range: real(0, 10.74, 554) },
    y: { role: 'measure', range: real(0, 58.9, 552) },
    z: { role: 'measure', range: real(0, 31.8, 375) },
  },
};

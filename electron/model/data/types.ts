/** What Plotwright understands about a data file before any code runs. */

export type ColumnType =
  'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'category' | 'text' | 'empty';

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Counted in the sample. */
  missing: number;
  distinct: number;
  /** Up to 3 example values from the sample, cut to 40 characters. */
  examples: string[];
}

/**
 * Python codec names, as `pd.read_csv(encoding=…)` takes them. `utf-16` has a byte order mark;
 * `utf-16-le` / `utf-16-be` are UTF-16 without one (recognised by their NUL bytes).
 */
export type Encoding = 'utf-8' | 'utf-8-sig' | 'utf-16' | 'utf-16-le' | 'utf-16-be' | 'latin-1' | 'cp1252';

/** Which way round numeric dates are written: `05.01.2026` is `dmy`, `01/05/2026` `mdy`, `2026-01-05` `ymd`. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** A column of numeric dates, and how it is read. */
export interface DateColumn {
  column: string;
  order: DateOrder;
  /** The strptime format every sampled value has, e.g. `%d.%m.%Y` (absent when they differ). */
  format?: string;
  /** Every format seen, the most common first (values with a time zone have none). */
  formats: string[];
  /** Nothing decided the order (no day above 12, no other evidence): read month first, as pandas does. */
  ambiguous: boolean;
  /** Why, in plain words: `a day above 12 comes first, e.g. 13.01.2026`. */
  evidence: string;
  /** The order in words, with the column's separator: `day.month.year`. */
  words: string;
}

/**
 * A column of numbers written with separators or symbols. `read_csv` reads it when its
 * `decimal`/`thousands` arguments are enough (`readBy: 'read_csv'`); otherwise (currency, percent
 * signs, accounting negatives, other separators or minus signs) it is read as text and the
 * overview converts it (`readBy: 'overview'`).
 */
export interface NumberColumn {
  column: string;
  readBy: 'read_csv' | 'overview';
  /** The main reason: a currency, a percent sign, parentheses for negatives, else separators/signs. */
  kind: 'currency' | 'percent' | 'accounting' | 'thousands';
  /** The most common currency symbol or code. */
  symbol?: string;
  /** Every currency symbol or code seen, the most common first. */
  symbols: string[];
  /** Some values end with `%`: they keep their figure (12.5% → 12.5, not 0.125). */
  percent: boolean;
  /** Some negatives are written in parentheses: `(1,234.00)` → -1234. */
  accounting: boolean;
  /** The column's decimal mark (values that show theirs, like `1.234,5`, follow it anyway). */
  decimal: '.' | ',';
  /** The most common thousands separator (`.` `,` `'` `’`, a space, U+00A0 or U+202F), or null. */
  thousands: string | null;
  /** In plain words, e.g. `€ and thousands separators`. */
  how: string;
  /** Sampled values that are numbers / that are not (the latter become missing). */
  sampled: number;
  unreadable: number;
}

export interface FileProfile {
  /** Absolute path of the user's file (opened for reading only). */
  path: string;
  /** Basename: the name the code reads it by inside the workspace. */
  name: string;
  size: number;
  sha256: string;
  encoding: Encoding;
  delimiter: ',' | ';' | '\t' | '|';
  decimal: '.' | ',';
  /** Thousands separator read_csv is given, when the sample uses one unambiguously (`1.234,56`, `"1,234"`, `1'234`). */
  thousands?: '.' | ',' | ' ' | "'";
  quotechar: '"' | "'";
  /** False when the first row is data, not column names (names are then generated). */
  header: boolean;
  /** Lines above the header that read_csv skips (`skiprows`): titles, notes, blank lines. */
  skipRows?: number;
  /** The non-blank lines skipped (`Sales report Q1 2026`), cells joined by a space, cut to 200 characters. */
  preamble?: string[];
  /** Data rows (title lines and header excluded), counted by streaming the whole file. */
  rows: number;
  columns: ColumnProfile[];
  /** The first rows as text (at most 5), for the `sample` privacy level and the preview. */
  sample: string[][];
  /** Columns of numeric dates and the order they are read in (day first, month first, year first). */
  dates?: DateColumn[];
  /** Text columns of numbers the overview converts (currency, percent, accounting, separators). */
  numbers?: NumberColumn[];
  /** The Python expression that loads the file, e.g. `pd.read_csv('sales.csv', sep=';', decimal=',')`. */
  readCsv: string;
  /** Anything odd found while sniffing (ragged rows, mixed types…). */
  warnings: string[];
}

/** What the model may receive about the data. */
export type PrivacyLevel = 'schema' | 'sample' | 'none';

/** A file that cannot be analysed: `message` is one line, for the user. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

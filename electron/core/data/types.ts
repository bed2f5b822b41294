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
  /** Thousands separator, when the sample uses one unambiguously (`1.234,56`, `"1,234"`). */
  thousands?: '.' | ',';
  quotechar: '"' | "'";
  /** False when the first row is data, not column names (names are then generated). */
  header: boolean;
  /** Data rows (header excluded), counted by streaming the whole file. */
  rows: number;
  columns: ColumnProfile[];
  /** The first rows as text (at most 5), for the `sample` privacy level and the preview. */
  sample: string[][];
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

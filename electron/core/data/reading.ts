/**
 * How the file's numbers and dates are read, column by column, from the sample:
 *
 * - read_csv's own `decimal`/`thousands` when every column agrees with them (either convention,
 *   and `1'234.50` or `12 500,00` with ASCII spaces);
 * - columns that read_csv cannot read as numbers (currency, `%`, `(1,234.00)`, `−`, U+00A0 or
 *   U+202F groups, another convention than the file's) are read as text and listed in `numbers`,
 *   for the overview to convert;
 * - columns that read_csv *would* turn into wrong numbers with those arguments (`05.01.2026`,
 *   `192.168.1.1` with `thousands='.'`) are read as text too (`dtype=str`);
 * - date columns get an order (`dates`); day-first ones are parsed by read_csv with
 *   `parse_dates=[…], dayfirst=True` (except in large files, where the overview converts them
 *   with an explicit format, much faster than pandas' per-value parser).
 */
import { inferColumns, numberKind } from './columns';
import type { ColumnsResult, NumberFormat } from './columns';
import { analyseDates } from './dates';
import { analyseNumbers, decimalEvidence, groupedWith, pandasMangles, parseNumber } from './numbers';
import type { NumberAnalysis } from './numbers';
import type { DateColumn, NumberColumn } from '../../model/data/types';

export interface ReadingPlan extends ColumnsResult {
  /** read_csv's decimal and thousands arguments. */
  format: NumberFormat;
  numbers: NumberColumn[];
  dates: DateColumn[];
  /** Columns read as text (`dtype=str`): number columns the overview converts, and columns pandas would mangle. */
  strColumns: string[];
  /** Day-first date columns read_csv parses (`parse_dates=…, dayfirst=True`). */
  parseDates: string[];
}

const SPACE_NAMES: Record<string, string> = {
  ' ': 'spaces',
  '\u00a0': 'no-break spaces',
  '\u202f': 'narrow no-break spaces',
  '\u2009': 'thin spaces',
  '\u2007': 'figure spaces',
  "'": 'apostrophes',
  '’': 'apostrophes',
};

const quoteSep = (c: string) => (c === ' ' ? 'a space' : `"${c}"`);

/** `€ and thousands separators`, `percent signs (12.5% is read as 12.5)`, … */
function describe(a: NumberAnalysis, read: NumberFormat): string {
  const parts: string[] = [];
  if (a.symbols.length) parts.push(a.symbols.slice(0, 3).join(', '));
  if (a.percent) parts.push('percent signs');
  if (a.accounting) parts.push('parentheses for negatives');
  if (a.oddMinus) parts.push('minus signs pandas does not read');
  if (a.thousands) {
    const name = SPACE_NAMES[a.thousands];
    parts.push(name ? `${name} as thousands separators` : 'thousands separators');
  }
  if (a.decimal !== read.decimal) parts.push(`decimal ${a.decimal === ',' ? 'commas' : 'points'}`);
  if (!parts.length) parts.push('number formats read_csv does not read');
  const text =
    parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return a.percent ? `${text}; 12.5% is read as 12.5, not 0.125` : text;
}

/** read_csv's `decimal` and `thousands`: the sniffed ones, or a separator plain columns group with. */
function readFormat(
  cols: string[][],
  sniffed: NumberFormat,
  delimiter: string,
  quotechar: string,
  fileDecimal: '.' | ',',
): NumberFormat {
  let decimal = sniffed.decimal;
  // Plain numbers that show their decimal mark (`1.5`, not the ambiguous `1.000`).
  const plainDecimals = cols.some((values) =>
    values.some(
      (v) =>
        numberKind(v, sniffed) === 'float' && parseNumber(v, sniffed.decimal)?.decimal === sniffed.decimal,
    ),
  );
  if (!plainDecimals && fileDecimal === ',' && delimiter !== ',') decimal = ',';
  if (sniffed.thousands && sniffed.thousands !== decimal) return { decimal, thousands: sniffed.thousands };
  let best: NumberFormat = { decimal, thousands: null };
  let most = 0;
  for (const t of ['.', ',', ' ', "'"] as const) {
    if (t === decimal || t === delimiter || t === quotechar) continue;
    const f: NumberFormat = { decimal, thousands: t };
    const n = cols.filter((values) => groupedWith(values, f)).length;
    if (n > most) [best, most] = [f, n];
  }
  return best;
}

/** Decides, from the sample rows, how each column is read. */
export function planReading(
  names: string[],
  rows: string[][],
  sniffed: NumberFormat,
  file: { delimiter: string; quotechar: string; large: boolean },
): ReadingPlan {
  const cols = names.map((_, c) => rows.map((r) => r[c] ?? ''));
  const fileDecimal = decimalEvidence(rows) ?? sniffed.decimal;
  const format = readFormat(cols, sniffed, file.delimiter, file.quotechar, fileDecimal);

  const numbers: NumberColumn[] = [];
  const str = new Set<string>();
  names.forEach((name, c) => {
    const a = analyseNumbers(cols[c]!, fileDecimal, format);
    if (a.parsed >= 1 && a.parsed >= a.present * 0.6 && (a.decorated > 0 || a.pandasDiffers)) {
      numbers.push({
        column: name,
        readBy: 'overview',
        kind: a.kind,
        ...(a.symbols[0] ? { symbol: a.symbols[0] } : {}),
        symbols: a.symbols,
        percent: a.percent,
        accounting: a.accounting,
        decimal: a.decimal,
        thousands: a.thousands,
        how: describe(a, format),
        sampled: a.parsed,
        unreadable: a.present - a.parsed,
      });
      str.add(name);
    } else if (pandasMangles(cols[c]!, format)) {
      str.add(name);
    }
  });

  const inNumbers = new Set(numbers.map((n) => n.column));
  const converted = new Set(inNumbers);
  const dates = analyseDates(
    names.map((name, c) => ({ name, values: cols[c]! })).filter((c) => !inNumbers.has(c.name)),
    {
      decimalComma: fileDecimal === ',',
      currencies: numbers.flatMap((n) => n.symbols),
    },
  );
  const parseDates = file.large ? [] : dates.filter((d) => d.order === 'dmy').map((d) => d.column);

  const inferred = inferColumns(names, rows, format, converted);
  // What read_csv gives: text for the columns read as text.
  for (const col of inferred.columns) {
    if (str.has(col.name) && (col.type === 'integer' || col.type === 'float')) col.type = 'text';
  }
  // Numbers read_csv reads thanks to its decimal/thousands arguments are recorded too.
  inferred.columns.forEach((col, c) => {
    if (col.type !== 'integer' && col.type !== 'float') return;
    const values = cols[c]!;
    const grouped = format.thousands !== null && values.some((v) => v.includes(format.thousands!));
    const comma = format.decimal === ',' && values.some((v) => v.includes(','));
    if (!grouped && !comma) return;
    const a = analyseNumbers(values, format.decimal, format);
    numbers.push({
      column: col.name,
      readBy: 'read_csv',
      kind: 'thousands',
      symbols: [],
      percent: false,
      accounting: false,
      decimal: format.decimal,
      thousands: grouped ? format.thousands : null,
      how: `${grouped ? `${quoteSep(format.thousands!)} for thousands and ` : ''}${quoteSep(format.decimal)} for decimals`,
      sampled: a.parsed,
      unreadable: a.present - a.parsed,
    });
  });
  numbers.sort((x, y) => names.indexOf(x.column) - names.indexOf(y.column));
  return {
    ...inferred,
    format,
    numbers,
    dates,
    // parse_dates keeps its columns away from the number parser; with dtype=str too, pandas 2
    // would turn the parsed dates back into text.
    strColumns: names.filter((n) => str.has(n) && !parseDates.includes(n)),
    parseDates,
  };
}

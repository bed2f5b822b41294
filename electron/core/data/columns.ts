/**
 * What the values in a sample look like: per-cell kinds (number, date, …), per-column types,
 * missing values as pandas sees them, header detection, and pandas' column names.
 */
import { isMissing } from '../../model/data/missing';
import type { ColumnProfile, ColumnType } from '../../model/data/types';

export interface NumberFormat {
  decimal: '.' | ',';
  thousands: '.' | ',' | ' ' | "'" | null;
}

export type CellKind = 'missing' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'string';

/** A Python string literal for `s`, as `repr()` writes it (safe for quotes, backslashes, newlines). */
export function pyStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const named: Record<string, string> = {
    '\\': '\\\\',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    [q]: '\\' + q,
  };
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (named[ch]) out += named[ch];
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      const hex = cp.toString(16).padStart(cp < 0x100 ? 2 : cp < 0x10000 ? 4 : 8, '0');
      out += (cp < 0x100 ? '\\x' : cp < 0x10000 ? '\\u' : '\\U') + hex;
    } else out += ch;
  }
  return q + out + q;
}

/** Cut to `max` characters (code points), the last one being `…`. */
export function cut(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

const MON = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';
const ORD = '(?:st|nd|rd|th)?';
const DATE = [
  '\\d{4}-\\d{1,2}-\\d{1,2}',
  '\\d{4}/\\d{1,2}/\\d{1,2}',
  '\\d{4}\\.\\d{1,2}\\.\\d{1,2}',
  '\\d{1,2}/\\d{1,2}/(?:\\d{4}|\\d{2})',
  '\\d{1,2}-\\d{1,2}-\\d{4}',
  '\\d{1,2}\\.\\d{1,2}\\.\\d{4}',
  `${DAY}${MON}\\s+\\d{1,2}${ORD},?\\s+\\d{4}`,
  `${DAY}\\d{1,2}${ORD}[\\s-]+${MON}[\\s,-]+\\d{4}`,
  `\\d{1,2}-${MON}-\\d{2}`,
  `${MON}[\\s-]+\\d{4}`,
].join('|');
const TIME = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s?[ap]\\.?m\\.?)?';
const TZ = '(?:\\s?(?:z|utc|gmt|[+-]\\d{2}(?::?\\d{2})?))?';
const DATE_RE = new RegExp(`^(?:${DATE})$`, 'i');
const DATETIME_RE = new RegExp(`^(?:${DATE})(?:t|\\s+|\\s*,\\s*)${TIME}${TZ}$`, 'i');
const BOOL_RE = /^(?:true|false|yes|no)$/i;
const INT_RE = /^[+-]?\d+$/;
const INF_RE = /^[+-]?inf(?:inity)?$/i;
const INT64_MAX = 9223372036854775807n;

/** Numbers written year-first or day/month-first must have a plausible month and day. */
function plausibleDate(s: string): boolean {
  const ymd = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(s);
  if (ymd) return +ymd[2]! >= 1 && +ymd[2]! <= 12 && +ymd[3]! >= 1 && +ymd[3]! <= 31;
  const dmy = /^(\d{1,2})\D(\d{1,2})\D\d{2}/.exec(s);
  if (dmy) {
    const a = +dmy[1]!;
    const b = +dmy[2]!;
    return a >= 1 && b >= 1 && a <= 31 && b <= 31 && Math.min(a, b) <= 12;
  }
  return true;
}

const formats = new Map<string, { float: RegExp; grouped: RegExp | null }>();
function numberRes(f: NumberFormat): { float: RegExp; grouped: RegExp | null } {
  const key = f.decimal + (f.thousands ?? '');
  let res = formats.get(key);
  if (!res) {
    const d = f.decimal === ',' ? ',' : '\\.';
    const t = f.thousands === '.' ? '\\.' : (f.thousands ?? '');
    res = {
      float: new RegExp(`^[+-]?(?:\\d+(?:${d}\\d*)?|${d}\\d+)(?:[eE][+-]?\\d+)?$`),
      grouped: f.thousands ? new RegExp(`^[+-]?\\d{1,3}(?:${t}\\d{3})+(?:${d}\\d*)?$`) : null,
    };
    formats.set(key, res);
  }
  return res;
}

/** How pandas would read one number (it ignores surrounding spaces), or null if it is not one. */
export function numberKind(value: string, f: NumberFormat): 'integer' | 'float' | null {
  const s = value.trim();
  if (INT_RE.test(s)) {
    const big = BigInt(s);
    return big <= INT64_MAX && big >= -INT64_MAX - 1n ? 'integer' : null;
  }
  const res = numberRes(f);
  if (res.float.test(s) || INF_RE.test(s)) return 'float';
  if (res.grouped?.test(s)) return s.includes(f.decimal) ? 'float' : 'integer';
  return null;
}

export function cellKind(value: string, f: NumberFormat): CellKind {
  if (isMissing(value)) return 'missing';
  const num = numberKind(value, f);
  if (num) return num;
  const s = value.trim();
  if (BOOL_RE.test(s)) return 'boolean';
  if (s.length >= 6 && s.length <= 40 && /\d/.test(s)) {
    if (DATE_RE.test(s)) return plausibleDate(s) ? 'date' : 'string';
    if (DATETIME_RE.test(s)) return plausibleDate(s) ? 'datetime' : 'string';
  }
  return 'string';
}

/** The type shared by a set of (non-missing) kinds; `string` when they do not agree. */
function commonKind(kinds: Set<CellKind>): Exclude<ColumnType, 'category' | 'text'> | 'string' {
  const all = (...allowed: CellKind[]) => [...kinds].every((k) => allowed.includes(k));
  if (kinds.size === 0) return 'empty';
  if (all('integer')) return 'integer';
  if (all('integer', 'float')) return 'float';
  if (all('boolean')) return 'boolean';
  if (all('date')) return 'date';
  if (all('date', 'datetime')) return 'datetime';
  return 'string';
}

const TYPED: ReadonlySet<CellKind> = new Set(['integer', 'float', 'date', 'datetime']);

/**
 * Does the first record name the columns? No when it is all numbers/dates; yes when a name sits
 * on top of a typed column (numbers, dates, booleans); otherwise the cells vote: a first-row kind
 * that also occurs below is a vote for data, one that never does (e.g. `2019` over decimals)
 * for a header, a text cell repeated below for data. All-text files default to a header when
 * the first row's cells are distinct and non-empty, as pandas assumes.
 */
export function looksLikeHeader(records: string[][], f: NumberFormat): boolean {
  const first = records[0] ?? [];
  const rest = records.slice(1, 201);
  const firstKinds = first.map((v) => cellKind(v, f));
  const filled = firstKinds.filter((k) => k !== 'missing');
  if (filled.length > 0 && filled.every((k) => TYPED.has(k))) return false;
  let votes = 0;
  for (let c = 0; c < first.length; c++) {
    const h = firstKinds[c]!;
    if (h === 'missing') continue;
    const below = rest.map((r) => r[c] ?? '').filter((v) => !isMissing(v));
    if (below.length === 0) continue;
    const kinds = new Set(below.map((v) => cellKind(v, f)));
    const col = commonKind(kinds);
    if (col !== 'string' && col !== 'empty') {
      if (h === 'string') return true;
      votes += kinds.has(h) ? -1 : 1;
    } else if (TYPED.has(h)) {
      votes -= 1;
    } else if (below.includes(first[c]!)) {
      votes -= 1;
    }
  }
  if (votes !== 0) return votes > 0;
  const names = first.filter((v) => v.trim() !== '');
  return names.length === first.length && new Set(names).size === names.length;
}

/** Column names as pandas makes them from a header row: `Unnamed: i` for blanks, `x.1` for repeats. */
export function pandasNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set<string>();
  return header.map((raw, i) => {
    let name = raw === '' ? `Unnamed: ${i}` : raw;
    const base = name;
    let n = seen.get(base) ?? 0;
    while (used.has(name)) name = `${base}.${++n}`;
    seen.set(base, n);
    used.add(name);
    return name;
  });
}

export function generatedNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column_${i + 1}`);
}

export interface ColumnsResult {
  columns: ColumnProfile[];
  warnings: string[];
}

/**
 * Types, missing counts, distinct counts and examples of each column over the sample rows
 * (`converted`: columns the overview turns into numbers, so no "read as text" warning for them).
 */
export function inferColumns(
  names: string[],
  rows: string[][],
  f: NumberFormat,
  converted: ReadonlySet<string> = new Set(),
): ColumnsResult {
  const warnings: string[] = [];
  const columns = names.map((name, c): ColumnProfile => {
    const values = rows.map((r) => r[c] ?? '');
    const present = values.filter((v) => !isMissing(v));
    const counts = new Map<CellKind, number>();
    for (const v of present) {
      const k = cellKind(v, f);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const distinctValues = new Set(present);
    const common = commonKind(new Set(counts.keys()));
    let type: ColumnType;
    if (common !== 'string') {
      type = common;
    } else {
      const longest = present.reduce((n, v) => Math.max(n, v.length), 0);
      const d = distinctValues.size;
      type = d <= 50 && d <= present.length / 2 && longest <= 100 ? 'category' : 'text';
      const numeric = (counts.get('integer') ?? 0) + (counts.get('float') ?? 0);
      if (numeric >= present.length * 0.8 && !converted.has(name)) {
        const other = present.length - numeric;
        warnings.push(
          `column ${pyStr(name)}: ${other} of ${present.length} sampled values are not numbers, so pandas reads it as text`,
        );
      }
    }
    return {
      name,
      type,
      missing: values.length - present.length,
      distinct: distinctValues.size,
      examples: [...distinctValues].slice(0, 3).map((v) => cut(v)),
    };
  });
  return { columns, warnings };
}

/** Decimal comma (`;` or tab files with `3,5`, `1.234,56`) and an unambiguous thousands separator. */
export function numberFormat(records: string[][], delimiter: string): NumberFormat {
  let commaDec = 0;
  let dotDec = 0;
  let dotGrouped = 0;
  let commaGrouped = 0;
  let badCommas = 0;
  let dottedDates = 0;
  for (const r of records) {
    for (const raw of r) {
      const v = raw.trim();
      if (!/^[+-]?[\d.,]*\d$/.test(v)) continue;
      if (/^[+-]?\d+,\d+$/.test(v) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(v)) commaDec++;
      if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(v)) dotGrouped++;
      else if (/^[+-]?\d*\.\d+$/.test(v)) dotDec++;
      if (/^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(v)) dottedDates++;
      if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) commaGrouped++;
      else if (v.includes(',')) badCommas++;
    }
  }
  if (delimiter !== ',' && commaDec > 0 && commaDec >= dotDec) {
    return { decimal: ',', thousands: dotGrouped > 0 && dotDec === 0 && dottedDates === 0 ? '.' : null };
  }
  return { decimal: '.', thousands: commaGrouped > 0 && badCommas === 0 ? ',' : null };
}

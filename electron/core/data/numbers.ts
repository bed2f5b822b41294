/**
 * Numbers written for people rather than for pandas: currency symbols and codes (`$1,234.50`,
 * `12.500,00 €`, `CHF 1'234.50`), percent signs (`12.5%`), accounting negatives (`(1,234.00)`),
 * minus signs other than `-` (`−12`, a trailing `12-`) and thousands separators of either
 * convention, including spaces (U+00A0, U+202F). `parseNumber` reads one value; the overview's
 * Python (`convert.ts`) applies the very same rules, with the same regular expressions.
 *
 * Separators: when a value has two kinds, the last one is the decimal mark (`1.234,5`); one kind
 * used several times groups thousands (`1.234.567`); a single `.` or `,` followed by other than
 * exactly 3 digits is the decimal mark (`12,5`, `0.125`). Only `1,234`-like values are ambiguous:
 * they follow the column's convention (its other values, else the file's).
 */
import { numberKind } from './columns';
import { isMissing } from '../../model/data/missing';
import type { NumberFormat } from './columns';

/** Characters that group thousands inside one number (each value uses one of them). */
const GROUP = ".,'’ \\u00a0\\u2007\\u2009\\u202f";
/** Blanks allowed between a number and its sign, symbol or `%`. */
export const BLANK = '[ \\t\\u00a0\\u2007\\u2009\\u202f]*';

const CODES = [
  'USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CNY', 'RMB', 'AUD', 'CAD', 'NZD', 'SEK', 'NOK', 'DKK', 'ISK',
  'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'HRK', 'RSD', 'RUB', 'UAH', 'TRY', 'INR', 'PKR', 'BRL', 'MXN',
  'ARS', 'CLP', 'COP', 'PEN', 'ZAR', 'SGD', 'HKD', 'KRW', 'TWD', 'THB', 'IDR', 'MYR', 'PHP', 'VND',
  'ILS', 'AED', 'SAR', 'QAR', 'KWD', 'EGP', 'NGN', 'KES', 'MAD',
]; // prettier-ignore

/** A currency symbol or ISO code, as one regular expression (JavaScript and Python read it alike). */
export const CURRENCY =
  '(?:[A-Z]{0,3}\\$|[€£¥₹₽₩₺₪₫฿₴₦₱¢₡₲₵₸₼₾円元]|(?:' +
  CODES.join('|') +
  ')(?![A-Za-z])|kr\\.?|Kč|zł|Ft|Fr\\.|lei|Rs\\.?|RM|Rp|TL)';

/** Patterns shared with the Python side (see convert.ts): each is used in both languages. */
export const NUMBER_PATTERNS = {
  prefix: `^(?:(${CURRENCY})|([-−–])|(\\+))${BLANK}`,
  suffix: `${BLANK}(?:(${CURRENCY})|(%)|([-−]))$`,
  core: `^(?:[0-9](?:[0-9${GROUP}]*[0-9])?|[.,][0-9]+)$`,
  trim: `^${BLANK}|${BLANK}$`,
} as const;

const PREFIX = new RegExp(NUMBER_PATTERNS.prefix);
const SUFFIX = new RegExp(NUMBER_PATTERNS.suffix);
const CORE = new RegExp(NUMBER_PATTERNS.core);
const TRIM = new RegExp(NUMBER_PATTERNS.trim, 'g');

export interface ParsedNumber {
  value: number;
  currency: string | null;
  percent: boolean;
  /** Written in parentheses: `(1,234.00)`. */
  accounting: boolean;
  /** A minus sign pandas does not read: `−` (U+2212), `–`, or a trailing `-`. */
  oddMinus: boolean;
  /** The decimal mark when the value itself shows it (`1.234,5`, `12,5`), else null. */
  decimal: '.' | ',' | null;
  /** The thousands separator used, if any. */
  thousands: string | null;
}

/** Thousands groups: 1–3 digits then groups of 3 (or the Indian 12,34,567). */
function validGroups(int: string, sep: string): boolean {
  const parts = int.split(sep);
  if (parts.length === 1) return true;
  const [first, ...rest] = parts as [string, ...string[]];
  if (first.length >= 1 && first.length <= 3 && rest.every((p) => p.length === 3)) return true;
  const last = rest.pop() ?? '';
  return first.length >= 1 && first.length <= 2 && last.length === 3 && rest.every((p) => p.length === 2);
}

/**
 * One value as a number, or null when it is not one. `decimal` settles `1,234`-like values
 * (a single `.` or `,` before exactly 3 digits). Percent values keep their figure: `12.5%` → 12.5.
 */
export function parseNumber(raw: string, decimal: '.' | ','): ParsedNumber | null {
  let s = raw.replace(TRIM, '');
  if (!s) return null;
  let accounting = false;
  let neg = false;
  let signs = 0;
  let oddMinus = false;
  let percent = false;
  let currency: string | null = null;
  for (let i = 0; i < 8 && s; i++) {
    if (!accounting && s.length > 2 && s.startsWith('(') && s.endsWith(')')) {
      accounting = true;
      neg = true;
      signs++;
      s = s.slice(1, -1).replace(TRIM, '');
      continue;
    }
    const p = PREFIX.exec(s);
    if (p) {
      if (p[1] !== undefined) {
        if (currency !== null) return null;
        currency = p[1];
      } else {
        signs++;
        neg = p[2] !== undefined;
        oddMinus ||= p[2] !== undefined && p[2] !== '-';
      }
      s = s.slice(p[0].length);
      continue;
    }
    const q = SUFFIX.exec(s);
    if (!q) break;
    if (q[1] !== undefined) {
      if (currency !== null) return null;
      currency = q[1];
    } else if (q[2] !== undefined) {
      if (percent) return null;
      percent = true;
    } else {
      signs++;
      neg = true;
      oddMinus = true;
    }
    s = s.slice(0, q.index);
  }
  if (signs > 1 || !CORE.test(s)) return null;

  const seps = [...s].filter((c) => c < '0' || c > '9');
  const kinds = [...new Set(seps)];
  let int = s;
  let frac = '';
  let dec: '.' | ',' | null = null;
  let thousands: string | null = null;
  if (kinds.length > 2) return null;
  if (kinds.length === 2) {
    const last = seps[seps.length - 1]!;
    if ((last !== '.' && last !== ',') || seps.indexOf(last) !== seps.length - 1) return null;
    const at = s.lastIndexOf(last);
    [int, frac, dec] = [s.slice(0, at), s.slice(at + 1), last];
    thousands = kinds.find((k) => k !== last)!;
  } else if (kinds.length === 1) {
    const c = kinds[0]!;
    const at = s.indexOf(c);
    const [before, after] = [s.slice(0, at), s.slice(at + 1)];
    if ((c === '.' || c === ',') && seps.length === 1) {
      const ambiguous = after.length === 3 && before.length >= 1 && before.length <= 3 && before !== '0';
      if (!ambiguous) dec = c;
      if (ambiguous ? c === decimal : true) [int, frac] = [before, after];
      else thousands = c;
    } else {
      thousands = c;
    }
  }
  if (thousands !== null && !validGroups(int, thousands)) return null;
  const digits = thousands === null ? int : int.split(thousands).join('');
  const value = Number(`${neg ? '-' : ''}${digits || '0'}${frac ? `.${frac}` : ''}`);
  if (!Number.isFinite(value)) return null;
  return { value, currency, percent, accounting, oddMinus, decimal: dec, thousands };
}

/** How pandas' C parser reads a field with `decimal`/`thousands` (it drops a thousands mark after any digit). */
export function pandasNumber(raw: string, f: NumberFormat): number | null {
  const s = raw.trim();
  const t = f.thousands;
  if (t && (s.startsWith(t) || s.includes(t + t))) return null;
  const body = t ? s.split(t).join('') : s;
  if (!/^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(body)) return null;
  if (/[.,]/.test(body) && !body.includes(f.decimal)) return null;
  return Number(body.replace(f.decimal, '.'));
}

export type NumberKind = 'currency' | 'percent' | 'accounting' | 'thousands';

export interface NumberAnalysis {
  /** Non-missing sampled values. */
  present: number;
  /** Values read by `parseNumber`. */
  parsed: number;
  /** Values that need more than pandas' read_csv (symbols, signs, other separators). */
  decorated: number;
  decimal: '.' | ',';
  thousands: string | null;
  symbols: string[];
  percent: boolean;
  accounting: boolean;
  /** Some value has a minus sign pandas does not read (`−12`, `12-`). */
  oddMinus: boolean;
  kind: NumberKind;
  /** Some value is read differently by pandas with the file's read_csv arguments. */
  pandasDiffers: boolean;
}

const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k);

/** What a column's values look like as numbers, and whether read_csv (with `read`) gets them right. */
export function analyseNumbers(values: string[], fileDecimal: '.' | ',', read: NumberFormat): NumberAnalysis {
  const present = values.filter((v) => !isMissing(v));
  const votes = { '.': 0, ',': 0 };
  for (const v of present) {
    const d = parseNumber(v, fileDecimal)?.decimal;
    if (d) votes[d]++;
  }
  const decimal = votes['.'] === votes[','] ? fileDecimal : votes['.'] > votes[','] ? '.' : ',';
  const symbols = new Map<string, number>();
  const groups = new Map<string, number>();
  let parsed = 0;
  let decorated = 0;
  let percent = false;
  let accounting = false;
  let oddMinus = false;
  let pandasDiffers = false;
  for (const v of present) {
    const n = parseNumber(v, decimal);
    const p = pandasNumber(v, read);
    if (!n) continue;
    parsed++;
    if (n.currency) symbols.set(n.currency, (symbols.get(n.currency) ?? 0) + 1);
    if (n.thousands) groups.set(n.thousands, (groups.get(n.thousands) ?? 0) + 1);
    percent ||= n.percent;
    accounting ||= n.accounting;
    oddMinus ||= n.oddMinus;
    if (p === null) decorated++;
    else if (p !== n.value) pandasDiffers = true;
  }
  const kind: NumberKind = symbols.size
    ? 'currency'
    : percent
      ? 'percent'
      : accounting
        ? 'accounting'
        : 'thousands';
  return {
    present: present.length,
    parsed,
    decorated,
    decimal,
    thousands: byCount(groups)[0] ?? null,
    symbols: byCount(symbols),
    percent,
    accounting,
    oddMinus,
    kind,
    pandasDiffers,
  };
}

/** The decimal mark the file's values show themselves (`12,5`, `1.234,56`, `$1,234.50`), or null. */
export function decimalEvidence(records: string[][]): '.' | ',' | null {
  const votes = { '.': 0, ',': 0 };
  for (const r of records)
    for (const v of r) {
      const d = v.length < 40 && /[0-9]/.test(v) ? parseNumber(v, '.')?.decimal : null;
      if (d) votes[d]++;
    }
  if (votes['.'] === votes[',']) return null;
  return votes['.'] > votes[','] ? '.' : ',';
}

/**
 * pandas would read the column as numbers (every value parses with these arguments) although
 * some value is not a well-formed number there: `05.01.2026`, `192.168.1.1` or `1.5` with
 * `thousands='.'` lose their dots. Such columns are read as text (`dtype=str`).
 */
export function pandasMangles(values: string[], read: NumberFormat): boolean {
  const present = values.filter((v) => !isMissing(v));
  return (
    present.length > 0 &&
    present.every((v) => pandasNumber(v, read) !== null) &&
    present.some((v) => numberKind(v, read) === null)
  );
}

/** Plain grouped numbers in a column, for a candidate thousands separator read_csv could take. */
export function groupedWith(values: string[], f: NumberFormat): boolean {
  const present = values.filter((v) => !isMissing(v));
  const t = f.thousands;
  return (
    t !== null &&
    present.length > 0 &&
    present.some((v) => v.includes(t)) &&
    present.every((v) => numberKind(v, f) !== null)
  );
}

/** Records with decorated numbers (`$1,234.50`, `12,5 %`) shown as plain ones, to judge the header. */
export function headerView(records: string[][], f: NumberFormat): string[][] {
  const plain = (v: string) =>
    v.length < 40 &&
    /[0-9]/.test(v) &&
    !isMissing(v) &&
    numberKind(v, f) === null &&
    parseNumber(v, f.decimal)
      ? '0'
      : v;
  return records.map((r) => r.map(plain));
}

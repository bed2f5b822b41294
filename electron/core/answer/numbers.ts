/**
 * How numbers are written: a run of digits and separators ("12,500.00", "12.500,00", "31 800",
 * "1'234", ".82") read every way it can be, with the precision it shows. Shared by the claim
 * extractor (answers) and the output tokenizer (sources). Pure.
 */

/** A number as written, unsigned: its value and the step of its last shown digit. */
export interface Reading {
  value: number;
  /** 1 for "26,700", 0.1 for "31.8", 0.01 for "12.500,00", 100 for "2.121352e+08". */
  step: number;
  /** The decimal mark it was read with ('' for a whole number). */
  decimal: '' | '.' | ',';
  /** The thousands separator it was read with ('' for none). */
  thousands: string;
  /** Written in scientific notation. */
  sci: boolean;
}

export type Convention = 'dot' | 'comma';

/**
 * A numeric run and its exponent: digits with separators between them, or ".5"; then
 * `e±N`. The caller looks at what comes before and after.
 */
export const NUMBER_RUN = /(\d[\d,.'\u2019\u00a0\u202f\u2009]*\d|\d|\.\d+)(?:[eE]([+-]?\d{1,3}))?/g;

const pow10 = (n: number) => Number(`1e${n}`);

function plain(int: string, frac: string, decimal: '' | '.' | ',', thousands: string): Reading {
  const value = Number(`${int || '0'}${frac ? `.${frac}` : ''}`);
  return { value, step: frac ? pow10(-frac.length) : 1, decimal, thousands, sci: false };
}

/** Valid thousands groups: the first 1–3 digits (no leading zero), the others exactly 3. */
function grouped(groups: string[]): boolean {
  const [first, ...rest] = groups;
  if (!first || first.length > 3 || (first.length > 1 && first.startsWith('0')) || first === '0')
    return false;
  return rest.length > 0 && rest.every((g) => g.length === 3);
}

/**
 * Every reading of `run` (no sign, no exponent): "31,800" → 31800 (thousands) and 31.8
 * (decimal comma); "12,5" → 12.5; "1,234,567" → 1234567; "1.2.3" → none (a version, not a
 * number). An empty list means the run is not one number.
 */
export function readingsOf(run: string): Reading[] {
  if (run.startsWith('.')) return [plain('0', run.slice(1), '.', '')];
  const groups = run.split(/[,.'\u2019\u00a0\u202f\u2009]/);
  const seps = [...run.replace(/\d/g, '')];
  if (seps.length === 0) return [plain(run, '', '', '')];
  const kinds = [...new Set(seps)];
  if (kinds.length === 1) {
    const s = kinds[0]!;
    const mark = s === ',' || s === '.' ? s : null;
    if (seps.length === 1) {
      const [a = '', b = ''] = groups;
      const out: Reading[] = [];
      if (grouped(groups)) out.push(plain(a + b, '', '', s));
      if (mark) out.push(plain(a, b, mark, ''));
      return out;
    }
    return grouped(groups) ? [plain(groups.join(''), '', '', s)] : [];
  }
  if (kinds.length === 2) {
    // thousands separators, then one decimal mark: "1,234.56", "1.234,56", "1 234,56", "1'234.5"
    const mark = seps[seps.length - 1]!;
    const sep = seps[0]!;
    if ((mark !== ',' && mark !== '.') || seps.slice(0, -1).some((c) => c !== sep)) return [];
    const frac = groups[groups.length - 1]!;
    const ints = groups.slice(0, -1);
    return grouped(ints) ? [plain(ints.join(''), frac, mark, sep)] : [];
  }
  return [];
}

/** With an exponent ("2.121352e+08"): only a plain decimal takes one; the step scales with it. */
export function withExponent(r: Reading, exp: number): Reading | null {
  if (r.thousands) return null;
  return { ...r, value: r.value * pow10(exp), step: r.step * pow10(exp), sci: true };
}

/** What a reading says about the writer's convention (null when it says nothing). */
export function conventionOf(r: Reading): Convention | null {
  if (r.decimal === '.' || r.thousands === ',') return 'dot';
  if (r.decimal === ',' || r.thousands === '.') return 'comma';
  return null;
}

/** The reading a writer with `convention` meant ("1,234" is 1234 in 'dot', 1.234 in 'comma'). */
export function readAs(readings: Reading[], convention: Convention): Reading | null {
  if (readings.length <= 1) return readings[0] ?? null;
  return readings.find((r) => conventionOf(r) === convention) ?? readings[0]!;
}

/** Scale words and suffixes: k, M, bn, million… (lower-case m and b only after a currency). */
export const SCALES: Record<string, number> = {
  k: 1e3,
  K: 1e3,
  thousand: 1e3,
  thousands: 1e3,
  M: 1e6,
  MM: 1e6,
  mn: 1e6,
  Mn: 1e6,
  mio: 1e6,
  million: 1e6,
  millions: 1e6,
  B: 1e9,
  bn: 1e9,
  Bn: 1e9,
  billion: 1e9,
  billions: 1e9,
  tn: 1e12,
  trillion: 1e12,
  trillions: 1e12,
};

/** Glued after the digits ("31.8k", "$1.2bn"); the long words may also follow a space. */
export const SCALE_GLUED = /^(MM|Mn|mn|bn|Bn|tn|mio|k|K|M|B|m|b)(?![\p{L}\p{N}_])/u;
export const SCALE_WORD =
  /^[ \u00a0](thousands?|millions?|billions?|trillions?|bn|mn|mio|tn)(?![\p{L}\p{N}_])/u;

/** Currency symbols and ISO codes, before or after a number. */
export const CURRENCY_BEFORE =
  /(?:US\$|A\$|C\$|HK\$|NZ\$|R\$|[$€£¥₹₩₽₺₪₦]|\b(?:USD|EUR|GBP|CHF|JPY|CNY|INR|CAD|AUD|NZD|SEK|NOK|DKK|PLN|BRL|MXN|ZAR|RUB|TRY)[ \u00a0]?)[ \u00a0]?$/;
export const CURRENCY_AFTER =
  /^[ \u00a0]?(?:[$€£¥₹₩₽₺₪₦]|(?:USD|EUR|GBP|CHF|JPY|CNY|INR|CAD|AUD|NZD|SEK|NOK|DKK|PLN|BRL|MXN|ZAR|RUB|TRY|kr)(?![\p{L}\p{N}_]))/u;

/** A percent sign or word right after the number (a space before "%" is French style). */
export const PERCENT_AFTER =
  /^(?:[ \u00a0\u202f]?[%٪]|pp(?![\p{L}\p{N}_])|[ \u00a0](?:percent|per cent|pct|percentage points?|pp|p\.p\.)(?![\p{L}\p{N}_]))/u;

const SUPERSCRIPT: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};

/** "× 10^8", "x10⁸", "·10^-3" right after a mantissa: the exponent and how long the text is. */
export function timesTen(after: string): { exp: number; length: number } | null {
  const m = /^[ \u00a0]?[×x·*][ \u00a0]?10(?:\^\(?([+\-−]?\d{1,3})\)?|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))/.exec(after);
  if (!m) return null;
  const raw = m[1] ?? [...m[2]!].map((c) => SUPERSCRIPT[c]).join('');
  return { exp: Number(raw.replace('−', '-')), length: m[0].length };
}

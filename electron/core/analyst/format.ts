/**
 * Text for the analyst's Markdown: numbers, and untrusted names and values made inert. Data
 * never starts a line, never contains a line break or a backtick run that could open a code
 * fence (the executor runs fenced and indented code blocks), and never turns into links or HTML.
 */

// C0/C1 controls, DEL, and Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function flatten(value: unknown, max: number): string {
  const text = (typeof value === 'string' ? value : String(value))
    .replace(CONTROLS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** A data value as inline Markdown text (escaped), on one line, at most `max` characters. */
export function mdText(value: unknown, max = 80): string {
  const text = flatten(value, max);
  if (text === '') return '(empty)';
  const escaped = text.replace(/[\\`*_{}[\]<>#|~&!$]/g, '\\$&');
  // Nothing that could start a list item or a heading if it ever began a line.
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A name as an inline code span (literal, any backticks inside handled), at most `max` characters. */
export function mdCode(value: unknown, max = 60): string {
  const text = flatten(value, max);
  if (text === '') return '(empty name)';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A list of code-span names: "`a`, `b` and `c`". */
export function mdNames(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).map((n) => mdCode(n));
  if (names.length > max) shown.push(`${names.length - max} more`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Thousands separators and at most 2 decimals: 73300 → "73,300", 12216.666 → "12,216.67". */
export function fmtNum(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value !== 0 && Math.abs(value) < 0.005) return value > 0 ? '< 0.01' : '> -0.01';
  const fixed = Math.abs(value).toFixed(2);
  if (fixed.includes('e')) return value < 0 ? `-${fixed}` : fixed; // beyond 1e21
  const [int = '0', frac = ''] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = frac.replace(/0+$/, '');
  const sign = value < 0 && (int !== '0' || decimals !== '') ? '-' : '';
  return `${sign}${grouped}${decimals ? `.${decimals}` : ''}`;
}

/** A percentage with one decimal: 12.345 → "12.3%". */
export function fmtPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${Number(value.toFixed(1))}%`;
}

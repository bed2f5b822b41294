/**
 * Numbers for people: thousands separators, a precision that suits the value, and scientific
 * notation only when a value needs it (tiny or astronomically large). Pure and Node-free; the
 * renderer (answer card, charts, data table) and the reports use the same rules.
 */

/** Scientific notation below this magnitude (non-zero) … */
const TINY = 1e-4;
/** … and from this one up. */
const HUGE = 1e15;

export interface NumberStyle {
  /** Most digits after the decimal point (default: 2, more for values below 1). */
  maxDecimals?: number;
  /** Thousands separators (default true). */
  grouping?: boolean;
}

function decimalsFor(abs: number, max: number | undefined): number {
  if (max !== undefined) return max;
  if (abs >= 100) return abs >= 1e6 ? 0 : 2;
  if (abs >= 1) return 2;
  // three significant digits for small fractions: 0.0123, 0.456
  return Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(abs))));
}

/** 212135200 → "212,135,200"; 0.123456 → "0.123"; 1234.5 → "1,234.5"; 3e-9 → "3e-9". */
export function formatNumber(value: number, style: NumberStyle = {}): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < TINY || abs >= HUGE)) {
    const [mantissa, exp] = value.toExponential(2).split('e');
    return `${String(Number(mantissa))}e${Number(exp)}`;
  }
  const digits = decimalsFor(abs, style.maxDecimals);
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
    useGrouping: style.grouping ?? true,
  });
}

/** Whole numbers compactly for axis ticks and key figures: 12,500 → "12.5k", 3,200,000 → "3.2M". */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return formatNumber(value);
  const abs = Math.abs(value);
  // [from, divisor, suffix]: thousands only from 10,000 (1,250 stays as it is)
  const units: [number, number, string][] = [
    [1e12, 1e12, 'T'],
    [1e9, 1e9, 'bn'],
    [1e6, 1e6, 'M'],
    [1e4, 1e3, 'k'],
  ];
  for (const [from, size, suffix] of units) {
    if (abs >= from)
      return `${formatNumber(value / size, { maxDecimals: abs / size >= 100 ? 0 : 1 })}${suffix}`;
  }
  return formatNumber(value);
}

/**
 * "Nice" axis ticks: round steps of 1, 2, 2.5 or 5 × 10ⁿ covering [min, max] with about `count`
 * ticks (3800, 7300, 10800 become 4,000, 8,000, 12,000, 16,000).
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9 && ticks.length < 50; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  if ((ticks[ticks.length - 1] ?? -Infinity) < max)
    ticks.push(Number((start + ticks.length * step).toPrecision(12)));
  return ticks;
}

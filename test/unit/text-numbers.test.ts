// Numbers for people: separators, precision by magnitude, scientific notation only when needed,
// compact figures, and nice axis ticks.
import { describe, expect, it } from 'vitest';
import { formatCompact, formatNumber, niceTicks } from '../../electron/model/text/numbers';

describe('formatNumber', () => {
  it.each([
    [212135200, '212,135,200'],
    [2.121352e8, '212,135,200'],
    [1234.5, '1,234.5'],
    [1234.567, '1,234.57'],
    [-45.678, '-45.68'],
    [12, '12'],
    [0, '0'],
    [0.5, '0.5'],
    [0.123456, '0.123'],
    [0.00012, '0.00012'],
    [3e-9, '3e-9'],
    [1e16, '1e16'],
    [2.5e6 + 0.4, '2,500,000'],
  ])('%s → %s', (value, text) => expect(formatNumber(value)).toBe(text));

  it('says what is not a number', () => {
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });

  it('follows a requested precision and can drop grouping', () => {
    expect(formatNumber(1234.5678, { maxDecimals: 1 })).toBe('1,234.6');
    expect(formatNumber(1234.5, { grouping: false })).toBe('1234.5');
  });
});

describe('formatCompact', () => {
  it.each([
    [999, '999'],
    [1250, '1,250'],
    [12500, '12.5k'],
    [150000, '150k'],
    [3200000, '3.2M'],
    [1.5e9, '1.5bn'],
    [-48000, '-48k'],
  ])('%s → %s', (value, text) => expect(formatCompact(value)).toBe(text));
});

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    const ticks = niceTicks(3800, 16800);
    expect(ticks[0]).toBeLessThanOrEqual(3800);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(16800);
    const steps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]!));
    expect(steps.size).toBe(1);
    const step = [...steps][0]!;
    expect(step / 10 ** Math.floor(Math.log10(step))).toSatisfy((m: number) => [1, 2, 2.5, 5].includes(m));
  });

  it('works for fractions, negatives and a single value', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(-3, 97)).toEqual([-25, 0, 25, 50, 75, 100]);
    const flat = niceTicks(5, 5);
    expect(flat[0]).toBeLessThan(5);
    expect(flat[flat.length - 1]).toBeGreaterThan(5);
    expect(niceTicks(Number.NaN, 3)).toEqual([]);
  });
});

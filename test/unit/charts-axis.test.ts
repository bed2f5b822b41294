// Axis ticks and tick labels for people (electron/model/charts/elements.tsx: axisTicks, formatTick).
import { describe, expect, it } from 'vitest';
import { axisTicks, formatTick } from '../../electron/model/charts/elements';

describe('axisTicks', () => {
  it('covers the values with round, even steps (and zero when asked)', () => {
    const x = axisTicks([3800, 7300, 10800, 16800], false)!;
    expect(x.ticks.every((t) => t % 1000 === 0)).toBe(true);
    const steps = x.ticks.slice(1).map((t, i) => t - x.ticks[i]!);
    expect(new Set(steps).size).toBe(1);
    expect(x.domain[0]).toBeLessThanOrEqual(3800);
    expect(x.domain[1]).toBeGreaterThanOrEqual(16800);
    expect(axisTicks([25600, 36200], true)!.domain[0]).toBe(0);
  });
  it('has nothing to say without finite values', () => {
    expect(axisTicks([null, Number.NaN], true)).toBeNull();
  });
});

describe('formatTick', () => {
  it('uses thousands separators below a million and compact units above', () => {
    expect(formatTick(12000)).toBe('12,000');
    expect(formatTick(3800)).toBe('3,800');
    expect(formatTick(0.25)).toBe('0.25');
    expect(formatTick(212135200)).toBe('212M');
    expect(formatTick('North')).toBe('North');
  });
});

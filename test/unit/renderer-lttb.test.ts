import { describe, expect, it } from 'vitest';
import { lttbIndices } from '../../electron/model/charts/lttb';
import { downsampleSpec } from '../../electron/model/charts/downsample';
import type { ChartSpec } from '../../electron/model/charts/spec';

function series(n: number, spikeAt = -1) {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i;
    ys[i] = Math.sin(i / 500) * 10 + (i === spikeAt ? 1000 : 0);
  }
  return { xs, ys };
}

describe('lttbIndices', () => {
  it('keeps the first and last points and returns exactly the threshold, ascending', () => {
    const { xs, ys } = series(100_000);
    const idx = lttbIndices(xs, ys, 1000);
    expect(idx.length).toBe(1000);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(99_999);
    for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
  });

  it('keeps a single spike', () => {
    const { xs, ys } = series(1_000_000, 654_321);
    const idx = lttbIndices(xs, ys, 1000);
    expect(Array.from(idx)).toContain(654_321);
  });

  it('keeps a dip as well as a peak', () => {
    const { xs, ys } = series(50_000);
    ys[12_345] = -5000;
    ys[40_000] = 5000;
    const idx = Array.from(lttbIndices(xs, ys, 500));
    expect(idx).toContain(12_345);
    expect(idx).toContain(40_000);
  });

  it('returns every point when there are no more than the threshold', () => {
    const { xs, ys } = series(10);
    expect(Array.from(lttbIndices(xs, ys, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(lttbIndices(xs, ys, 50))).toHaveLength(10);
    expect(Array.from(lttbIndices(xs, ys, 2))).toEqual([0, 9]);
  });

  it('never prefers a gap (NaN)', () => {
    const { xs, ys } = series(10_000);
    for (let i = 3000; i < 3100; i++) ys[i] = NaN;
    const idx = Array.from(lttbIndices(xs, ys, 200));
    expect(idx.filter((i) => i > 3000 && i < 3099 && Number.isNaN(ys[i]!)).length).toBeLessThanOrEqual(1);
  });
});

describe('downsampleSpec', () => {
  const spec = (n: number, kind: ChartSpec['kind'] = 'line'): ChartSpec => ({
    version: 1,
    kind,
    title: 't',
    x: 'x',
    series: [{ key: 'y', label: 'y' }],
    data: Array.from({ length: n }, (_, i) => ({ x: i, y: i === 3210 ? 999 : i % 7 })),
  });

  it('leaves small charts and bar charts alone', () => {
    expect(downsampleSpec(spec(2000)).shown).toBe(2000);
    expect(downsampleSpec(spec(5000, 'bar')).shown).toBe(5000);
  });

  it('draws a long line from about 1000 rows, spike included', () => {
    const out = downsampleSpec(spec(5000));
    expect(out.total).toBe(5000);
    expect(out.shown).toBeLessThanOrEqual(1000);
    expect(out.shown).toBeGreaterThan(900);
    expect(out.spec.data.some((r) => r.y === 999)).toBe(true);
    expect(out.spec.data[0]).toEqual({ x: 0, y: 0 });
  });
});

// Specs with more points than a chart can show are drawn from an LTTB selection of their rows.
import { chartAxis } from '../../../electron/core/charts/chart-elements';
import type { ChartSpec } from '../../../electron/core/exec/chart-spec';
import { lttbIndices } from './lttb';

/** Above this many rows, line, area and scatter charts are downsampled. */
export const DOWNSAMPLE_ABOVE = 2000;
export const DOWNSAMPLE_TO = 1000;

function numberOf(v: unknown, time: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (time) {
      const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(v) || !/T/.test(v) ? v : `${v}Z`;
      return Date.parse(zoned);
    }
    return Number(v);
  }
  return NaN;
}

export interface Downsampled {
  spec: ChartSpec;
  shown: number;
  total: number;
}

export function downsampleSpec(spec: ChartSpec, target = DOWNSAMPLE_TO): Downsampled {
  const total = spec.data.length;
  if (total <= DOWNSAMPLE_ABOVE || spec.kind === 'bar' || spec.kind === 'pie')
    return { spec, shown: total, total };
  const axis = chartAxis(spec);
  const order = Array.from({ length: total }, (_, i) => i);
  const rawX = new Float64Array(total);
  for (let i = 0; i < total; i++)
    rawX[i] = axis === 'category' ? i : numberOf(spec.data[i]![spec.x], axis === 'time');
  // LTTB needs x ascending; rows without a usable x go last (they are not drawn anyway).
  const key = (i: number) => (Number.isFinite(rawX[i]!) ? rawX[i]! : Infinity);
  let sorted = true;
  for (let i = 1; i < total && sorted; i++) sorted = key(i - 1) <= key(i);
  if (!sorted) order.sort((p, q) => key(p) - key(q));
  const xs = new Float64Array(total);
  order.forEach((row, i) => (xs[i] = Number.isFinite(rawX[row]!) ? rawX[row]! : i));
  const keep = new Uint8Array(total);
  const perSeries = Math.max(3, Math.floor(target / Math.max(1, Math.min(spec.series.length, 4))));
  for (const s of spec.series) {
    const ys = new Float64Array(total);
    order.forEach((row, i) => (ys[i] = numberOf(spec.data[row]![s.key], false)));
    for (const i of lttbIndices(xs, ys, perSeries)) keep[i] = 1;
  }
  const data: ChartSpec['data'] = [];
  for (let i = 0; i < total; i++) if (keep[i]) data.push(spec.data[order[i]!]!);
  return { spec: { ...spec, data }, shown: data.length, total };
}

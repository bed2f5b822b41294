// Specs with more points than a chart can show are drawn from an LTTB selection of their rows.
import { chartAxis } from './elements';
import type { ChartSpec } from './spec';
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
  const rows = spec.data;
  const total = rows.length;
  if (total <= DOWNSAMPLE_ABOVE || spec.kind === 'bar' || spec.kind === 'pie')
    return { spec, shown: total, total };
  const axis = chartAxis(spec);
  const time = axis === 'time';
  const xKey = spec.x;
  // One tight pass over the rows (a million of them costs milliseconds, not a closure per row).
  const rawX = new Float64Array(total);
  // The first series is read in the same pass (one visit per row object): it is reused below
  // when the rows are already in x order, which is the common case.
  const firstKey = spec.series[0]?.key ?? xKey;
  const firstY = new Float64Array(total);
  let sorted = true;
  let previous = -Infinity;
  for (let i = 0; i < total; i++) {
    const row = rows[i]!;
    let x: number;
    if (axis === 'category') x = i;
    else {
      const v = row[xKey];
      x = typeof v === 'number' ? v : numberOf(v, time);
    }
    const y = row[firstKey];
    firstY[i] = typeof y === 'number' ? y : numberOf(y, false);
    rawX[i] = x;
    const k = x === x ? x : Infinity; // NaN: last
    if (k < previous) sorted = false;
    previous = k;
  }
  // LTTB needs x ascending; rows without a usable x go last (they are not drawn anyway).
  let order: Uint32Array | null = null;
  if (!sorted) {
    const key = (i: number) => (rawX[i]! === rawX[i]! ? rawX[i]! : Infinity);
    order = Uint32Array.from({ length: total }, (_, i) => i).sort((p, q) => key(p) - key(q));
  }
  const xs = order
    ? Float64Array.from(order, (row, i) => (rawX[row]! === rawX[row]! ? rawX[row]! : i))
    : rawX;
  if (!order) for (let i = 0; i < total; i++) if (xs[i] !== xs[i]) xs[i] = i;
  const keep = new Uint8Array(total);
  const perSeries = Math.max(3, Math.floor(target / Math.max(1, Math.min(spec.series.length, 4))));
  let ys = new Float64Array(total);
  spec.series.forEach((s, n) => {
    if (n === 0 && !order) {
      ys = firstY;
    } else {
      if (ys === firstY) ys = new Float64Array(total);
      for (let i = 0; i < total; i++) {
        const v = rows[order ? order[i]! : i]![s.key];
        ys[i] = typeof v === 'number' ? v : numberOf(v, false);
      }
    }
    for (const i of lttbIndices(xs, ys, perSeries)) keep[i] = 1;
  });
  const data: ChartSpec['data'] = [];
  for (let i = 0; i < total; i++) if (keep[i]) data.push(rows[order ? order[i]! : i]!);
  return { spec: { ...spec, data }, shown: data.length, total };
}

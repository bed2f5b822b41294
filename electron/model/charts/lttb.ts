// Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013) over typed arrays: keeps the
// first and last points and, in each bucket between, the point that makes the largest triangle
// with the point kept before it and the average of the next bucket — so spikes survive.

/**
 * Indices (ascending) of at most `threshold` points of the series (xs sorted ascending).
 * NaN y values (gaps) are never preferred and are left out of the bucket averages.
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): Uint32Array {
  const n = Math.min(xs.length, ys.length);
  if (threshold >= n || threshold <= 0) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  if (threshold === 1) return Uint32Array.of(0);
  if (threshold === 2) return Uint32Array.of(0, n - 1);
  const out = new Uint32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let kept = 0;
  out[kept++] = 0;
  let a = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    // The average of the next bucket (the last point for the final bucket).
    const nextStart = Math.floor((bucket + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * every) + 1, n);
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      const y = ys[j]!;
      if (y !== y) continue; // NaN
      sumX += xs[j]!;
      sumY += y;
      count++;
    }
    const avgX = count > 0 ? sumX / count : xs[Math.min(nextStart, n - 1)]!;
    const avgY = count > 0 ? sumY / count : ys[a]!;
    // The point of this bucket with the largest triangle.
    const start = Math.floor(bucket * every) + 1;
    const end = Math.floor((bucket + 1) * every) + 1;
    const ax = xs[a]!;
    const ay = ys[a]! === ys[a]! ? ys[a]! : avgY;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const y = ys[j]!;
      if (y !== y) continue;
      const area = Math.abs((ax - avgX) * (y - ay) - (ax - xs[j]!) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out[kept++] = best;
    a = best;
  }
  out[kept] = n - 1;
  return out;
}

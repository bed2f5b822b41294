// Getting a chart out: its data as TSV, the drawn chart as SVG or PNG (2×), saved through a
// download link.
import { chartColor } from '../../../electron/model/charts/elements';
import type { ChartSpec } from '../../../electron/model/charts/spec';
import { escapeHtml } from '../../../electron/model/text/html';

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));

export function specToTsv(spec: ChartSpec): string {
  const header = [spec.xLabel || spec.x, ...spec.series.map((s) => s.label || s.key)];
  const lines = [header.map(cell).join('\t')];
  for (const row of spec.data)
    lines.push([row[spec.x], ...spec.series.map((s) => row[s.key])].map(cell).join('\t'));
  return `${lines.join('\n')}\n`;
}

export function fileNameFor(spec: ChartSpec, ext: string): string {
  const base = spec.title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return `${base || 'chart'}.${ext}`;
}

/** A standalone SVG of the chart drawn in `container`: white background, title and legend included. */
export function chartSvg(
  container: HTMLElement,
  spec: ChartSpec,
): { svg: string; width: number; height: number } {
  const surface = container.querySelector<SVGSVGElement>('svg.recharts-surface');
  if (!surface) throw new Error('the chart is not drawn yet');
  const width = Math.round(surface.width.baseVal.value || surface.getBoundingClientRect().width);
  const chartHeight = Math.round(surface.height.baseVal.value || surface.getBoundingClientRect().height);
  const titleHeight = spec.title ? 32 : 8;
  const legend = spec.series.length > 1 || spec.kind === 'pie';
  const legendItems =
    spec.kind === 'pie' ? [] : spec.series.map((s, i) => ({ label: s.label || s.key, color: chartColor(i) }));
  const clone = surface.cloneNode(true) as SVGSVGElement;
  const height = chartHeight + titleHeight;
  let legendSvg = '';
  if (legend && legendItems.length > 0) {
    let x = 64;
    legendSvg = legendItems
      .map((item) => {
        const part = `<rect x="${x}" y="${titleHeight + 6}" width="10" height="10" fill="${item.color}"/><text x="${x + 14}" y="${titleHeight + 15}" font-size="12" fill="#333">${escapeHtml(item.label)}</text>`;
        x += 28 + item.label.length * 7;
        return part;
      })
      .join('');
  }
  const body = clone.innerHTML;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    (spec.title
      ? `<text x="16" y="22" font-size="15" font-weight="600" fill="#1f2023">${escapeHtml(spec.title)}</text>`
      : '') +
    legendSvg +
    `<g transform="translate(0 ${titleHeight})">${body}</g></svg>`;
  return { svg, width, height };
}

export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas to draw on');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

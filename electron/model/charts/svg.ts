// A ChartSpec as a standalone SVG document, server-rendered with recharts (v2 draws real SVG
// on the server when given a size and no animation). recharts' legend is HTML outside the
// <svg>, so the legend is drawn here, in SVG, below the chart.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { chartColor, ChartElement, chartRows, labelWidth, shortLabel } from './elements';
import type { ChartSpec } from './spec';
import { escapeHtml } from '../text/html';

export interface ChartSvgOptions {
  width?: number;
  height?: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const LEGEND_ROW = 20;

interface LegendItem {
  label: string;
  color: string;
  x: number;
  row: number;
}

function legendItems(spec: ChartSpec, width: number): LegendItem[] {
  let labels: string[];
  if (spec.kind === 'pie') {
    labels = chartRows(spec)
      .filter((row) => (row.s0 ?? 0) > 0)
      .map((row) => String(row.x ?? ''));
  } else if (spec.series.length > 1) labels = spec.series.map((s) => s.label);
  else return [];
  const items: LegendItem[] = [];
  let x = 12;
  let row = 0;
  labels.forEach((raw, i) => {
    const label = shortLabel(raw, 32);
    const w = 18 + labelWidth(label) + 16;
    if (x + w > width - 12 && x > 12) {
      row += 1;
      x = 12;
    }
    items.push({ label, color: chartColor(i), x, row });
    x += w;
  });
  return items;
}

function legendSvg(items: LegendItem[], top: number): string {
  const parts = items.map((it) => {
    const y = top + it.row * LEGEND_ROW;
    return (
      `<rect x="${it.x}" y="${y + 4}" width="12" height="12" fill="${it.color}"></rect>` +
      `<text x="${it.x + 18}" y="${y + 14}" font-size="12" fill="#333">${escapeHtml(it.label)}</text>`
    );
  });
  return `<g class="pw-legend">${parts.join('')}</g>`;
}

/** The chart as `<svg xmlns=…>…</svg>`: no wrapper, no scripts, the title as `<title>`. */
export function chartToSvg(spec: ChartSpec, { width = 720, height = 360 }: ChartSvgOptions = {}): string {
  const items = legendItems(spec, width);
  const rows = items.length ? Math.max(...items.map((i) => i.row)) + 1 : 0;
  const legendHeight = rows ? rows * LEGEND_ROW + 8 : 0;
  const chartHeight = Math.max(120, height - legendHeight);
  const total = chartHeight + legendHeight;
  const markup = renderToStaticMarkup(
    createElement(ChartElement, { spec, width, height: chartHeight, animate: false, legend: false }),
  );
  const start = markup.indexOf('<svg');
  const end = markup.lastIndexOf('</svg>');
  if (start < 0 || end < 0) throw new Error(`recharts drew no SVG for the ${spec.kind} chart`);
  const body = markup
    .slice(start, end)
    .replace(/^<svg[^>]*>/, '')
    .replace(/<title><\/title>|<desc><\/desc>/g, '');
  const title = escapeHtml(spec.title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="pw-chart" width="${width}" height="${total}" ` +
    `viewBox="0 0 ${width} ${total}" role="img" aria-label="${title}" font-family="${escapeHtml(FONT)}">` +
    `<title>${title}</title>` +
    `<rect class="pw-chart-bg" width="${width}" height="${total}" fill="#fff"></rect>` +
    body +
    (items.length ? legendSvg(items, chartHeight) : '') +
    '</svg>'
  );
}

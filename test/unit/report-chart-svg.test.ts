// chartToSvg: recharts v2 server-rendered into standalone SVG documents.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartElement, chartRows, formatTime } from '../../electron/model/charts/elements';
import type { ChartSpec } from '../../electron/model/charts/spec';
import { chartToSvg } from '../../electron/model/charts/svg';

const HOSTILE = '<script>alert(1)</script>';

function spec(over: Partial<ChartSpec>): ChartSpec {
  return {
    version: 1,
    kind: 'bar',
    title: 'Revenue',
    x: 'region',
    series: [{ key: 'revenue', label: 'Revenue' }],
    data: [
      { region: 'North', revenue: 3, cost: 1 },
      { region: 'South', revenue: 5, cost: 2 },
      { region: HOSTILE, revenue: 2, cost: 4 },
      { region: 'Zürich 東京', revenue: 4, cost: 3 },
    ],
    xLabel: 'region',
    yLabel: 'revenue',
    ...over,
  };
}

const count = (svg: string, cls: string) => svg.split(`class="${cls}"`).length - 1;

/** Every tag closed in order, nothing outside the root <svg>: well-formed enough to be XML. */
function assertWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Text never holds a raw "<" or a bare "&" that is not an entity.
  const text = svg.replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, '');
  expect(text).not.toMatch(/<|&(?!(?:amp|lt|gt|quot|#\d+|#x[\da-f]+);)/i);
}

describe('chartToSvg', () => {
  it('draws a bar chart: one rectangle per category, standalone, titled', () => {
    const svg = chartToSvg(spec({ title: `Revenue ${HOSTILE} & more` }));
    assertWellFormed(svg);
    expect(count(svg, 'recharts-layer recharts-bar-rectangle')).toBe(4);
    expect(svg).not.toContain('recharts-wrapper');
    expect(svg).not.toMatch(/<title><\/title>|<desc><\/desc>|<div|<script/);
    expect(svg).toContain('<title>Revenue &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title>');
    expect(svg.match(/<title>/g)).toHaveLength(1);
    expect(svg).toContain('&lt;script&gt;'); // the hostile category, as text
    expect(svg).toContain('Zürich 東京');
    expect(svg).toContain('width="720" height="360"');
  });

  it('draws grouped bars and a legend in SVG for several series', () => {
    const svg = chartToSvg(
      spec({
        series: [
          { key: 'revenue', label: 'Revenue' },
          { key: 'cost', label: 'Cost' },
        ],
      }),
    );
    assertWellFormed(svg);
    expect(count(svg, 'recharts-layer recharts-bar-rectangle')).toBe(8);
    expect(svg).toContain('class="pw-legend"');
    expect(svg).toMatch(/<text[^>]*>Cost<\/text>/);
    expect(svg).toContain('fill="#0072B2"');
    expect(svg).toContain('fill="#E69F00"');
  });

  it('draws a scatter chart: one symbol per point with a value', () => {
    const data = Array.from({ length: 30 }, (_, i) => ({ a: i, b: (i * 7) % 11, c: i % 3 ? i : null }));
    const svg = chartToSvg(
      spec({
        kind: 'scatter',
        x: 'a',
        xType: 'number',
        data,
        series: [
          { key: 'b', label: 'B' },
          { key: 'c', label: 'C' },
        ],
      }),
    );
    assertWellFormed(svg);
    expect(count(svg, 'recharts-layer recharts-scatter-symbol')).toBe(30 + 20);
  });

  it('draws a pie chart: one sector per positive slice, labelled by category', () => {
    const svg = chartToSvg(spec({ kind: 'pie', xType: 'category' }));
    assertWellFormed(svg);
    expect(count(svg, 'recharts-layer recharts-pie-sector')).toBe(4);
    expect(svg).toMatch(/>North 21%<\/text>/);
    expect(svg).toContain('class="pw-legend"');
  });

  it('draws line and area charts on a time axis, one curve per series', () => {
    const data = ['2026-01-01', '2026-01-02', '2026-01-03'].map((d, i) => ({
      day: d,
      'a.b': i + 1,
      c: 3 - i,
    }));
    const series = [
      { key: 'a.b', label: 'dotted key' },
      { key: 'c', label: 'C' },
    ];
    const line = chartToSvg(spec({ kind: 'line', x: 'day', xType: 'time', data, series }));
    assertWellFormed(line);
    expect(count(line, 'recharts-curve recharts-line-curve')).toBe(2);
    expect(count(line, 'recharts-dot recharts-line-dot')).toBe(6);
    expect(line).toContain('>2026-01-02</tspan>');
    // A dotted column name is a key, not a path: its curve has three points.
    expect(line).toMatch(
      /class="recharts-curve recharts-line-curve" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+"/,
    );
    const area = chartToSvg(spec({ kind: 'area', x: 'day', xType: 'time', data, series }));
    assertWellFormed(area);
    expect(count(area, 'recharts-curve recharts-area-area')).toBe(2);
  });

  it('survives empty data, nulls and strings where numbers belong', () => {
    assertWellFormed(chartToSvg(spec({ data: [] })));
    const svg = chartToSvg(
      spec({
        data: [
          { region: 'a', revenue: null },
          { region: 'b', revenue: 'x' },
          { region: 'c', revenue: 2 },
        ],
      }),
    );
    assertWellFormed(svg);
  });

  it('honours the requested size and slants crowded category labels', () => {
    const data = Array.from({ length: 30 }, (_, i) => ({ region: `category number ${i}`, revenue: i }));
    const svg = chartToSvg(spec({ data }), { width: 400, height: 300 });
    expect(svg).toContain('width="400" height="300" viewBox="0 0 400 300"');
    expect(svg).toMatch(/transform="rotate\(-35,/);
    expect(count(svg, 'recharts-layer recharts-bar-rectangle')).toBe(30);
  });
});

describe('ChartElement', () => {
  it('renders inside a wrapper with an HTML legend for the desktop, no title drawn', () => {
    const html = renderToStaticMarkup(
      createElement(ChartElement, {
        spec: spec({
          series: [
            { key: 'revenue', label: 'Revenue' },
            { key: 'cost', label: 'Cost' },
          ],
        }),
        width: 500,
        height: 300,
      }),
    );
    expect(html).toContain('recharts-wrapper');
    expect(html).toContain('recharts-legend-wrapper');
    expect(html).not.toContain('>Revenue</title>');
  });

  it('maps rows to internal keys and parses time values as UTC', () => {
    const rows = chartRows(
      spec({ kind: 'line', x: 't', xType: 'time', data: [{ t: '2026-01-02T06:30:00', revenue: 1 }] }),
    );
    expect(rows).toEqual([{ x: Date.UTC(2026, 0, 2, 6, 30), s0: 1 }]);
    expect(formatTime(Date.UTC(2026, 0, 2))).toBe('2026-01-02');
    expect(formatTime(Date.UTC(2026, 0, 2, 6, 30))).toBe('2026-01-02 06:30');
  });
});

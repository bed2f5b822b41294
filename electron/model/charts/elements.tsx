// The recharts chart for a ChartSpec. Pure React: no Node and no DOM APIs, so it renders both in
// the desktop app (inside a ResponsiveContainer) and on the server (reports, `renderToStaticMarkup`).
import type { ReactElement, ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartSpec } from './spec';
import { formatCompact, formatNumber, niceTicks } from '../text/numbers';

/** Okabe & Ito's colour-blind-safe palette, strongest colours first. */
export const CHART_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
] as const;

export const chartColor = (i: number): string => CHART_COLORS[i % CHART_COLORS.length]!;

/** Tick and slice labels longer than this are cut (the data table shows them whole). */
const MAX_LABEL = 28;
/** Slanted category labels are cut shorter. */
const SLANTED_LABEL = 18;

export function shortLabel(value: unknown, max = MAX_LABEL): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Rough width of a label in 12px text (wide scripts count double). */
export function labelWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 12 : 7;
  return w;
}

export type ChartAxis = 'category' | 'number' | 'time';

/** How the x values are placed: bar and pie always by category; the others as the spec says. */
export function chartAxis(spec: ChartSpec): ChartAxis {
  if (spec.kind === 'bar' || spec.kind === 'pie') return 'category';
  if (spec.xType) return spec.xType;
  const xs = spec.data.map((row) => row[spec.x]).filter((v) => v !== null && v !== undefined);
  return xs.length > 0 && xs.every((v) => typeof v === 'number') ? 'number' : 'category';
}

/** Milliseconds since the epoch for an ISO date (a date without a zone is taken as UTC). */
function timeValue(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(v) || !/T/.test(v) ? v : `${v}Z`;
  const t = Date.parse(zoned);
  return Number.isFinite(t) ? t : null;
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** A time tick as an ISO date, with the time of day only when there is one. */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith(':00.000Z') ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 19).replace('T', ' ');
}

/** Axis numbers for people: thousands separators below a million ("12,000"), compact above ("3.2M"). */
export function formatTick(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v ?? '');
  return Math.abs(v) < 1e6 ? formatNumber(v) : formatCompact(v);
}

/** Round ticks covering the values (with zero when `withZero`), and the domain they span. */
export function axisTicks(
  values: readonly (number | null)[],
  withZero: boolean,
): { ticks: number[]; domain: [number, number] } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  if (withZero) {
    lo = Math.min(0, lo);
    hi = Math.max(0, hi);
  }
  const ticks = niceTicks(lo, hi, 5);
  if (ticks.length < 2) return null;
  return { ticks, domain: [ticks[0]!, ticks[ticks.length - 1]!] };
}

export interface ChartRow {
  /** The x value: a category label, a number, or milliseconds for a time axis. */
  x: string | number | null;
  [series: `s${number}`]: number | null;
}

/**
 * The spec's rows under internal keys (`x`, `s0`, `s1`…): recharts reads `a.b` keys as paths, and
 * the column names come from untrusted code. Values that cannot be plotted become null.
 */
export function chartRows(spec: ChartSpec): ChartRow[] {
  const axis = chartAxis(spec);
  const rows: ChartRow[] = [];
  for (const row of spec.data) {
    const raw = row[spec.x];
    let x: ChartRow['x'];
    if (axis === 'time') x = timeValue(raw);
    else if (axis === 'number') x = numeric(raw);
    else x = raw === null || raw === undefined ? '' : String(raw);
    if (x === null) continue;
    const out: ChartRow = { x };
    spec.series.forEach((s, i) => (out[`s${i}`] = numeric(row[s.key])));
    rows.push(out);
  }
  return rows;
}

export interface ChartElementProps {
  spec: ChartSpec;
  /** Required when rendered on its own; a ResponsiveContainer supplies them otherwise. */
  width?: number;
  height?: number;
  /** recharts' enter animations (leave off for server rendering: the first frame is empty). */
  animate?: boolean;
  tooltip?: boolean;
  /** An HTML legend; drawn only with several series, or for a pie. */
  legend?: boolean;
  /** Extra recharts children (e.g. a Brush or a ReferenceLine). */
  children?: ReactNode;
}

const AXIS_STYLE = { fontSize: 12, fill: '#333' };

export function ChartElement(props: ChartElementProps): ReactElement {
  const { spec, width, height, animate = false, tooltip = false, legend = true, children } = props;
  const rows = chartRows(spec);
  const axis = chartAxis(spec);
  // Slanted category labels when they would not fit side by side (estimated: no DOM to measure).
  const plotWidth = Math.max(100, (width ?? 640) - 110);
  const longest = Math.max(0, ...rows.map((r) => labelWidth(shortLabel(r.x))));
  const band = plotWidth / Math.max(1, rows.length);
  const slanted = axis === 'category' && longest > band - 8;
  const slantWidth = Math.min(longest, labelWidth('m'.repeat(SLANTED_LABEL)));
  const xAxisHeight = slanted ? Math.round(slantWidth * 0.58) + 24 : 30;
  const extraLeft = slanted ? Math.max(0, Math.round(slantWidth * 0.82 - band / 2 - 56)) : 0;
  const showLegend = legend && (spec.series.length > 1 || spec.kind === 'pie');
  const xTick = (v: unknown) =>
    axis === 'time' && typeof v === 'number'
      ? formatTime(v)
      : shortLabel(v, slanted ? SLANTED_LABEL : MAX_LABEL);
  const common = {
    width,
    height,
    data: rows,
    margin: {
      top: 12,
      right: axis === 'category' ? 24 : 40,
      bottom: spec.xLabel ? 24 : 8,
      left: (spec.yLabel ? 16 : 4) + extraLeft,
    },
  };
  const tooltipEl = tooltip ? (
    <Tooltip
      labelFormatter={(v: unknown) => (axis === 'number' ? formatTick(v) : xTick(v))}
      formatter={(v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v))}
    />
  ) : null;
  const legendEl = showLegend ? <Legend verticalAlign="top" height={28} /> : null;

  if (spec.kind === 'pie') {
    const slices = rows.filter((r) => (r.s0 ?? 0) > 0);
    const radius = Math.max(10, Math.min((width ?? 400) / 2, (height ?? 300) / 2) - 48);
    return (
      <PieChart width={width} height={height} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <Pie
          data={slices}
          dataKey="s0"
          nameKey="x"
          outerRadius={radius}
          isAnimationActive={animate}
          label={PieLabel}
          labelLine={false}
        >
          {slices.map((_, i) => (
            <Cell key={i} fill={chartColor(i)} stroke="#fff" />
          ))}
        </Pie>
        {tooltipEl}
        {legendEl}
        {children}
      </PieChart>
    );
  }

  // round numeric ticks with thousands separators (3800, 7300 … become 4,000, 8,000 …)
  const xNice =
    axis === 'number'
      ? axisTicks(
          rows.map((r) => r.x as number | null),
          false,
        )
      : null;
  const yValues = rows.flatMap((r) => spec.series.map((_, i) => r[`s${i}`] ?? null));
  const yNice = axisTicks(yValues, spec.kind !== 'scatter');
  const xAxis = (
    <XAxis
      dataKey="x"
      type={axis === 'category' ? 'category' : 'number'}
      scale={axis === 'time' ? 'time' : 'auto'}
      domain={axis === 'category' ? undefined : (xNice?.domain ?? ['dataMin', 'dataMax'])}
      ticks={xNice?.ticks}
      tickFormatter={axis === 'number' ? formatTick : xTick}
      tick={AXIS_STYLE}
      interval={slanted ? 0 : 'preserveEnd'}
      angle={slanted ? -35 : 0}
      textAnchor={slanted ? 'end' : 'middle'}
      height={xAxisHeight}
      label={
        spec.xLabel
          ? { value: shortLabel(spec.xLabel, 80), position: 'insideBottom', offset: -16, fill: '#333' }
          : undefined
      }
    />
  );
  const yAxis = (
    <YAxis
      type="number"
      domain={yNice?.domain}
      ticks={yNice?.ticks}
      tickFormatter={formatTick}
      tick={AXIS_STYLE}
      width={56}
      label={
        spec.yLabel
          ? {
              value: shortLabel(spec.yLabel, 60),
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              offset: -4,
              fill: '#333',
            }
          : undefined
      }
    />
  );
  const dots = rows.length <= 60;
  const marks = spec.series.map((s, i) => {
    const key = `s${i}` as const;
    const color = chartColor(i);
    switch (spec.kind) {
      case 'bar':
        return <Bar key={i} dataKey={key} name={s.label} fill={color} isAnimationActive={animate} />;
      case 'scatter': {
        const points = rows.filter((r) => r[key] !== null).map((r) => ({ x: r.x, y: r[key] }));
        return (
          <Scatter
            key={i}
            name={s.label}
            data={points}
            dataKey="y"
            fill={color}
            isAnimationActive={animate}
          />
        );
      }
      case 'area':
        return (
          <Area
            key={i}
            type="linear"
            dataKey={key}
            name={s.label}
            stroke={color}
            fill={color}
            fillOpacity={0.25}
            isAnimationActive={animate}
          />
        );
      default:
        return (
          <Line
            key={i}
            type="linear"
            dataKey={key}
            name={s.label}
            stroke={color}
            strokeWidth={2}
            dot={dots ? { r: 3 } : false}
            isAnimationActive={animate}
          />
        );
    }
  });
  // The four cartesian charts share one props type; recharts finds axes and marks among the children.
  const Chart = { bar: BarChart, area: AreaChart, scatter: ScatterChart, line: LineChart }[spec.kind];
  return (
    <Chart {...common}>
      <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
      {xAxis}
      {yAxis}
      {marks}
      {tooltipEl}
      {legendEl}
      {children}
    </Chart>
  );
}

interface PieLabelProps {
  x: number;
  y: number;
  textAnchor?: 'start' | 'middle' | 'end';
  payload?: { x?: unknown };
  percent?: number;
}

function PieLabel({ x, y, textAnchor, payload, percent }: PieLabelProps): ReactElement {
  const pct = percent === undefined ? '' : ` ${(percent * 100).toFixed(percent < 0.1 ? 1 : 0)}%`;
  return (
    <text x={x} y={y} textAnchor={textAnchor} dominantBaseline="central" fontSize={12} fill="#333">
      {shortLabel(payload?.x, 20)}
      {pct}
    </text>
  );
}

// A chart from the sandbox, drawn by the shared ChartElement (the same one the reports use) in a
// ResponsiveContainer, with a toolbar: data table, copy data, save as SVG or PNG.
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ResponsiveContainer } from 'recharts';
import { ChartElement } from '../../../electron/model/charts/elements';
import type { ChartSpec } from '../../../electron/model/charts/spec';

import { useToast } from '../platform/toast';
import { copyText, formatCount } from '../shared/format';
import { Icon } from '../shared/icons';
import { chartSvg, download, fileNameFor, specToTsv, svgToPng } from './chart-export';
import { DataTable } from './DataTable';
import { downsampleSpec } from '../../../electron/model/charts/downsample';
import './charts.css';
import { oneLine } from '../../../electron/model/text/one-line';

const KIND_NAME = { line: 'Line', bar: 'Bar', scatter: 'Scatter', pie: 'Pie', area: 'Area' } as const;

export const ChartView = memo(function ChartView({
  spec,
  height = 300,
  main = false,
  draw = true,
}: {
  spec: ChartSpec;
  height?: number;
  /** The analysis's main chart, repeated in the answer card (named apart from its step's copy). */
  main?: boolean;
  /** False: the chart's frame only, drawn later (a log scrolled fast past it does not pay for it). */
  draw?: boolean;
}) {
  const toast = useToast();
  const [table, setTable] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  // an opened data table is brought into view (it opens below the chart, often off-screen)
  useEffect(() => {
    if (table) tableRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [table]);
  const tableId = useId();
  const drawn = useMemo(() => downsampleSpec(spec), [spec]);
  const source = spec.sourcePoints ?? drawn.total;
  const title = spec.title || `${KIND_NAME[spec.kind]} chart`;

  const save = async (format: 'svg' | 'png') => {
    try {
      if (!canvasRef.current) return;
      const { svg, width, height: h } = chartSvg(canvasRef.current, spec);
      const blob =
        format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, width, h);
      download(blob, fileNameFor(spec, format));
    } catch (err) {
      toast.error(`Could not save the chart: ${oneLine(err)}`);
    }
  };
  const copy = () =>
    copyText(specToTsv(spec)).then(
      () => toast.info(`Copied ${formatCount(spec.data.length)} rows (tab-separated)`),
      (err: unknown) => toast.error(`Could not copy: ${oneLine(err)}`),
    );

  const series = spec.series.map((s) => s.label || s.key).join(', ');
  return (
    <figure className="chart">
      <div className="chart-head">
        <figcaption className="chart-title">{title}</figcaption>
        <div
          className="chart-tools"
          role="toolbar"
          aria-label={`Tools for the ${main ? 'main ' : ''}chart ${title}`}
        >
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-pressed={table}
            aria-controls={table ? tableId : undefined}
            onClick={() => setTable((t) => !t)}
          >
            <Icon name="table" size={14} /> Data table
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void copy()}>
            <Icon name="copy" size={14} /> Copy data
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-label="Save chart as SVG"
            onClick={() => void save('svg')}
          >
            <Icon name="download" size={14} /> SVG
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-label="Save chart as PNG"
            onClick={() => void save('png')}
          >
            <Icon name="download" size={14} /> PNG
          </button>
        </div>
      </div>
      <div
        ref={canvasRef}
        className="chart-canvas"
        style={{ height }}
        role="img"
        aria-label={`${main ? `Main chart of the answer (${KIND_NAME[spec.kind].toLowerCase()})` : `${KIND_NAME[spec.kind]} chart`}: ${title}. ${series}${spec.kind === 'pie' ? '' : ` by ${spec.xLabel || spec.x}`}, ${formatCount(source)} points. The data table lists the values.`}
      >
        {/* the drawing's own parts (bars, dots) are not named one by one: the label and the data table say it */}
        <div style={{ width: '100%', height: '100%' }} aria-hidden="true">
          {draw && (
            <ResponsiveContainer width="100%" height="100%" debounce={50}>
              <ChartElement spec={drawn.spec} tooltip legend animate={false} />
            </ResponsiveContainer>
          )}
        </div>
      </div>
      {drawn.shown < source && (
        <p className="chart-note faint">
          Showing {formatCount(drawn.shown)} of {formatCount(source)} points (downsampled so the shape, peaks
          and dips stay visible).
        </p>
      )}
      {table && <DataTable id={tableId} spec={spec} ref={tableRef} />}
    </figure>
  );
});

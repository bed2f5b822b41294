import type { Ref } from 'react';
import type { ChartSpec } from '../../../electron/model/charts/spec';
import { formatNumber } from '../../../electron/model/text/numbers';
import { formatCount } from '../shared/format';

const MAX_ROWS = 1000;

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** The chart's data as an accessible table (first rows; Copy data copies them all). */
export function DataTable({ spec, id, ref }: { spec: ChartSpec; id: string; ref?: Ref<HTMLDivElement> }) {
  const rows = spec.data.slice(0, MAX_ROWS);
  return (
    <div
      className="chart-table-wrap"
      id={id}
      ref={ref}
      tabIndex={0}
      role="region"
      aria-label={`Data of the chart ${spec.title}`}
    >
      <table className="chart-table">
        <caption className="visually-hidden">Data of the chart {spec.title}</caption>
        <thead>
          <tr>
            <th scope="col">{spec.xLabel || spec.x}</th>
            {spec.series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {s.label || s.key}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <th scope="row">{show(row[spec.x])}</th>
              {spec.series.map((s) => (
                <td key={s.key} className={typeof row[s.key] === 'number' ? 'num' : undefined}>
                  {show(row[s.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {spec.data.length > MAX_ROWS && (
        <p className="chart-note faint">
          First {formatCount(MAX_ROWS)} of {formatCount(spec.data.length)} rows; “Copy data” copies them all.
        </p>
      )}
    </div>
  );
}

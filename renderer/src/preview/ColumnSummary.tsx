// The per-column summary of the Data tab: type (from the file's profile), missing and distinct
// values, and the range (numbers, dates) or the most common values, over the rows loaded.
import { useMemo } from 'react';
import type { ColumnProfile, DateOrder } from '../../../electron/model/data/types';
import { formatCount } from '../shared/format';
import { summarize } from './table-view';

export function ColumnSummaryTable(props: {
  rows: string[][];
  columns: ColumnProfile[];
  /** "over all 10 rows" / "in the first 10,000 rows". */
  scope: string;
  name: string;
  dateOrders?: Record<string, DateOrder>;
}) {
  const { rows, columns, scope, name, dateOrders } = props;
  const summary = useMemo(() => summarize(rows, columns, dateOrders), [rows, columns, dateOrders]);
  return (
    <div className="preview-summary" tabIndex={0} role="region" aria-label={`Column summary of ${name}`}>
      <table className="summary-table">
        <caption>
          Each column of {name}, {scope}
        </caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Missing
            </th>
            <th scope="col" className="num">
              Distinct
            </th>
            <th scope="col">Range or top values</th>
          </tr>
        </thead>
        <tbody>
          {summary.map((s) => (
            <tr key={s.name}>
              <th scope="row">{s.name}</th>
              <td>
                <span className={`preview-type type-${s.type}`}>{s.type}</span>
              </td>
              <td className="num">{formatCount(s.missing)}</td>
              <td className="num">{formatCount(s.distinct)}</td>
              <td className="summary-values">
                {s.min !== undefined ? (
                  <>
                    {s.min} to {s.max}
                  </>
                ) : s.top && s.top.length > 0 ? (
                  s.top.map((t, i) => (
                    <span key={t.value}>
                      {i > 0 && ', '}
                      {t.value} <span className="faint">({formatCount(t.count)})</span>
                    </span>
                  ))
                ) : (
                  <span className="faint">no values</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

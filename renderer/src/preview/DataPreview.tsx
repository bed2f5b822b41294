// The data file as a virtualized table: column names with their types, rows fetched in pages.
// Clicking a column header sorts by it (aria-sort), the filter box keeps the rows containing a
// text, and "Column summary" shows each column's type, missing and distinct values and its range
// or most common values. Sorting, filtering and the summary work on the rows the preview holds
// (the first up to 10,000 of the file) and say so when that is not the whole file.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ColumnProfile } from '../../../electron/model/data/types';
import { formatCount } from '../shared/format';
import { Icon } from '../shared/icons';
import { ColumnSummaryTable } from './ColumnSummary';
import { viewOrder, type SortBy } from './table-view';
import { useAllRows } from './useAllRows';
import { usePreviewPages } from './usePreviewPages';
import './preview.css';

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 44;
const INDEX_WIDTH = 64;

function widthOf(c: ColumnProfile): number {
  const longest = Math.max(c.name.length, ...c.examples.map((e) => e.length));
  return Math.min(280, Math.max(96, longest * 7.5 + 40));
}

const NUMERIC = new Set(['integer', 'float']);

/** ascending → descending → unsorted. */
function nextSort(sort: SortBy | null, column: number): SortBy | null {
  if (sort?.column !== column) return { column, dir: 'ascending' };
  return sort.dir === 'ascending' ? { column, dir: 'descending' } : null;
}

export function DataPreview({ fileId }: { fileId: string }) {
  const { first, error, ensure, row } = usePreviewPages(fileId);
  const [sort, setSort] = useState<SortBy | null>(null);
  const [filterText, setFilterText] = useState('');
  const filter = useDeferredValue(filterText);
  const [view, setView] = useState<'rows' | 'summary'>('rows');
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => first?.columns ?? [], [first]);
  const widths = useMemo(() => columns.map(widthOf), [columns]);
  const total = INDEX_WIDTH + widths.reduce((a, b) => a + b, 0);
  const available = first?.available ?? 0;
  const needAll = sort !== null || filter.trim() !== '' || view === 'summary';
  const all = useAllRows(fileId, available, needAll);
  const order = useMemo(
    () => (needAll && all.rows ? viewOrder(all.rows, columns, filter, sort, first?.dateOrders) : null),
    [needAll, all.rows, columns, filter, sort, first?.dateOrders],
  );
  const waiting = needAll && !all.rows;
  const count = order ? order.length : waiting ? 0 : available;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const from = items[0]?.index ?? 0;
  const to = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (!order && count > 0) ensure(from, to);
  }, [order, count, from, to, ensure]);

  if (error && !first)
    return <div className="preview-state error-line">Could not preview the file: {error}</div>;
  if (!first) return <div className="preview-state muted">Loading the preview…</div>;

  const template = `${INDEX_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;
  /** Over what the sort, filter and summary work, in words. */
  const scope =
    available < first.rows
      ? `in the first ${formatCount(available)} rows`
      : `over all ${formatCount(available)} rows`;
  const rowAt = (i: number): { n: number; cells: string[] | undefined } =>
    order ? { n: order[i]! + 1, cells: all.rows?.[order[i]!] } : { n: i + 1, cells: row(i) };

  return (
    <div className="preview">
      <div className="preview-info">
        <span>
          <strong>{first.name}</strong> · {formatCount(first.rows)} rows × {formatCount(columns.length)}{' '}
          columns
          {first.available < first.rows && <> · first {formatCount(first.available)} rows shown</>}
        </span>
        <code className="preview-readcsv" title="How the analyst loads the file">
          {first.readCsv}
        </code>
      </div>
      {first.warnings.length > 0 && (
        <ul className="preview-warnings">
          {first.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <div className="preview-tools">
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" aria-pressed={view === 'rows'} onClick={() => setView('rows')}>
            Rows
          </button>
          <button type="button" aria-pressed={view === 'summary'} onClick={() => setView('summary')}>
            Column summary
          </button>
        </div>
        {view === 'rows' && (
          <label className="preview-filter">
            <Icon name="search" size={14} />
            <input
              type="search"
              className="input"
              placeholder="Filter rows…"
              aria-label="Filter rows"
              value={filterText}
              onChange={(e) => setFilterText(e.target.value)}
            />
          </label>
        )}
        <span className="preview-count faint" aria-live="polite">
          {all.error
            ? `Could not load the rows: ${all.error}`
            : waiting
              ? 'Loading rows…'
              : view === 'summary'
                ? `Counted ${scope}`
                : order && filter.trim()
                  ? `${formatCount(order.length)} matching ${scope}`
                  : order
                    ? `Sorted ${scope}`
                    : ''}
        </span>
      </div>
      {view === 'summary' ? (
        all.rows ? (
          <ColumnSummaryTable
            rows={all.rows}
            columns={columns}
            scope={scope}
            name={first.name}
            dateOrders={first.dateOrders}
          />
        ) : (
          <div className="preview-state muted">Loading the rows…</div>
        )
      ) : (
        <div
          ref={scrollRef}
          className="preview-scroll"
          role="table"
          aria-label={`Preview of ${first.name}`}
          aria-rowcount={count + 1}
          aria-colcount={columns.length + 1}
          tabIndex={0}
        >
          <div
            className="preview-header"
            role="row"
            aria-rowindex={1}
            style={{ gridTemplateColumns: template, width: total }}
          >
            <div role="columnheader" className="preview-index">
              #
            </div>
            {columns.map((c, j) => {
              const dir = sort?.column === j ? sort.dir : 'none';
              return (
                <div role="columnheader" key={c.name} className="preview-col" aria-sort={dir}>
                  <button
                    type="button"
                    className="preview-sort"
                    title={`${c.name} (${c.type}): sort`}
                    onClick={() => setSort((s) => nextSort(s, j))}
                  >
                    <span className="preview-col-name">{c.name}</span>
                    <span className={`preview-type type-${c.type}`}>{c.type}</span>
                    <span className="preview-sort-mark" aria-hidden="true">
                      {dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
          <div className="preview-body" style={{ height: virtualizer.getTotalSize(), width: total }}>
            {items.map((item) => {
              const { n, cells } = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={`preview-row ${item.index % 2 ? 'odd' : ''}`}
                  style={{
                    gridTemplateColumns: template,
                    transform: `translateY(${item.start - HEADER_HEIGHT}px)`,
                    height: ROW_HEIGHT,
                  }}
                >
                  <div role="cell" className="preview-index">
                    {n}
                  </div>
                  {columns.map((c, j) => (
                    <div
                      role="cell"
                      key={c.name}
                      className={`preview-cell ${NUMERIC.has(c.type) ? 'num' : ''}`}
                    >
                      {cells ? cells[j] : <span className="preview-loading" />}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
          {order && order.length === 0 && (
            <p className="preview-none muted">
              No row {scope.replace(/^over all/, 'of the')} contains “{filter.trim()}”.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

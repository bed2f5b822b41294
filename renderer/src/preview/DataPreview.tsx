// The data file as a virtualized table: column names with their types, rows fetched in pages.
import { useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ColumnProfile } from '../../../electron/core/data/types';
import { formatCount } from '../shared/format';
import { usePreviewPages } from './usePreviewPages';
import './preview.css';

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 44;
const INDEX_WIDTH = 64;

function widthOf(c: ColumnProfile): number {
  const longest = Math.max(c.name.length, ...c.examples.map((e) => e.length));
  return Math.min(280, Math.max(96, longest * 7.5 + 28));
}

const NUMERIC = new Set(['integer', 'float']);

export function DataPreview({ fileId }: { fileId: string }) {
  const { first, error, ensure, row } = usePreviewPages(fileId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => first?.columns ?? [], [first]);
  const widths = useMemo(() => columns.map(widthOf), [columns]);
  const total = INDEX_WIDTH + widths.reduce((a, b) => a + b, 0);
  const count = first?.available ?? 0;
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
    if (count > 0) ensure(from, to);
  }, [count, from, to, ensure]);

  if (error && !first)
    return <div className="preview-state error-line">Could not preview the file: {error}</div>;
  if (!first) return <div className="preview-state muted">Loading the preview…</div>;

  const template = `${INDEX_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;
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
          {columns.map((c) => (
            <div role="columnheader" key={c.name} className="preview-col" title={`${c.name} (${c.type})`}>
              <span className="preview-col-name">{c.name}</span>
              <span className={`preview-type type-${c.type}`}>{c.type}</span>
            </div>
          ))}
        </div>
        <div className="preview-body" style={{ height: virtualizer.getTotalSize(), width: total }}>
          {items.map((item) => {
            const cells = row(item.index);
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
                  {item.index + 1}
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
      </div>
    </div>
  );
}

// Rows of a file preview, fetched a page at a time as they come into view.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FilePreview } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { oneLine } from '../../../electron/model/text/one-line';

export const PAGE_SIZE = 200;

export function usePreviewPages(fileId: string) {
  const [first, setFirst] = useState<FilePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, string[][]>());
  const pending = useRef(new Set<number>());

  useEffect(() => {
    let live = true;
    pages.current = new Map();
    pending.current = new Set();
    setFirst(null);
    setError(null);
    api()
      .previewFile(fileId, { offset: 0, limit: PAGE_SIZE })
      .then(
        (p) => {
          if (!live) return;
          pages.current.set(0, p.cells);
          setFirst(p);
        },
        (err: unknown) => live && setError(oneLine(err)),
      );
    return () => {
      live = false;
    };
  }, [fileId]);

  /** Makes sure the pages holding rows [from, to] are loaded or on their way. */
  const ensure = useCallback(
    (from: number, to: number) => {
      for (let page = Math.floor(from / PAGE_SIZE); page <= Math.floor(to / PAGE_SIZE); page++) {
        if (pages.current.has(page) || pending.current.has(page)) continue;
        pending.current.add(page);
        api()
          .previewFile(fileId, { offset: page * PAGE_SIZE, limit: PAGE_SIZE })
          .then(
            (p) => {
              pages.current.set(page, p.cells);
              setVersion((v) => v + 1);
            },
            (err: unknown) => setError(oneLine(err)),
          )
          .finally(() => pending.current.delete(page));
      }
    },
    [fileId],
  );

  const row = (index: number): string[] | undefined =>
    pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  return { first, error, ensure, row };
}

// Every row the preview can show (the first up to 10,000 of the file), fetched in large pages
// once sorting, filtering or the column summary needs them all.
import { useEffect, useState } from 'react';
import { api } from '../platform/api';
import { oneLine } from '../../../electron/model/text/one-line';

const CHUNK = 2000; // the contract's largest page

export function useAllRows(
  fileId: string,
  available: number,
  needed: boolean,
): { rows: string[][] | null; error: string | null } {
  const [rows, setRows] = useState<string[][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRows(null);
    setError(null);
  }, [fileId]);
  useEffect(() => {
    if (!needed || rows) return;
    if (available === 0) {
      setRows([]);
      return;
    }
    let live = true;
    const pages: Promise<string[][]>[] = [];
    for (let offset = 0; offset < available; offset += CHUNK)
      pages.push(
        api()
          .previewFile(fileId, { offset, limit: Math.min(CHUNK, available - offset) })
          .then((p) => p.cells),
      );
    Promise.all(pages).then(
      (parts) => live && setRows(parts.flat()),
      (err: unknown) => live && setError(oneLine(err)),
    );
    return () => {
      live = false;
    };
  }, [fileId, available, needed, rows]);
  return { rows: needed || rows ? rows : null, error };
}

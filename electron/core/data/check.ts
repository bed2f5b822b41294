/**
 * The quick check made when a file is picked (dialog, drop, recent list), before anything else
 * reads it: from its first 64 KB only, whether it is a table at all. What it finds is one line
 * for the user (`sales.csv is empty`), shown on the file card; `null` when the file looks fine
 * (the full profile may still find more later).
 */
import { readHead } from './profile';
import { sniffBytes, type Head } from './sniff';
import { DataFileError } from '../../model/data/types';

/** How much of a file the pick-time check reads. */
export const CHECK_BYTES = 64 * 1024;

/** Why the head of a file is not a table to analyse, in one line; null when it looks like one. */
export function checkHead(head: Head): string | null {
  try {
    const sniffed = sniffBytes(head);
    const dataRows = sniffed.records.length - (sniffed.header ? 1 : 0);
    if (dataRows <= 0 && !head.truncated)
      return sniffed.records.length > 0
        ? `${head.name} has column names but no data rows`
        : `${head.name} has no data rows`;
    return null;
  } catch (err) {
    if (err instanceof DataFileError) return err.message;
    throw err;
  }
}

/** The pick-time check of a file on disk: unreadable files (permissions, gone) are a problem too. */
export async function checkFile(file: string): Promise<string | null> {
  let head: Head;
  try {
    head = await readHead(file, CHECK_BYTES);
  } catch (err) {
    if (err instanceof DataFileError) return err.message;
    throw err;
  }
  return checkHead(head);
}

/**
 * The whole picture of a data file before any code runs: sniff the first 256 KB, then stream
 * the file once to count its rows and hash it, type the columns from the sample, and write the
 * `pd.read_csv(...)` call that loads it the way it was understood.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { countRecords } from './count';
import type { CountResult } from './count';
import { generatedNames, pandasNames, pyStr } from './columns';
import { planReading } from './reading';
import { SNIFF_BYTES, sniffBytes } from './sniff';
import type { Head, Sniffed } from './sniff';
import { DataFileError } from '../../model/data/types';
import type { FileProfile } from '../../model/data/types';
import { oneLine } from '../../model/text/one-line';

export interface ProfileOptions {
  signal?: AbortSignal;
  /** Bytes read so far and the file size, during the counting pass. */
  onProgress?: (bytes: number, total: number) => void;
}

/** `cannot read sales.csv: permission denied`, from a Node error. */
export function readError(name: string, err: unknown): DataFileError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    ENOTDIR: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder, not a file',
    ELOOP: 'too many symbolic links',
    EBUSY: 'the file is locked',
  };
  const reason = (code && reasons[code]) ?? oneLine(err);
  return new DataFileError(`cannot read ${name}: ${reason}`);
}

/**
 * Opens for reading without ever blocking: a named pipe (or a device) put in place of the file
 * after it was checked would otherwise hold the open until a writer comes. The handle is checked
 * to be a regular file before anything is read; on a regular file O_NONBLOCK changes nothing.
 */
const HEAD_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** The first `max` bytes of a regular file. */
export async function readHead(file: string, max = SNIFF_BYTES): Promise<Head> {
  const name = path.basename(file);
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(file, HEAD_FLAGS);
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!st.isFile()) throw new Error('not a regular file');
    const bytes = Buffer.alloc(Math.min(max, st.size));
    let got = 0;
    while (got < bytes.length) {
      const { bytesRead } = await fh.read(bytes, got, bytes.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { name, size: st.size, bytes: bytes.subarray(0, got), truncated: st.size > got };
  } catch (err) {
    throw readError(name, err);
  } finally {
    await fh?.close();
  }
}

/** How the file must be read beyond what `FileProfile` records. */
export interface ReadOptions {
  naDash: boolean;
  indexColFalse: boolean;
  skipBadLines: boolean;
  replaceEncodingErrors: boolean;
  /** Columns read as pandas categoricals (large files: faster to load, far less memory). */
  categories?: string[];
  /** Columns read as text (`dtype=str`): numbers the overview converts, values pandas would mangle. */
  strColumns?: string[];
  /** Day-first date columns parsed by read_csv (`parse_dates=[…], dayfirst=True`). */
  dayFirstDates?: string[];
}

/**
 * From this size on, low-cardinality text and date columns are read as `category`: pandas then
 * keeps one copy of each distinct value instead of millions of Python strings, which loads a
 * 1 GB file markedly faster and makes grouping nearly free.
 */
export const LARGE_FILE_BYTES = 64 * 1024 * 1024;

type ReadCsvInput = Pick<
  FileProfile,
  | 'name'
  | 'delimiter'
  | 'decimal'
  | 'thousands'
  | 'quotechar'
  | 'encoding'
  | 'header'
  | 'columns'
  | 'skipRows'
>;

/** `pd.read_csv('sales.csv', sep=';', …)` with only the arguments that differ from pandas' defaults. */
export function readCsvCall(p: ReadCsvInput, extra: Partial<ReadOptions> = {}): string {
  const args = [pyStr(p.name)];
  if (p.delimiter !== ',') args.push(`sep=${pyStr(p.delimiter)}`);
  if (p.decimal !== '.') args.push(`decimal=${pyStr(p.decimal)}`);
  if (p.thousands) args.push(`thousands=${pyStr(p.thousands)}`);
  if (p.quotechar !== '"') args.push(`quotechar=${pyStr(p.quotechar)}`);
  if (p.encoding !== 'utf-8') args.push(`encoding=${pyStr(p.encoding)}`);
  if (p.skipRows) args.push(`skiprows=${p.skipRows}`);
  if (!p.header) args.push('header=None', `names=[${p.columns.map((c) => pyStr(c.name)).join(', ')}]`);
  if (extra.naDash) args.push("na_values=['-']");
  if (extra.indexColFalse) args.push('index_col=False');
  if (extra.skipBadLines) args.push("on_bad_lines='warn'");
  if (extra.replaceEncodingErrors) args.push("encoding_errors='replace'");
  const dtypes = [
    ...(extra.strColumns ?? []).map((c) => `${pyStr(c)}: str`),
    ...(extra.categories ?? []).map((c) => `${pyStr(c)}: 'category'`),
  ];
  if (dtypes.length) args.push(`dtype={${dtypes.join(', ')}}`);
  if (extra.dayFirstDates?.length) {
    args.push(`parse_dates=[${extra.dayFirstDates.map(pyStr).join(', ')}]`, 'dayfirst=True');
  }
  return `pd.read_csv(${args.join(', ')})`;
}

/** Rows longer or shorter than the header: warnings, and the read options that cope with them. */
function raggedness(data: string[][], width: number, header: boolean) {
  const warnings: string[] = [];
  let indexColFalse = false;
  let skipBadLines = false;
  const of = `of the first ${data.length} rows`;
  const longer = data.filter((r) => r.length > width);
  if (longer.length > 0) {
    if (longer.every((r) => r.slice(width).every((v) => v === ''))) {
      indexColFalse = true;
      warnings.push(`${longer.length} ${of} end with an extra delimiter (ignored)`);
    } else if (header) {
      skipBadLines = true;
      indexColFalse = (data[0]?.length ?? 0) > width;
      warnings.push(
        `${longer.length} ${of} have more than ${width} fields: pandas skips such rows with a warning, so it may load fewer rows than counted`,
      );
    }
  }
  const shorter = data.filter((r) => r.length < width).length;
  if (shorter > 0)
    warnings.push(`${shorter} ${of} have fewer than ${width} fields: the missing fields are empty`);
  return { warnings, indexColFalse, skipBadLines };
}

/** The decisions from sniffing and counting, put together (no I/O). */
export function buildProfile(
  file: string,
  sn: Sniffed,
  counted: Pick<CountResult, 'records' | 'bytes' | 'sha256' | 'invalidUtf8' | 'openQuote'>,
): FileProfile & { readOptions: ReadOptions } {
  const name = path.basename(file);
  const warnings = [...sn.warnings];
  let encoding = sn.encoding;
  let replaceEncodingErrors = false;
  if (counted.invalidUtf8) {
    const at = counted.invalidUtf8.offset;
    if (sn.ascii && encoding === 'utf-8') {
      encoding = counted.invalidUtf8.cp1252 ? 'cp1252' : 'latin-1';
      warnings.push(
        `the first 256 KB are plain ASCII, but bytes after ${at} are not UTF-8: read as ${encoding}`,
      );
    } else {
      replaceEncodingErrors = true;
      warnings.push(`the file is not valid UTF-8 after byte ${at}: undecodable bytes are read as �`);
    }
  }
  if (counted.openQuote && !sn.openQuote) {
    warnings.push('the file ends inside a quoted field: pandas may fail with "EOF inside string"');
  }

  const headerRow = sn.header ? (sn.records[0] ?? []) : null;
  const large = counted.bytes >= LARGE_FILE_BYTES;
  const data = sn.header ? sn.records.slice(1) : sn.records;
  const width = headerRow ? headerRow.length : data.reduce((n, r) => Math.max(n, r.length), 1);
  const names = headerRow ? pandasNames(headerRow) : generatedNames(width);
  const ragged = raggedness(data, width, sn.header);
  warnings.push(...ragged.warnings);
  const fit = (r: string[]) => Array.from({ length: width }, (_, i) => r[i] ?? '');
  const rows = data.map(fit);
  if (rows.length === 0 && counted.records > (sn.header ? 1 : 0)) {
    warnings.push('no complete data row fits in the first 256 KB: column types are unknown');
  }
  const inferred = planReading(names, rows, sn, { delimiter: sn.delimiter, quotechar: sn.quotechar, large });
  warnings.push(...inferred.warnings);
  const { format } = inferred;

  const profile: FileProfile = {
    path: path.resolve(file),
    name,
    size: counted.bytes,
    sha256: counted.sha256 ?? '',
    encoding,
    delimiter: sn.delimiter,
    decimal: format.decimal,
    ...(format.thousands ? { thousands: format.thousands } : {}),
    quotechar: sn.quotechar,
    header: sn.header,
    skipRows: sn.skipRows,
    preamble: sn.preamble,
    rows: Math.max(0, counted.records - sn.preambleRecords - (sn.header ? 1 : 0)),
    columns: inferred.columns,
    dates: inferred.dates,
    numbers: inferred.numbers,
    sample: rows.slice(0, 5),
    readCsv: '',
    warnings,
  };
  const readOptions: ReadOptions = {
    naDash: rows.some((r) => r.includes('-')),
    indexColFalse: ragged.indexColFalse,
    skipBadLines: ragged.skipBadLines,
    replaceEncodingErrors,
    strColumns: inferred.strColumns,
    dayFirstDates: inferred.parseDates,
  };
  if (large) {
    const str = new Set(inferred.strColumns);
    const lowCardinality = inferred.columns.filter(
      (c) => ['category', 'date', 'datetime'].includes(c.type) && !str.has(c.name),
    );
    if (lowCardinality.length) readOptions.categories = lowCardinality.map((c) => c.name);
  }
  profile.readCsv = readCsvCall(profile, readOptions);
  return { ...profile, readOptions };
}

/**
 * Profiles a delimited text file: sniffing (first 256 KB), one streaming pass that counts rows,
 * hashes the bytes and checks UTF-8, then column types from the first 1000 rows. Reads only.
 * Throws `DataFileError` (one line, for the user) for files that cannot be analysed.
 */
export async function profileFile(file: string, opts: ProfileOptions = {}): Promise<FileProfile> {
  opts.signal?.throwIfAborted();
  const head = await readHead(file);
  const sn = sniffBytes(head);
  let counted: CountResult;
  try {
    counted = await countRecords(file, {
      delimiter: sn.delimiter,
      quotechar: sn.quotechar,
      utf16: sn.utf16,
      skipBytes: sn.bom,
      loneCR: sn.loneCR,
      hash: true,
      checkUtf8: head.truncated && (sn.encoding === 'utf-8' || sn.encoding === 'utf-8-sig'),
      signal: opts.signal,
      onProgress: opts.onProgress && ((bytes) => opts.onProgress?.(bytes, head.size)),
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw readError(head.name, err);
  }
  const { readOptions: _, ...profile } = buildProfile(file, sn, counted);
  return profile;
}

/**
 * Sniffing: from the first 256 KB of a file (never the whole file), decide whether it is
 * delimited text at all, its encoding, delimiter, quote character, decimal and thousands
 * separators, and whether the first row is a header. Bad files fail with one `DataFileError` line.
 */
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import chardet from 'chardet';
import Papa from 'papaparse';
import { CP1252_UNDEFINED, incompleteUtf8Tail } from './count';
import { looksLikeHeader, numberFormat } from './columns';
import type { NumberFormat } from './columns';
import { headerView } from './numbers';
import { findPreamble } from './preamble';
import { DataFileError } from '../../model/data/types';
import type { Encoding, FileProfile } from '../../model/data/types';

export const SNIFF_BYTES = 256 * 1024;
/** Header + data rows parsed from the sample. */
export const SAMPLE_RECORDS = 1001;

export type Delimiter = FileProfile['delimiter'];
export type Quote = FileProfile['quotechar'];
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];

export interface Head {
  name: string;
  size: number;
  bytes: Buffer;
  /** The file is longer than `bytes`. */
  truncated: boolean;
}

export interface Sniffed extends NumberFormat {
  encoding: Encoding;
  /** Byte order of a UTF-16 file, for counting. */
  utf16: 'le' | 'be' | null;
  /** Length of the byte order mark. */
  bom: number;
  /** The sample is plain ASCII (its encoding was not really tested). */
  ascii: boolean;
  delimiter: Delimiter;
  quotechar: Quote;
  header: boolean;
  /** Lines above the table that read_csv skips (`skiprows`), blank ones included. */
  skipRows: number;
  /** Of those, the non-blank ones (the counter counts them as records). */
  preambleRecords: number;
  /** The skipped non-blank lines, cells joined by a space. */
  preamble: string[];
  /** Lines end with a lone CR somewhere in the sample. */
  loneCR: boolean;
  /** Parsed records of the sample after the preamble: the header row (if any) then up to 1000 data rows. */
  records: string[][];
  /** The sample ends inside a quoted field that is never closed. */
  openQuote: boolean;
  warnings: string[];
}

const MAGIC: [signature: number[] | string, what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  ['GIF8', 'a GIF image'],
  ['%PDF-', 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x50, 0x4b, 0x05, 0x06], 'a ZIP archive'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz-compressed file'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an old-style Microsoft Office document'],
  ['SQLite format 3\0', 'an SQLite database'],
];

/** Throws for known binary formats, and for spreadsheets with advice to save them as CSV. */
function rejectBinary(name: string, bytes: Buffer): void {
  for (const [sig, what] of MAGIC) {
    const s = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
    if (bytes.length < s.length || !bytes.subarray(0, s.length).equals(s)) continue;
    const head = bytes.toString('latin1');
    const ext = path.extname(name).toLowerCase();
    if (what === 'a ZIP archive' && (head.includes('xl/') || ['.xlsx', '.xlsm'].includes(ext))) {
      throw new DataFileError(`${name} is an Excel workbook, not CSV: save it as CSV first`);
    }
    if (what === 'a ZIP archive' && head.includes('opendocument.spreadsheet')) {
      throw new DataFileError(`${name} is an OpenDocument spreadsheet, not CSV: save it as CSV first`);
    }
    if (what.includes('Office') && ext === '.xls') {
      throw new DataFileError(`${name} is an Excel workbook, not CSV: save it as CSV first`);
    }
    throw new DataFileError(`${name} is not a text file (it looks like ${what})`);
  }
}

/** UTF-16 without a byte order mark: most ASCII characters have a NUL in the same half. */
function utf16ByNuls(bytes: Buffer): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  if (odd >= units * 0.3 && even <= units * 0.05) return 'le';
  if (even >= units * 0.3 && odd <= units * 0.05) return 'be';
  return null;
}

interface EncodingGuess {
  encoding: Encoding;
  utf16: 'le' | 'be' | null;
  bom: number;
  ascii: boolean;
  hint: string | null;
}

const NON_LATIN = /shift_jis|euc|gb18030|big5|iso-2022|koi8|1251|1253|1255|1256|8859-[5678]/i;

function guessEncoding(name: string, bytes: Buffer, truncated: boolean): EncodingGuess {
  const at = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const guess = (encoding: Encoding, utf16: 'le' | 'be' | null = null, bom = 0, ascii = false) => ({
    encoding,
    utf16,
    bom,
    ascii,
    hint: null,
  });
  if (at(0xef, 0xbb, 0xbf)) return guess('utf-8-sig', null, 3);
  if (at(0xff, 0xfe, 0, 0) || at(0, 0, 0xfe, 0xff)) {
    throw new DataFileError(`${name} is in UTF-32, which is not supported: save it as UTF-8 first`);
  }
  if (at(0xff, 0xfe)) return guess('utf-16', 'le', 2);
  if (at(0xfe, 0xff)) return guess('utf-16', 'be', 2);
  const order = utf16ByNuls(bytes);
  if (order) return guess(order === 'le' ? 'utf-16-le' : 'utf-16-be', order);
  let controls = 0;
  for (const b of bytes) {
    if (b === 0) throw new DataFileError(`${name} is not a text file (it contains binary data)`);
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 26) controls++;
  }
  if (controls > bytes.length * 0.01) {
    throw new DataFileError(`${name} is not a text file (it contains binary data)`);
  }
  const body = truncated ? bytes.subarray(0, bytes.length - incompleteUtf8Tail(bytes)) : bytes;
  if (isUtf8(body)) return guess('utf-8', null, 0, !bytes.some((b) => b >= 0x80));
  // A single-byte Western encoding: cp1252 when it uses the printable characters Windows puts at
  // 0x80–0x9F (€ ’ “ ” …) and none of the bytes it leaves undefined; Latin-1 decodes anything.
  let c1 = 0;
  let undefinedC1 = 0;
  for (const b of bytes) {
    if (b >= 0x80 && b <= 0x9f) {
      c1++;
      if (CP1252_UNDEFINED.has(b)) undefinedC1++;
    }
  }
  const encoding: Encoding = c1 > 0 && undefinedC1 === 0 ? 'cp1252' : 'latin-1';
  const top = chardet.analyse(bytes.subarray(0, 65536))[0];
  const hint =
    top && top.confidence >= 20 && NON_LATIN.test(top.name)
      ? `the text may be in ${top.name}, which is read here as ${encoding}: non-Latin letters may look wrong`
      : null;
  return { encoding, utf16: null, bom: 0, ascii: false, hint };
}

/** Windows-1252 at 0x80–0x9F (undefined bytes stay as C1 controls). Node's TextDecoder
 * treats `windows-1252` as Latin-1, so the table is applied by hand. */
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** Text of a file's bytes in the encoding its profile found (a BOM, if any, already skipped). */
export function decodeAs(bytes: Buffer, encoding: Encoding): string {
  const utf16 = encoding === 'utf-16-le' ? 'le' : encoding === 'utf-16-be' ? 'be' : null;
  if (encoding === 'utf-16' && bytes.length >= 2) {
    const be = bytes[0] === 0xfe && bytes[1] === 0xff;
    return decode(bytes.subarray(2), { encoding, utf16: be ? 'be' : 'le', bom: 2, ascii: false, hint: null });
  }
  const skip =
    encoding === 'utf-8-sig' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return decode(bytes.subarray(skip), { encoding, utf16, bom: 0, ascii: false, hint: null });
}

function decode(bytes: Buffer, g: EncodingGuess): string {
  if (g.utf16) {
    const even = bytes.subarray(0, bytes.length & ~1);
    return new TextDecoder(g.utf16 === 'le' ? 'utf-16le' : 'utf-16be').decode(even);
  }
  if (g.encoding === 'latin-1') return bytes.toString('latin1');
  if (g.encoding === 'cp1252') {
    return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** JSON, JSON Lines, HTML or XML: text, but with no rows to find. */
function documentKind(text: string, truncated: boolean): string | null {
  const t = text.trimStart();
  if (/^<!doctype\s+html|^<(html|head|body|table|div)[\s>]/i.test(t)) return 'HTML';
  if (/^<\?xml|^<!doctype|^<svg[\s>]/i.test(t)) return 'XML';
  if (t[0] !== '{' && t[0] !== '[') return null;
  if (!truncated) {
    try {
      JSON.parse(t);
      return 'JSON';
    } catch {
      // not one JSON document; maybe JSON Lines
    }
  }
  const lines = t.split(/\r?\n/, 20).filter((l) => l.trim() !== '');
  const parses = (l: string) => {
    try {
      JSON.parse(l);
      return true;
    } catch {
      return false;
    }
  };
  if (lines.length > 1 && lines.slice(0, -1).every((l) => /^\s*\{.*\}\s*$/.test(l) && parses(l))) {
    return 'JSON Lines';
  }
  return /^[[{]\s*(["{[]|$)/.test(lines[0] ?? '') ? 'JSON' : null;
}

interface FieldStats {
  delimiter: Delimiter;
  width: number;
  consistency: number;
}

/** The most common field count over the first 200 records, and how many records have it. */
function fieldStats(text: string, delimiter: Delimiter, quoteChar: Quote): FieldStats {
  const rows = Papa.parse<string[]>(text, { delimiter, quoteChar, preview: 200, skipEmptyLines: true }).data;
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 1;
  let best = 0;
  for (const [w, n] of counts) if (n > best || (n === best && w > width)) [width, best] = [w, n];
  return { delimiter, width, consistency: rows.length ? best / rows.length : 0 };
}

/**
 * Papa Parse's guess, kept when its field counts are consistent; otherwise the most consistent
 * candidate with at least two columns; otherwise one column, with a delimiter that never occurs.
 */
function chooseDelimiter(text: string, quoteChar: Quote): Delimiter {
  const guess = Papa.parse<string[]>(text, { delimitersToGuess: DELIMITERS, preview: 10, quoteChar });
  const guessed = guess.errors.some((e) => e.code === 'UndetectableDelimiter')
    ? null
    : (guess.meta.delimiter as Delimiter);
  const stats = DELIMITERS.map((d) => fieldStats(text, d, quoteChar));
  const papa = stats.find((s) => s.delimiter === guessed);
  if (papa && papa.width >= 2 && papa.consistency >= 0.9) return papa.delimiter;
  const multi = stats
    .filter((s) => s.width >= 2 && s.consistency >= 0.6)
    .sort((a, b) => b.consistency - a.consistency || b.width - a.width);
  if (multi[0]) return multi[0].delimiter;
  const unused = ([',', '\t', ';', '|'] as const).find((d) => !text.includes(d));
  return unused ?? papa?.delimiter ?? ',';
}

/** `'` quotes fields only when it clearly does: several `'…'` fields and no `"…"` ones. */
function usesSingleQuotes(text: string, delimiter: Delimiter): boolean {
  const d = delimiter === '|' ? '\\|' : delimiter;
  const count = (re: RegExp) => text.slice(0, 65536).match(re)?.length ?? 0;
  const double = count(new RegExp(`(?:^|${d})"`, 'gm'));
  const single = count(new RegExp(`(?:^|${d})'[^'\\r\\n]*'(?=${d}|\\r?$)`, 'gm'));
  const lines = Math.max(1, count(/\n/g));
  return double === 0 && single >= 2 && single >= Math.min(lines, 200) * 0.2;
}

/** Everything that can be told from the first bytes of a file. */
export function sniffBytes(head: Head): Sniffed {
  const { name, bytes, truncated } = head;
  if (head.size === 0) throw new DataFileError(`${name} is empty`);
  rejectBinary(name, bytes);
  const enc = guessEncoding(name, bytes, truncated);
  let text = decode(bytes, enc);
  if (text.trim() === '') {
    throw new DataFileError(
      truncated ? `${name} is not delimited text (it starts blank)` : `${name} is empty`,
    );
  }
  const kind = documentKind(text, truncated);
  if (kind) throw new DataFileError(`${name} is not delimited text (it looks like ${kind})`);
  if (truncated) {
    // Keep whole lines: the last one may be cut short.
    const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (end > 0) text = text.slice(0, end + 1);
  }

  let quotechar: Quote = '"';
  let delimiter = chooseDelimiter(text, quotechar);
  if (usesSingleQuotes(text, delimiter)) {
    quotechar = "'";
    delimiter = chooseDelimiter(text, quotechar);
  }
  const parsed = Papa.parse<string[]>(text, {
    delimiter,
    quoteChar: quotechar,
    skipEmptyLines: true,
    preview: SAMPLE_RECORDS + 1,
  });
  // pandas skips lines holding only spaces (and tabs, unless tab is the delimiter).
  const blank = delimiter === '\t' ? /^ *$/ : /^[ \t]*$/;
  let records = parsed.data.filter((r) => !(r.length === 1 && blank.test(r[0]!)));
  const missingQuote = parsed.errors.some((e) => e.code === 'MissingQuotes');
  // A quoted field still open where the sample was cut: its record is incomplete.
  if (truncated && missingQuote && records.length <= SAMPLE_RECORDS) records = records.slice(0, -1);
  const openQuote = missingQuote && !truncated;
  const preamble = findPreamble(text, delimiter, quotechar, numberFormat(records, delimiter));
  records = records.slice(preamble.records);
  const format = numberFormat(records, delimiter);
  const header = looksLikeHeader(headerView(records, format), format);
  const warnings: string[] = [];
  if (enc.hint) warnings.push(enc.hint);
  if (openQuote) warnings.push('a quoted field is never closed: pandas may fail with "EOF inside string"');
  return {
    encoding: enc.encoding,
    utf16: enc.utf16,
    bom: enc.bom,
    ascii: enc.ascii,
    delimiter,
    quotechar,
    ...format,
    header,
    skipRows: preamble.skipRows,
    preambleRecords: preamble.records,
    preamble: preamble.lines,
    loneCR: /\r(?!\n)/.test(text.slice(0, -1)),
    records: records.slice(0, SAMPLE_RECORDS),
    openQuote,
    warnings,
  };
}

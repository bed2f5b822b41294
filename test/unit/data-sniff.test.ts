// Sniffing and profiling crafted files, written for real in a temp dir (no mocks).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFile, readHead } from '../../electron/core/data/profile';
import { sniffBytes } from '../../electron/core/data/sniff';
import { DataFileError } from '../../electron/model/data/types';
import type { FileProfile } from '../../electron/model/data/types';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'plotwright-sniff-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes `content` as `name` in a fresh folder and profiles it. */
async function profile(name: string, content: string | Buffer): Promise<FileProfile> {
  const dir = mkdtempSync(path.join(tmp, 'f-'));
  writeFileSync(path.join(dir, name), content);
  return profileFile(path.join(dir, name));
}

const types = (p: FileProfile) => Object.fromEntries(p.columns.map((c) => [c.name, c.type]));

describe('encodings', () => {
  it('semicolons, decimal comma and cp1252 with a € sign', async () => {
    const text = 'Kunde;Preis;Währung\n"Müller";1.234,56;€\n"Böhm";3,5;€\n';
    const p = await profile('ventes.csv', Buffer.from(text.replace(/€/g, '\x80'), 'latin1'));
    expect(p).toMatchObject({
      encoding: 'cp1252',
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      header: true,
      rows: 2,
    });
    expect(types(p)).toEqual({ Kunde: 'text', Preis: 'float', Währung: 'category' });
    expect(p.sample[0]).toEqual(['Müller', '1.234,56', '€']);
    expect(p.readCsv).toBe(
      "pd.read_csv('ventes.csv', sep=';', decimal=',', thousands='.', encoding='cp1252')",
    );
  });

  it('the brief’s own example: Umsatz;Preis with "Müller";1.234,56', async () => {
    const p = await profile('umsatz.csv', Buffer.from('Umsatz;Preis\n"Müller";1.234,56\n', 'latin1'));
    expect(p).toMatchObject({ encoding: 'latin-1', delimiter: ';', decimal: ',', rows: 1 });
    expect(types(p).Preis).toBe('float');
  });

  it('UTF-8 with a byte order mark', async () => {
    const p = await profile('bom.csv', '\ufeffname,n\nZoë,1\n');
    expect(p).toMatchObject({ encoding: 'utf-8-sig', rows: 1 });
    expect(p.columns[0]!.name).toBe('name');
    expect(p.readCsv).toBe("pd.read_csv('bom.csv', encoding='utf-8-sig')");
  });

  it('UTF-16 LE with a byte order mark, and without one', async () => {
    const body = Buffer.from('name,score\nÉlodie,3\nZoë,4\n', 'utf16le');
    const bom = await profile('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(bom).toMatchObject({
      encoding: 'utf-16',
      rows: 2,
      sample: [
        ['Élodie', '3'],
        ['Zoë', '4'],
      ],
    });
    const bare = await profile('u16le.csv', body);
    expect(bare).toMatchObject({ encoding: 'utf-16-le', rows: 2 });
    const be = await profile('u16be.csv', Buffer.from(body).swap16());
    expect(be).toMatchObject({
      encoding: 'utf-16-be',
      rows: 2,
      sample: [
        ['Élodie', '3'],
        ['Zoë', '4'],
      ],
    });
  });

  it('Latin-1 with é (no bytes in 0x80–0x9F)', async () => {
    const p = await profile('latin.csv', Buffer.from('nom,ville\nRené,Orléans\nJosé,Nîmes\n', 'latin1'));
    expect(p).toMatchObject({
      encoding: 'latin-1',
      rows: 2,
      sample: [
        ['René', 'Orléans'],
        ['José', 'Nîmes'],
      ],
    });
  });

  it('a sample cut in the middle of a multibyte character is still UTF-8', async () => {
    // 'é' is 2 bytes: make the 256 KB boundary fall between them.
    const line = 'ééééééééé,1\n';
    let text = 'name,n\n';
    while (Buffer.byteLength(text + line) < 262_143) text += line;
    text += 'x'.repeat(262_143 - Buffer.byteLength(text)) + 'é,2\n';
    const bytes = Buffer.from(text);
    expect(bytes[262_143]).toBe(0xc3); // the last byte of the sample is the first half of é
    const head = await (async () => {
      const dir = mkdtempSync(path.join(tmp, 'cut-'));
      writeFileSync(path.join(dir, 'cut.csv'), bytes);
      return readHead(path.join(dir, 'cut.csv'));
    })();
    expect(head.truncated).toBe(true);
    expect(sniffBytes(head).encoding).toBe('utf-8');
  });

  it('Cyrillic windows-1251 cannot be named, so it is read as Latin-1 with a warning', async () => {
    // windows-1251 puts А…я (U+0410–U+044F) at 0xC0–0xFF
    const cp1251 = (t: string) =>
      Buffer.from([...t].map((c) => (c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x350 : c.charCodeAt(0))));
    const ru = cp1251(
      'город;население\nМосква;13000000\nСанкт-Петербург;5600000\nНовосибирск;1600000\nЕкатеринбург;1500000\n',
    );
    const p = await profile('ru.csv', ru);
    expect(p.encoding).toBe('latin-1');
    expect(p.warnings).toEqual([
      'the text may be in windows-1251, which is read here as latin-1: non-Latin letters may look wrong',
    ]);
  });

  it('a file that is ASCII for 256 KB and cp1252 later is read as cp1252', async () => {
    let text = 'name,n\n';
    while (text.length < 300_000) text += 'plain,1\n';
    const p = await profile('late.csv', Buffer.from(text + 'caf\x80,2\n', 'latin1'));
    expect(p.encoding).toBe('cp1252');
    expect(p.warnings.join(' ')).toMatch(/not UTF-8/);
  });
});

describe('delimiters, quoting, headers', () => {
  it('tab- and pipe-separated', async () => {
    const tsv = await profile('x.tsv', 'a\tb\tc\n1\tx y\t2.5\n3\tz\t4.5\n');
    expect(tsv).toMatchObject({ delimiter: '\t', decimal: '.', rows: 2 });
    expect(tsv.readCsv).toBe("pd.read_csv('x.tsv', sep='\\t')");
    const pipe = await profile('p.txt', 'a|b\n1|2\n3|4\n');
    expect(pipe).toMatchObject({ delimiter: '|', rows: 2, readCsv: "pd.read_csv('p.txt', sep='|')" });
  });

  it('quoted fields holding newlines, delimiters and escaped quotes do not fool the row count', async () => {
    const text = 'id,note,val\n1,"line1\nline2, with, commas",3\n2,"say ""hi""\n\n",4\n3,plain,5\n';
    const p = await profile('quoted.csv', text);
    expect(p).toMatchObject({ delimiter: ',', quotechar: '"', rows: 3 });
    expect(p.sample[1]).toEqual(['2', 'say "hi"\n\n', '4']);
  });

  it('single quotes only when clearly used', async () => {
    const p = await profile('sq.csv', "name,city\n'Smith, J',London\n'Doe, A',Paris\n'Roe, B',Rome\n");
    expect(p).toMatchObject({ quotechar: "'", rows: 3 });
    expect(p.sample[0]).toEqual(['Smith, J', 'London']);
    const apostrophes = await profile('ap.csv', "name,n\nO'Brien,1\nD'Arcy,2\n");
    expect(apostrophes.quotechar).toBe('"');
  });

  it('CRLF, and no newline at the end', async () => {
    expect((await profile('crlf.csv', 'a,b\r\n1,2\r\n3,4\r\n')).rows).toBe(2);
    expect((await profile('notrail.csv', 'a,b\n1,2\n3,4')).rows).toBe(2);
    expect((await profile('blank-tail.csv', 'a,b\n1,2\n3,4\n\n\n  \n')).rows).toBe(2);
  });

  it('no header when the first row is numbers', async () => {
    const p = await profile('noheader.csv', '1,2.5,x\n4,5.5,y\n7,8.5,z\n');
    expect(p).toMatchObject({ header: false, rows: 3 });
    expect(p.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(p.readCsv).toBe(
      "pd.read_csv('noheader.csv', header=None, names=['column_1', 'column_2', 'column_3'])",
    );
  });

  it('a single column is a valid file', async () => {
    const p = await profile('cities.csv', 'city\nParis\nLondon\nRome\nParis, Texas\n');
    expect(p.columns.map((c) => c.name)).toEqual(['city']);
    expect(p.rows).toBe(4);
    // the comma in "Paris, Texas" must not split the row: read with a delimiter that never occurs
    expect(p.readCsv).toBe("pd.read_csv('cities.csv', sep='\\t')");
  });

  it('ragged rows are a warning, not an error', async () => {
    const p = await profile('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    expect(p.rows).toBe(4);
    expect(p.warnings).toEqual([
      '1 of the first 4 rows have more than 3 fields: pandas skips such rows with a warning, so it may load fewer rows than counted',
      '1 of the first 4 rows have fewer than 3 fields: the missing fields are empty',
    ]);
    expect(p.readCsv).toBe("pd.read_csv('ragged.csv', on_bad_lines='warn')");
  });

  it('file names with quotes, backslashes and accents are safe Python literals', async () => {
    expect((await profile("l'été \\ 2026.csv", 'a\n1\n')).readCsv).toBe(
      'pd.read_csv("l\'été \\\\ 2026.csv")',
    );
    expect((await profile('both\'"q.csv', 'a\n1\n')).readCsv).toBe("pd.read_csv('both\\'\"q.csv')");
  });

  it('rows longer than the 256 KB sample', async () => {
    const p = await profile('wide.csv', `id,blob\n1,${'x'.repeat(300_000)}\n2,y\n`);
    expect(p).toMatchObject({ header: true, rows: 2 });
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'blob']);
    expect(p.warnings).toEqual(['no complete data row fits in the first 256 KB: column types are unknown']);
    const q = await profile('quoted-wide.csv', `id,blob\n1,a\n2,"${'x\n'.repeat(150_000)}"\n3,b\n`);
    expect(q).toMatchObject({ rows: 3, sample: [['1', 'a']] });
  });

  it('hashes the whole file and keeps at most 5 sample rows', async () => {
    const text = 'n\n' + Array.from({ length: 50 }, (_, i) => `${i}\n`).join('');
    const p = await profile('fifty.csv', text);
    expect(p.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(p.size).toBe(Buffer.byteLength(text));
    expect(p.sample).toHaveLength(5);
    expect(p.rows).toBe(50);
  });
});

describe('profileFile options', () => {
  it('reports progress up to the size, and stops when aborted', async () => {
    const dir = mkdtempSync(path.join(tmp, 'opts-'));
    const file = path.join(dir, 'p.csv');
    writeFileSync(file, 'a,b\n' + '1,2\n'.repeat(300_000));
    const seen: [number, number][] = [];
    const p = await profileFile(file, { onProgress: (bytes, total) => seen.push([bytes, total]) });
    expect(p.rows).toBe(300_000);
    expect(seen.at(-1)).toEqual([p.size, p.size]);
    await expect(profileFile(file, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const ac = new AbortController();
    const run = profileFile(file, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('files that cannot be analysed', () => {
  const PNG = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ]);
  const XLSX = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]),
    Buffer.alloc(22),
    Buffer.from('[Content_Types].xml'),
    Buffer.alloc(40),
    Buffer.from('xl/workbook.xml'),
  ]);
  const cases: [name: string, content: string | Buffer, message: string][] = [
    ['sales.csv', '', 'sales.csv is empty'],
    ['blank.csv', '  \n\t\r\n   \n', 'blank.csv is empty'],
    ['bom-only.csv', '\ufeff\n', 'bom-only.csv is empty'],
    ['photo.png', PNG, 'photo.png is not a text file (it looks like a PNG image)'],
    ['report.xlsx', XLSX, 'report.xlsx is an Excel workbook, not CSV: save it as CSV first'],
    [
      'archive.zip',
      Buffer.from('PK\x03\x04\x14\x00\x00\x00notes.txt', 'latin1'),
      'archive.zip is not a text file (it looks like a ZIP archive)',
    ],
    [
      'data.csv.gz',
      Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]),
      'data.csv.gz is not a text file (it looks like a gzip-compressed file)',
    ],
    ['doc.pdf', '%PDF-1.7\n%âãÏÓ\n', 'doc.pdf is not a text file (it looks like a PDF document)'],
    [
      'prog',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
      'prog is not a text file (it looks like an ELF executable)',
    ],
    [
      'blob.csv',
      Buffer.from('a,b\n1,\0\0\x01\n', 'latin1'),
      'blob.csv is not a text file (it contains binary data)',
    ],
    [
      'data.json',
      '{\n  "rows": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]\n}\n',
      'data.json is not delimited text (it looks like JSON)',
    ],
    [
      'rows.jsonl',
      '{"a": 1, "b": 2}\n{"a": 3, "b": 4}\n',
      'rows.jsonl is not delimited text (it looks like JSON Lines)',
    ],
    [
      'page.html',
      '<!DOCTYPE html>\n<html><body><table><tr><td>1,2</td></tr></table></body></html>\n',
      'page.html is not delimited text (it looks like HTML)',
    ],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: ${message}`, async () => {
      const dir = mkdtempSync(path.join(tmp, 'bad-'));
      writeFileSync(path.join(dir, name), content);
      const before = readdirSync(dir);
      const err = await profileFile(path.join(dir, name)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataFileError);
      expect((err as Error).message).toBe(message);
      expect(readdirSync(dir)).toEqual(before);
    });
  }

  it('a folder, and a missing path', async () => {
    const dir = mkdtempSync(path.join(tmp, 'paths-'));
    mkdirSync(path.join(dir, 'exports'));
    const before = readdirSync(dir);
    await expect(profileFile(path.join(dir, 'exports'))).rejects.toThrow(
      new DataFileError('cannot read exports: it is a folder, not a file'),
    );
    await expect(profileFile(path.join(dir, 'missing.csv'))).rejects.toThrow(
      new DataFileError('cannot read missing.csv: no such file'),
    );
    expect(readdirSync(dir)).toEqual(before);
  });
  // EACCES is not tested: the tests run as root, for whom chmod 000 does not stop reading.
  // readError() maps it to "cannot read X: permission denied".
});

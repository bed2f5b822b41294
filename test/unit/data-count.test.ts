// Streaming record counts on real temp files: quotes, line endings, blank lines, chunk
// boundaries (tiny chunks force every state across a boundary), UTF-16, abort and progress.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRecords, countRows } from '../../electron/core/data/count';
import type { CountOptions } from '../../electron/core/data/count';

let tmp: string;
let seq = 0;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'plotwright-count-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(content: string | Buffer): string {
  const file = path.join(tmp, `f${seq++}.csv`);
  writeFileSync(file, content);
  return file;
}

async function records(content: string | Buffer, opts: CountOptions = {}): Promise<number> {
  return (await countRecords(write(content), opts)).records;
}

// [content, records as pandas counts them (header included)]
const CASES: [string, number][] = [
  ['a,b\n1,2\n3,4\n', 3],
  ['a,b\n1,2\n3,4', 3],
  ['a,b\r\n1,2\r\n3,4\r\n', 3],
  ['a,b\r1,2\r3,4\r', 3],
  ['a,b\n1,2\n\n\n3,4\n\n', 3],
  ['\n\na,b\n1,2\n', 2],
  ['a,b\n1,2\n   \n\t\n \r\n3,4\n', 3],
  ['a,b\n1,"x\ny"\n3,4\n', 3],
  ['a,b\n1,"x\r\ny\r\n"\n3,4\n', 3],
  ['a,b\n1,"say ""hi""\nthere"\n3,4\n', 3],
  ['a,b\n1,"""\n"""\n3,4\n', 3],
  ['a,b\n"x,\ny",1\n', 2],
  ['a,b\n1,ab"cd\n3,4\n', 3], // a quote inside an unquoted field is literal
  ['a,b\n1,5\'11"\n3,4\n', 3],
  ['a,b\n  "x\ny",1\n', 3], // after leading spaces a quote is literal, so the newline ends the record
  ['a,b\n,\n,,\n', 3],
  ['a,b\n1,"ab"cd\n2,x\n', 3],
  ['a,b\n1,"unterminated\n2,x\n', 2],
  ['', 0],
  ['\n\n  \n', 0],
  ['x', 1],
];

describe('countRecords', () => {
  for (const [content, expected] of CASES) {
    it(`${JSON.stringify(content)} → ${expected}`, async () => {
      // sniffing tells lone-CR files apart (old Mac line ends): they take the byte-by-byte path
      const loneCR = /\r(?!\n)/.test(content);
      for (const chunkSize of [1, 2, 3, 5, 7, 13, 65_536]) {
        expect(await records(content, { chunkSize, loneCR }), `chunk ${chunkSize}`).toBe(expected);
      }
      // and that path agrees with the fast one everywhere else
      expect(await records(content, { loneCR: true })).toBe(expected);
    });
  }

  it('a large file with quoted newlines: the word-at-a-time path agrees with the byte path', async () => {
    const rows: string[] = ['id,note,val'];
    for (let i = 0; i < 20_000; i++) {
      const note = i % 17 === 0 ? `"multi\nline, ""quoted"""` : i % 5 === 0 ? `"a,b"` : `plain ${i}`;
      rows.push(`${i},${note},${i * 3}`);
    }
    const file = write(rows.join('\n') + '\n');
    for (const chunkSize of [4093, 65_536, 1 << 20]) {
      expect(await countRows(file, { chunkSize })).toBe(20_000);
    }
    expect((await countRecords(file, { loneCR: true })).records).toBe(20_001);
  });

  it('tab-separated: a line holding only a tab is a row of empty fields', async () => {
    expect(await records('a\tb\n1\t2\n\t\n3\t4\n', { delimiter: '\t' })).toBe(4);
    expect(await records('a,b\n1,2\n\t\n3,4\n')).toBe(3);
  });

  it('single-quote quoting', async () => {
    expect(await records("a,b\n'x\ny',1\n", { quotechar: "'" })).toBe(2);
  });

  it('UTF-16 LE and BE, odd chunk sizes, byte order mark skipped', async () => {
    const text = 'name,note\nZoë,"two\nlines"\n\nÉlodie,x\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    for (const chunkSize of [1, 3, 7, 65_536]) {
      expect(await records(le, { utf16: 'le', skipBytes: 2, chunkSize })).toBe(3);
      expect(await records(be, { utf16: 'be', skipBytes: 2, chunkSize })).toBe(3);
    }
  });

  it('hashes every byte in the same pass, and reports progress up to the size', async () => {
    const text = 'a,b\n' + '1,2\n'.repeat(10_000);
    const seen: number[] = [];
    const r = await countRecords(write(text), {
      hash: true,
      chunkSize: 4096,
      onProgress: (b) => seen.push(b),
    });
    expect(r.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(r.bytes).toBe(text.length);
    expect(seen.at(-1)).toBe(text.length);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('checks UTF-8 across chunk boundaries', async () => {
    const ok = Buffer.from('name\nZoë\n€uro\n𝄞 clef\n');
    for (const chunkSize of [1, 2, 3, 5]) {
      expect((await countRecords(write(ok), { checkUtf8: true, chunkSize })).invalidUtf8).toBeNull();
    }
    const bad = Buffer.concat([Buffer.from('name\nZoë\n'), Buffer.from([0x80, 0x0a])]);
    expect((await countRecords(write(bad), { checkUtf8: true })).invalidUtf8).toEqual({
      offset: 0,
      cp1252: true,
    });
    const cutShort = Buffer.concat([Buffer.from('name\nx'), Buffer.from([0xe2, 0x82])]);
    expect((await countRecords(write(cutShort), { checkUtf8: true })).invalidUtf8?.offset).toBe(6);
  });

  it('reports a file that ends inside a quoted field', async () => {
    expect((await countRecords(write('a\n"open\n'))).openQuote).toBe(true);
    expect((await countRecords(write('a\n"closed"\n'))).openQuote).toBe(false);
  });

  it('stops when aborted', async () => {
    const file = write('a\n' + '1\n'.repeat(100_000));
    await expect(countRecords(file, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const ac = new AbortController();
    const run = countRecords(file, { chunkSize: 1024, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('countRows', () => {
  it('subtracts the header row unless there is none', async () => {
    const file = write('a,b\n1,2\n3,4\n');
    expect(await countRows(file)).toBe(2);
    expect(await countRows(file, { header: false })).toBe(3);
    expect(await countRows(write(''))).toBe(0);
  });
});

// The pick-time check (electron/core/data/check.ts) on crafted files written for real in a temp
// dir, and FileGrants using it: a file with a problem carries its reason and never enters the
// recent list (no mocks).
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_BYTES, checkFile, checkHead } from '../../electron/core/data/check';
import { FileGrants } from '../../electron/core/desktop/files';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'plotwright-check-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmp, 'f-')), name);
  writeFileSync(file, content);
  return file;
}

const head = (text: string | Buffer, truncated = false) => {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { name: 'data.csv', size: bytes.length, bytes, truncated };
};

describe('checkHead', () => {
  it('says why a head is not a table', () => {
    expect(checkHead(head(''))).toBe('data.csv is empty');
    expect(checkHead(head('\n \n\n'))).toBe('data.csv is empty');
    expect(checkHead(head('region,revenue\n'))).toBe('data.csv has column names but no data rows');
    expect(checkHead(head(Buffer.from([1, 2, 0, 0, 65, 66, 0, 7, 9])))).toBe(
      'data.csv is not a text file (it contains binary data)',
    );
    expect(checkHead(head(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1])))).toMatch(
      /not a text file \(it looks like a PNG image\)/,
    );
    expect(checkHead(head('{"region": "North", "revenue": 3}\n'))).toMatch(/not delimited text.*JSON/);
  });

  it('passes tables, including a head cut inside the first rows', () => {
    expect(checkHead(head('region,revenue\nNorth,3\n'))).toBeNull();
    expect(checkHead(head('1;2\n'))).toBeNull(); // one data row, no header
    expect(checkHead(head('region,revenue\n', true))).toBeNull(); // rows follow beyond the head
  });
});

describe('checkFile', () => {
  it('reads only the first 64 KB', async () => {
    const big = `a,b\n${'1,2\n'.repeat(CHECK_BYTES / 2)}` + '\0'.repeat(1000);
    expect(await checkFile(write('big.csv', big))).toBeNull();
    expect(await checkFile(write('bin.csv', `a,b\n1,2\n${'\0'.repeat(64)}`))).toMatch(/binary data/);
  });

  it('a file that vanished or is a folder cannot be read', async () => {
    const gone = write('gone.csv', 'a\n1\n');
    unlinkSync(gone);
    expect(await checkFile(gone)).toBe('cannot read gone.csv: no such file');
    const dir = path.join(tmp, 'folder.csv');
    mkdirSync(dir);
    expect(await checkFile(dir)).toBe('cannot read folder.csv: it is a folder, not a file');
  });
});

describe('FileGrants with the pick-time check', () => {
  it('a problem file carries its reason and never enters recent files; a good one does', async () => {
    const grants = new FileGrants(path.join(tmp, 'data'));
    const empty = await grants.grant(write('empty.csv', ''));
    expect(empty.problem).toBe('empty.csv is empty');
    const binary = await grants.grantDropped(write('image.csv', Buffer.from([0, 1, 2, 3, 0, 0, 0, 9])));
    expect(binary.problem).toMatch(/^image\.csv is not a text file/);
    expect(await grants.recent()).toEqual([]);

    const good = write('sales.csv', 'region,revenue\nNorth,3\nSouth,4\n');
    const ok = await grants.grant(good);
    expect(ok.problem).toBeUndefined();
    expect((await grants.recent()).map((f) => f.name)).toEqual(['sales.csv']);

    // emptied since: it leaves the recent list
    writeFileSync(good, '');
    expect(await grants.recent()).toEqual([]);
  });
});

// The trusted-images record (docker/trust.ts): where it lives, tolerance of a damaged file, atomic
// replacement. The checks against a real engine are in test/integration/docker-trust.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addTrustRecord,
  findTrustRecord,
  readTrustRecords,
  trustFilePath,
  type TrustRecord,
} from '../../electron/core/exec/docker/trust';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-trust-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const id = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const record = (tag: string, n: number, engine = 'E1'): TrustRecord => ({
  engine,
  tag,
  imageId: id(n),
  how: 'built',
  at: new Date(1_700_000_000_000 + n).toISOString(),
});

describe('trustFilePath', () => {
  it('is in the default app data folder, whatever PLOTWRIGHT_DATA_DIR says', () => {
    const env = { HOME: '/home/u', PLOTWRIGHT_DATA_DIR: '/tmp/some-test-data' };
    expect(trustFilePath(env, 'linux')).toBe('/home/u/.config/Plotwright/trusted-images.json');
    expect(trustFilePath({ ...env, XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(
      '/cfg/Plotwright/trusted-images.json',
    );
    expect(trustFilePath(env, 'darwin')).toBe(
      '/home/u/Library/Application Support/Plotwright/trusted-images.json',
    );
  });

  it('PLOTWRIGHT_TRUST_FILE overrides it', () => {
    expect(trustFilePath({ HOME: '/home/u', PLOTWRIGHT_TRUST_FILE: '/x/t.json' }, 'linux')).toBe('/x/t.json');
  });
});

describe('the record file', () => {
  it('a missing, corrupt or foreign file reads as empty', async () => {
    const file = path.join(dir, 'damaged.json');
    expect(await readTrustRecords(file)).toEqual([]);
    for (const text of ['', '{"version":1,"images":[{"eng', 'null', '[]', '{"images":"no"}']) {
      writeFileSync(file, text);
      expect(await readTrustRecords(file)).toEqual([]);
    }
  });

  it('skips malformed records and keeps the good ones', async () => {
    const file = path.join(dir, 'mixed.json');
    const good = record('plotwright-sandbox:aaaaaaaaaaaa', 1);
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        images: [{ ...good, imageId: 'sha256:short' }, { ...good, how: 'stolen' }, 42, good],
      }),
    );
    expect(await readTrustRecords(file)).toEqual([good]);
  });

  it('adds, replaces per engine and tag, and is written atomically with private permissions', async () => {
    const file = path.join(dir, 'sub', 'trusted-images.json');
    await addTrustRecord(record('t:1', 1), file);
    await addTrustRecord(record('t:1', 2, 'E2'), file);
    await addTrustRecord(record('t:1', 3), file); // replaces the first
    expect((await findTrustRecord('E1', 't:1', file))?.imageId).toBe(id(3));
    expect((await findTrustRecord('E2', 't:1', file))?.imageId).toBe(id(2));
    expect(await findTrustRecord('E3', 't:1', file)).toBeUndefined();
    expect(readdirSync(path.dirname(file))).toEqual(['trusted-images.json']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('a corrupt file is replaced by the next record, and old records are dropped past 200', async () => {
    const file = path.join(dir, 'many.json');
    writeFileSync(file, 'garbage');
    for (let n = 1; n <= 205; n++) await addTrustRecord(record(`t:${n}`, n), file);
    const all = await readTrustRecords(file);
    expect(all).toHaveLength(200);
    expect(all[0]!.tag).toBe('t:6');
    expect(all.at(-1)!.tag).toBe('t:205');
  });
});

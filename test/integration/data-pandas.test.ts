// Profiles checked against pandas itself (/usr/bin/python3): each file is copied into a temp dir,
// its `readCsv` expression is run there, and the shape, dtypes and values must match what was
// inferred — for the csv-spectrum acid test, the seaborn datasets and crafted files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFile } from '../../electron/core/data/profile';
import type { ColumnType, FileProfile } from '../../electron/model/data/types';
import { DATASETS } from './support/env';

const PYTHON = '/usr/bin/python3';

const CHECK = String.raw`
import contextlib, io, json, os, sys, warnings
import numpy as np
import pandas as pd

NA = {'', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
      '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null'}

def same(got, exp):
    if pd.isna(got):
        return exp in NA
    if isinstance(got, (bool, np.bool_)):
        return str(got).lower() == exp.strip().lower()
    if isinstance(got, (int, float, np.integer, np.floating)):
        try:
            return float(exp) == float(got)
        except ValueError:
            return False
    return str(got) == exp

out = []
for job in json.load(sys.stdin):
    os.chdir(job['dir'])
    res = {'id': job['id']}
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter('ignore')
            df = eval(job['readCsv'], {'pd': pd})
            if job.get('independent'):
                res['independentRows'] = len(pd.read_csv(job['name']))
        res['shape'] = list(df.shape)
        res['columns'] = [str(c) for c in df.columns]
        res['dtypes'] = [str(df.dtypes.iloc[i]) for i in range(df.shape[1])]
        res['hasnans'] = [bool(df.iloc[:, i].isna().any()) for i in range(df.shape[1])]
        res['head'] = [[str(v) for v in row] for row in df.head(5).itertuples(index=False)]
        if job.get('expected') is not None:
            bad = []
            for i, row in enumerate(job['expected']):
                for j, (key, exp) in enumerate(row.items()):
                    got = df.iat[i, j] if i < len(df) and j < df.shape[1] else None
                    if got is None or not same(got, exp):
                        bad.append([i, key, exp, str(got)])
            res['mismatches'] = bad
    except Exception as e:
        res['error'] = type(e).__name__ + ': ' + str(e)
    out.append(res)
print(json.dumps(out))
`;

interface PandasResult {
  id: string;
  shape?: [number, number];
  columns?: string[];
  dtypes?: string[];
  hasnans?: boolean[];
  head?: string[][];
  independentRows?: number;
  mismatches?: [number, string, string, string][];
  error?: string;
}

interface Job {
  id: string;
  dir: string;
  name: string;
  readCsv: string;
  independent?: boolean;
  expected?: Record<string, string>[];
}

function runPandas(jobs: Job[]): Map<string, PandasResult> {
  const stdout = execFileSync(PYTHON, ['-c', CHECK], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return new Map((JSON.parse(stdout) as PandasResult[]).map((r) => [r.id, r]));
}

/** The pandas dtypes each inferred type may come out as. */
function dtypeFits(type: ColumnType, dtype: string, hasnans: boolean): boolean {
  switch (type) {
    case 'integer':
      return dtype === 'int64' || (hasnans && dtype === 'float64');
    case 'float':
      return dtype === 'float64';
    case 'boolean':
      return dtype === 'bool' || dtype === 'object';
    case 'empty':
      return dtype === 'float64' || dtype === 'object';
    default:
      return dtype === 'object';
  }
}

/** Shape, column names and dtypes as pandas reads the file agree with the profile. */
function expectAgreement(p: FileProfile, r: PandasResult | undefined, rows = p.rows): void {
  expect(r, p.name).toBeDefined();
  expect(r!.error, `${p.name}: ${p.readCsv}`).toBeUndefined();
  expect(r!.shape, p.name).toEqual([rows, p.columns.length]);
  expect(r!.columns, p.name).toEqual(p.columns.map((c) => c.name));
  p.columns.forEach((c, i) => {
    const dtype = r!.dtypes![i]!;
    expect(dtypeFits(c.type, dtype, r!.hasnans![i]!), `${p.name}.${c.name}: ${c.type} vs ${dtype}`).toBe(
      true,
    );
  });
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'plotwright-pandas-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Copies (or writes) a file into its own temp dir, profiles it, and prepares the pandas job. */
async function stage(id: string, name: string, content: Buffer): Promise<{ profile: FileProfile; job: Job }> {
  const dir = mkdtempSync(path.join(tmp, 'job-'));
  writeFileSync(path.join(dir, name), content);
  const profile = await profileFile(path.join(dir, name));
  return { profile, job: { id, dir, name, readCsv: profile.readCsv } };
}

describe('csv-spectrum', () => {
  const root = path.join(DATASETS, 'csv-spectrum');
  const names = readdirSync(path.join(root, 'csvs')).filter((f) => f.endsWith('.csv'));
  const profiles = new Map<string, FileProfile>();
  const expected = new Map<string, Record<string, string>[]>();
  let results: Map<string, PandasResult>;

  beforeAll(async () => {
    const jobs: Job[] = [];
    for (const name of names) {
      const csv = readFileSync(path.join(root, 'csvs', name));
      let rows = JSON.parse(readFileSync(path.join(root, 'json', name.replace(/\.csv$/, '.json')), 'utf8'));
      // The stored *_crlf.csv copies lost their CRs (they are byte-identical to the LF files),
      // while the JSON still expects "\r\n" inside quoted fields: compare what the file holds.
      if (!csv.includes('\r')) rows = JSON.parse(JSON.stringify(rows).replace(/\\r\\n/g, '\\n'));
      expected.set(name, rows);
      const { profile, job } = await stage(name, name, csv);
      profiles.set(name, profile);
      jobs.push({ ...job, expected: rows });
    }
    results = runPandas(jobs);
  });

  it('covers all 11 files', () => expect(names).toHaveLength(11));

  it('the same files with real CRLF line ends (also inside quoted fields)', async () => {
    for (const name of names) {
      const crlf = readFileSync(path.join(root, 'csvs', name), 'utf8').replace(/\r?\n/g, '\r\n');
      const { profile } = await stage(`crlf-${name}`, name, Buffer.from(crlf));
      expect(profile.rows, name).toBe(expected.get(name)!.length);
    }
  });

  for (const name of names) {
    it(name, () => {
      const p = profiles.get(name)!;
      const rows = expected.get(name)!;
      // empty.csv is not an empty file: it has empty *fields* ("" and nothing), 2 rows
      expect({ delimiter: p.delimiter, quotechar: p.quotechar, header: p.header, rows: p.rows }).toEqual({
        delimiter: ',',
        quotechar: '"',
        header: true,
        rows: rows.length,
      });
      expect(p.columns.map((c) => c.name)).toEqual(Object.keys(rows[0]!));
      expect(p.readCsv).toBe(`pd.read_csv(${JSON.stringify(name).replace(/"/g, "'")})`);
      const r = results.get(name);
      expectAgreement(p, r);
      expect(r!.mismatches).toEqual([]);
    });
  }
});

describe('seaborn datasets', () => {
  const root = path.join(DATASETS, 'seaborn');
  const names = readdirSync(root).filter((f) => f.endsWith('.csv'));
  const profiles = new Map<string, FileProfile>();
  let results: Map<string, PandasResult>;

  beforeAll(async () => {
    const jobs: Job[] = [];
    for (const name of names) {
      const { profile, job } = await stage(name, name, readFileSync(path.join(root, name)));
      profiles.set(name, profile);
      jobs.push({ ...job, independent: true });
    }
    results = runPandas(jobs);
  }, 300_000);

  for (const name of names) {
    it(name, () => {
      const p = profiles.get(name)!;
      const r = results.get(name)!;
      expect(p.rows).toBe(r.independentRows);
      expect(p.sha256).toBe(
        createHash('sha256')
          .update(readFileSync(path.join(root, name)))
          .digest('hex'),
      );
      expect(p).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: true, warnings: [] });
      expectAgreement(p, r);
    });
  }

  it('types of known columns', () => {
    const type = (file: string, col: string) => profiles.get(file)!.columns.find((c) => c.name === col);
    expect(type('tips.csv', 'total_bill')?.type).toBe('float');
    expect(type('tips.csv', 'day')?.type).toBe('category');
    expect(type('taxis.csv', 'pickup')?.type).toBe('datetime');
    expect(type('titanic.csv', 'age')).toMatchObject({ type: 'float', missing: 177 });
    expect(type('flights.csv', 'year')?.type).toBe('integer');
    expect(type('penguins.csv', 'species')?.type).toBe('category');
    expect(type('dowjones.csv', 'Date')?.type).toBe('date');
    expect(type('titanic.csv', 'alive')?.type).toBe('boolean');
    expect(type('diamonds.csv', 'price')?.type).toBe('integer');
  });
});

describe('crafted files', () => {
  const latin = (s: string) => Buffer.from(s, 'latin1');
  const cp1252 = (s: string) => latin(s.replace(/€/g, '\x80').replace(/’/g, '\x92'));
  const utf16 = (s: string) => Buffer.from(s, 'utf16le');
  const asciiHead = 'name,n\n' + 'plain,1\n'.repeat(40_000);
  // [id, file name, content, rows pandas loads when they differ from the profile's count]
  const FILES: [string, string, Buffer, number?][] = [
    ['cp1252', 'ventes.csv', cp1252('Kunde;Preis;Währung\n"Müller";1.234,56;€\n"Böhm’s";3,5;€\n')],
    ['bom', 'bom.csv', Buffer.from('\ufeffname,n\nZoë,1\n')],
    [
      'utf16-bom',
      'u16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), utf16('name,score\nÉlodie,3\nZoë,4\n')]),
    ],
    ['utf16le', 'u16le.csv', utf16('name,score\nÉlodie,3\nZoë,4\n')],
    ['utf16be', 'u16be.csv', utf16('name,score\nÉlodie,3\nZoë,4\n').swap16()],
    ['latin1', 'latin.csv', latin('nom,ville\nRené,Orléans\nJosé,Nîmes\n')],
    ['tsv', 'x.tsv', Buffer.from('a\tb\tc\n1\t2,5\tx\n3\t4,25\ty\n')],
    ['pipe', 'p.txt', Buffer.from('a|b\n1|2\n3|4\n')],
    [
      'quoted',
      'quoted.csv',
      Buffer.from('id,note,val\n1,"line1\nline2, with, commas",3\n2,"say ""hi""\n\n",4\n'),
    ],
    ['crlf', 'crlf.csv', Buffer.from('a,b\r\n1,2\r\n3,"x\r\ny"\r\n')],
    ['cr', 'mac.csv', Buffer.from('a,b\r1,2\r3,4\r')],
    ['noheader', 'noheader.csv', Buffer.from('1,2.5,x\n4,5.5,y\n7,8.5,z\n')],
    ['notrail', 'notrail.csv', Buffer.from('a,b\n1,2\n3,4')],
    ['single', 'cities.csv', Buffer.from('city\nParis\nLondon\nParis, Texas\n')],
    ['ragged', 'ragged.csv', Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'), 3],
    ['trailing', 'trailing.csv', Buffer.from('a,b\n1,2,\n3,4,\n')],
    ['dash', 'dash.csv', Buffer.from('a;b\n1,5;-\n2,5;3\n')],
    ['name', "l'été \\ 2026.csv", Buffer.from('a\n1\n')],
    ['thousands', 'thousands.csv', Buffer.from('name,amount\nx,"1,234.50"\ny,"12,000"\n')],
    ['single-quotes', 'sq.csv', Buffer.from("name,city\n'Smith, J',London\n'Doe, A',Paris\n'Roe, B',Rome\n")],
    [
      'dates',
      'dates.csv',
      Buffer.from('d,t\n05/01/2026,2026-01-05 13:45\n06/01/2026,2026-01-06T08:00:00Z\n'),
    ],
    ['blank-lines', 'blanks.csv', Buffer.from('\n\na,b\n1,2\n\n  \n3,4\n\n')],
    ['dup-names', 'dups.csv', Buffer.from('a,,a\n1,2,3\n')],
    ['late-cp1252', 'late.csv', cp1252(asciiHead + 'caf€,2\n')],
    [
      'late-bad-utf8',
      'mixed.csv',
      Buffer.concat([Buffer.from('name,n\nZoë,1\n' + asciiHead.slice(7)), latin('caf\xe9,2\n')]),
    ],
  ];
  const profiles = new Map<string, FileProfile>();
  let results: Map<string, PandasResult>;

  beforeAll(async () => {
    const jobs: Job[] = [];
    for (const [id, name, content] of FILES) {
      const { profile, job } = await stage(id, name, content);
      profiles.set(id, profile);
      jobs.push(job);
    }
    results = runPandas(jobs);
  });

  for (const [id, name, , rows] of FILES) {
    it(`${id} (${name})`, () => {
      const p = profiles.get(id)!;
      expectAgreement(p, results.get(id), rows ?? p.rows);
    });
  }

  it('reads the values it showed in the sample', () => {
    expect(results.get('cp1252')!.head).toEqual([
      ['Müller', '1234.56', '€'],
      ['Böhm’s', '3.5', '€'],
    ]);
    expect(results.get('utf16be')!.head).toEqual([
      ['Élodie', '3'],
      ['Zoë', '4'],
    ]);
    expect(results.get('single')!.head).toEqual([['Paris'], ['London'], ['Paris, Texas']]);
    expect(results.get('quoted')!.head![1]).toEqual(['2', 'say "hi"\n\n', '4']);
    expect(profiles.get('late-cp1252')!.encoding).toBe('cp1252');
    expect(profiles.get('late-bad-utf8')!.readCsv).toContain("encoding_errors='replace'");
  });
});

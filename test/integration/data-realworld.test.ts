// Real-world shapes end to end in the real sandbox, in both modes (bubblewrap and Docker): the
// profile's read_csv call and the overview step run as the built-in analyst runs them, then the
// resulting DataFrame is checked against truths worked out by hand (test/support/realworld-files.ts):
// dtypes, sums, missing values, the months present. The reload after a lost kernel must give the
// same frame. The profile's row count must match pandas for every crafted and shared file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolesFor } from '../../electron/core/analyst/plan';
import { findResult, overviewPayload } from '../../electron/core/analyst/results';
import { overviewCode, reloadCode } from '../../electron/core/analyst/load-code';
import { profileFile } from '../../electron/core/data/profile';
import type { FileProfile } from '../../electron/model/data/types';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import { CRAFTED, type Truth } from '../support/realworld-files';
import { DATASETS } from './support/env';

/** What the overview must say (printed and in its result's `reading`), per crafted file. */
const SAYS: Record<string, string[]> = {
  german: [
    'dates in `Datum` read as day.month.year (a day above 12 comes first, e.g. 13.01.2026)',
    '`Betrag` read as numbers by read_csv ("." for thousands and "," for decimals)',
  ],
  shop: [
    'skipped 2 title lines above the header: Shop export | Generated 2026-04-01 10:00',
    "`amount` converted from text ($, USD, parentheses for negatives and thousands separators): 4 values, 1 could not be read (now missing, e.g. ['TBD'])",
    '`discount` converted from text (percent signs; 12.5% is read as 12.5, not 0.125): 4 values, all read',
    'dates in `order_date` read as month/day/year',
  ],
  french: [
    '`montant` converted from text (€, EUR,',
    "3 values, 1 could not be read (now missing, e.g. ['n.d.'])",
  ],
  mixed: [
    '`price_eur` converted from text (€, EUR, thousands separators and decimal commas): 3 values, all read',
  ],
  ambiguous: ['dates in `day` are ambiguous (no day above 12', 'read as month/day/year'],
  'comma-decides': [
    'dates in `Tag` read as day/month/year (no day above 12, but the file writes decimals with a comma',
  ],
  negatives: ['`amount` converted from text (parentheses for negatives'],
  'title-crlf': ['skipped 2 title lines above the header: Report, Q1 2026 | Created by: ERP'],
  formats: ['dates in `booked` read as day.month.year', 'dates in `us_date` read as month/day/year'],
};

/** Facts about `df` (and about the bare read_csv result), as one JSON line. */
function factsCode(readCsv: string): string {
  return `import json as _json
_raw = ${readCsv}
_num = lambda s: pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
print('FACTS ' + _json.dumps({
    'rows': len(df), 'rawRows': len(_raw),
    'raw': {str(c): str(t) for c, t in _raw.dtypes.items()},
    'dtypes': {str(c): str(t) for c, t in df.dtypes.items()},
    'sums': {str(c): float(df[c].sum()) for c in df.columns if _num(df[c])},
    'nans': {str(c): int(df[c].isna().sum()) for c in df.columns},
    'months': {str(c): sorted(df[c].dropna().dt.strftime('%Y-%m').unique().tolist())
               for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])},
}))`;
}

interface Facts {
  rows: number;
  rawRows: number;
  raw: Record<string, string>;
  dtypes: Record<string, string>;
  sums: Record<string, number>;
  nans: Record<string, number>;
  months: Record<string, string[]>;
}

function facts(output: string): Facts {
  const line = output.split('\n').find((l) => l.startsWith('FACTS '));
  if (!line) throw new Error(`no facts in:\n${output}`);
  return JSON.parse(line.slice(6)) as Facts;
}

function expectTruth(f: Facts, t: Truth, p: FileProfile): void {
  expect(f.rows).toBe(t.rows);
  expect(f.rawRows).toBe(p.rows); // the profile counts what read_csv loads
  expect(p.rows).toBe(t.rows);
  expect(f.dtypes).toMatchObject(t.dtypes);
  expect(f.raw).toMatchObject(t.raw ?? {});
  for (const [c, sum] of Object.entries(t.sums ?? {})) expect(f.sums[c], c).toBeCloseTo(sum, 6);
  expect(f.nans).toMatchObject(t.nans ?? {});
  expect(f.months).toMatchObject(t.months ?? {});
}

let root: string;
const files = new Map<string, { path: string; profile: FileProfile }>();

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-realworld-'));
  for (const c of CRAFTED) {
    const file = path.join(root, c.name);
    writeFileSync(file, c.content);
    files.set(c.id, { path: file, profile: await profileFile(file) });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  overview: string;
  result: Record<string, unknown> | null;
  facts: Facts;
  reloaded: Facts;
}

for (const mode of ['local', 'docker'] as const) {
  describe(`read_csv + overview in the ${mode} sandbox`, () => {
    const executor = new ExecutorService({ mode });
    let session: ExecSession;
    const runs = new Map<string, Run>();

    beforeAll(async () => {
      session = await executor.openSession({
        workspaceDir: path.join(root, `ws-${mode}`),
        inputs: [...files.values()].map((f) => f.path),
        mode,
      });
      expect(session.mode).toBe(mode);
      for (const c of CRAFTED) {
        const { profile } = files.get(c.id)!;
        const ov = await session.run('python', overviewCode(profile));
        expect(ov.exitCode, ov.output).toBe(0);
        const result = findResult(ov.results, 'overview');
        const f = await session.run('python', factsCode(profile.readCsv));
        expect(f.exitCode, f.output).toBe(0);
        // The kernel loses its state: the reload must rebuild the same frame.
        const overview = overviewPayload(result);
        const roles = rolesFor(overview!, '');
        const reload = await session.run(
          'python',
          `del df\n${reloadCode(profile, roles)}\n${factsCode(profile.readCsv)}`,
        );
        expect(reload.exitCode, reload.output).toBe(0);
        runs.set(c.id, {
          overview: ov.output,
          result,
          facts: facts(f.output),
          reloaded: facts(reload.output),
        });
      }
    }, 300_000);
    afterAll(async () => {
      await session?.close();
      await executor.shutdown();
    });

    for (const c of CRAFTED) {
      it(`${c.id} (${c.name})`, () => {
        const run = runs.get(c.id)!;
        const { profile } = files.get(c.id)!;
        expectTruth(run.facts, c.truth, profile);
        expect(run.reloaded).toEqual(run.facts);
        // The overview's result is still what the analyst reads, with the reading notes added.
        expect(overviewPayload(run.result)).toBeDefined();
        const reading = run.result!.reading as string[];
        for (const phrase of SAYS[c.id] ?? []) {
          expect(reading.join('\n'), phrase).toContain(phrase);
          expect(run.overview, phrase).toContain(phrase);
        }
        expect(run.result!.preamble).toEqual(profile.preamble);
      });
    }

    it('reports converted columns with their counts, and date columns with their order', () => {
      const shop = runs.get('shop')!.result!;
      expect(shop.converted).toEqual([
        {
          name: 'amount',
          bad: 1,
          examples: ['TBD'],
          converted: 4,
          how: '$, USD, parentheses for negatives and thousands separators',
        },
        {
          name: 'discount',
          bad: 0,
          examples: [],
          converted: 4,
          how: 'percent signs; 12.5% is read as 12.5, not 0.125',
        },
      ]);
      const dates = runs.get('formats')!.result!.dates as {
        name: string;
        order: string;
        ambiguous: boolean;
      }[];
      expect(dates.map((d) => [d.name, d.order, d.ambiguous])).toEqual([
        ['booked', 'dmy', false],
        ['valued', 'ymd', false],
        ['us_date', 'mdy', false],
        ['stamp', 'dmy', false],
      ]);
      const ambiguous = runs.get('ambiguous')!.result!.dates as { ambiguous: boolean }[];
      expect(ambiguous[0]!.ambiguous).toBe(true);
    });
  });
}

describe('the profile counts the rows pandas loads', () => {
  function csvs(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? csvs(p) : n.endsWith('.csv') ? [p] : [];
    });
  }

  it('every shared dataset and every crafted file', async () => {
    const all = [...csvs(DATASETS), ...[...files.values()].map((f) => f.path)];
    expect(all.length).toBeGreaterThan(20);
    const jobs = [];
    for (const file of all) {
      const p = await profileFile(file);
      jobs.push({ dir: path.dirname(file), readCsv: p.readCsv, rows: p.rows, name: p.name });
    }
    const out = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        `import json, os, sys, warnings
import pandas as pd
warnings.simplefilter('ignore')
out = []
for job in json.load(sys.stdin):
    os.chdir(job['dir'])
    out.append(len(eval(job['readCsv'], {'pd': pd})))
print(json.dumps(out))`,
      ],
      { input: JSON.stringify(jobs), encoding: 'utf8', timeout: 120_000 },
    );
    const lens = JSON.parse(out) as number[];
    expect(jobs.map((j, i) => [j.name, lens[i]])).toEqual(jobs.map((j) => [j.name, j.rows]));
  });
});

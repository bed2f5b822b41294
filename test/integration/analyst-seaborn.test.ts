// The built-in analyst on every seaborn CSV: it finishes without an unrecovered failure, and
// its totals match a separate pandas script (written here, run with /usr/bin/python3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import { mdText } from '../../electron/core/analyst/format';
import { overviewPayload, parseExecution, stepPayload } from '../../electron/core/analyst/results';
import { ExecutorService } from '../../electron/core/exec/executor';
import { executionReplies, finalMessage, profileFor, runAnalyst } from '../support/run-analyst';
import { DATASETS } from './support/env';

const SEABORN = path.join(DATASETS, 'seaborn');
const files = readdirSync(SEABORN)
  .filter((f) => f.endsWith('.csv'))
  .sort();

// Independent of the analyst's code: plain read_csv, numbers coerced, grouped sums.
const CHECK = `
import json, sys
import pandas as pd
path, measure, category = sys.argv[1:4]
df = pd.read_csv(path)
out = {'rows': len(df)}
if measure:
    values = pd.to_numeric(df[measure], errors='coerce')
    out['total'] = float(values.sum())
if category:
    out['sums'] = {str(k): float(v) for k, v in values.groupby(df[category]).sum().items()}
    out['means'] = {str(k): float(v) for k, v in values.groupby(df[category]).mean().items()}
print(json.dumps(out))
`;

interface Truth {
  rows: number;
  total?: number;
  sums?: Record<string, number>;
  means?: Record<string, number>;
}

function independent(file: string, measure: string, category: string): Truth {
  const r = spawnSync('/usr/bin/python3', ['-c', CHECK, file, measure, category], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const executor = new ExecutorService({ mode: 'local' });
let root: string;
const table: {
  dataset: string;
  rows: number;
  turns: number;
  seconds: string;
  charts: string;
  checked: string;
}[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-analyst-seaborn-'));
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
  console.info(table);
});

describe('built-in analyst on the seaborn datasets', () => {
  it('has datasets to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s', async (name) => {
    const file = path.join(SEABORN, name);
    const session = await executor.openSession({
      workspaceDir: path.join(root, name),
      inputs: [file],
      mode: 'local',
    });
    const run = await runAnalyst(new BuiltinAnalyst({ profile: profileFor(file) }), session).finally(() =>
      session.close(),
    );
    expect(run.terminated).toBe(true);
    const summary = finalMessage(run);
    expect(summary).not.toContain('Not completed');
    const reports = executionReplies(run).map((m) => parseExecution(m.content, m.results));
    // Any failure was followed by a successful retry.
    reports.forEach((r, i) => {
      if (!r?.ok) expect(reports[i + 1]?.ok).toBe(true);
    });
    const results = reports.flatMap((r) => r?.results ?? []);
    const overview = overviewPayload(results.find((r) => r?.step === 'overview') ?? null);
    const totals = stepPayload('totals', results.find((r) => r?.step === 'totals') ?? null);
    const stats = stepPayload('describe', results.find((r) => r?.step === 'describe') ?? null)?.stats[0];
    expect(overview).toBeDefined();
    const first = totals?.tables[0];
    const truth = independent(file, first?.measure ?? stats?.name ?? '', first?.category ?? '');
    expect(overview?.rows).toBe(truth.rows);
    expect(summary).toContain(`${truth.rows.toLocaleString('en-US')} row`);
    let checked = 'rows';
    if (stats && truth.total !== undefined) {
      if (!first) expect(stats.name).toBe(overview?.measures[0]);
      expect(Math.abs((stats.sum ?? NaN) - truth.total)).toBeLessThan(0.011);
      checked += ` + total of ${stats.name}`;
    }
    if (first && truth.sums) {
      expect(first.groups).toBe(Object.keys(truth.sums).length);
      for (const [key, sum] of first.rows) {
        expect(Math.abs((sum ?? NaN) - (truth.sums[String(key)] ?? NaN))).toBeLessThan(0.011);
      }
      // The summary states the same figures (formatted) for the groups it lists: totals, or means
      // for measures whose total means nothing (prices, rates…: "Averages of").
      const averages = summary.includes(`**Averages of \`${first.measure}\``);
      const truthOf = averages ? truth.means : truth.sums;
      for (const [key] of first.rows.slice(0, 3)) {
        const at = summary.indexOf(
          `${mdText(key)}: `,
          summary.indexOf(averages ? '**Averages of' : '**Totals of'),
        );
        expect(at).toBeGreaterThan(0);
        const pattern = averages ? /^[^:]*: mean ([\d,.-]+) over/ : /^[^:]*: ([\d,.-]+) over/;
        const shown = Number(pattern.exec(summary.slice(at))?.[1]?.replace(/,/g, ''));
        expect(Math.abs(shown - (truthOf?.[String(key)] ?? NaN))).toBeLessThan(0.011);
      }
      if (averages) checked += ' + means';
      checked += ` + sums by ${first.category} (${first.groups} groups)`;
    }
    table.push({
      dataset: name,
      rows: truth.rows,
      turns: run.turns,
      seconds: (run.durationMs / 1000).toFixed(2),
      charts: run.charts.map((c) => c.kind).join(','),
      checked,
    });
  });
});

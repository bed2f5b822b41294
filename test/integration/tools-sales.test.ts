// Tools mode's calls run for real in the sandbox (bubblewrap and Docker) on sales.csv: each
// call's code loads the data once per kernel, runs the analyst's operation and hands over the
// same figures pandas computes here; a value the data does not have ends the call with a
// one-line tool error listing the values; a restarted kernel loads the data again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import type { ExecResult } from '../../electron/model/exec/types';
import { runnableToolCall, ToolError, TOOL_ERROR_STEP, toolErrorIn } from '../../electron/core/tools';
import { profileFor } from '../support/run-analyst';
import { SALES_CSV } from './support/env';

const profile = profileFor(SALES_CSV);

/** The truths, by pandas on the same file. */
const TRUTH = `
import json, sys
import pandas as pd
df = pd.read_csv(sys.argv[1], parse_dates=['date'])
march = df[df.date.dt.month == 3].groupby('region').units.sum()
monthly = df.groupby(df.date.dt.to_period('M')).units.sum()
top = df.groupby('product').revenue.sum().sort_values(ascending=False)
print(json.dumps({
    'march': {k: int(v) for k, v in march.items()},
    'over100': int((df.units > 100).sum()),
    'top': [top.index[0], int(top.iloc[0])],
    'monthly': [[str(k), int(v)] for k, v in monthly.items()],
    'median': float(df.units.median()),
    'r': float(df.units.corr(df.revenue)),
    'west_revenue': int(df[df.region == 'West'].revenue.sum()),
}))`;
const truth = JSON.parse(
  spawnSync('/usr/bin/python3', ['-c', TRUTH, SALES_CSV], { encoding: 'utf8' }).stdout,
) as {
  march: Record<string, number>;
  over100: number;
  top: [string, number];
  monthly: [string, number][];
  median: number;
  r: number;
  west_revenue: number;
};

const num = (s: unknown) => Number(String(s).replace(/,/g, ''));

for (const mode of ['local', 'docker'] as const) {
  describe(`tools on sales.csv in the ${mode} sandbox`, () => {
    const executor = new ExecutorService({ mode });
    let tmp: string;
    let session: ExecSession;

    async function run(name: string, args: unknown): Promise<ExecResult> {
      const call = runnableToolCall(name, args, profile);
      if (call instanceof ToolError) throw call;
      return session.run('python', call.code);
    }
    const answer = (r: ExecResult) => r.results?.find((x) => x.step === 'answer') as Record<string, unknown>;

    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), `pw-tools-${mode}-`));
      session = await executor.openSession({ workspaceDir: path.join(tmp, 'ws'), inputs: [SALES_CSV], mode });
      expect(session.mode).toBe(mode);
    }, 120_000);
    afterAll(async () => {
      await session?.close();
      await executor.shutdown();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('the first call loads the data, quietly, and answers: total units in March by region', async () => {
      const r = await run('aggregate', {
        measure: 'units',
        agg: 'sum',
        by: 'region',
        filters: [{ column: 'date', op: '==', value: '2026-03' }],
      });
      expect(r.exitCode, r.output).toBe(0);
      expect(r.output).toMatch(/^Loaded sales\.csv: 10 rows, 5 columns\n/);
      expect(r.output).not.toContain('Column types'); // the overview's report is not shown
      expect(r.results?.map((x) => x.step)).toEqual(['answer']); // nor its result recorded
      const groups = answer(r).groups as [string, string, number][];
      expect(Object.fromEntries(groups.map(([k, v]) => [k, num(v)]))).toEqual(truth.march);
      expect(groups[0]).toEqual(['West', '168', 1]);
    });

    it('later calls use the loaded data', async () => {
      const r = await run('count_rows', { filters: [{ column: 'units', op: '>', value: 100 }] });
      expect(r.exitCode, r.output).toBe(0);
      expect(r.output).not.toContain('Loaded');
      expect(num(answer(r).value)).toBe(truth.over100);
      const w = await run('aggregate', { measure: 'revenue', agg: 'sum', filters: { region: 'west' } });
      expect(num(answer(w).value)).toBe(truth.west_revenue);
    });

    it('top_n, trend, distribution and correlation give the truths', async () => {
      const top = answer(await run('top_n', { measure: 'revenue', by: 'product', n: 1, agg: 'sum' }));
      expect((top.groups as unknown[][])[0]?.slice(0, 2)).toEqual([
        truth.top[0],
        truth.top[1].toLocaleString('en-US'),
      ]);
      const t = await run('trend', { measure: 'units', date_column: 'date', period: 'month', agg: 'sum' });
      expect((answer(t).series as string[][]).map(([k, v]) => [k, num(v)])).toEqual(truth.monthly);
      expect(t.charts.map((c) => c.kind)).toEqual(['line']);
      const d = answer(await run('distribution', { measure: 'units', bins: 5 }));
      expect(num((d.stats as Record<string, string>).median)).toBe(truth.median);
      const c = answer(await run('correlation', { columns: ['units', 'revenue'] }));
      expect(num(c.value)).toBeCloseTo(truth.r, 3);
      // every numeric column by default: here the two
      const all = answer(await run('correlation', {}));
      expect(all).toMatchObject({ op: 'correlation', value: c.value });
    });

    it('chart() draws an aggregate or the rows', async () => {
      const bar = await run('chart', { kind: 'bar', x: 'region', y: 'units', agg: 'sum', title: 'Units' });
      expect(bar.exitCode, bar.output).toBe(0);
      expect(bar.charts).toHaveLength(1);
      expect(bar.charts[0]).toMatchObject({ kind: 'bar', title: 'Units', x: 'region' });
      expect(bar.charts[0]?.data).toContainEqual({ region: 'West', units: 244 });
      const scatter = await run('chart', { kind: 'scatter', x: 'units', y: 'revenue' });
      expect(scatter.exitCode, scatter.output).toBe(0);
      expect(scatter.charts[0]?.data).toHaveLength(10);
    });

    it('every tool and option runs', async () => {
      const calls: [string, Record<string, unknown>][] = [
        ['aggregate', { measure: 'product', agg: 'nunique', by: 'region' }],
        [
          'aggregate',
          {
            measure: 'units',
            agg: 'median',
            filters: [{ column: 'product', op: 'contains', value: 'widget' }],
          },
        ],
        [
          'aggregate',
          {
            measure: 'units',
            agg: 'count',
            by: 'product',
            filters: [{ column: 'date', op: 'between', value: ['2026-01', '2026-Q1'] }],
          },
        ],
        ['top_n', { measure: 'product', by: 'region', n: 2, agg: 'nunique', ascending: true }],
        ['top_n', { measure: 'units', by: 'region', n: 3, agg: 'count' }],
        ['trend', { measure: 'revenue', date_column: 'date', period: 'quarter', agg: 'median' }],
        [
          'trend',
          {
            measure: 'revenue',
            date_column: 'date',
            period: 'day',
            agg: 'count',
            filters: [{ column: 'region', op: 'in', value: ['North', 'south'] }],
          },
        ],
        [
          'count_rows',
          {
            filters: [
              { column: 'date', op: '>=', value: '2026-02-11' },
              { column: 'units', op: '!=', value: 96 },
            ],
          },
        ],
        ['chart', { kind: 'line', x: 'date', y: 'revenue' }],
        ['chart', { kind: 'pie', x: 'product', y: 'units', agg: 'count' }],
        [
          'chart',
          {
            kind: 'area',
            x: 'date',
            y: 'units',
            agg: 'mean',
            filters: [{ column: 'date', op: '<', value: '2026-03' }],
          },
        ],
      ];
      for (const [name, args] of calls) {
        const r = await run(name, args);
        expect(r.exitCode, `${name} ${JSON.stringify(args)}\n${r.output}`).toBe(0);
        expect(r.output, name).not.toContain('chart skipped');
        if (name === 'chart') expect(r.charts, name).toHaveLength(1);
        else expect(answer(r), name).toBeDefined();
      }
    });

    it('a value the data does not have is a one-line tool error listing the values', async () => {
      const r = await run('count_rows', { filters: [{ column: 'region', op: '==', value: 'Wset' }] });
      expect(r.exitCode).not.toBe(0);
      const message = "unknown value 'Wset' for column 'region': the values are East, North, South, West";
      expect(r.results).toContainEqual({ step: TOOL_ERROR_STEP, column: 'region', value: 'Wset', message });
      expect(r.output).toContain(`PlotwrightToolError: ${message}`);
      expect(toolErrorIn(r.results)).toBe(message);
    });

    it('profile() reports the data, and after a restart the next call loads it again', async () => {
      const p = await run('profile', {});
      expect(p.exitCode, p.output).toBe(0);
      expect(p.output).toContain('Shape: 10 rows x 5 columns');
      expect(p.output).toMatch(/Ranges of the numeric columns:\n.*min\s+median\s+max/);
      expect(p.output).toContain("Values of 'region': North (3), South (3)");
      expect(p.results?.map((x) => x.step)).toEqual(['overview']);
      await session.restart();
      const r = await run('aggregate', { measure: 'units', agg: 'max' });
      expect(r.exitCode, r.output).toBe(0);
      expect(r.output).toMatch(/^Loaded sales\.csv/);
      expect(num(answer(r).value)).toBe(168);
    });
  });
}

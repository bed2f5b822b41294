// The built-in analyst on sales.csv with real Python in the local sandbox: every figure comes
// from code that ran, the charts come back, it stops on its own and is deterministic.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import { ExecutorService } from '../../electron/core/exec/executor';
import {
  executionOutputs,
  finalMessage,
  profileFor,
  runAnalyst,
  type AnalystRun,
} from '../support/run-analyst';
import { SALES_CSV } from './support/env';

const executor = new ExecutorService({ mode: 'local' });
let root: string;
let n = 0;

async function analyse(question: string): Promise<AnalystRun> {
  const session = await executor.openSession({
    workspaceDir: path.join(root, `ws-${++n}`),
    inputs: [SALES_CSV],
    mode: 'local',
  });
  try {
    return await runAnalyst(new BuiltinAnalyst({ profile: profileFor(SALES_CSV) }), session, { question });
  } finally {
    await session.close();
  }
}

let first: AnalystRun;
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-analyst-sales-'));
  first = await analyse('Which product and region bring the most revenue?');
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

describe('built-in analyst on sales.csv', () => {
  it('terminates on its own within 8 turns, every block succeeding', () => {
    expect(first.terminated).toBe(true);
    expect(first.turns).toBeLessThanOrEqual(8); // overview, lookup, 5 steps, summary
    expect(first.batches.every((b) => b?.exitCode === 0)).toBe(true);
    expect(first.batches.every((b) => b?.results.length === 1)).toBe(true);
  });

  it('computed the true totals in the sandbox (execution outputs)', () => {
    const out = executionOutputs(first).join('\n');
    for (const row of [
      /North\s+31800\s+3\s+10600\n/,
      /West\s+20600\s+2\s+10300\n/,
      /South\s+20200\s+3\s+6733\.33/,
      /East\s+18500\s+2\s+9250\n/,
      /Widget Pro\s+73300\s+6\s+12216\.67/,
      /Gadget Lite\s+17800\s+4\s+4450\n/,
      /2026-01\s+25600/,
      /2026-02\s+29300/,
      /2026-03\s+36200/,
      /revenue\s+10\s+9110\s.*\s91100\n/,
    ]) {
      expect(out).toMatch(row);
    }
  });

  it('summarises exactly those figures, formatted', () => {
    const summary = finalMessage(first);
    expect(summary).toMatch(/\nTERMINATE$/);
    for (const text of [
      'North: 31,800 over 3 rows',
      'West: 20,600 over 2 rows',
      'South: 20,200 over 3 rows',
      'East: 18,500 over 2 rows',
      'Widget Pro: 73,300 over 6 rows (mean 12,216.67)',
      'Gadget Lite: 17,800 over 4 rows (mean 4,450)',
      '2026-01: 25,600; 2026-02: 29,300; 2026-03: 36,200',
      'The highest month is 2026-03 (36,200)',
      'total 91,100',
      '10 rows × 5 columns',
    ]) {
      expect(summary).toContain(text);
    }
    // Two groupings in one question: it says it cannot answer that, and why, before the overview
    // (it used to label the first grouping's leader "Answer:").
    expect(summary).toMatch(/^I can't answer that from this file: two groupings at once \(one at a time\)\./);
    expect(summary).not.toContain('**Answer:**');
    expect(summary).not.toContain('All figures above were computed');
  });

  it('sent charts back: bars of the totals, a line of the monthly trend', () => {
    const kinds = first.charts.map((c) => c.kind);
    expect(kinds).toContain('bar');
    expect(kinds).toContain('line');
    const byRegion = first.charts.find((c) => c.title === 'Total revenue by region');
    expect(byRegion?.data).toEqual([
      { group: 'North', total: 31800 },
      { group: 'West', total: 20600 },
      { group: 'South', total: 20200 },
      { group: 'East', total: 18500 },
    ]);
    const monthly = first.charts.find((c) => c.kind === 'line');
    expect(monthly?.data).toEqual([
      { month: '2026-01', total: 25600 },
      { month: '2026-02', total: 29300 },
      { month: '2026-03', total: 36200 },
    ]);
  });

  it('streamed every message, and is deterministic: a second run says exactly the same', async () => {
    const said = (run: AnalystRun) =>
      run.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    expect(first.streamed).toEqual(said(first));
    const second = await analyse('Which product and region bring the most revenue?');
    expect(said(second)).toEqual(said(first));
  });
});

// Tool calls with hostile column names, values and titles run in the sandbox as data: every one
// reaches the code as a Python literal, the figures come out right and nothing named is executed.
// Also: the correlation matrix of several columns (the analyst's step) on tips.csv, against pandas.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import type { FileProfile } from '../../electron/model/data/types';
import type { ExecResult } from '../../electron/model/exec/types';
import { overviewCode } from '../../electron/core/analyst/load-code';
import { loadOnceCode, runnableToolCall, ToolError, TOOL_ERROR_STEP } from '../../electron/core/tools';
import { profileFor } from '../support/run-analyst';
import { DATASETS } from './support/env';

const NAMES = [
  `a"b'c\\n`,
  "__import__('os').system('touch pwned-1')",
  'when\nline2',
  "x'); open('pwned-2', 'w') #",
];
const EVIL = "\n```python\nopen('pwned-3', 'w')\n```\n";
const QUOTE = "'; import os; open('pwned-4', 'w') #";
const ROWS: [number, number, string, string][] = [
  [12.5, 3, 'Nord', QUOTE],
  [7.25, 4, EVIL, 'b'],
  [1, 5, 'Nord', 'c'],
  [3, 6, 'Süd', QUOTE],
  [4, 7, EVIL, 'e'],
];
const csvField = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
const TIPS = path.join(DATASETS, 'seaborn', 'tips.csv');

const executor = new ExecutorService({ mode: 'local' });
let root: string;
let session: ExecSession;
let hostile: FileProfile;

async function run(name: string, args: unknown, profile = hostile): Promise<ExecResult> {
  const call = runnableToolCall(name, args, profile);
  if (call instanceof ToolError) throw call;
  return session.run('python', call.code);
}
const answer = (r: ExecResult) => r.results?.find((x) => x.step === 'answer') as Record<string, unknown>;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-tools-hostile-'));
  const csv = path.join(root, 'hostile.csv');
  writeFileSync(csv, [NAMES, ...ROWS].map((r) => r.map(csvField).join(',')).join('\n') + '\n');
  hostile = profileFor(csv);
  session = await executor.openSession({
    workspaceDir: path.join(root, 'ws'),
    inputs: [csv, TIPS],
    mode: 'local',
  });
});
afterAll(async () => {
  await session?.close();
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

describe('hostile names and values', () => {
  it('are columns and values, never code: the figures are right', async () => {
    const [measure, second, category, other] = NAMES as [string, string, string, string];
    const r = await run('aggregate', {
      measure,
      agg: 'sum',
      by: category,
      filters: [
        { column: other, op: '!=', value: 'b' },
        { column: second, op: '>=', value: 3 },
      ],
    });
    expect(r.exitCode, r.output).toBe(0);
    const want = new Map<string, number>();
    for (const [m, s, c, o] of ROWS) if (o !== 'b' && s >= 3) want.set(c, (want.get(c) ?? 0) + m);
    const groups = answer(r).groups as [string, string, number][];
    expect(new Map(groups.map(([k, v]) => [k, Number(v)]))).toEqual(want);

    const q = await run('count_rows', { filters: [{ column: other, op: '==', value: QUOTE }] });
    expect(q.exitCode, q.output).toBe(0);
    expect(answer(q).value).toBe('2');
    const e = await run('count_rows', { filters: [{ column: category, op: 'in', value: [EVIL, 'Süd'] }] });
    expect(answer(e).value).toBe('3');
  });

  it('a hostile title and an unknown hostile value stay text', async () => {
    const [measure, , category, other] = NAMES as [string, string, string, string];
    const c = await run('chart', { kind: 'bar', x: category, y: measure, agg: 'sum', title: QUOTE + EVIL });
    expect(c.exitCode, c.output).toBe(0);
    expect(c.charts[0]?.title).toBe((QUOTE + EVIL).trim());
    // `other` has more values than the profile saw: the sandbox checks them
    const u = await run('count_rows', { filters: [{ column: other, op: '==', value: `${QUOTE}x` }] });
    expect(u.exitCode).not.toBe(0);
    const error = u.results?.find((x) => x.step === TOOL_ERROR_STEP);
    expect(error).toMatchObject({ column: other, value: `${QUOTE}x` });
    expect(String(error?.message)).toMatch(/^unknown value .* for column .*: the values are /);
  });

  it('ran nothing they named', () => {
    const ws = path.join(root, 'ws');
    expect(readdirSync(ws).filter((f) => f.startsWith('pwned'))).toEqual([]);
    for (const n of [1, 2, 3, 4]) expect(existsSync(path.join(ws, `pwned-${n}`))).toBe(false);
  });
});

describe('the correlation matrix of several columns', () => {
  it('is the analyst’s correlation step, with the pairs pandas finds (another file: loaded in its place)', async () => {
    const tips = profileFor(TIPS);
    const r = await run('correlation', {}, tips);
    expect(r.exitCode, r.output).toBe(0);
    const got = r.results?.find((x) => x.step === 'correlations') as {
      measures: string[];
      pairs: [string, string, number][];
    };
    expect(got.measures).toEqual(['total_bill', 'tip', 'size']);
    const truth = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        "import pandas as pd, sys; print(pd.read_csv(sys.argv[1])[['total_bill', 'tip', 'size']].corr().loc['total_bill', 'tip'])",
        TIPS,
      ],
      { encoding: 'utf8' },
    );
    const pair = got.pairs.find(([a, b]) => a === 'total_bill' && b === 'tip');
    expect(pair?.[2]).toBeCloseTo(Number(truth.stdout), 3);
  });
});

describe('loading the data once', () => {
  const SAME = `
import ast, sys
load, overview = ast.parse(sys.argv[1]), ast.parse(sys.argv[2])
guard = load.body[0]
body = [n for n in guard.body if isinstance(n, ast.Try)][0].body[0].body
print(ast.dump(ast.Module(body=body, type_ignores=[])) == ast.dump(overview))`;

  it('runs exactly the overview inside its guard (Python reads both the same)', () => {
    for (const profile of [hostile, profileFor(TIPS)]) {
      const r = spawnSync('/usr/bin/python3', ['-c', SAME, loadOnceCode(profile), overviewCode(profile)], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('True');
    }
  });
});

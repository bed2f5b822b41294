// The `plotwright.chart()` helper and matplotlib figure capture, through the real executor in local mode.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../electron/model/charts/spec';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import type { ExecResult } from '../../electron/model/exec/types';

const root = path.resolve(import.meta.dirname, '..', '..');
const salesCsv = path.resolve(root, '../shared/datasets/sales.csv');

let tmp: string;
let executor: ExecutorService;
let session: ExecSession;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-chart-'));
  executor = new ExecutorService({ mode: 'local' });
  session = await executor.openSession({ workspaceDir: tmp, inputs: [salesCsv], mode: 'local' });
});
afterAll(async () => {
  await session?.close();
  await executor?.shutdown();
  rmSync(tmp, { recursive: true, force: true });
});

async function run(code: string): Promise<ExecResult> {
  return session.run('python', code);
}

/** Runs code that must succeed and emit exactly one chart. */
async function oneChart(code: string): Promise<{ r: ExecResult; c: ChartSpec }> {
  const r = await run(code);
  expect(r.exitCode, r.output).toBe(0);
  expect(r.warnings.filter((w) => w.startsWith('chart '))).toEqual([]);
  expect(r.charts).toHaveLength(1);
  return { r, c: r.charts[0]! };
}

const column = (c: ChartSpec, key: string) => c.data.map((row) => row[key]);

describe('chart()', () => {
  it('draws revenue by region from sales.csv as a bar chart', async () => {
    const { r, c } = await oneChart(`
import pandas as pd
from plotwright import chart
by = pd.read_csv('sales.csv').groupby('region', as_index=False).revenue.sum()
chart(by, kind='bar', x='region', y='revenue', title='Revenue by region')
`);
    expect(c).toMatchObject({
      version: 1,
      kind: 'bar',
      title: 'Revenue by region',
      x: 'region',
      xType: 'category',
    });
    expect(c.series).toEqual([{ key: 'revenue', label: 'revenue' }]);
    const byRegion = Object.fromEntries(c.data.map((row) => [row.region, row.revenue]));
    expect(byRegion).toEqual({ North: 31800, West: 20600, South: 20200, East: 18500 });
    expect(c.points).toBe(4);
    // out of band only: nothing printed, and the returned spec (the last expression) shows nothing
    expect(r.output).toBe('');
  });

  it('turns a datetime index into ISO dates on a time axis', async () => {
    const { c } = await oneChart(`
import pandas as pd
from plotwright import chart
idx = pd.date_range('2026-01-30', periods=3, freq='D', name='day')
df = pd.DataFrame({'sales': [3, 1, 4], 'cost': [1.5, 2.0, 2.5]}, index=idx)
chart(df, kind='line')
hourly = pd.DataFrame({'v': [1, 2]}, index=pd.to_datetime(['2026-03-01 06:30', '2026-03-01 07:30']))
`);
    expect(c.x).toBe('day');
    expect(c.xType).toBe('time');
    expect(column(c, 'day')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01']);
    expect(c.series.map((s) => s.key)).toEqual(['sales', 'cost']);
    expect(column(c, 'cost')).toEqual([1.5, 2, 2.5]);
    const { c: h } = await oneChart('from plotwright import chart\nchart(hourly)');
    expect(h.x).toBe('index');
    expect(column(h, 'index')).toEqual(['2026-03-01T06:30:00', '2026-03-01T07:30:00']);
  });

  it('reduces a million-point line with LTTB and keeps the spike', async () => {
    const { r, c } = await oneChart(`
import numpy as np
from plotwright import chart
x = np.arange(1_000_000)
y = np.sin(x / 5000.0)
y[654_321] = 25.0
spec = chart({'t': x, 'signal': y}, kind='line', x='t', y='signal', title='big')
`);
    expect(c.sourcePoints).toBe(1_000_000);
    expect(c.data.length).toBeLessThanOrEqual(1000);
    expect(c.data.length).toBeGreaterThan(500);
    expect(c.points).toBe(c.data.length);
    const xs = column(c, 't') as number[];
    const ys = column(c, 'signal') as number[];
    expect(xs[0]).toBe(0);
    expect(xs[xs.length - 1]).toBe(999_999);
    expect(Math.max(...ys)).toBe(25);
    expect(xs[ys.indexOf(25)]).toBe(654_321);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(r.output).toBe('');
  });

  const scatter50k = `
from plotwright import chart
chart({'a': list(range(50_000)), 'b': [(i * 7919) % 1000 for i in range(50_000)]}, kind='scatter', x='a', y='b')
`;

  it('thins a 50k-point scatter evenly, keeping the first and last point', async () => {
    const { c } = await oneChart(scatter50k);
    expect(c.sourcePoints).toBe(50_000);
    expect(c.data.length).toBeGreaterThan(1900);
    expect(c.xType).toBe('number');
    const xs = column(c, 'a') as number[];
    expect(xs[0]).toBe(0);
    expect(xs[xs.length - 1]).toBe(49_999);
    expect(xs[1]).toBe(25); // an even stride of 50000 / 2000
  });

  // BUG (chart.py `_stride`): n - 1 is added on top of `limit` stride points, so 2001 come out.
  // Flip to `it` once fixed.
  it('keeps a scatter at most 2000 points, first and last included', async () => {
    const { c } = await oneChart(scatter50k);
    expect(c.data).toHaveLength(2000);
    expect(c.sourcePoints).toBe(50_000);
    expect([column(c, 'a')[0], column(c, 'a').at(-1)]).toEqual([0, 49_999]);
  });

  it('reads numpy datetime64 columns as time, not as nanosecond integers', async () => {
    const { c } = await oneChart(
      `import numpy as np\nfrom plotwright import chart\nchart({'t': np.array(['2026-01-01', '2026-03-01'], dtype='datetime64[ns]'), 'v': [1, 2]})`,
    );
    expect(c.xType).toBe('time');
    expect(column(c, 't')).toEqual(['2026-01-01', '2026-03-01']);
  });

  it('folds all but the largest bar categories into "Other"', async () => {
    // value of category i is a permutation of 1..200, so the kept ones are 152..200
    const values = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) + 1);
    const kept = [...values].sort((a, b) => b - a).slice(0, 49);
    const otherExpected = values.reduce((s, v) => s + v, 0) - kept.reduce((s, v) => s + v, 0);
    const { c } = await oneChart(`
from plotwright import chart
chart({'cat': ['c%d' % i for i in range(200)], 'n': [(i * 37) % 200 + 1 for i in range(200)]}, kind='bar')
`);
    expect(c.data.length).toBeLessThanOrEqual(50);
    expect(c.data).toHaveLength(50);
    expect(c.data[49]).toEqual({ cat: 'Other', n: otherExpected });
    expect(otherExpected).toBe(11476);
    expect((column(c, 'n').slice(0, 49) as number[]).sort((a, b) => b - a)).toEqual(kept);
    expect(c.sourcePoints).toBe(200);
  });

  it('draws a pie from one y column and refuses two', async () => {
    const { c } = await oneChart(
      `from plotwright import chart\nchart({'k': ['a', 'b'], 'v': [1, 3]}, kind='pie', title='share')`,
    );
    expect(c.kind).toBe('pie');
    expect(c.data).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 3 },
    ]);
    const bad = await run(
      `from plotwright import chart\nchart({'k': ['a'], 'v': [1], 'w': [2]}, kind='pie')`,
    );
    expect(bad.exitCode).toBe(1);
    expect(bad.charts).toEqual([]);
    expect(bad.output).toContain('ValueError: a pie chart takes exactly one y column');
  });

  it('writes NaN and infinity as null', async () => {
    const { c } = await oneChart(`
from plotwright import chart
chart({'x': [1, 2, 3, 4, float('nan')], 'y': [1.5, float('nan'), float('inf'), -float('inf'), 2.0]}, y='y')
`);
    expect(column(c, 'y')).toEqual([1.5, null, null, null, 2]);
    expect(column(c, 'x')).toEqual([1, 2, 3, 4, null]);
  });

  // BUG (chart.py `_is_numeric`): `_number(inf)` is None, so a column holding inf is not numeric
  // and chart() without y= fails with "no numeric column to plot". Flip to `it` once fixed.
  it('picks a column containing infinity as a y series', async () => {
    const { c } = await oneChart(
      `from plotwright import chart\nchart({'x': [1, 2], 'y': [1.0, float('inf')]})`,
    );
    expect(column(c, 'y')).toEqual([1, null]);
  });

  it('rejects an unknown kind and lists the valid ones', async () => {
    const r = await run(`from plotwright import chart\nchart({'a': [1], 'b': [2]}, kind='radar')`);
    expect(r.exitCode).toBe(1);
    expect(r.charts).toEqual([]);
    expect(r.output).toContain("chart kind must be one of line, bar, scatter, pie, area, not 'radar'");
  });

  it('takes a list of row dicts and a dict of columns without pandas', async () => {
    const r = await run(`
import sys
from plotwright import chart
saved = sys.modules.get('pandas')
sys.modules['pandas'] = None  # import pandas now fails
try:
    chart([{'city': 'Oslo', 'temp': 4}, {'city': 'Rome', 'temp': 18, 'rain': 2}], kind='bar', title='rows')
    chart({'n': [1, 2, 3], 'sq': [1, 4, 9]}, title='cols')
finally:
    sys.modules['pandas'] = saved
`);
    expect(r.exitCode, r.output).toBe(0);
    expect(r.charts.map((c) => c.title)).toEqual(['rows', 'cols']);
    const [rows, cols] = r.charts;
    expect(rows!.series.map((s) => s.key)).toEqual(['temp', 'rain']);
    expect(rows!.data).toEqual([
      { city: 'Oslo', temp: 4, rain: null },
      { city: 'Rome', temp: 18, rain: 2 },
    ]);
    expect(cols!.data).toEqual([
      { n: 1, sq: 1 },
      { n: 2, sq: 4 },
      { n: 3, sq: 9 },
    ]);
    expect(cols!.xType).toBe('number');
  });

  it('collects a chart emitted by a child process', async () => {
    const { r, c } = await oneChart(`
import subprocess, sys
code = "from plotwright import chart; chart({'a': [1, 2], 'b': [3, 4]}, kind='area', title='from child')"
subprocess.run([sys.executable, '-c', code], check=True)
`);
    expect(c).toMatchObject({
      kind: 'area',
      title: 'from child',
      data: [
        { a: 1, b: 3 },
        { a: 2, b: 4 },
      ],
    });
    expect(r.output).not.toContain('<chart:');
  });
});

describe('matplotlib figures', () => {
  const png = (file: string) => readFileSync(file).subarray(0, 8).toString('hex');

  it('saves an open figure without savefig as figure-N-1.png', async () => {
    const r = await run(`import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [4, 1, 9])\nplt.title('auto')`);
    expect(r.exitCode, r.output).toBe(0);
    expect(r.artifacts).toHaveLength(1);
    const a = r.artifacts[0]!;
    expect(a.name).toMatch(/^figure-\d+-1\.png$/);
    expect(a).toMatchObject({ kind: 'image', mime: 'image/png', path: path.join(tmp, a.name) });
    expect(a.size).toBeGreaterThan(1000);
    expect(png(a.path)).toBe('89504e470d0a1a0a');
  });

  it('keeps a figure saved with savefig and does not save it again', async () => {
    const r = await run(`import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1])\nplt.savefig('mine.png')`);
    expect(r.exitCode, r.output).toBe(0);
    expect(r.artifacts.map((a) => a.name)).toEqual(['mine.png']);
    expect(png(r.artifacts[0]!.path)).toBe('89504e470d0a1a0a');
  });

  it('captures a figure on plt.show() even if it is closed afterwards', async () => {
    const r = await run(
      `import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [3, 5])\nplt.show()\nplt.close('all')\nprint('done')`,
    );
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toBe('done\n');
    expect(r.artifacts).toHaveLength(1);
    expect(r.artifacts[0]!.name).toMatch(/^figure-\d+-1\.png$/);
    expect(r.artifacts[0]!.size).toBeGreaterThan(1000);
  });
});

// The built-in analyst answers questions with real Python in the local sandbox: whole analyses on
// the shared datasets, the answer sentence (the final message's first paragraph) compared with
// truths computed here by a separate pandas script, and questions it must decline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import { FOLDED_TOTALS } from '../../electron/core/analyst/step-code';
import { ANSWER_HELPERS } from '../../electron/core/analyst/ops/code';
import { FOLD_HELPERS } from '../../electron/core/analyst/ops/helpers';
import { fmtLikeCode } from '../../electron/core/analyst/ops/describe';
import { profileFile } from '../../electron/core/data/profile';
import type { FileProfile } from '../../electron/model/data/types';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import {
  executionOutputs,
  finalMessage,
  profileFor,
  runAnalyst,
  type AnalystRun,
} from '../support/run-analyst';
import { CRAFTED, writeCrafted } from '../support/crafted-files';
import { DATASETS } from './support/env';

// Plain pandas on the raw file: each expression evaluates to a number or a (group, number) pair.
// `read`: read_csv's keyword arguments for a crafted file (a `;` file with decimal commas…).
const TRUTH = `
import json, sys
import pandas as pd
df = pd.read_csv(sys.argv[1], **eval(f'dict({sys.argv[3]})'))
fold = lambda s: s.str.split().str.join(' ').str.lower()
v = eval(sys.argv[2], {'pd': pd, 'df': df, 'fold': fold})
print(json.dumps([str(v[0]), float(v[1])] if isinstance(v, tuple) else float(v)))
`;

function truth(file: string, expr: string, read = ''): number | [string, number] {
  const r = spawnSync('/usr/bin/python3', ['-c', TRUTH, file, expr, read], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as number | [string, number];
}

const top = (series: string, asc = false) =>
  `(lambda s: (s.index[0], s.iloc[0]))((${series}).sort_values(ascending=${asc ? 'True' : 'False'}))`;
const march = "pd.to_datetime(df['date']).dt.month == 3";

const executor = new ExecutorService({ mode: 'local' });
let root: string;
const sessions = new Map<string, ExecSession>();

async function ask(
  file: string,
  question: string,
  profile?: FileProfile,
): Promise<{ run: AnalystRun; sentence: string; answered: boolean | null }> {
  let session = sessions.get(file);
  if (!session) {
    session = await executor.openSession({
      workspaceDir: path.join(root, `ws-${sessions.size}`),
      inputs: [file],
      mode: 'local',
    });
    sessions.set(file, session);
  }
  const model = new BuiltinAnalyst({ profile: profile ?? profileFor(file) });
  const run = await runAnalyst(model, session, { question });
  return { run, sentence: finalMessage(run).split('\n\n')[0] ?? '', answered: model.answered(run.messages) };
}

/** The numbers written in a sentence ("3,405.56", "74.2%", "-0.8317"). */
const numbers = (text: string) =>
  [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(Math.abs(b) * 0.002, 5e-4);

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-analyst-answers-'));
});
afterAll(async () => {
  for (const s of sessions.values()) await s.close();
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const SALES = path.join(DATASETS, 'sales.csv');
const seaborn = (name: string) => path.join(DATASETS, 'seaborn', name);

describe('answers, checked against pandas', () => {
  it.each([
    // The six questions of the issue.
    [
      SALES,
      'Which region sold the most units in March?',
      top(`df[${march}].groupby('region')['units'].sum()`),
    ],
    [
      SALES,
      'How many units were sold in February?',
      "df[pd.to_datetime(df['date']).dt.month == 2]['units'].sum()",
    ],
    [seaborn('tips.csv'), 'What is the average tip on Sundays?', "df[df['day'] == 'Sun']['tip'].mean()"],
    [
      seaborn('tips.csv'),
      'What is the median total_bill for smokers?',
      "df[df['smoker'] == 'Yes']['total_bill'].median()",
    ],
    [
      seaborn('titanic.csv'),
      'What was the survival rate of female passengers?',
      "df[df['sex'] == 'female']['survived'].mean() * 100",
    ],
    [
      seaborn('diamonds.csv'),
      'What is the correlation between carat and price?',
      "df['carat'].corr(df['price'])",
    ],
    // More phrasings and operations.
    [
      SALES,
      'What share of revenue comes from the North?',
      "df[df['region'] == 'North']['revenue'].sum() / df['revenue'].sum() * 100",
    ],
    [
      SALES,
      'Which month had the highest revenue?',
      top("df.groupby(pd.to_datetime(df['date']).dt.strftime('%Y-%m'))['revenue'].sum()"),
    ],
    [SALES, 'How many orders had revenue over 10000?', "(df['revenue'] > 10000).sum()"],
    [
      SALES,
      'What is the revenue of North and South?',
      "df[df['region'].isin(['North', 'South'])]['revenue'].sum()",
    ],
    [seaborn('tips.csv'), 'Which day has the highest average tip?', top("df.groupby('day')['tip'].mean()")],
    [seaborn('tips.csv'), 'How many tips were over $5?', "(df['tip'] > 5).sum()"],
    [seaborn('titanic.csv'), 'How many passengers survived?', "(df['survived'] == 1).sum()"],
    [
      seaborn('titanic.csv'),
      'Which class had the highest survival rate?',
      top("df.groupby('class')['survived'].mean() * 100"),
    ],
    [seaborn('diamonds.csv'), 'Which cut has the highest price?', top("df.groupby('cut')['price'].mean()")],
    [seaborn('diamonds.csv'), 'How many diamonds have a price above 10000?', "(df['price'] > 10000).sum()"],
    [
      seaborn('penguins.csv'),
      'What is the average body mass of Adelie penguins?',
      "df[df['species'] == 'Adelie']['body_mass_g'].mean()",
    ],
    [
      seaborn('flights.csv'),
      'Which year had the most passengers?',
      top("df.groupby('year')['passengers'].sum()"),
    ],
  ])('%s: %s', async (file, question, expr) => {
    const expected = truth(file, expr);
    const { run, sentence, answered } = await ask(file, question);
    expect(run.terminated).toBe(true);
    expect(answered).toBe(true);
    expect(sentence).toMatch(/^\*\*Answer:\*\* /);
    const [name, value] = Array.isArray(expected) ? expected : [null, expected];
    const shown = numbers(sentence);
    expect(
      shown.some((n) => close(n, value)),
      `${sentence} — truth ${value}`,
    ).toBe(true);
    if (name !== null) expect(sentence).toContain(name);
    // The figure the sentence states is printed, as written, by the code that computed it.
    const said = shown.find((n) => close(n, value));
    const written =
      sentence.match(/-?\d[\d,]*(?:\.\d+)?/g)?.find((t) => Number(t.replace(/,/g, '')) === said) ?? '';
    expect(executionOutputs(run).join('\n')).toContain(written);
  });

  it('states the filter and the period in the answer, first, then the overview', async () => {
    const { run, sentence } = await ask(SALES, 'Which region sold the most units in March?');
    expect(sentence).toBe(
      '**Answer:** In March (2026), the `region` with the highest total `units` is West: 168 (next: North, 102).',
    );
    const summary = finalMessage(run);
    expect(summary.indexOf('## Summary')).toBeGreaterThan(0);
    expect(summary).toContain('**Totals of `units` by `region`:** North: 369 over 3 rows'); // the overview below it
    expect(summary).not.toContain('All figures above were computed');
  });
});

describe('questions a QA round once answered wrong', () => {
  const crafted = (name: string) => writeCrafted(path.join(root, 'crafted'), name);
  it.each([
    // A rate of those who were something: the flag before "rate" is the part.
    [
      seaborn('titanic.csv'),
      'What is the survival rate of passengers who were alone?',
      "df[df['alone']]['survived'].mean() * 100",
    ],
    ['temps.csv', 'How many rows have temp_c below -5?', "(df['temp_c'] < -5).sum()"],
    [
      seaborn('flights.csv'),
      'How many passengers flew in the 1950s?',
      "df[df['year'].between(1950, 1959)]['passengers'].sum()",
    ],
    ['euro.csv', 'How many rows have Umsatz over 5.000?', "(df['Umsatz'] > 5000).sum()"],
    [
      'inv.csv',
      'Which category has the highest stock value?',
      "(lambda s: (s.index[0], s.iloc[0]))(df.groupby(fold(df['category']))['stock_value'].sum().sort_values(ascending=False))",
    ],
    ['inv.csv', 'How many distinct categories are there?', "fold(df['category']).nunique()"],
  ])('%s: %s', async (name, question, expr) => {
    const file = name.includes('/') ? name : crafted(name);
    const expected = truth(file, expr, CRAFTED[name]?.read ?? '');
    const profile = name.includes('/') ? undefined : await profileFile(file);
    const { sentence, answered } = await ask(file, question, profile);
    expect(answered, sentence).toBe(true);
    const [group, value] = Array.isArray(expected) ? expected : [null, expected];
    expect(
      numbers(sentence).some((n) => close(n, value)),
      `${sentence} — truth ${value}`,
    ).toBe(true);
    if (group !== null) expect(sentence.toLowerCase()).toContain(group);
  });

  it.each([
    [
      SALES,
      'What is the average monthly revenue?',
      /average row of each month or the average of the month totals/,
    ],
    [
      seaborn('flights.csv'),
      'What is the average number of passengers per year?',
      /average of the year totals/,
    ],
    [SALES, 'Median revenue of the top 3 orders', /top rows/],
  ])('declines %s: %s', async (file, question, reason) => {
    const { sentence, answered } = await ask(file, question);
    expect(answered).toBe(false);
    expect(sentence).toMatch(reason);
  });

  it("adds up the overview's totals over spellings, with means over the values that are there", () => {
    const script = `import json\nimport numpy as np\nimport pandas as pd\n${FOLD_HELPERS}\n${FOLDED_TOTALS}\ndf = pd.DataFrame({'region': ['north', 'North ', 'South', 'North', None, 'East'], 'amount': [10.0, 20.0, 5.0, np.nan, 7.0, 1.0]})\nsums, counts, sizes, also = _pw_folded_totals('region', ['amount'])\nprint(json.dumps({'sum': sums['amount'].to_dict(), 'mean': (sums['amount'] / counts['amount']).to_dict(), 'rows': sizes.to_dict(), 'also': also}))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // pandas on the merged groups, written out: North = 10 + 20 (+ a missing value), 3 rows, mean 15
    expect(JSON.parse(r.stdout)).toEqual({
      sum: { North: 30, South: 5, East: 1 },
      mean: { North: 15, South: 5, East: 1 },
      rows: { North: 3, South: 1, East: 1 },
      also: { North: ['north', 'North '] },
    });
  });

  it('folds spellings in Python as the parser does (case and spaces)', () => {
    const script = `import json\nimport numpy as np\nimport pandas as pd\n${ANSWER_HELPERS}\ns = pd.Series(['north', 'North ', 'South', 'North', None, 'A+', 'a+', 'A'])\ng, also = _pw_groups(s)\nprint(json.dumps([list(g.astype(object).fillna('-')), also, int(_pw_fold(s).nunique())]))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      ['North', 'North', 'South', 'North', '-', 'A+', 'A+', 'A'],
      { North: ['north', 'North '], 'A+': ['a+'] },
      4,
    ]);
  });
});

describe('charts that answer', () => {
  it('draws the histogram of a distribution and the line of a trend', async () => {
    const dist = await ask(seaborn('tips.csv'), 'What is the distribution of tips?');
    const median = truth(seaborn('tips.csv'), "df['tip'].median()") as number;
    expect(dist.sentence).toContain(`median ${median}`);
    const histogram = dist.run.charts.find((c) => c.title === 'Distribution of tip');
    expect(histogram?.kind).toBe('bar');
    const counts = (histogram?.data ?? []).map((row) => Number((row as Record<string, unknown>).rows));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(244);

    const trend = await ask(SALES, 'How did revenue change over time?');
    const march = truth(SALES, "df[pd.to_datetime(df['date']).dt.month == 3]['revenue'].sum()") as number;
    expect(numbers(trend.sentence)).toContain(march);
    expect(trend.run.charts.find((c) => c.title === 'revenue by month')?.kind).toBe('line');
  });
});

describe('questions it must decline', () => {
  it.each([
    [SALES, 'Which region sold the most online?', /“online”/],
    [SALES, 'What is the profit margin of Widget Pro?', /“profit”/],
    [seaborn('tips.csv'), 'What is the average tip by waiter?', /“waiter”/],
    [seaborn('titanic.csv'), 'What is the average salary of passengers?', /“salary”/],
    [seaborn('penguins.csv'), 'What is the average bill?', /could be `bill_length_mm` or `bill_depth_mm`/],
    [seaborn('taxis.csv'), 'How many rides from Manhattan?', /several columns/],
    [seaborn('taxis.csv'), 'What is the total fare in March 2019?', /several date columns/],
    [SALES, 'What were the revenues in April?', /no rows match \(in April\)/],
  ])('%s: %s', async (file, question, reason) => {
    const { run, sentence, answered } = await ask(file, question);
    expect(run.terminated).toBe(true);
    expect(answered).toBe(false);
    expect(sentence).toMatch(/^I can't answer that from this file: /);
    expect(sentence).toMatch(reason);
    expect(finalMessage(run)).not.toContain('**Answer:**');
    expect(finalMessage(run)).toContain('## Summary'); // the overview is still offered
  });
});

describe('measures that do not add up', () => {
  it('summarises prices by their mean, not their total', async () => {
    const { run } = await ask(seaborn('diamonds.csv'), 'Analyse diamonds.csv');
    const summary = finalMessage(run);
    const mean = truth(seaborn('diamonds.csv'), "df[df['cut'] == 'Ideal']['price'].mean()") as number;
    expect(summary).toContain('**Averages of `price` by `cut`:**');
    expect(summary).toContain(
      `Ideal: mean ${mean.toLocaleString('en-US', { maximumFractionDigits: 2 })} over 21,551 rows`,
    );
    expect(summary).not.toMatch(/total `price`|Totals of `price`/);
    expect(summary).toMatch(/`price` from 326 to 18,823 \(mean [\d,.]+, median [\d,.]+\)/);
  });
});

describe('names and values that are data, not code', () => {
  it('answers on a file with hostile names and values, every one a literal', async () => {
    const csv = path.join(root, 'hostile-answers.csv');
    writeFileSync(
      csv,
      ['"Région 💰","x`y"', '"O\'Brien",12.5', '"Nord",7.25', '"O\'Brien",3', '"\'; import os #",4'].join(
        '\n',
      ) + '\n',
    );
    const expected = truth(csv, "df[df['Région 💰'] == \"O'Brien\"]['x`y'].sum()") as number;
    const { run, sentence, answered } = await ask(csv, "What is the total x`y for O'Brien?");
    expect(answered).toBe(true);
    expect(sentence).toBe(
      `**Answer:** The total \`\`x\`y\`\` where \`Région 💰\` is O'Brien is ${expected} (2 values).`,
    );
    expect(run.batches.every((b) => b?.exitCode === 0)).toBe(true);
  });

  it("prints question numbers exactly as the sentence writes them (Python's _pw_fmt = fmtLikeCode)", () => {
    const values = [5, 10000, 2.5, 0.9216, 74.2038, -1234.5, 1e6, 0.012, 3.14159, 123.456, 0.5, 1999.99];
    const script = `import json, sys\nimport numpy as np\nimport pandas as pd\n${ANSWER_HELPERS}\nprint(json.dumps([_pw_fmt(v) for v in json.loads(sys.argv[1])]))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script, JSON.stringify(values)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(values.map(fmtLikeCode));
  });
});

// bench/answers — the built-in analyst on a fixed set of questions over the shared datasets: each
// question runs a whole analysis (the real profiler, the real executor, local mode), and the answer
// sentence (the final message's first paragraph) is checked against a truth computed here by
// pandas, or against an expected decline. Prints right / declined / wrong and the time per question.
// Targets: 0 wrong; at least 80 % right (a right answer or an expected decline).
//   npm run bench:answers            (BENCH_MODE=docker to run the code in Docker)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuiltinAnalyst } from '../electron/core/analyst/builtin';
import { mdText } from '../electron/core/analyst/format';
import { profileFile } from '../electron/core/data/profile';
import { ExecutorService } from '../electron/core/exec/executor';
import { requirePython } from '../electron/core/exec/local/python';
import type { ExecMode } from '../electron/model/exec/types';
import { CRAFTED, writeCrafted } from '../test/support/crafted-files';
import { finalMessage, runAnalyst } from '../test/support/run-analyst';

const DATASETS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const MODE = (process.env.BENCH_MODE ?? 'local') as ExecMode;
/** A number in the sentence within this relative distance of the truth counts as the truth. */
const TOLERANCE = 0.002;

type Truth = number | [string, number] | null;

interface Question {
  file: string;
  question: string;
  /**
   * The truth as a pandas expression on `df` (plain read_csv of the raw file): a number, or
   * (group, number) when the answer names a group; null when the file cannot answer it.
   */
  truth: string | null;
}

// One question a line: file | question | truth, a pandas expression on `df` (the raw file read
// with plain read_csv) giving a number, or (group, number) when the answer names a group; DECLINE
// when the file cannot answer it. `top(series, ascending=False)` is the first group of a sorted
// series; `month(m)` selects sales.csv's rows of month m. `crafted/…` files are written by the
// bench (test/support/crafted-files.ts) and read with their own read_csv arguments; `money(s)`
// reads "$1,234.50" and "($150.00)", `fold(s)` ignores case and spaces.
const TABLE = `
sales.csv | Which region sold the most units in March? | top(df[month(3)].groupby('region')['units'].sum())
sales.csv | How many units were sold in February? | df[month(2)]['units'].sum()
sales.csv | What was the total revenue in Q1 2026? | df['revenue'].sum()
sales.csv | Which product has the highest revenue? | top(df.groupby('product')['revenue'].sum())
sales.csv | How many orders were there in March? | (month(3)).sum()
sales.csv | Which month had the highest revenue? | top(df.groupby(pd.to_datetime(df['date']).dt.strftime('%Y-%m'))['revenue'].sum())
sales.csv | What share of revenue comes from the North? | df[df['region'] == 'North']['revenue'].sum() / df['revenue'].sum() * 100
sales.csv | What is the average revenue per order for Widget Pro? | df[df['product'] == 'Widget Pro']['revenue'].mean()
sales.csv | What is the median units for Gadget Lite? | df[df['product'] == 'Gadget Lite']['units'].median()
sales.csv | How many orders had revenue over 10000? | (df['revenue'] > 10000).sum()
sales.csv | What is the total revenue outside the North? | df[df['region'] != 'North']['revenue'].sum()
sales.csv | Which region sold the most online? | DECLINE
sales.csv | What is the profit margin of Widget Pro? | DECLINE
seaborn/tips.csv | What is the average tip on Sundays? | df[df['day'] == 'Sun']['tip'].mean()
seaborn/tips.csv | What is the median total_bill for smokers? | df[df['smoker'] == 'Yes']['total_bill'].median()
seaborn/tips.csv | Which day has the highest average tip? | top(df.groupby('day')['tip'].mean())
seaborn/tips.csv | How many tips were over $5? | (df['tip'] > 5).sum()
seaborn/tips.csv | What is the average tip for non-smokers at dinner? | df[(df['smoker'] == 'No') & (df['time'] == 'Dinner')]['tip'].mean()
seaborn/tips.csv | What is the total bill on Saturday or Sunday? | df[df['day'].isin(['Sat', 'Sun'])]['total_bill'].sum()
seaborn/tips.csv | Which day has the most customers? | top(df.groupby('day').size())
seaborn/tips.csv | What is the average tip by waiter? | DECLINE
seaborn/titanic.csv | What was the survival rate of female passengers? | df[df['sex'] == 'female']['survived'].mean() * 100
seaborn/titanic.csv | How many passengers survived? | (df['survived'] == 1).sum()
seaborn/titanic.csv | What is the average age of survivors? | df[df['survived'] == 1]['age'].mean()
seaborn/titanic.csv | Which class had the highest survival rate? | top(df.groupby('class')['survived'].mean() * 100)
seaborn/titanic.csv | What is the average fare in first class? | df[df['class'] == 'First']['fare'].mean()
seaborn/titanic.csv | What percentage of passengers were female? | (df['sex'] == 'female').mean() * 100
seaborn/titanic.csv | What is the survival rate of men? | df[df['who'] == 'man']['survived'].mean() * 100
seaborn/titanic.csv | What is the average salary of passengers? | DECLINE
seaborn/diamonds.csv | What is the correlation between carat and price? | df['carat'].corr(df['price'])
seaborn/diamonds.csv | Which cut has the highest price? | top(df.groupby('cut')['price'].mean())
seaborn/diamonds.csv | What is the average price of Ideal diamonds? | df[df['cut'] == 'Ideal']['price'].mean()
seaborn/diamonds.csv | How many diamonds have a price above 10000? | (df['price'] > 10000).sum()
seaborn/diamonds.csv | What is the median carat for color E? | df[df['color'] == 'E']['carat'].median()
seaborn/diamonds.csv | Top 3 colors by average price | top(df.groupby('color')['price'].mean())
seaborn/diamonds.csv | What is the average price of diamonds sold in London? | DECLINE
seaborn/penguins.csv | What is the average body mass of Adelie penguins? | df[df['species'] == 'Adelie']['body_mass_g'].mean()
seaborn/penguins.csv | How many female penguins are there? | (df['sex'] == 'FEMALE').sum()
seaborn/penguins.csv | What is the correlation between flipper length and body mass? | df['flipper_length_mm'].corr(df['body_mass_g'])
seaborn/penguins.csv | Which island has the most penguins? | top(df.groupby('island').size())
seaborn/penguins.csv | What is the average bill? | DECLINE
seaborn/flights.csv | How many passengers in March 1955? | df[(df['year'] == 1955) & (df['month'] == 'Mar')]['passengers'].sum() if (df['month'] == 'Mar').any() else df[(df['year'] == 1955) & (df['month'] == 'March')]['passengers'].sum()
seaborn/flights.csv | Which year had the most passengers? | top(df.groupby('year')['passengers'].sum())
seaborn/flights.csv | What is the average number of passengers in July? | df[df['month'].isin(['Jul', 'July'])]['passengers'].mean()
seaborn/mpg.csv | What is the average mpg of cars from Japan? | df[df['origin'] == 'japan']['mpg'].mean()
seaborn/mpg.csv | How many cars have 8 cylinders? | (df['cylinders'] == 8).sum()
seaborn/mpg.csv | What is the correlation between weight and mpg? | df['weight'].corr(df['mpg'])
seaborn/mpg.csv | Which origin has the highest average horsepower? | top(df.groupby('origin')['horsepower'].mean())
seaborn/taxis.csv | How many rides were paid by cash? | (df['payment'] == 'cash').sum()
seaborn/taxis.csv | What is the average tip for green taxis? | df[df['color'] == 'green']['tip'].mean()
seaborn/taxis.csv | What is the average fare? | df['fare'].mean()
seaborn/taxis.csv | How many rides started in Manhattan? | (df['pickup_borough'] == 'Manhattan').sum()
seaborn/healthexp.csv | What was the life expectancy in Japan in 2000? | df[(df['Country'] == 'Japan') & (df['Year'] == 2000)]['Life_Expectancy'].mean()
seaborn/healthexp.csv | Which country has the highest average spending? | top(df.groupby('Country')['Spending_USD'].mean())
seaborn/dowjones.csv | What was the average price in 1929? | df[pd.to_datetime(df['Date']).dt.year == 1929]['Price'].mean()
seaborn/dowjones.csv | What was the highest price? | df['Price'].max()
seaborn/iris.csv | What is the average petal length of setosa? | df[df['species'] == 'setosa']['petal_length'].mean()
seaborn/iris.csv | What is the correlation between petal length and petal width? | df['petal_length'].corr(df['petal_width'])
seaborn/planets.csv | How many planets were found by the Transit method? | (df['method'] == 'Transit').sum()
seaborn/planets.csv | What is the median orbital period? | df['orbital_period'].median()
seaborn/car_crashes.csv | What is the correlation between speeding and alcohol? | df['speeding'].corr(df['alcohol'])
seaborn/car_crashes.csv | What is the average insurance premium in Texas? | DECLINE
sales.csv | What is the revenue of North and South? | df[df['region'].isin(['North', 'South'])]['revenue'].sum()
sales.csv | Which region has the fewest orders? | top(df.groupby('region').size(), True)
sales.csv | How many orders per region? | (df['region'] == 'North').sum()
sales.csv | What is the total revenue per month? | df[month(1)]['revenue'].sum()
sales.csv | What is the average revenue per month? | DECLINE
sales.csv | In which month were the most units sold? | top(df.groupby(pd.to_datetime(df['date']).dt.strftime('%Y-%m'))['units'].sum())
sales.csv | What is the lowest revenue for Gadget Lite? | df[df['product'] == 'Gadget Lite']['revenue'].min()
sales.csv | How many units did Widget Pro sell in the East? | df[(df['product'] == 'Widget Pro') & (df['region'] == 'East')]['units'].sum()
sales.csv | Total revenue since 2026-02-01 | df[pd.to_datetime(df['date']) >= '2026-02-01']['revenue'].sum()
sales.csv | What was the revenue from January to February? | df[pd.to_datetime(df['date']).dt.month <= 2]['revenue'].sum()
seaborn/tips.csv | What is the highest tip on Saturday? | df[df['day'] == 'Sat']['tip'].max()
seaborn/tips.csv | What proportion of tips were given at lunch? | DECLINE
seaborn/tips.csv | What percentage of bills were paid by women? | DECLINE
seaborn/tips.csv | Which day had the lowest total bill? | top(df.groupby('day')['total_bill'].sum(), True)
seaborn/tips.csv | How many smokers are there? | (df['smoker'] == 'Yes').sum()
seaborn/tips.csv | What is the average size of a party at lunch? | DECLINE
seaborn/titanic.csv | What percentage of survivors were women? | (df[df['survived'] == 1]['who'] == 'woman').mean() * 100
seaborn/titanic.csv | Which class had the most survivors? | top(df[df['survived'] == 1].groupby('class').size())
seaborn/titanic.csv | How many passengers had an age over 60? | (df['age'] > 60).sum()
seaborn/titanic.csv | What is the median age of passengers in third class? | df[df['class'] == 'Third']['age'].median()
seaborn/titanic.csv | How many people survived? | DECLINE
seaborn/titanic.csv | What is the average fare of passengers who did not survive? | df[df['survived'] == 0]['fare'].mean()
seaborn/diamonds.csv | What is the lowest price for Premium diamonds? | df[df['cut'] == 'Premium']['price'].min()
seaborn/diamonds.csv | How many diamonds have a carat between 1 and 2? | df['carat'].between(1, 2).sum()
seaborn/diamonds.csv | Which clarity has the lowest average price? | top(df.groupby('clarity')['price'].mean(), True)
seaborn/penguins.csv | Which species has the longest flippers? | top(df.groupby('species')['flipper_length_mm'].mean())
seaborn/penguins.csv | What is the average flipper length by species? | df[df['species'] == 'Gentoo']['flipper_length_mm'].mean()
seaborn/mpg.csv | What is the average horsepower for cars with 4 cylinders? | df[df['cylinders'] == 4]['horsepower'].mean()
seaborn/taxis.csv | How many trips had more than 2 passengers? | (df['passengers'] > 2).sum()
seaborn/taxis.csv | What is the total fare for yellow taxis paid by credit card? | df[(df['color'] == 'yellow') & (df['payment'] == 'credit card')]['fare'].sum()
seaborn/titanic.csv | What is the survival rate of passengers who were alone? | df[df['alone']]['survived'].mean() * 100
seaborn/titanic.csv | What is the survival rate of passengers who were in first class? | df[df['class'] == 'First']['survived'].mean() * 100
seaborn/titanic.csv | What is the survival rate of passengers who were women? | df[df['who'] == 'woman']['survived'].mean() * 100
seaborn/titanic.csv | What is the survival rate for passengers that were male? | df[df['sex'] == 'male']['survived'].mean() * 100
seaborn/titanic.csv | What is the survival rate of passengers who were in Cherbourg? | df[df['embark_town'] == 'Cherbourg']['survived'].mean() * 100
seaborn/titanic.csv | What is the survival rate of women who were in third class? | df[(df['who'] == 'woman') & (df['class'] == 'Third')]['survived'].mean() * 100
seaborn/titanic.csv | What is the survival rate of passengers in first class who were alone? | df[(df['class'] == 'First') & df['alone']]['survived'].mean() * 100
seaborn/titanic.csv | What is the female share of survivors? | (df[df['survived'] == 1]['sex'] == 'female').mean() * 100
seaborn/titanic.csv | What percentage of passengers who were alone were women? | (df[df['alone']]['who'] == 'woman').mean() * 100
seaborn/titanic.csv | What percentage of passengers who survived were in first class? | (df[df['survived'] == 1]['class'] == 'First').mean() * 100
seaborn/tips.csv | What is the smoker rate of customers who were at lunch? | (df[df['time'] == 'Lunch']['smoker'] == 'Yes').mean() * 100
seaborn/tips.csv | What is the smoking rate of customers who are female? | (df[df['sex'] == 'Female']['smoker'] == 'Yes').mean() * 100
seaborn/tips.csv | What is the percentage of smokers who are female? | (df[df['smoker'] == 'Yes']['sex'] == 'Female').mean() * 100
crafted/shop.csv | What is the return rate of orders that were online? | (df[df['channel'] == 'online']['returned'] == 'yes').mean() * 100
crafted/temps.csv | How many rows have temp_c below -5? | (df['temp_c'] < -5).sum()
crafted/temps.csv | How many rows have temp_c under −3? | (df['temp_c'] < -3).sum()
crafted/temps.csv | How many rows have temp_c of at most -5? | (df['temp_c'] <= -5).sum()
crafted/temps.csv | What is the average rain_mm when temp_c is over -4? | df[df['temp_c'] > -4]['rain_mm'].mean()
crafted/temps.csv | How many rows have temp_c over -5.5? | (df['temp_c'] > -5.5).sum()
crafted/temps.csv | How many rows have temp_c between -6 and -2? | df['temp_c'].between(-6, -2).sum()
crafted/temps.csv | How many rows have temp_c below-5? | DECLINE
seaborn/flights.csv | How many passengers flew in the 1950s? | df[df['year'].between(1950, 1959)]['passengers'].sum()
seaborn/flights.csv | Which year in the 1950s had the most passengers? | top(df[df['year'].between(1950, 1959)].groupby('year')['passengers'].sum())
seaborn/flights.csv | How many passengers flew since the 1950s? | df[df['year'] >= 1950]['passengers'].sum()
seaborn/flights.csv | How many passengers flew in the '50s? | DECLINE
seaborn/dowjones.csv | What was the average price in the 1950s? | df[pd.to_datetime(df['Date']).dt.year.between(1950, 1959)]['Price'].mean()
seaborn/dowjones.csv | What was the lowest price in the 1930s? | df[pd.to_datetime(df['Date']).dt.year.between(1930, 1939)]['Price'].min()
seaborn/planets.csv | How many planets were discovered in the 1990s? | df['year'].between(1990, 1999).sum()
seaborn/planets.csv | How many planets were discovered in the 2000s? | DECLINE
seaborn/healthexp.csv | What was the average life expectancy in the 1980s? | df[df['Year'].between(1980, 1989)]['Life_Expectancy'].mean()
crafted/euro.csv | How many rows have Umsatz over 5.000? | (df['Umsatz'] > 5000).sum()
crafted/euro.csv | How many rows have Umsatz over 10.000? | (df['Umsatz'] > 10000).sum()
crafted/euro.csv | How many rows have Umsatz over 5.000,00? | (df['Umsatz'] > 5000).sum()
crafted/euro.csv | What is the average Umsatz when Menge is at least 12,5? | df[df['Menge'] >= 12.5]['Umsatz'].mean()
crafted/inv.csv | How many items have a price over 1.000? | DECLINE
crafted/inv.csv | How many items have a price over 1,000? | (df['price'] > 1000).sum()
crafted/shop.csv | Which region has the highest total amount? | top(money(df['amount']).groupby(fold(df['region'])).sum())
crafted/shop.csv | How many distinct regions are there? | fold(df['region']).nunique()
crafted/shop.csv | What is the total amount outside the North? | money(df['amount'])[fold(df['region']) != 'north'].sum()
crafted/shop.csv | What share of the total amount comes from the North? | money(df['amount'])[fold(df['region']) == 'north'].sum() / money(df['amount']).sum() * 100
crafted/inv.csv | Which category has the highest stock value? | top(df.groupby(fold(df['category']))['stock_value'].sum())
crafted/inv.csv | Which category has the most items? | top(df.groupby(fold(df['category'])).size())
crafted/inv.csv | How many distinct categories are there? | fold(df['category']).nunique()
sales.csv | What is the average monthly revenue? | DECLINE
sales.csv | What is the monthly average of units? | DECLINE
sales.csv | What is the average daily revenue? | DECLINE
seaborn/flights.csv | What is the average number of passengers per year? | DECLINE
seaborn/healthexp.csv | What was the average spending per year in Canada? | DECLINE
sales.csv | Median revenue of the top 3 orders | DECLINE
seaborn/tips.csv | What is the average of the 5 largest bills? | DECLINE
`;

const QUESTIONS: Question[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [file = '', question = '', truth = ''] = line.split(' | ');
    return { file, question, truth: truth === 'DECLINE' ? null : truth };
  });

// The truths: plain pandas on the raw file, one process per dataset, each expression written in
// QUESTIONS next to its question (independent of the analyst's code).
const TRUTH = `
import json, sys
import numpy as np
import pandas as pd
df = pd.read_csv(sys.argv[1], **eval(f'dict({sys.argv[2]})'))


def money(s):
    s = s.str.replace(r'[$,]', '', regex=True).str.replace(r'^\\((.*)\\)$', r'-\\1', regex=True)
    return pd.to_numeric(s, errors='coerce')


def fold(s):
    return s.str.split().str.join(' ').str.lower()


def top(s, ascending=False):
    s = s.sort_values(ascending=ascending)
    return (s.index[0], s.iloc[0])


def month(m):
    return pd.to_datetime(df['date']).dt.month == m


out = []
for expr in json.loads(sys.stdin.read()):
    v = eval(expr, {'pd': pd, 'np': np, 'df': df, 'top': top, 'month': month, 'money': money, 'fold': fold}) if expr else None
    if isinstance(v, (tuple, list)):
        v = [str(v[0]), float(v[1])]
    elif v is not None:
        v = float(v)
    out.append(v)
print(json.dumps(out))
`;

function truths(python: string, file: string, read: string, exprs: (string | null)[]): Truth[] {
  const r = spawnSync(python, ['-c', TRUTH, file, read], { input: JSON.stringify(exprs), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`truth failed for ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Truth[];
}

/** The numbers written in a sentence ("3,405.56", "74.2%", "-0.8317"). */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(Math.abs(b) * TOLERANCE, 5e-4);

type Verdict = 'right' | 'declined-as-expected' | 'declined' | 'wrong';

function judge(truth: Truth, answered: boolean | null, sentence: string): Verdict {
  if (truth === null) return answered ? 'wrong' : 'declined-as-expected';
  if (!answered) return 'declined';
  const [name, value] = Array.isArray(truth) ? truth : [null, truth];
  const hasNumber = numbersIn(sentence).some((n) => near(n, value));
  const hasName = name === null || sentence.includes(mdText(name));
  return hasNumber && hasName ? 'right' : 'wrong';
}

interface Row {
  file: string;
  question: string;
  verdict: Verdict;
  seconds: number;
  turns: number;
  sentence: string;
  truth: Truth;
}

async function main(): Promise<number> {
  const python = await requirePython();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-answers-'));
  const executor = new ExecutorService({ mode: MODE });
  const rows: Row[] = [];
  try {
    const byFile = new Map<string, Question[]>();
    for (const q of QUESTIONS) byFile.set(q.file, [...(byFile.get(q.file) ?? []), q]);
    for (const [name, questions] of byFile) {
      const crafted = name.startsWith('crafted/') ? name.slice('crafted/'.length) : null;
      const file = crafted ? writeCrafted(path.join(root, 'crafted'), crafted) : path.join(DATASETS, name);
      const expected = truths(
        python.executable,
        file,
        crafted ? (CRAFTED[crafted]?.read ?? '') : '',
        questions.map((q) => q.truth),
      );
      const profile = await profileFile(file);
      const session = await executor.openSession({
        workspaceDir: path.join(root, name.replace(/\W/g, '-')),
        inputs: [file],
        mode: MODE,
      });
      try {
        for (const [i, q] of questions.entries()) {
          const model = new BuiltinAnalyst({ profile });
          const run = await runAnalyst(model, session, { question: q.question });
          const sentence = finalMessage(run).split('\n\n')[0] ?? '';
          const truth = expected[i] ?? null;
          const verdict = judge(truth, model.answered(run.messages), sentence);
          rows.push({
            file: name,
            question: q.question,
            verdict,
            seconds: run.durationMs / 1000,
            turns: run.turns,
            sentence,
            truth,
          });
          const mark = { right: 'ok  ', 'declined-as-expected': 'ok- ', declined: 'decl', wrong: 'WRONG' }[
            verdict
          ];
          console.log(
            `${mark} ${(run.durationMs / 1000).toFixed(2).padStart(5)} s ${String(run.turns).padStart(2)} turns  ${name}: ${q.question}`,
          );
          if (verdict !== 'right')
            console.log(
              `           ${sentence.slice(0, 240)}${verdict === 'wrong' ? `  [truth ${JSON.stringify(truth)}]` : ''}`,
            );
        }
      } finally {
        await session.close();
      }
    }
  } finally {
    await executor.shutdown();
    rmSync(root, { recursive: true, force: true });
  }
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  const right = count('right') + count('declined-as-expected');
  const seconds = rows.map((r) => r.seconds).sort((a, b) => a - b);
  const mean = seconds.reduce((a, b) => a + b, 0) / Math.max(seconds.length, 1);
  const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
  console.log(
    `\n${rows.length} questions: ${right} right (${count('right')} answered, ${count('declined-as-expected')} declined as expected), ` +
      `${count('declined')} declined, ${count('wrong')} wrong`,
  );
  console.log(
    `time per question (whole analysis): mean ${mean.toFixed(2)} s, median ${median.toFixed(2)} s, max ${(seconds.at(-1) ?? 0).toFixed(2)} s`,
  );
  const share = right / Math.max(rows.length, 1);
  const checks = [
    { what: '0 wrong answers', ok: count('wrong') === 0, value: String(count('wrong')) },
    { what: 'at least 80 % right', ok: share >= 0.8, value: `${(share * 100).toFixed(1)} %` },
  ];
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what.padEnd(24)} ${c.value}`);
  const out = path.resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, `answers-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`),
    JSON.stringify(rows, null, 2),
  );
  return checks.every((c) => c.ok) ? 0 : 1;
}

process.exitCode = await main();

/**
 * The fixed question set of "Check my model", and their truths: each a pandas expression on
 * `df` (the table as plain `read_csv` reads it), evaluated by the discovered Python when a check
 * runs — the right answers are computed, never typed in.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { requirePython } from '../exec/local/python';
import type { TableName } from './tables';
import type { CheckKind, CheckTruth } from '../../model/check';
import { oneLine } from '../../model/text/one-line';

export interface CheckQuestion {
  id: string;
  kind: CheckKind;
  table: TableName;
  question: string;
  /**
   * Python on `df`: a number; `top(series)` / `bottom(series)` for the label of the highest / lowest
   * value; `absent(word)` for a question the table cannot answer (it checks no column is about it).
   * `month(column)` is a date column's month number.
   */
  truth: string;
  /** Asked as a percentage. */
  percent?: boolean;
}

export const CHECK_QUESTIONS: readonly CheckQuestion[] = [
  {
    id: 'sales-total',
    kind: 'figure',
    table: 'sales.csv',
    question: 'What is the total revenue?',
    truth: "df['revenue'].sum()",
  },
  {
    id: 'sales-march-units',
    kind: 'filter',
    table: 'sales.csv',
    question: 'How many units were sold in March?',
    truth: "df[month('date') == 3]['units'].sum()",
  },
  {
    id: 'sales-top-region',
    kind: 'highest',
    table: 'sales.csv',
    question: 'Which region sold the most units?',
    truth: "top(df.groupby('region')['units'].sum())",
  },
  {
    id: 'sales-best-month',
    kind: 'trend',
    table: 'sales.csv',
    question: 'In which month was revenue highest?',
    truth: "top(df.groupby(pd.to_datetime(df['date']).dt.strftime('%Y-%m'))['revenue'].sum())",
  },
  {
    id: 'sales-west-share',
    kind: 'figure',
    table: 'sales.csv',
    question: 'What percentage of the revenue came from the West region?',
    truth: "df[df['region'] == 'West']['revenue'].sum() / df['revenue'].sum() * 100",
    percent: true,
  },
  {
    id: 'staff-engineering',
    kind: 'filter',
    table: 'staff.csv',
    question: 'How many people work in Engineering?',
    truth: "(df['department'] == 'Engineering').sum()",
  },
  {
    id: 'staff-sales-salary',
    kind: 'filter',
    table: 'staff.csv',
    question: 'What is the average salary in the Sales department?',
    truth: "df[df['department'] == 'Sales']['salary'].mean()",
  },
  {
    id: 'staff-top-median',
    kind: 'highest',
    table: 'staff.csv',
    question: 'Which department has the highest median salary?',
    truth: "top(df.groupby('department')['salary'].median())",
  },
  {
    id: 'weather-warmest-july',
    kind: 'highest',
    table: 'weather.csv',
    question: 'Which city was the warmest in July?',
    truth: "top(df[df['month'] == '2024-07'].set_index('city')['mean_temp_c'])",
  },
  {
    id: 'weather-coldest-month',
    kind: 'trend',
    table: 'weather.csv',
    question: 'Averaged over the cities, which month had the lowest mean temperature?',
    truth: "bottom(df.groupby('month')['mean_temp_c'].mean())",
  },
  {
    id: 'weather-oslo-rain',
    kind: 'figure',
    table: 'weather.csv',
    question: 'What was the total rainfall in Oslo over the year?',
    truth: "df[df['city'] == 'Oslo']['rainfall_mm'].sum()",
  },
  {
    id: 'staff-sick-days',
    kind: 'decline',
    table: 'staff.csv',
    question: 'How many sick days did employees take on average?',
    truth: "absent('sick')",
  },
];

const SCRIPT = `
import json, sys
import pandas as pd
req = json.load(sys.stdin)
def forms(key):
    s = str(key)
    out = [s]
    if len(s) == 7 and s[4] == "-" and s[:4].isdigit():
        out.append(pd.Timestamp(s + "-01").strftime("%B"))
    return out
def top(series, largest=True):
    s = series.sort_values(ascending=not largest, kind="mergesort")
    if len(s) > 1 and s.iloc[0] == s.iloc[1]:
        raise ValueError("a tie between %s and %s" % (s.index[0], s.index[1]))
    return {"kind": "label", "forms": forms(s.index[0]), "candidates": [f for k in s.index for f in forms(k)]}
def bottom(series):
    return top(series, largest=False)
out = []
for q in req["questions"]:
    df = pd.read_csv(req["tables"][q["table"]])
    def month(column, df=df):
        return pd.to_datetime(df[column]).dt.month
    def absent(word, df=df):
        hit = [c for c in df.columns if word in c.lower()]
        if hit:
            raise ValueError("the table has %s" % hit)
        return {"kind": "decline"}
    try:
        v = eval(q["truth"], {"pd": pd, "df": df, "top": top, "bottom": bottom, "month": month, "absent": absent})
    except Exception as exc:
        raise SystemExit("%s: %s: %s" % (q["id"], type(exc).__name__, exc))
    out.append(v if isinstance(v, dict) else {"kind": "number", "value": float(v)})
print(json.dumps(out))
`;

/** Runs the truths in a plain child process of the discovered Python (our code, on our tables). */
export async function computeTruths(
  tables: Record<TableName, string>,
  questions: readonly CheckQuestion[] = CHECK_QUESTIONS,
  options: { python?: string; signal?: AbortSignal } = {},
): Promise<CheckTruth[]> {
  const python = await requirePython({ configured: options.python });
  const input = JSON.stringify({ tables, questions });
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(python.executable, ['-I', '-c', SCRIPT], {
      env: { PATH: process.env.PATH ?? '', PYTHONNOUSERSITE: '1', HOME: os.tmpdir() },
      signal: options.signal,
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(
              `computing the truths failed: ${oneLine(stderr.trim().split(/\r?\n/).at(-1), { fallback: `exit ${code}` })}`,
            ),
          ),
    );
    child.stdin.end(input);
  });
  const truths = JSON.parse(output) as CheckTruth[];
  return truths.map((t, i) => (t.kind === 'number' && questions[i]!.percent ? { ...t, percent: true } : t));
}

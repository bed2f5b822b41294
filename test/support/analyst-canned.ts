// Canned execution results for the built-in analyst's unit tests (no Python): sales.csv's
// profile, each step's payload (handed over out of band, as `record_result` does), and a player
// that answers each message.
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import type { FileProfile } from '../../electron/model/data/types';
import { planExecution } from '../../electron/core/exec/extract';
import type { ChatMessage } from '../../electron/model/llm/types';

export const profile: FileProfile = {
  path: '/data/sales.csv',
  name: 'sales.csv',
  size: 420,
  sha256: '0'.repeat(64),
  encoding: 'utf-8',
  delimiter: ',',
  decimal: '.',
  quotechar: '"',
  header: true,
  rows: 10,
  columns: [
    { name: 'date', type: 'date', missing: 0, distinct: 10, examples: ['2026-01-05'] },
    { name: 'product', type: 'category', missing: 0, distinct: 2, examples: ['Widget Pro'] },
    { name: 'region', type: 'category', missing: 0, distinct: 4, examples: ['North'] },
    { name: 'revenue', type: 'integer', missing: 0, distinct: 10, examples: ['12500'] },
    { name: 'units', type: 'integer', missing: 0, distinct: 10, examples: ['125'] },
  ],
  sample: [],
  readCsv: "pd.read_csv('sales.csv')",
  warnings: [],
};

/** An execution result as the analyst receives it: the AutoGen text and the out-of-band results. */
export interface Reply {
  content: string;
  results?: Record<string, unknown>[];
}

export const ok = (payload: object, text = 'table…'): Reply => ({
  content: `exitcode: 0 (execution succeeded)\nCode output: ${text}\n`,
  results: [payload as Record<string, unknown>],
});
export const fail = (code: number, ...lines: string[]): Reply => ({
  content: `exitcode: ${code} (execution failed)\nCode output: ${lines.join('\n')}\n`,
  results: [],
});

export const col = (name: string, dtype: string, unique: number) => ({
  name,
  dtype,
  missing: 0,
  pct: 0,
  unique,
});
export const overview = (over: Record<string, unknown> = {}) => ({
  step: 'overview',
  rows: 10,
  cols: 5,
  columns: [
    col('date', 'datetime64[ns]', 10),
    col('product', 'object', 2),
    col('region', 'object', 4),
    col('revenue', 'int64', 10),
    col('units', 'int64', 10),
  ],
  measures: ['revenue', 'units'],
  categories: ['product', 'region'],
  dates: [{ name: 'date', min: '2026-01-05', max: '2026-03-23', bad: 0 }],
  years: [],
  ids: [],
  texts: [],
  converted: [],
  duplicates: 0,
  ...over,
});
export const RESULTS: Record<string, object> = {
  overview: overview(),
  // "What is the revenue by region?": no value of the data in it; revenue is numeric.
  lookup: { step: 'lookup', matches: [], found: 0, flags: [], ranges: [['revenue', 3800, 16800, 10, true]] },
  answer: {
    step: 'answer',
    op: 'aggregate',
    selected: 10,
    total_rows: 10,
    years: [],
    groups: [
      ['North', '31,800', 3],
      ['West', '20,600', 2],
      ['South', '20,200', 3],
      ['East', '18,500', 2],
    ],
    groups_total: 4,
  },
  describe: {
    step: 'describe',
    stats: [
      {
        name: 'revenue',
        count: 10,
        mean: 9110,
        std: 4588.02,
        min: 3800,
        median: 9250,
        max: 16800,
        sum: 91100,
      },
      { name: 'units', count: 10, mean: 108.9, std: 28.67, min: 76, median: 99, max: 168, sum: 1089 },
    ],
  },
  totals: {
    step: 'totals',
    charts: 2,
    tables: [
      {
        measure: 'revenue',
        category: 'product',
        groups: 2,
        rows: [
          ['Widget Pro', 73300, 6, 12216.67],
          ['Gadget Lite', 17800, 4, 4450],
        ],
      },
      {
        measure: 'revenue',
        category: 'region',
        groups: 4,
        rows: [
          ['North', 31800, 3, 10600],
          ['West', 20600, 2, 10300],
          ['South', 20200, 3, 6733.33],
          ['East', 18500, 2, 9250],
        ],
      },
    ],
  },
  trend: {
    step: 'trend',
    axis: 'date',
    freq: 'month',
    measure: 'revenue',
    periods: 3,
    series: [
      ['2026-01', 25600],
      ['2026-02', 29300],
      ['2026-03', 36200],
    ],
    top: ['2026-03', 36200],
    bottom: ['2026-01', 25600],
    total: 91100,
  },
  extremes: {
    step: 'extremes',
    measure: 'revenue',
    columns: ['revenue', 'product', 'region', 'date'],
    top: [[16800, 'Widget Pro', 'West', '2026-03-16']],
    bottom: [[3800, 'Gadget Lite', 'West', '2026-02-11']],
  },
  correlations: {
    step: 'correlations',
    measures: ['revenue', 'units'],
    pairs: [['revenue', 'units', 0.9077]],
  },
};

/** The step a message's code performs (from the `record_result` call at its end). */
export function stepOf(message: string): string {
  const code = planExecution(message).blocks[0]?.code ?? '';
  return /record_result\('(\w+)'/.exec(code)?.[1] ?? (message.includes('TERMINATE') ? 'summary' : '?');
}

/** Plays a conversation: `reply(step, message, turn)` gives the execution result for each message. */
export async function play(
  reply: (step: string, message: string, turn: number) => string | Reply,
  question = 'What is the revenue by region?',
  analyst = new BuiltinAnalyst({ profile }),
): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a data analyst.' },
    { role: 'user', content: question },
  ];
  for (let turn = 1; turn <= 20; turn++) {
    const { content } = await analyst.complete(messages);
    messages.push({ role: 'assistant', content });
    if (content.trimEnd().endsWith('TERMINATE')) break;
    const answer = reply(stepOf(content), content, turn);
    messages.push(
      typeof answer === 'string' ? { role: 'user', content: answer } : { role: 'user', ...answer },
    );
  }
  return messages;
}
export const happy = (step: string) => ok(RESULTS[step] ?? {});
export const assistant = (messages: ChatMessage[]) =>
  messages.filter((m) => m.role === 'assistant').map((m) => m.content);

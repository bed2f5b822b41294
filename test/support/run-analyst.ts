// A tiny AutoGen loop for tests (not the app's engine): system + question → model → run the
// message's code → its result goes back as a user message → … until TERMINATE or 12 turns.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { pyStr } from '../../electron/core/analyst/py';
import type { ColumnProfile, ColumnType, FileProfile } from '../../electron/model/data/types';
import type { ChartSpec } from '../../electron/model/charts/spec';
import type { ExecSession } from '../../electron/core/exec/session';
import type { BatchResult } from '../../electron/model/exec/types';
import type { ChatMessage, ChatModel } from '../../electron/model/llm/types';

export const SYSTEM_PROMPT =
  'You are a data analyst. Write Python in ```python blocks; the user runs them and replies with the output. ' +
  'Reply TERMINATE when the analysis is complete.';

export interface AnalystRun {
  messages: ChatMessage[];
  /** The executor's result for each assistant message (null: nothing ran). */
  batches: (BatchResult | null)[];
  /** Assistant messages. */
  turns: number;
  terminated: boolean;
  charts: ChartSpec[];
  /** Streamed tokens per assistant message, joined. */
  streamed: string[];
  durationMs: number;
}

export interface RunAnalystOptions {
  question?: string;
  maxTurns?: number;
  /** Called after a block ran and before the model is asked again (e.g. to restart the kernel). */
  afterTurn?: (turn: number, batch: BatchResult | null) => Promise<void>;
}

export async function runAnalyst(
  model: ChatModel,
  session: ExecSession,
  options: RunAnalystOptions = {},
): Promise<AnalystRun> {
  const started = performance.now();
  const maxTurns = options.maxTurns ?? 12;
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: options.question ?? '' },
  ];
  const run: AnalystRun = {
    messages,
    batches: [],
    turns: 0,
    terminated: false,
    charts: [],
    streamed: [],
    durationMs: 0,
  };
  while (run.turns < maxTurns) {
    let streamed = '';
    const reply = await model.complete(messages, { onToken: (t) => (streamed += t) });
    run.turns += 1;
    run.streamed.push(streamed);
    messages.push({ role: 'assistant', content: reply.content });
    if (/\bTERMINATE\s*$/.test(reply.content)) {
      run.terminated = true;
      break;
    }
    const batch = await session.runMessage(reply.content);
    run.batches.push(batch);
    for (const r of batch?.results ?? []) run.charts.push(...r.charts);
    await options.afterTurn?.(run.turns, batch);
    messages.push(
      batch
        ? { role: 'user', content: batch.message, results: batch.results.flatMap((r) => r.results ?? []) }
        : { role: 'user', content: 'No code was found in your message.' },
    );
  }
  run.durationMs = Math.round(performance.now() - started);
  return run;
}

/** The execution result messages (what the executor sent back), in order. */
export function executionOutputs(run: AnalystRun): string[] {
  return run.messages.filter((m, i) => m.role === 'user' && i > 1).map((m) => m.content);
}

/** The execution result messages with what their code handed over out of band, in order. */
export function executionReplies(run: AnalystRun): ChatMessage[] {
  return run.messages.filter((m, i) => m.role === 'user' && i > 1);
}

/** The last assistant message. */
export function finalMessage(run: AnalystRun): string {
  return [...run.messages].reverse().find((m) => m.role === 'assistant')?.content ?? '';
}

/**
 * A FileProfile built by hand for tests (the real profiler lives in electron/core/data): comma
 * CSV, UTF-8, header row; column types guessed from the first 200 rows.
 */
export function profileFor(csvPath: string): FileProfile {
  const text = readFileSync(csvPath, 'utf8');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header = [], ...data] = parsed.data;
  const sample = data.slice(0, 200);
  const columns: ColumnProfile[] = header.map((name, i) => {
    const values = sample.map((r) => r[i] ?? '').filter((v) => v !== '');
    const numeric = values.length > 0 && values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
    const integer = numeric && values.every((v) => /^-?\d+$/.test(v.trim()));
    const date = !numeric && values.length > 0 && values.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v));
    const type: ColumnType = !values.length
      ? 'empty'
      : integer
        ? 'integer'
        : numeric
          ? 'float'
          : date
            ? 'date'
            : new Set(values).size <= 30
              ? 'category'
              : 'text';
    return {
      name,
      type,
      missing: sample.length - values.length,
      distinct: new Set(values).size,
      examples: [...new Set(values)].slice(0, 3).map((v) => v.slice(0, 40)),
    };
  });
  const name = path.basename(csvPath);
  return {
    path: csvPath,
    name,
    size: statSync(csvPath).size,
    sha256: createHash('sha256').update(text).digest('hex'),
    encoding: 'utf-8',
    delimiter: ',',
    decimal: '.',
    quotechar: '"',
    header: true,
    rows: data.length,
    columns,
    sample: data.slice(0, 5),
    readCsv: `pd.read_csv(${pyStr(name)})`,
    warnings: [],
  };
}

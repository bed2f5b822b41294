/**
 * Reading execution results back: the AutoGen text the executor sends (`exitcode: N (…)` +
 * `Code output: …`) and the figures each step hands over out of band with
 * `record_result(step, data)` (carried next to the text, in ChatMessage.results, never printed).
 * Everything here is untrusted (it comes from code that read the user's data), so every payload
 * is validated, and a step only ever takes its own kind of result (the last one it recorded):
 * nothing in the output text counts, however much it looks like a result.
 */
import { z } from 'zod';

export interface ExecutionReport {
  exitCode: number;
  ok: boolean;
  /** Everything after `Code output: `. */
  output: string;
  /** The last non-empty line (the error, for a failure), cut to 300 chars. */
  lastLine: string;
  /** Bytes the executor dropped from the middle of the output, 0 when none. */
  omittedBytes: number;
  timedOut: boolean;
  /** The kernel was restarted (timeout, crash, cancel) or lost `df` some other way. */
  stateLost: boolean;
  /** What the code recorded out of band (empty for a failed block: nothing of it counts). */
  results: Record<string, unknown>[];
}

const AUTOGEN = /^exitcode: (-?\d+) \(execution (?:succeeded|failed)\)\r?\nCode output: ?([\s\S]*)$/;
const OMITTED = /^… (\d+) bytes omitted …$/m;
const LOST = /state \(variables, loaded data\) was lost|^The kernel died|^Timeout: /m;
const MISSING_NAME = /NameError: name '(?:df|pd|record_result|chart|_pw_result)' is not defined/;

/** The last result recorded for `step` (a plain object whose `step` is that name), or null. */
export function findResult(
  results: readonly unknown[] | undefined,
  step: string,
): Record<string, unknown> | null {
  for (let i = (results?.length ?? 0) - 1; i >= 0; i--) {
    const value = results![i];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      (value as { step?: unknown }).step === step
    )
      return value as Record<string, unknown>;
  }
  return null;
}

export function lastMeaningfulLine(output: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (line && !OMITTED.test(line)) {
      return line.length > 300 ? `${line.slice(0, 299)}…` : line;
    }
  }
  return '';
}

/**
 * Parses an execution result message and the results it carried out of band; null when the text
 * is not one (e.g. the user typed something).
 */
export function parseExecution(text: string, results: readonly unknown[] = []): ExecutionReport | null {
  const m = AUTOGEN.exec(text);
  if (!m) return null;
  const exitCode = Number(m[1]);
  const output = m[2] ?? '';
  const ok = exitCode === 0;
  return {
    exitCode,
    ok,
    output,
    lastLine: lastMeaningfulLine(output),
    omittedBytes: Number(OMITTED.exec(output)?.[1] ?? 0),
    timedOut: exitCode === 124 && /^Timeout: /m.test(output),
    stateLost: !ok && (LOST.test(output) || MISSING_NAME.test(output)),
    results: ok ? results.filter(isRecord) : [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---- the payload of each step ----

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const num = z.number().nullable();
const names = z.array(z.string());

export const overviewSchema = z.object({
  step: z.literal('overview'),
  rows: z.number().int().nonnegative(),
  cols: z.number().int().nonnegative(),
  columns: z.array(
    z.object({
      name: z.string(),
      dtype: z.string(),
      missing: z.number(),
      pct: num,
      unique: z.number().nullable(),
    }),
  ),
  measures: names,
  categories: names,
  dates: z.array(z.object({ name: z.string(), min: cell, max: cell, bad: z.number() })),
  years: names,
  ids: names,
  texts: names,
  converted: z.array(
    z.object({ name: z.string(), bad: z.number(), examples: z.array(cell), how: z.string().optional() }),
  ),
  duplicates: z.number().nullable(),
});

export const describeSchema = z.object({
  step: z.literal('describe'),
  stats: z.array(
    z.object({
      name: z.string(),
      count: num,
      mean: num,
      std: num,
      min: num,
      median: num,
      max: num,
      sum: num,
    }),
  ),
});

export const totalsSchema = z.object({
  step: z.literal('totals'),
  tables: z.array(
    z.object({
      measure: z.string(),
      category: z.string(),
      groups: z.number(),
      /** [group, sum, rows, mean], largest sum first. */
      rows: z.array(z.tuple([cell, num, num, num])),
      /** Groups whose spellings differ only in case or spaces: [group, other spellings (≤ 4), how many]. */
      spellings: z.array(z.tuple([z.string(), z.array(z.string()), z.number()])).optional(),
    }),
  ),
  charts: z.number(),
});

export const trendSchema = z.object({
  step: z.literal('trend'),
  axis: z.string(),
  freq: z.enum(['month', 'day', 'year']),
  measure: z.string(),
  periods: z.number(),
  /** [period, total of the first measure] in time order (capped). */
  series: z.array(z.tuple([cell, num])),
  top: z.tuple([cell, num]).nullable(),
  bottom: z.tuple([cell, num]).nullable(),
  total: num,
  /** How each period is summarised: a total, or the mean for measures that do not add up. */
  how: z.enum(['sum', 'mean']).optional(),
});

export const extremesSchema = z.object({
  step: z.literal('extremes'),
  measure: z.string(),
  columns: names,
  top: z.array(z.array(cell)),
  bottom: z.array(z.array(cell)),
});

export const correlationsSchema = z.object({
  step: z.literal('correlations'),
  measures: names,
  pairs: z.array(z.tuple([z.string(), z.string(), z.number()])),
});

export type Overview = z.infer<typeof overviewSchema>;
export type DescribeResult = z.infer<typeof describeSchema>;
export type TotalsResult = z.infer<typeof totalsSchema>;
export type TrendResult = z.infer<typeof trendSchema>;
export type ExtremesResult = z.infer<typeof extremesSchema>;
export type CorrelationsResult = z.infer<typeof correlationsSchema>;

export interface StepResults {
  describe?: DescribeResult;
  totals?: TotalsResult;
  trend?: TrendResult;
  extremes?: ExtremesResult;
  correlations?: CorrelationsResult;
}

const schemas = {
  describe: describeSchema,
  totals: totalsSchema,
  trend: trendSchema,
  extremes: extremesSchema,
  correlations: correlationsSchema,
} as const;

/** The validated payload of an analysis step, or undefined when missing or malformed. */
export function stepPayload<K extends keyof StepResults>(
  step: K,
  result: Record<string, unknown> | null,
): StepResults[K] | undefined {
  const parsed = schemas[step].safeParse(result);
  return parsed.success ? (parsed.data as StepResults[K]) : undefined;
}

export function overviewPayload(result: Record<string, unknown> | null): Overview | undefined {
  const parsed = overviewSchema.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

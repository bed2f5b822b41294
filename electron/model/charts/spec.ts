import { z } from 'zod';

/**
 * A chart emitted by `from plotwright import chart` inside the sandbox, drawn by the
 * renderer with recharts. It comes from untrusted code, so it is validated and bounded.
 */
export const CHART_KINDS = ['line', 'bar', 'scatter', 'pie', 'area'] as const;
export const MAX_CHART_ROWS = 5000;
export const MAX_CHART_SERIES = 20;

const cell = z.union([z.number(), z.string().max(2000), z.boolean(), z.null()]);

export const chartSpecSchema = z.object({
  version: z.literal(1),
  kind: z.enum(CHART_KINDS),
  title: z.string().max(500),
  x: z.string().max(200),
  series: z
    .array(z.object({ key: z.string().max(200), label: z.string().max(200) }))
    .min(1)
    .max(MAX_CHART_SERIES),
  data: z.array(z.record(z.string().max(200), cell)).max(MAX_CHART_ROWS),
  xLabel: z.string().max(200).optional(),
  yLabel: z.string().max(200).optional(),
  xType: z.enum(['number', 'time', 'category']).optional(),
  points: z.number().int().nonnegative().optional(),
  sourcePoints: z.number().int().nonnegative().optional(),
});

export type ChartSpec = z.infer<typeof chartSpecSchema>;

/** Valid specs, and one line per rejected one. */
export function validateCharts(raw: unknown[]): { charts: ChartSpec[]; problems: string[] } {
  const charts: ChartSpec[] = [];
  const problems: string[] = [];
  raw.forEach((item, i) => {
    const parsed = chartSpecSchema.safeParse(item);
    if (parsed.success) charts.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      problems.push(`chart ${i + 1} was not shown: ${issue?.message ?? 'invalid spec'}${where}`);
    }
  });
  return { charts, problems };
}

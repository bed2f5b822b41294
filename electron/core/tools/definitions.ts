/**
 * The analysis tools offered to a model in tools mode, as OpenAI function definitions (JSON
 * Schema). Each tool is one of the built-in analyst's operations (analyst/ops); a call never
 * runs model-written code, only the operation's reviewed template with its arguments as data.
 * Given the file's profile, column names are listed as enums so small models pick valid ones.
 */
import { CHART_KINDS } from '../../model/charts/spec';
import type { FileProfile } from '../../model/data/types';
import type { JsonSchema, ToolDefinition as ModelToolDefinition } from '../../model/llm/types';
import { columnKinds } from './columns';

export const TOOL_NAMES = [
  'profile',
  'aggregate',
  'top_n',
  'trend',
  'distribution',
  'correlation',
  'count_rows',
  'chart',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export const TOOL_AGGS = ['sum', 'mean', 'median', 'min', 'max', 'count', 'nunique'] as const;
export const TOOL_FILTER_OPS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'between', 'contains'] as const;
export const TOOL_PERIODS = ['day', 'month', 'quarter', 'year'] as const;
export const DEFAULT_BINS = 20;
export const MAX_BINS = 100;
export const DEFAULT_TOP_N = 5;
export const MAX_TOP_N = 50;

/** One entry of the `tools` array, for one of these tools. */
export type ToolDefinition = ModelToolDefinition & { function: { name: ToolName } };
export type { JsonSchema };

/** A column name: an enum of the file's columns (of the fitting kind) when they are known. */
function columnSchema(description: string, names?: string[]): JsonSchema {
  return names?.length ? { type: 'string', description, enum: names } : { type: 'string', description };
}

const DATE_WORDS =
  'On a date column a value is a year ("2026"), a month ("2026-03"), a quarter ("2026-Q1") or a day ("2026-03-16").';

function filtersSchema(columns?: string[]): JsonSchema {
  return {
    type: 'array',
    description: `Conditions the rows must all meet. ${DATE_WORDS}`,
    items: {
      type: 'object',
      properties: {
        column: columnSchema('The column the condition is on.', columns),
        op: {
          type: 'string',
          enum: TOOL_FILTER_OPS,
          description: '"in" takes a list of values, "between" a [low, high] pair (inclusive).',
        },
        value: {
          description: 'A value as written in the data, a number, or a list for "in" and "between".',
          anyOf: [
            { type: 'string' },
            { type: 'number' },
            { type: 'boolean' },
            {
              type: 'array',
              items: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
            },
          ],
        },
      },
      required: ['column', 'op', 'value'],
      additionalProperties: false,
    },
  };
}

function object(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

function tool(name: ToolName, description: string, parameters: JsonSchema): ToolDefinition {
  return { type: 'function', function: { name, description, parameters } };
}

const AGG = (description: string): JsonSchema => ({ type: 'string', enum: TOOL_AGGS, description });
const TITLE: JsonSchema = { type: 'string', description: 'The chart title (optional).' };

/** The tool definitions; with a profile, column parameters list the file's columns. */
export function toolDefinitions(profile?: FileProfile): ToolDefinition[] {
  const kinds = profile ? columnKinds(profile) : undefined;
  const all = kinds?.all;
  const numeric = kinds?.numeric;
  const filters = filtersSchema(all);
  return [
    tool(
      'profile',
      'Load the data and describe it: rows, columns, types, missing values, ranges of numbers and dates, the values of category columns.',
      object({}),
    ),
    tool(
      'aggregate',
      'One figure (sum, mean, median, min, max, count of rows, nunique: distinct values) of a column, over the rows the filters keep; with `by`, one figure per value of that column.',
      object(
        {
          measure: columnSchema('The column to aggregate (any column for count and nunique).', all),
          agg: AGG('How to aggregate; count counts rows.'),
          by: columnSchema('Optional: one figure per value of this column.', all),
          filters,
        },
        ['measure', 'agg'],
      ),
    ),
    tool(
      'top_n',
      'The n values of `by` with the highest (or lowest, ascending) figure of `measure`.',
      object(
        {
          measure: columnSchema('The column ranked by (any column for count and nunique).', all),
          by: columnSchema('The column whose values are ranked.', all),
          n: { type: 'integer', minimum: 1, maximum: MAX_TOP_N, description: 'How many to list.' },
          agg: AGG('How each value of `by` is scored; count counts rows.'),
          ascending: { type: 'boolean', description: 'true: the lowest first. Default false.' },
          filters,
        },
        ['measure', 'by', 'n', 'agg'],
      ),
    ),
    tool(
      'trend',
      'A figure of `measure` per day, month, quarter or year of a date column, with its highest and lowest period and a line chart.',
      object(
        {
          measure: columnSchema('The column to aggregate per period.', numeric),
          date_column: columnSchema('The date (or year) column.', kinds?.time),
          period: { type: 'string', enum: TOOL_PERIODS, description: 'The length of a period.' },
          agg: {
            type: 'string',
            enum: TOOL_AGGS.filter((a) => a !== 'nunique'),
            description: 'count counts rows.',
          },
          filters,
        },
        ['measure', 'date_column', 'period', 'agg'],
      ),
    ),
    tool(
      'distribution',
      'How the values of a numeric column are spread: min, quartiles, median, max, mean, standard deviation, and a histogram.',
      object(
        {
          measure: columnSchema('The numeric column.', numeric),
          bins: {
            type: 'integer',
            minimum: 2,
            maximum: MAX_BINS,
            description: `Histogram bars (default ${DEFAULT_BINS}).`,
          },
          filters,
        },
        ['measure'],
      ),
    ),
    tool(
      'correlation',
      'Pearson correlations between numeric columns: of two columns (with a scatter chart), or a matrix of several (default: every numeric column).',
      object({
        columns: { type: 'array', items: columnSchema('A numeric column.', numeric), minItems: 2 },
      }),
    ),
    tool(
      'count_rows',
      'The number of rows the filters keep (all rows without filters).',
      object({ filters }),
    ),
    tool(
      'chart',
      'Draw a chart of y against x; with agg, one point per value of x (e.g. the sum of y per x).',
      object(
        {
          kind: { type: 'string', enum: CHART_KINDS, description: 'The kind of chart.' },
          x: columnSchema('The column on the horizontal axis.', all),
          y: columnSchema('The column on the vertical axis.', all),
          agg: AGG('Optional: aggregate y per value of x; count counts rows.'),
          filters,
          title: TITLE,
        },
        ['kind', 'x', 'y'],
      ),
    ),
  ];
}

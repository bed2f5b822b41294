// A tool call's arguments checked against the file: the analyst's Operation when they fit, else a
// one-line ToolError that lists the valid columns or values, so that the model can correct itself.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileProfile } from '../../electron/model/data/types';
import { readToolCall, runnableToolCall, ToolError, type ToolRequest } from '../../electron/core/tools';
import { profileFor } from '../support/run-analyst';

const SALES = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets', 'sales.csv');
const sales = profileFor(SALES);
const REGIONS = { region: ['East', 'North', 'South', 'West'] };

/** A small profile whose `tier` column's values are all known (3 distinct, all sampled). */
const small: FileProfile = {
  ...sales,
  rows: 6,
  columns: [
    ...sales.columns,
    { name: 'tier', type: 'category', missing: 0, distinct: 3, examples: ['Gold', 'Silver', 'North East'] },
    { name: 'active', type: 'boolean', missing: 0, distinct: 2, examples: ['true', 'false'] },
    { name: 'year', type: 'integer', missing: 0, distinct: 2, examples: ['2025', '2026'] },
  ],
};

function errorOf(name: string, args: unknown, profile = sales, values = {}): string {
  const r = runnableToolCall(name, args, profile, { values });
  if (!(r instanceof ToolError)) throw new Error(`no error for ${name} ${JSON.stringify(args)}`);
  expect(r.message).not.toMatch(/\n/);
  return r.message;
}

function operation(name: string, args: unknown, profile = sales, values = {}) {
  const r: ToolRequest = readToolCall(name, args, profile, { values });
  if (r.kind !== 'operation') throw new Error(`not an operation: ${r.kind}`);
  return r.operation;
}

describe('columns', () => {
  it('an unknown column is an error that lists the columns', () => {
    expect(errorOf('aggregate', { measure: 'unitz', agg: 'sum' })).toBe(
      "unknown column 'unitz': the columns are date, product, region, revenue, units",
    );
    expect(errorOf('aggregate', { measure: 'units', agg: 'sum', by: 'regon' })).toBe(
      "unknown column 'regon': the columns are date, product, region, revenue, units",
    );
    expect(errorOf('count_rows', { filters: [{ column: 'Product Name', op: '==', value: 'x' }] })).toMatch(
      /^unknown column 'Product Name': the columns are date, product/,
    );
  });

  it('a column of the wrong kind is an error that lists the fitting ones', () => {
    expect(errorOf('aggregate', { measure: 'region', agg: 'sum' })).toBe(
      "measure 'region' is a text column, not numeric: the numeric columns are revenue, units",
    );
    expect(errorOf('trend', { measure: 'units', date_column: 'region', period: 'month', agg: 'sum' })).toBe(
      "date_column 'region' is not a date or year column: the date columns are date",
    );
    expect(errorOf('distribution', { measure: 'product' })).toMatch(/numeric columns are revenue, units$/);
  });

  it('takes a name up to case, spaces and punctuation', () => {
    expect(operation('aggregate', { measure: 'Units', agg: 'sum', by: ' REGION ' })).toMatchObject({
      measure: 'units',
      by: 'region',
    });
  });
});

describe('values', () => {
  it('an unknown value is an error that lists the values (known from the caller)', () => {
    expect(
      errorOf('count_rows', { filters: [{ column: 'region', op: '==', value: 'Wset' }] }, sales, REGIONS),
    ).toBe("unknown value 'Wset' for column 'region': the values are East, North, South, West");
    expect(
      errorOf(
        'count_rows',
        { filters: [{ column: 'region', op: 'in', value: ['West', 'Mars'] }] },
        sales,
        REGIONS,
      ),
    ).toMatch(/^unknown value 'Mars' for column 'region'/);
  });

  it('… or from the profile, when it saw every value', () => {
    expect(errorOf('count_rows', { filters: [{ column: 'tier', op: '==', value: 'Bronze' }] }, small)).toBe(
      "unknown value 'Bronze' for column 'tier': the values are Gold, North East, Silver",
    );
  });

  it("matches a value up to case, spaces and punctuation, and uses the data's spelling", () => {
    const op = operation(
      'count_rows',
      { filters: [{ column: 'tier', op: 'in', value: ['gold', 'north-east'] }] },
      small,
    );
    expect(op.filters).toEqual([{ column: 'tier', op: 'in', value: ['Gold', 'North East'] }]);
    expect(operation('count_rows', { filters: { region: 'west' } }, sales, REGIONS).filters).toEqual([
      { column: 'region', op: '==', value: 'West' },
    ]);
  });

  it('leaves values unchecked when nobody knows them all (the sandbox checks them)', () => {
    expect(
      operation('count_rows', { filters: [{ column: 'region', op: '==', value: 'Wset' }] }).filters,
    ).toEqual([{ column: 'region', op: '==', value: 'Wset' }]);
  });

  it('numbers, booleans and operators by column kind', () => {
    expect(
      operation(
        'count_rows',
        {
          filters: [
            { column: 'units', op: 'between', value: [150, '90'] },
            { column: 'revenue', op: '>', value: '5000' },
            { column: 'active', op: '==', value: 'yes' },
          ],
        },
        small,
      ).filters,
    ).toEqual([
      { column: 'units', op: 'between', value: [90, 150] },
      { column: 'revenue', op: '>', value: 5000 },
      { column: 'active', op: '==', value: true },
    ]);
    expect(errorOf('count_rows', { filters: [{ column: 'units', op: '>', value: 'many' }] })).toBe(
      "'units' holds numbers: 'many' is not a number",
    );
    expect(errorOf('count_rows', { filters: [{ column: 'region', op: '>', value: 'N' }] })).toBe(
      "'>' needs a numeric or date column; 'region' holds text (use ==, !=, in or contains)",
    );
    expect(errorOf('count_rows', { filters: [{ column: 'units', op: 'like', value: 1 }] })).toBe(
      "unknown filter op 'like': use one of ==, !=, <, <=, >, >=, in, between, contains",
    );
  });
});

describe('dates', () => {
  const period = (value: unknown, op = '==') =>
    operation('count_rows', { filters: [{ column: 'date', op, value }] }).period;

  it('reads a month, a quarter, a year and a day', () => {
    expect(period('2026-03')).toEqual({
      column: 'date',
      kind: 'date',
      from: '2026-03-01',
      to: '2026-04-01',
      label: 'March 2026',
    });
    expect(period('2026-Q1')).toMatchObject({ from: '2026-01-01', to: '2026-04-01', label: 'Q1 2026' });
    expect(period('Q4 2025')).toMatchObject({ from: '2025-10-01', to: '2026-01-01', label: 'Q4 2025' });
    expect(period('2026')).toMatchObject({ from: '2026-01-01', to: '2027-01-01', label: '2026' });
    expect(period(2026)).toMatchObject({ from: '2026-01-01', to: '2027-01-01' });
    expect(period('2026-12')).toMatchObject({ from: '2026-12-01', to: '2027-01-01' });
    expect(period('2026-03-16')).toMatchObject({ from: '2026-03-16', to: '2026-03-17', label: '2026-03-16' });
  });

  it('opens and closes the window with comparisons, and narrows it with several', () => {
    expect(period('2026-02', '>=')).toEqual({
      column: 'date',
      kind: 'date',
      from: '2026-02-01',
      label: 'since February 2026',
    });
    expect(period('2026-02', '>')).toMatchObject({ from: '2026-03-01', label: 'after February 2026' });
    expect(period('2026-02', '<')).toMatchObject({ to: '2026-02-01', label: 'before February 2026' });
    expect(period('2026-Q1', '<=')).toMatchObject({ to: '2026-04-01', label: 'until Q1 2026' });
    expect(period(['2026-01', '2026-02'], 'between')).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-01',
      label: 'from January 2026 to February 2026',
    });
    const both = operation('count_rows', {
      filters: [
        { column: 'date', op: '>=', value: '2026' },
        { column: 'date', op: '<', value: '2026-03' },
      ],
    }).period;
    expect(both).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-01',
      label: 'since 2026 and before March 2026',
    });
  });

  it('says how to write a date it cannot read', () => {
    for (const bad of ['March', '2026-13', '2026-02-30', '26-03'])
      expect(errorOf('count_rows', { filters: [{ column: 'date', op: '==', value: bad }] })).toBe(
        `cannot read '${bad}' as a date for column 'date': write a year (2026), a month (2026-03), a quarter (2026-Q1) or a day (2026-03-16)`,
      );
    expect(errorOf('count_rows', { filters: [{ column: 'date', op: 'contains', value: '2026' }] })).toMatch(
      /^'contains' does not apply to the date column 'date'/,
    );
    expect(
      errorOf('count_rows', {
        filters: [
          { column: 'date', op: '<', value: '2026-01' },
          { column: 'date', op: '>', value: '2026-03' },
        ],
      }),
    ).toMatch(/^the conditions on 'date' leave no time/);
  });
});

describe('each tool', () => {
  it('becomes the analyst operation', () => {
    expect(operation('aggregate', '{"measure": "units", "agg": "avg", "by": "region"}')).toEqual({
      op: 'aggregate',
      agg: 'mean',
      measure: 'units',
      by: 'region',
      filters: [],
    });
    expect(operation('aggregate', { measure: 'region', agg: 'count' })).toMatchObject({
      agg: 'count',
      measure: null,
    });
    expect(
      operation('top_n', { measure: 'revenue', by: 'product', n: 1, agg: 'sum', ascending: true }),
    ).toEqual({
      op: 'top_n',
      n: 1,
      order: 'asc',
      measure: 'revenue',
      agg: 'sum',
      by: 'product',
      filters: [],
    });
    expect(
      operation('trend', { measure: 'units', date_column: 'date', period: 'quarterly', agg: 'sum' }),
    ).toEqual({
      op: 'trend',
      measure: 'units',
      agg: 'sum',
      column: 'date',
      kind: 'date',
      freq: 'quarter',
      filters: [],
    });
    expect(
      operation('trend', { measure: 'units', date_column: 'year', period: 'month', agg: 'sum' }, small),
    ).toMatchObject({
      kind: 'year',
      freq: 'year',
    });
    expect(operation('distribution', { measure: 'units' })).toEqual({
      op: 'distribution',
      measure: 'units',
      bins: 20,
      filters: [],
    });
    expect(operation('correlation', { columns: ['units', 'revenue'] })).toEqual({
      op: 'correlation',
      a: 'units',
      b: 'revenue',
      filters: [],
    });
    expect(readToolCall('correlation', {}, small)).toEqual({
      kind: 'correlations',
      tool: 'correlation',
      columns: ['revenue', 'units', 'year'],
    });
    expect(readToolCall('profile', undefined, sales)).toEqual({ kind: 'profile', tool: 'profile' });
  });

  it('a chart aggregates by x when given an agg', () => {
    const r = readToolCall('chart', { kind: 'bar', x: 'region', y: 'units', agg: 'sum' }, sales);
    expect(r).toMatchObject({
      kind: 'chart',
      chart: { kind: 'bar', x: 'region', y: 'units', agg: 'sum', title: 'sum of units by region' },
    });
    if (r.kind !== 'chart') throw new Error('not a chart');
    expect(r.chart.operation).toEqual({
      op: 'aggregate',
      agg: 'sum',
      measure: 'units',
      by: 'region',
      filters: [],
    });
    expect(errorOf('chart', { kind: 'radar', x: 'region', y: 'units' })).toBe(
      "unknown chart kind 'radar': use one of line, bar, scatter, pie, area",
    );
  });

  it('unknown tools, arguments and aggregations are errors that list the valid ones', () => {
    expect(errorOf('pivot', {})).toBe(
      "unknown tool 'pivot': the tools are profile, aggregate, top_n, trend, distribution, correlation, count_rows, chart",
    );
    expect(errorOf('aggregate', { measure: 'units', agg: 'sum', column: 'x' })).toBe(
      "unknown argument 'column' for aggregate: it takes measure, agg, by, filters",
    );
    expect(errorOf('aggregate', { measure: 'units', agg: 'mode' })).toBe(
      "unknown agg 'mode': use one of sum, mean, median, min, max, count, nunique",
    );
    expect(errorOf('top_n', { measure: 'units', by: 'region', n: 0, agg: 'sum' })).toMatch(
      /^n must be a whole number from 1 to 50/,
    );
    expect(errorOf('correlation', { columns: ['units'] })).toBe(
      'correlation needs two numeric columns: the numeric columns are revenue, units',
    );
    expect(errorOf('aggregate', '{"measure": ')).toBe('the arguments of aggregate are not valid JSON');
  });

  it('a runnable call says what it computes', () => {
    const r = runnableToolCall(
      'aggregate',
      {
        measure: 'units',
        agg: 'sum',
        by: 'region',
        filters: [{ column: 'date', op: '==', value: '2026-03' }],
      },
      sales,
    );
    if (r instanceof ToolError) throw r;
    expect(r.tool).toBe('aggregate');
    expect(r.summary).toBe('The total `units` by `region` in March 2026');
    expect(r.code.endsWith(r.equivalentCode)).toBe(true);
    expect(r.equivalentCode).toContain("record_result('answer'");
  });
});

describe('what an error may tell the model, by privacy level', () => {
  const errorAt = (privacy: 'none' | 'schema' | 'sample', name: string, args: unknown, profile = sales) => {
    const r = runnableToolCall(name, args, profile, { values: REGIONS, privacy });
    if (!(r instanceof ToolError)) throw new Error(`no error for ${name} ${JSON.stringify(args)}`);
    return r.message;
  };
  it('at "none", an unknown or unfit column names no column: it says to call profile()', () => {
    for (const [name, args] of [
      ['aggregate', { measure: 'unit', agg: 'sum' }],
      ['aggregate', { measure: 'region', agg: 'sum' }],
      ['trend', { measure: 'units', date_column: 'region', period: 'month', agg: 'sum' }],
      ['correlation', { columns: ['units'] }],
    ] as const) {
      const message = errorAt('none', name, args);
      expect(message).toContain('call profile()');
      for (const column of sales.columns)
        expect(message).not.toContain(column.name === 'unit' ? '\0' : `${column.name},`);
      expect(message).not.toMatch(/the (numeric |date )?columns are/);
    }
    expect(errorAt('schema', 'aggregate', { measure: 'unit', agg: 'sum' })).toMatch(
      /the columns are .*revenue/,
    );
  });
  it('values are listed only at "sample"; below it the sandbox checks them once the call runs', () => {
    const filters = [{ column: 'region', op: '==', value: 'Wset' }];
    expect(errorAt('sample', 'count_rows', { filters })).toMatch(/the values are East, North, South, West/);
    for (const privacy of ['none', 'schema'] as const) {
      const r = runnableToolCall('count_rows', { filters }, sales, { values: REGIONS, privacy });
      // not refused up front (that would list the values): the sandbox checks it once the call runs
      expect(r).not.toBeInstanceOf(ToolError);
    }
  });
});

describe('hostile arguments', () => {
  it('prototype names are unknown words, never a crash', () => {
    for (const [name, args] of [
      ['trend', { measure: 'units', date_column: 'date', period: 'constructor', agg: 'sum' }],
      ['count_rows', { filters: [{ column: 'units', op: 'constructor', value: 1 }] }],
      ['count_rows', { filters: [{ column: 'units', op: '__proto__', value: 1 }] }],
      ['chart', { kind: 'constructor', x: 'region', y: 'units' }],
      ['aggregate', { measure: 'units', agg: 'toString' }],
    ] as const)
      expect(runnableToolCall(name, args, sales, { values: REGIONS })).toBeInstanceOf(ToolError);
  });
  it('too many filters, too long a list, too long arguments: one line each', () => {
    const many = Array.from({ length: 21 }, () => ({ column: 'units', op: '>', value: 1 }));
    expect(errorOf('count_rows', { filters: many })).toMatch(/too many filters \(21; at most 20\)/);
    const list = Array.from({ length: 201 }, (_, i) => i);
    expect(errorOf('count_rows', { filters: [{ column: 'units', op: 'in', value: list }] })).toMatch(
      /too many values in one filter/,
    );
    expect(
      errorOf(
        'count_rows',
        JSON.stringify({ filters: [{ column: 'region', op: '==', value: 'x'.repeat(30_000) }] }),
      ),
    ).toMatch(/arguments of count_rows are too long/);
  });
});

// Result assembly (head/tail output, AutoGen message, batches) and chart spec validation.
import { describe, expect, it } from 'vitest';
import { MAX_CHART_ROWS, MAX_CHART_SERIES, validateCharts } from '../../electron/model/charts/spec';
import { assembleOutput, batchFrom, formatAutogen } from '../../electron/core/exec/result';
import type { ExecResult } from '../../electron/model/exec/types';

function result(exitCode: number, output: string): ExecResult {
  return {
    exitCode,
    output,
    timedOut: false,
    mode: 'local',
    language: 'python',
    warnings: [],
    artifacts: [],
    charts: [],
    durationMs: 1,
    stateLost: false,
    omittedBytes: 0,
  };
}

describe('assembleOutput', () => {
  it('joins head and tail as they are when nothing was omitted', () => {
    expect(assembleOutput({ head: 'a\nb', tail: 'c\n', omitted: 0 })).toBe('a\nbc\n');
    expect(assembleOutput({ head: '', tail: '', omitted: 0 })).toBe('');
  });

  it('marks the omitted middle on its own line', () => {
    expect(assembleOutput({ head: 'first\n', tail: 'last\n', omitted: 1234 })).toBe(
      'first\n… 1234 bytes omitted …\nlast\n',
    );
    expect(assembleOutput({ head: 'partial line', tail: 'end', omitted: 5 })).toBe(
      'partial line\n… 5 bytes omitted …\nend',
    );
    expect(assembleOutput({ head: '', tail: 'end', omitted: 7 })).toBe('… 7 bytes omitted …\nend');
  });
});

describe('formatAutogen', () => {
  it('formats success and failure exactly like AutoGen', () => {
    expect(formatAutogen(0, 'hi\n')).toBe('exitcode: 0 (execution succeeded)\nCode output: hi\n');
    expect(formatAutogen(1, 'Traceback')).toBe('exitcode: 1 (execution failed)\nCode output: Traceback');
    expect(formatAutogen(124, '')).toBe('exitcode: 124 (execution failed)\nCode output: ');
  });
});

describe('batchFrom', () => {
  it('takes the exit code of the last block and joins every output', () => {
    const batch = batchFrom([result(0, 'one'), result(2, 'two')]);
    expect(batch.exitCode).toBe(2);
    expect(batch.unsupported).toBeNull();
    expect(batch.results).toHaveLength(2);
    expect(batch.message).toBe('exitcode: 2 (execution failed)\nCode output: one\ntwo');
  });

  it('succeeds with an empty message when there were no results', () => {
    const batch = batchFrom([]);
    expect(batch.exitCode).toBe(0);
    expect(batch.message).toBe('exitcode: 0 (execution succeeded)\nCode output: ');
  });

  it('reports an unsupported language as a failure with that text', () => {
    const batch = batchFrom([], 'unknown language: rust');
    expect(batch).toEqual({
      exitCode: 1,
      results: [],
      unsupported: 'unknown language: rust',
      message: 'exitcode: 1 (execution failed)\nCode output: unknown language: rust',
    });
  });
});

const valid = () => ({
  version: 1,
  kind: 'bar',
  title: 'revenue by region',
  x: 'region',
  series: [{ key: 'revenue', label: 'revenue' }],
  data: [
    { region: 'North', revenue: 31800 },
    { region: 'South', revenue: null },
    { region: 'East', revenue: 18500, flagged: true },
  ],
  xType: 'category',
  points: 3,
  sourcePoints: 3,
});

describe('validateCharts', () => {
  it('accepts a valid spec unchanged', () => {
    const { charts, problems } = validateCharts([valid()]);
    expect(problems).toEqual([]);
    expect(charts).toEqual([valid()]);
  });

  it.each([
    ['a wrong kind', { kind: 'donut' }, /"line"/],
    ['a wrong version', { version: 2 }, /\S/],
    [
      'too many rows',
      { data: Array.from({ length: MAX_CHART_ROWS + 1 }, (_, i) => ({ region: 'r', revenue: i })) },
      /5000/,
    ],
    ['a nested object cell', { data: [{ region: 'North', revenue: { value: 1 } }] }, / at data\.0\.revenue$/],
    ['an array cell', { data: [{ region: 'North', revenue: [1, 2] }] }, /\S/],
    ['no series', { series: [] }, />=1/],
    [
      'too many series',
      { series: Array.from({ length: MAX_CHART_SERIES + 1 }, (_, i) => ({ key: `s${i}`, label: `s${i}` })) },
      /20/,
    ],
    ['a negative point count', { points: -1 }, /\S/],
  ])('rejects %s with a one-line problem', (_what, patch, detail) => {
    const { charts, problems } = validateCharts([{ ...valid(), ...patch }]);
    expect(charts).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^chart 1 was not shown: \S/);
    expect(problems[0]!.slice('chart 1 was not shown: '.length)).toMatch(detail);
    expect(problems[0]).not.toContain('\n');
  });

  it('rejects a spec without series or title', () => {
    const { series: _s, ...noSeries } = valid();
    const { title: _t, ...noTitle } = valid();
    const { charts, problems } = validateCharts([noSeries, noTitle, null, 'chart']);
    expect(charts).toEqual([]);
    expect(problems.map((p) => p.slice(0, 22))).toEqual([
      'chart 1 was not shown:',
      'chart 2 was not shown:',
      'chart 3 was not shown:',
      'chart 4 was not shown:',
    ]);
  });

  it('keeps the valid specs of a mixed list and numbers the rejected ones by position', () => {
    const { charts, problems } = validateCharts([valid(), { ...valid(), kind: 'radar' }, valid()]);
    expect(charts).toHaveLength(2);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^chart 2 was not shown: /);
  });

  it('accepts exactly the maximum number of rows', () => {
    const data = Array.from({ length: MAX_CHART_ROWS }, (_, i) => ({ region: `r${i}`, revenue: i }));
    expect(validateCharts([{ ...valid(), data }]).charts[0]!.data).toHaveLength(MAX_CHART_ROWS);
  });
});

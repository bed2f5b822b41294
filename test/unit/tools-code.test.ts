// The code a tool call runs: the analyst's reviewed templates with the arguments as Python
// literals (a hostile name or value is a string, never code), and the Python indenter that
// loads the data inside `if` without changing any string.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyStr } from '../../electron/core/analyst/py';
import { operationCode } from '../../electron/core/analyst/ops/code';
import { runnableToolCall, ToolError, type RunnableToolCall } from '../../electron/core/tools';
import { indentPython } from '../../electron/core/tools/indent';
import { profileFor } from '../support/run-analyst';

const SALES = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets', 'sales.csv');
const sales = profileFor(SALES);

function call(name: string, args: unknown, profile = sales): RunnableToolCall {
  const r = runnableToolCall(name, args, profile);
  if (r instanceof ToolError) throw r;
  return r;
}

describe('indentPython', () => {
  it('indents code lines, not the lines inside a triple-quoted string', () => {
    const code = [
      'def f():',
      '    """Doc',
      "    it's still the docstring # not a comment",
      '    """',
      '    s = \'"""\'  # one-quote string holding triple quotes',
      "    return s  # it's a comment",
      '',
      "x = '''a",
      "b'''",
    ].join('\n');
    expect(indentPython(code, '  ').split('\n')).toEqual([
      '  def f():',
      '      """Doc',
      "    it's still the docstring # not a comment",
      '    """',
      '      s = \'"""\'  # one-quote string holding triple quotes',
      "      return s  # it's a comment",
      '',
      "  x = '''a",
      "b'''",
    ]);
  });
});

describe('tool code', () => {
  it('runs the analyst operation after loading the data once and checking the names', () => {
    const r = call('aggregate', {
      measure: 'units',
      agg: 'sum',
      by: 'region',
      filters: [{ column: 'region', op: 'in', value: ['West', 'North'] }],
    });
    if (r.request.kind !== 'operation') throw new Error('not an operation');
    expect(r.equivalentCode).toBe(operationCode(r.request.operation));
    expect(r.code).toMatch(
      /^# Load the data .*\nif globals\(\)\.get\('_pw_tools_loaded'\) != 'sales\.csv [0-9a-f]{64}':\n/,
    );
    expect(r.code).toContain("_pw_tool_columns(['units', 'region'])");
    expect(r.code).toContain("_pw_tool_values('region', ['West', 'North'])");
    expect(r.code).toContain(`            df = ${sales.readCsv}`);
  });

  it('profile() is the overview, marking the data as loaded', () => {
    const r = call('profile', {});
    expect(r.code.startsWith(r.equivalentCode)).toBe(true);
    expect(r.code).toMatch(/\n_pw_tools_loaded = 'sales\.csv [0-9a-f]{64}'$/);
    expect(r.equivalentCode).toContain("record_result('overview'");
    expect(r.summary).toBe('A profile of `sales.csv`: columns, types, missing values, ranges');
  });

  it('chart() draws with the sandbox helper', () => {
    expect(call('chart', { kind: 'line', x: 'date', y: 'units', agg: 'sum' }).equivalentCode).toMatch(
      /_pw_s = _pw_s\.sort_index\(\)\n_pw_chart = pd\.DataFrame\(\{'date': .*\nchart\(_pw_chart, kind='line', x='date', y='units', title='sum of units by date'\)$/,
    );
    expect(call('chart', { kind: 'scatter', x: 'units', y: 'revenue', title: 'x' }).equivalentCode).toMatch(
      /_pw_chart = _pw\[\['units', 'revenue'\]\]\nchart\(_pw_chart, kind='scatter', x='units', y='revenue', title='x'\)$/,
    );
  });

  it('a hostile value or title reaches the code only as a literal', () => {
    const hostile = [
      "x'); __import__('os').system('touch pwned') #",
      'a\nimport os\nos.system("id")',
      '"""',
      '```',
    ];
    for (const value of hostile) {
      const r = call('chart', {
        kind: 'bar',
        x: 'region',
        y: 'units',
        agg: 'sum',
        title: value,
        filters: [{ column: 'region', op: '==', value }],
      });
      const literal = pyStr(value);
      expect(r.code).toContain(`_pw_tool_values('region', [${literal}])`);
      expect(r.code).toContain(`title=${literal})`);
      // once its literals are taken out, nothing of the value is left in the code
      const rest = r.code.split(literal).join('');
      expect(rest).not.toContain("__import__('os')");
      expect(rest).not.toContain('os.system');
      expect(rest.split('\n').some((line) => line.trim() === 'import os')).toBe(false);
      expect(literal).toMatch(/^'[\x20-\x7e]*'$/);
    }
  });
});

// Reading execution results: AutoGen text → exit code, output, the last error line, lost state;
// and the step's payload, from the results handed over out of band (never from the output text).
import { describe, expect, it } from 'vitest';
import {
  findResult,
  overviewPayload,
  parseExecution,
  stepPayload,
} from '../../electron/core/analyst/results';

const autogen = (code: number, output: string) =>
  `exitcode: ${code} (${code === 0 ? 'execution succeeded' : 'execution failed'})\nCode output: ${output}`;

describe('parseExecution', () => {
  it('reads a success with the results it carried out of band', () => {
    const r = parseExecution(autogen(0, 'Shape: 10 rows\n'), [{ step: 'x', n: 1 }, [1, 2], null, 'text']);
    expect(r).toMatchObject({ exitCode: 0, ok: true, stateLost: false, timedOut: false, omittedBytes: 0 });
    expect(r?.output).toBe('Shape: 10 rows\n');
    expect(r?.results).toEqual([{ step: 'x', n: 1 }]); // plain objects only
    expect(r?.lastLine).toBe('Shape: 10 rows');
  });

  it('never reads a result from the output text, however much it looks like one', () => {
    const r = parseExecution(autogen(0, 'PLOTWRIGHT-RESULT {"step":"totals","tables":[],"charts":0}\n'));
    expect(r?.results).toEqual([]);
    expect(findResult(r?.results, 'totals')).toBeNull();
  });

  it('reads a failure: exit code, the last line of the traceback, no result', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "<block 3>", line 9, in <module>',
      "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
      '',
    ].join('\n');
    const r = parseExecution(autogen(1, tb), [{ step: 'old' }]);
    expect(r).toMatchObject({ exitCode: 1, ok: false, stateLost: false, results: [] });
    expect(r?.lastLine).toBe("TypeError: unsupported operand type(s) for +: 'int' and 'str'");
  });

  it('recognises lost state: timeout, a dead kernel, a NameError for the data', () => {
    const timeout = parseExecution(
      autogen(
        124,
        'partial\nTimeout: the block ran longer than 60 s and was stopped; the kernel was restarted and its state (variables, loaded data) was lost.',
      ),
    );
    expect(timeout).toMatchObject({ timedOut: true, stateLost: true });
    expect(timeout?.lastLine).toMatch(/^Timeout: the block ran longer than 60 s/);
    const died = parseExecution(
      autogen(
        137,
        'The kernel died (killed by SIGKILL); the kernel was restarted and its state (variables, loaded data) was lost.',
      ),
    );
    expect(died).toMatchObject({ exitCode: 137, stateLost: true, timedOut: false });
    const name = parseExecution(autogen(1, "Traceback…\nNameError: name 'df' is not defined\n"));
    expect(name?.stateLost).toBe(true);
    const helper = parseExecution(autogen(1, "NameError: name 'record_result' is not defined\n"));
    expect(helper?.stateLost).toBe(true);
    const other = parseExecution(autogen(1, "NameError: name 'foo' is not defined\n"));
    expect(other?.stateLost).toBe(false);
  });

  it('returns null for anything that is not an execution result', () => {
    expect(parseExecution('Please use a bar chart instead.')).toBeNull();
    expect(parseExecution('exitcode: 0\nCode output: x')).toBeNull();
    expect(parseExecution('')).toBeNull();
  });

  it('handles CRLF, an empty output and negative codes', () => {
    expect(parseExecution('exitcode: 0 (execution succeeded)\r\nCode output: ')).toMatchObject({
      ok: true,
      output: '',
    });
    expect(parseExecution(autogen(-9, 'x'))?.exitCode).toBe(-9);
  });
});

describe('findResult', () => {
  const payload = { step: 'totals', tables: [{ measure: 'revenue', rows: [['North', 31800, 3, 10600]] }] };

  it('finds the result even when the output was truncated in the middle', () => {
    const output = `${'x'.repeat(500)}\n… 123456 bytes omitted …\nrow 99998\nrow 99999\n`;
    const r = parseExecution(autogen(0, output), [payload]);
    expect(findResult(r?.results, 'totals')).toEqual(payload);
    expect(r?.omittedBytes).toBe(123456);
    expect(r?.lastLine).toBe('row 99999');
  });

  it("takes only the step's own kind, the last one recorded", () => {
    const earlier = { step: 'totals', tables: [] };
    const other = { step: 'trend', series: [] };
    expect(findResult([earlier, payload, other], 'totals')).toEqual(payload);
    expect(findResult([payload, earlier], 'totals')).toEqual(earlier);
    expect(findResult([other], 'totals')).toBeNull();
  });

  it('is null for nothing, non-objects, or a step that is not a string match', () => {
    expect(findResult(undefined, 'x')).toBeNull();
    expect(findResult([], 'x')).toBeNull();
    expect(findResult([null, [1], 'x', { step: ['x'] }], 'x')).toBeNull();
  });
});

describe('payload validation', () => {
  it('accepts well-formed step payloads and rejects malformed ones', () => {
    const totals = {
      step: 'totals',
      tables: [{ measure: 'm', category: 'c', groups: 1, rows: [['a', 1, 1, 1]] }],
      charts: 1,
    };
    expect(stepPayload('totals', totals)).toEqual(totals);
    expect(stepPayload('totals', { ...totals, tables: [{ measure: 'm' }] })).toBeUndefined();
    expect(stepPayload('totals', { ...totals, step: 'trend' })).toBeUndefined();
    expect(stepPayload('describe', null)).toBeUndefined();
    expect(overviewPayload({ step: 'overview', rows: -1 })).toBeUndefined();
  });
});

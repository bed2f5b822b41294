// visibleOutput: old machine lines (result lines, chart placeholders) never reach a person or a model.
import { describe, expect, it } from 'vitest';
import {
  isMachineLine,
  legacyResult,
  visibleCode,
  visibleOutput,
} from '../../electron/model/exec/visible-output';

describe('visibleOutput', () => {
  it('drops result lines and chart placeholders, keeps everything else byte for byte', () => {
    const text =
      'Totals by region\n<chart: Revenue by region (bar, 4 points)>\nNord  120\r\nPLOTWRIGHT-RESULT {"step":"totals","tables":[]}\n';
    expect(visibleOutput(text)).toBe('Totals by region\nNord  120\r\n');
  });

  it('drops the placeholder chart() printed outside Plotwright, with its note', () => {
    const text =
      '<chart: x (line, 3 points)> [not shown: PLOTWRIGHT_CHARTS_DIR is not set outside Plotwright]\nok';
    expect(visibleOutput(text)).toBe('ok');
  });

  it('matches exact lines only: a mention, an indented or a cut line stays', () => {
    const text = [
      'the marker PLOTWRIGHT-RESULT {"a":1} is mid-line',
      '  PLOTWRIGHT-RESULT {"a":1}',
      'PLOTWRIGHT-RESULT {"a":',
      'PLOTWRIGHT-RESULT [1,2]',
      '<chart: no kind here>',
      '<chart: t (donut, 3 points)>',
      'value <chart: t (bar, 3 points)>',
    ].join('\n');
    expect(visibleOutput(text)).toBe(text);
  });

  it('keeps the AutoGen prefix when the first output line was a machine line', () => {
    const msg = 'exitcode: 0 (execution succeeded)\nCode output: <chart: A (bar, 2 points)>\nTotals\n';
    expect(visibleOutput(msg)).toBe('exitcode: 0 (execution succeeded)\nCode output: Totals\n');
    const only = 'exitcode: 0 (execution succeeded)\nCode output: PLOTWRIGHT-RESULT {"step":"x"}\n';
    expect(visibleOutput(only)).toBe('exitcode: 0 (execution succeeded)\nCode output: ');
  });

  it('returns text without machine lines unchanged (same string)', () => {
    const text = 'exitcode: 1 (execution failed)\nCode output: Traceback …\nValueError: x';
    expect(visibleOutput(text)).toBe(text);
    expect(visibleOutput('')).toBe('');
  });

  it('isMachineLine knows both shapes', () => {
    expect(isMachineLine('PLOTWRIGHT-RESULT {"step":"x","n":1}')).toBe(true);
    expect(isMachineLine('<chart: Sales (by month) (line, 12 points)>')).toBe(true);
    expect(isMachineLine('Sales 12')).toBe(false);
  });
});

describe('legacyResult', () => {
  it('reads the last non-empty line of an old output only', () => {
    expect(legacyResult('Shape\nPLOTWRIGHT-RESULT {"step":"x","n":1}\n\n')).toEqual({ step: 'x', n: 1 });
    expect(legacyResult('PLOTWRIGHT-RESULT {"step":"x"}\nmore output')).toBeNull();
    expect(legacyResult('PLOTWRIGHT-RESULT [1]')).toBeNull();
    expect(legacyResult('PLOTWRIGHT-RESULT {"cut')).toBeNull();
  });
});

describe('visibleCode', () => {
  it('drops the old helper import and renames the old call', () => {
    const code =
      "import pandas as pd\nfrom plotwright import result as _pw_result\n_pw_result('x', {'n': 1})\n";
    expect(visibleCode(code)).toBe("import pandas as pd\nrecord_result('x', {'n': 1})\n");
    expect(visibleCode('print(1)')).toBe('print(1)');
  });

  it('one rewrite for every view: an indented import with a comment and a bare reference too', () => {
    const code =
      'if True:\n    from plotwright import result as _pw_result  # helper\n    save = _pw_result\n';
    expect(visibleCode(code)).toBe('if True:\n    save = record_result\n');
  });
});

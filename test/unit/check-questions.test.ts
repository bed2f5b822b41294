// "Check my model": the fixed question set, the generated tables, the summary and the CLI table.
import { describe, expect, it } from 'vitest';
import { mentionedValues } from '../../electron/core/answer/claims';
import { checkTable } from '../../electron/core/cli/check-model';
import { CHECK_QUESTIONS } from '../../electron/core/check/questions';
import { median, summarise } from '../../electron/core/check/summary';
import { tableText, type TableName } from '../../electron/core/check/tables';
import type { CheckQuestionResult, CheckResult } from '../../electron/model/check';

describe('the question set', () => {
  it('about twelve questions of every kind, exactly one that must be declined, unique ids', () => {
    expect(CHECK_QUESTIONS.length).toBeGreaterThanOrEqual(10);
    expect(CHECK_QUESTIONS.length).toBeLessThanOrEqual(14);
    expect(new Set(CHECK_QUESTIONS.map((q) => q.id)).size).toBe(CHECK_QUESTIONS.length);
    expect(CHECK_QUESTIONS.filter((q) => q.kind === 'decline')).toHaveLength(1);
    for (const kind of ['figure', 'filter', 'highest', 'trend'])
      expect(CHECK_QUESTIONS.some((q) => q.kind === kind)).toBe(true);
  });

  it('no question states a number (the tracer would not count it as the answer)', () => {
    for (const q of CHECK_QUESTIONS) expect(mentionedValues(q.question), q.question).toEqual([]);
  });
});

describe('the tables', () => {
  const names: TableName[] = ['sales.csv', 'staff.csv', 'weather.csv'];

  it('are the same on every run, a few dozen rows each, one header', () => {
    for (const name of names) {
      const text = tableText(name);
      expect(tableText(name)).toBe(text);
      const lines = text.trimEnd().split('\n');
      expect(lines.length - 1).toBeGreaterThanOrEqual(24);
      expect(lines.length - 1).toBeLessThanOrEqual(80);
      const width = lines[0]!.split(',').length;
      for (const line of lines) expect(line.split(',')).toHaveLength(width);
    }
  });

  it('every table a question asks about exists', () => {
    for (const q of CHECK_QUESTIONS) expect(names).toContain(q.table);
  });
});

function result(id: string, verdict: CheckQuestionResult['verdict'], ms: number, tokens: number | null) {
  return {
    id,
    kind: 'figure',
    table: 'sales.csv',
    question: `Question ${id}?`,
    truth: { kind: 'number', value: 1 },
    verdict,
    why: verdict === 'right' ? 'states 1' : 'no figure within rounding of 1',
    answer: '',
    stopReason: 'terminated',
    error: null,
    turns: 2,
    failedBlocks: verdict === 'wrong' ? 1 : 0,
    durationMs: ms,
    tokens,
  } satisfies CheckQuestionResult;
}

describe('the summary', () => {
  it('accuracy in percent of the questions asked, median time, tokens only when reported', () => {
    const rs = [
      result('a', 'right', 1000, null),
      result('b', 'wrong', 3000, null),
      result('c', 'declined', 2000, null),
    ];
    expect(summarise(rs)).toEqual({
      total: 3,
      right: 1,
      declined: 1,
      wrong: 1,
      accuracy: 33.3,
      medianMs: 2000,
      totalTokens: null,
      medianTokens: null,
    });
    expect(summarise([result('a', 'right', 1, 120), result('b', 'right', 1, 80)])).toMatchObject({
      accuracy: 100,
      totalTokens: 200,
      medianTokens: 100,
    });
    expect(median([])).toBe(0);
    expect(summarise([]).accuracy).toBe(0);
  });
});

describe('the CLI table', () => {
  it('one row a question, then accuracy, median time and tokens', () => {
    const questions = [result('a', 'right', 1500, null), result('b', 'wrong', 2500, null)];
    const checked: CheckResult = {
      version: 1,
      model: { kind: 'openai-compatible', baseUrl: 'http://x/v1', model: 'm', label: 'm at x' },
      mode: 'local',
      sandbox: { runner: 'bubblewrap 0.8.0', isolated: true },
      startedAt: '2026-12-01T00:00:00.000Z',
      finishedAt: '2026-12-01T00:00:04.000Z',
      complete: true,
      questions,
      summary: summarise(questions),
    };
    expect(checkTable(checked).split('\n')).toEqual([
      'm at x, code in bubblewrap 0.8.0',
      '',
      '#  verdict  turns  failed  time   tokens  question',
      '1  right    2      0       1.5 s  -       Question a? (states 1)',
      '2  wrong    2      1       2.5 s  -       Question b? (no figure within rounding of 1)',
      '',
      'accuracy: 50 % (1 right, 0 declined, 1 wrong of 2)',
      'median time: 2.0 s',
      'tokens: not reported by the model',
      '',
    ]);
  });
});

// "Check my model": right / declined / wrong against a truth, with rounding as the answer shows it.
import { describe, expect, it } from 'vitest';
import { statedNumbers } from '../../electron/core/answer/claims';
import { firstLabel, judge, type JudgedRun } from '../../electron/core/check/verdict';
import type { CheckTruth } from '../../electron/model/check';

/** A terminated run whose answer states `text`, its claims read by the real claim reader. */
function said(text: string, answered = true): JudgedRun {
  const claims = statedNumbers(text).map((n) => ({ text: n.text, value: n.value }));
  return { stopReason: 'terminated', answer: { text, answered, claims } };
}

const total: CheckTruth = { kind: 'number', value: 63071.42857142857 };
const share: CheckTruth = { kind: 'number', value: 17.217333847027, percent: true };
const region: CheckTruth = {
  kind: 'label',
  forms: ['South'],
  candidates: ['South', 'North', 'East', 'West'],
};
const month: CheckTruth = {
  kind: 'label',
  forms: ['2024-02', 'February'],
  candidates: ['2024-02', 'February', '2024-01', 'January', '2024-05', 'May'],
};
const decline: CheckTruth = { kind: 'decline' };

describe('a figure: right when a stated number equals it as rounded', () => {
  it.each([
    ['The average salary is 63,071.43.', 'right'],
    ['The average salary is 63,071.4.', 'right'],
    ['The average salary is 63,071.', 'right'],
    ['The average salary is about 63.1k.', 'right'],
    ['The average salary is 63,072.', 'wrong'],
    ['The average salary is 63,071.5.', 'wrong'],
    ['The average salary is 63,071.44.', 'wrong'],
    ['The average salary is high.', 'wrong'],
  ])('%s → %s', (text, verdict) => {
    expect(judge(total, said(text)).verdict).toBe(verdict);
  });

  it.each([
    ['17.2 % of the revenue', 'right'],
    ['17.22% of the revenue', 'right'],
    ['17% of the revenue', 'right'],
    ['a share of 0.172', 'right'],
    ['18% of the revenue', 'wrong'],
    ['17.3 % of the revenue', 'wrong'],
  ])('a share asked in percent: %s → %s', (text, verdict) => {
    expect(judge(share, said(text)).verdict).toBe(verdict);
  });

  it('says which number matched, or what it looked for', () => {
    expect(judge(total, said('It is 63,071.43.'))).toEqual({ verdict: 'right', why: 'states 63,071.43' });
    expect(judge(total, said('It is 1.')).why).toBe('no figure within rounding of 63071.43');
  });
});

describe('a label: right when it is the first candidate the answer names', () => {
  it.each([
    ['South sold the most units, ahead of North.', 'right'],
    ['The south region sold the most.', 'right'],
    ['North sold 100 and South 200, so South sold the most.', 'wrong'],
    ['Southampton is not a region; West sold the most.', 'wrong'],
    ['I could not tell.', 'wrong'],
  ])('%s → %s', (text, verdict) => {
    expect(judge(region, said(text)).verdict).toBe(verdict);
  });

  it('months: the ISO form or the name; "may" the verb is not May', () => {
    expect(judge(month, said('February (2024-02) was the coldest month.')).verdict).toBe('right');
    expect(judge(month, said('The coldest month was 2024-02.')).verdict).toBe('right');
    expect(judge(month, said('It may surprise you: February was the coldest.')).verdict).toBe('right');
    expect(judge(month, said('January was the coldest.'))).toEqual({
      verdict: 'wrong',
      why: 'names January, not 2024-02',
    });
    expect(firstLabel('in May it rained', ['May', 'June'])).toBe('May');
  });
});

describe('declined', () => {
  it('the run says it did not answer: declined (not right, even with the figure)', () => {
    expect(judge(total, said('I am unsure: 63,071.43 may be it.', false)).verdict).toBe('declined');
  });

  it('a model with no verdict of its own: no figure, and words saying the data cannot answer', () => {
    expect(judge(region, said('The data does not contain regions, so I cannot answer.')).verdict).toBe(
      'declined',
    );
    expect(judge(total, said('I cannot be sure, but it is 63,071.43.')).verdict).toBe('right');
    expect(judge(total, said('It cannot be lower than 10.')).verdict).toBe('wrong');
    expect(judge(region, said('South sold the most; I cannot see returns.')).verdict).toBe('right');
    expect(judge(region, said('I cannot tell which region sold the most.')).verdict).toBe('declined');
  });

  it('the question the data cannot answer is right only when declined', () => {
    expect(judge(decline, said('There is no column for sick days: I cannot answer that.'))).toEqual({
      verdict: 'right',
      why: 'declined, as it should',
    });
    expect(judge(decline, said('', false)).verdict).toBe('right');
    expect(judge(decline, said('Employees took 4.2 sick days on average.'))).toEqual({
      verdict: 'wrong',
      why: 'answered a question the data cannot answer',
    });
  });

  it('a run that failed, ran out of turns or was cancelled is wrong, never declined', () => {
    const failed = { stopReason: 'error' as const, answer: { text: '', answered: false, claims: [] } };
    expect(judge(total, failed)).toEqual({ verdict: 'wrong', why: 'the run failed' });
    expect(judge(decline, failed)).toEqual({ verdict: 'wrong', why: 'the run failed' });
    expect(judge(total, { stopReason: 'max-turns', answer: null })).toEqual({
      verdict: 'wrong',
      why: 'ran out of turns',
    });
  });
});

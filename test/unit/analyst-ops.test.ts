// Operations → pandas code (every name and value a Python literal) and → the answer sentence
// (every number one of the code's own display strings), on canned results.
import { describe, expect, it } from 'vitest';
import { measureKind } from '../../electron/core/analyst/measures';
import { condition, operationCode } from '../../electron/core/analyst/ops/code';
import { describeOperation, fmtLikeCode } from '../../electron/core/analyst/ops/describe';
import { answerPayload, answerSentence } from '../../electron/core/analyst/ops/sentence';
import type { Operation } from '../../electron/core/analyst/ops/types';
import { pyStr } from '../../electron/core/analyst/py';
import { lookupCode } from '../../electron/core/analyst/question/lookup';

const HOSTILE = "x'); __import__('os').system('touch pwned') #\n```python";
const result = (payload: object) =>
  answerPayload({ step: 'answer', selected: 10, total_rows: 10, years: [], ...payload });

describe('operation code', () => {
  it('writes every column and value as a literal, never as text', () => {
    const op: Operation = {
      op: 'aggregate',
      agg: 'sum',
      measure: HOSTILE,
      filters: [
        { column: HOSTILE, op: '==', value: HOSTILE },
        { column: 'n', op: 'in', value: [HOSTILE, 'b'] },
        { column: 'tip', op: '>', value: 5 },
        { column: 'flag', op: '==', value: true },
      ],
      period: { column: HOSTILE, kind: 'date', years: [2026, 2026], months: [3, 3], label: HOSTILE },
    };
    const code = operationCode(op);
    expect(code).not.toContain(HOSTILE);
    expect(code).not.toContain('```');
    expect(code).not.toContain("system('touch");
    expect(code).toContain(
      `_pw_mask &= (_pw_fold(df[${pyStr(HOSTILE)}]) == _pw_f1(${pyStr(HOSTILE)})).fillna(False).astype(bool)`,
    );
    expect(code).toContain(`_pw_fold(df['n']).isin([_pw_f1(v) for v in [${pyStr(HOSTILE)}, 'b']])`);
    expect(code).toContain("(pd.to_numeric(df['tip'], errors='coerce') > 5)");
    expect(code).toContain("(df['flag'] == True)");
    expect(code).toContain('_pw_mask &= _pw_t.dt.month.between(3, 3)');
    // One line per statement: no literal can break a line or close a Markdown fence.
    for (const line of code.split('\n')) expect(line).toMatch(/^[\x20-\x7e]*$/);
    expect(code.trimEnd().split('\n').at(-1)).toMatch(/^record_result\('answer', /);
  });

  it('keeps missing values out of a condition, except for "is not"', () => {
    expect(condition({ column: 'r', op: '!=', value: 'North' }, 'df')).toBe(
      "(_pw_fold(df['r']) != _pw_f1('North')).fillna(True).astype(bool)",
    );
    // Numbers and booleans are compared as they are; text up to case and spaces.
    expect(condition({ column: 'n', op: '==', value: 4 }, 'df')).toBe(
      "(df['n'] == 4).fillna(False).astype(bool)",
    );
    expect(condition({ column: 'p', op: 'between', value: [1, 2] }, 'df')).toBe(
      "(pd.to_numeric(df['p'], errors='coerce').between(1, 2)).fillna(False).astype(bool)",
    );
  });

  it('rejects numbers that are not finite', () => {
    expect(() =>
      operationCode({ op: 'count_rows', filters: [{ column: 'x', op: '>', value: Number.NaN }] }),
    ).toThrow();
  });

  it('generates each kind of operation', () => {
    const ops: Operation[] = [
      { op: 'count_rows', filters: [], breakdown: 'region' },
      {
        op: 'aggregate',
        agg: 'share',
        measure: null,
        part: [{ column: 's', op: '==', value: 1 }],
        filters: [],
      },
      { op: 'aggregate', agg: 'mean', measure: 'tip', by: 'day', filters: [] },
      {
        op: 'top_n',
        n: 1,
        order: 'desc',
        measure: 'units',
        agg: 'sum',
        by: 'region',
        also: 'mean',
        filters: [],
      },
      { op: 'top_n', n: 3, order: 'asc', measure: 'price', agg: 'sum', by: null, filters: [] },
      {
        op: 'trend',
        measure: 'revenue',
        agg: 'sum',
        column: 'date',
        kind: 'date',
        freq: 'month',
        filters: [],
      },
      { op: 'trend', measure: null, agg: 'count', column: 'year', kind: 'year', freq: 'year', filters: [] },
      { op: 'distribution', measure: 'price', bins: 20, filters: [] },
      { op: 'correlation', a: 'carat', b: 'price', filters: [] },
    ];
    for (const op of ops) {
      const code = operationCode(op);
      expect(code).toContain(`op=${pyStr(op.op)}`);
      expect(code.includes('chart(')).toBe(['trend', 'distribution', 'correlation'].includes(op.op));
      expect(code).not.toMatch(/from plotwright|_pw_result/); // prelude globals, shown as-is
    }
  });

  it('looks up the question’s phrases and named columns as literals', () => {
    const code = lookupCode(`Total for O'Brien and ${HOSTILE}?`, [HOSTILE]);
    expect(code).not.toContain(HOSTILE);
    expect(code).toContain("'o brien'");
    expect(code).toContain(`named = [${pyStr(HOSTILE)}]`);
  });
});

describe('answer sentences', () => {
  const march = { column: 'date', kind: 'date' as const, months: [3, 3] as [number, number], label: 'March' };

  it('says the figure with its filter and period, using the printed numbers', () => {
    const op: Operation = {
      op: 'top_n',
      n: 1,
      order: 'desc',
      measure: 'units',
      agg: 'sum',
      by: 'region',
      filters: [],
      period: march,
    };
    const s = answerSentence(
      op,
      result({
        op: 'top_n',
        years: [2026],
        groups: [
          ['West', '168', 1],
          ['North', '102', 1],
        ],
        ties: 1,
      }),
    );
    expect(s).toEqual({
      answered: true,
      text: 'In March (2026), the `region` with the highest total `units` is West: 168 (next: North, 102).',
    });
  });

  it('reports ties instead of picking one', () => {
    const op: Operation = {
      op: 'top_n',
      n: 1,
      order: 'desc',
      measure: 'units',
      agg: 'sum',
      by: 'region',
      filters: [],
    };
    const s = answerSentence(
      op,
      result({
        op: 'top_n',
        groups: [
          ['East', '5', 1],
          ['West', '5', 1],
          ['North', '3', 1],
        ],
        ties: 2,
      }),
    );
    expect(s.text).toBe('East and West tie for the highest total `units` by `region`: 5 each.');
  });

  it('is not an answer when no row matches or the result is missing', () => {
    const op: Operation = {
      op: 'aggregate',
      agg: 'sum',
      measure: 'revenue',
      filters: [],
      period: { ...march, label: 'April', months: [4, 4] },
    };
    expect(answerSentence(op, result({ op: 'aggregate', selected: 0, value: '0' }))).toMatchObject({
      answered: false,
      text: /^No rows match \(in April\)/,
    });
    expect(answerSentence(op, undefined).answered).toBe(false);
    expect(answerSentence(op, result({ op: 'aggregate', value: 'n/a' })).answered).toBe(false);
  });

  it('rejects a result whose numbers are not display numbers', () => {
    expect(result({ op: 'aggregate', value: '12 <b>' })).toBeUndefined();
    expect(result({ op: 'aggregate', value: '1,234.5' })).toBeDefined();
  });

  it('escapes values from the data in the sentence', () => {
    const op: Operation = {
      op: 'aggregate',
      agg: 'mean',
      measure: 'tip',
      filters: [{ column: 'day', op: '==', value: '<b>Sun</b>' }],
    };
    const s = answerSentence(op, result({ op: 'aggregate', value: '3.255', values: 76 }));
    expect(s.text).toBe('The average `tip` where `day` is \\<b\\>Sun\\</b\\> is 3.255 (76 values).');
    expect(describeOperation(op)).toBe('the average `tip` where `day` is \\<b\\>Sun\\</b\\>');
  });
});

describe('values spelled several ways', () => {
  it('groups, counts and compares text folded (case and spaces ignored)', () => {
    const top: Operation = {
      op: 'top_n',
      n: 1,
      order: 'desc',
      measure: 'amount',
      agg: 'sum',
      by: 'region',
      also: 'mean',
      filters: [],
    };
    const code = operationCode(top);
    expect(code).toContain("_pw_g, _pw_also = _pw_groups(_pw['region'])");
    expect(code).toContain('.groupby(_pw_g, observed=True).mean()');
    expect(code).not.toContain("groupby(_pw['region']");
    const distinct = operationCode({ op: 'aggregate', agg: 'nunique', measure: 'region', filters: [] });
    expect(distinct).toContain("_pw_v = _pw_fold(_pw['region']).nunique()");
    const each = operationCode({ op: 'count_rows', filters: [], breakdown: 'region' });
    expect(each).toContain("_pw_groups(_pw['region'])");
  });

  it('names the spellings merged into a group or a condition', () => {
    const top: Operation = {
      op: 'top_n',
      n: 1,
      order: 'desc',
      measure: 'amount',
      agg: 'sum',
      by: 'region',
      filters: [],
    };
    const s = answerSentence(
      top,
      result({
        op: 'top_n',
        groups: [
          ['North', '3,714.5', 3],
          ['East', '3,125.25', 2],
        ],
        ties: 1,
        spellings: [['North', ['north', 'North '], 2]],
      }),
    );
    expect(s.text).toBe(
      'The `region` with the highest total `amount` is North (also written north, North␣): 3,714.5 (next: East, 3,125.25).',
    );
    const distinct: Operation = { op: 'aggregate', agg: 'nunique', measure: 'region', filters: [] };
    expect(answerSentence(distinct, result({ op: 'aggregate', value: '4', written: '7' })).text).toBe(
      '`region` has 4 distinct values (7 as written: spellings that differ only in case or spaces are counted once).',
    );
    const outside: Operation = {
      op: 'aggregate',
      agg: 'sum',
      measure: 'amount',
      filters: [{ column: 'region', op: '!=', value: 'North', spellings: ['north', 'North '] }],
    };
    expect(describeOperation(outside)).toBe(
      'the total `amount` where `region` is not North (also written north, North␣)',
    );
  });
});

describe('numbers and measures', () => {
  it('formats question numbers the way the code prints them', () => {
    expect(fmtLikeCode(10000)).toBe('10,000');
    expect(fmtLikeCode(2.5)).toBe('2.5');
    expect(fmtLikeCode(0.9216)).toBe('0.9216');
    expect(fmtLikeCode(-1234.5)).toBe('-1,234.5');
    expect(fmtLikeCode(74.2038)).toBe('74.2');
  });

  it('tells measures that add up from those that do not', () => {
    expect(measureKind('revenue')).toBe('additive');
    expect(measureKind('total_bill')).toBe('additive');
    expect(measureKind('price')).toBe('level');
    expect(measureKind('unit_price')).toBe('level');
    expect(measureKind('Life_Expectancy')).toBe('level');
    expect(measureKind('conversionRate')).toBe('level');
    expect(measureKind('discount', { min: 0, max: 0.3 })).toBe('level'); // a fraction
    expect(measureKind('survived', { min: 0, max: 1, integers: true })).toBe('other'); // a 0/1 flag
    expect(measureKind('tip')).toBe('other');
  });
});

// The question parser: many phrasings → the operation they mean, and the questions it must
// decline (unknown words, missing or ambiguous columns and values, two figures at once). The
// data's values come from hand-written file specs (test/support/question-context.ts).
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../../electron/core/analyst/ops/types';
import { understand } from '../../electron/core/analyst/question/parse';
import { stem, tokenize } from '../../electron/core/analyst/question/words';
import {
  contextFor,
  DIAMONDS,
  FLIGHTS,
  PENGUINS,
  SALES,
  TAXIS,
  TIPS,
  TITANIC,
  type FileSpec,
} from '../support/question-context';

const parse = (spec: FileSpec, question: string): Understanding =>
  understand(question, contextFor(spec, question));

function op(spec: FileSpec, question: string) {
  const u = parse(spec, question);
  if (u.kind !== 'answer')
    throw new Error(`${question}: ${u.kind === 'decline' ? u.missing.join('; ') : u.kind}`);
  return u.operation;
}

const MARCH = { column: 'date', kind: 'date', months: [3, 3], label: 'March' };

describe('the six questions of the issue', () => {
  it('reads each as the operation it asks for', () => {
    expect(op(SALES, 'Which region sold the most units in March?')).toEqual({
      op: 'top_n',
      n: 1,
      order: 'desc',
      measure: 'units',
      agg: 'sum',
      by: 'region',
      filters: [],
      period: MARCH,
    });
    expect(op(SALES, 'How many units were sold in February?')).toEqual({
      op: 'aggregate',
      agg: 'sum',
      measure: 'units',
      filters: [],
      period: { column: 'date', kind: 'date', months: [2, 2], label: 'February' },
    });
    expect(op(TIPS, 'What is the average tip on Sundays?')).toEqual({
      op: 'aggregate',
      agg: 'mean',
      measure: 'tip',
      filters: [{ column: 'day', op: '==', value: 'Sun' }],
    });
    expect(op(TIPS, 'What is the median total_bill for smokers?')).toEqual({
      op: 'aggregate',
      agg: 'median',
      measure: 'total_bill',
      filters: [{ column: 'smoker', op: '==', value: 'Yes' }],
    });
    expect(op(TITANIC, 'What was the survival rate of female passengers?')).toEqual({
      op: 'aggregate',
      agg: 'share',
      measure: null,
      part: [{ column: 'survived', op: '==', value: 1 }],
      filters: [{ column: 'sex', op: '==', value: 'female' }],
    });
    expect(op(DIAMONDS, 'What is the correlation between carat and price?')).toEqual({
      op: 'correlation',
      a: 'carat',
      b: 'price',
      filters: [],
    });
  });
});

describe('phrasings', () => {
  it.each([
    [
      'What was the total revenue in March?',
      { op: 'aggregate', agg: 'sum', measure: 'revenue', period: MARCH },
    ],
    ['revenue in march', { op: 'aggregate', agg: 'sum', measure: 'revenue', period: { months: [3, 3] } }],
    [
      'Total revenue for Widget Pro',
      { agg: 'sum', filters: [{ column: 'product', op: '==', value: 'Widget Pro' }] },
    ],
    [
      'What is the average revenue by region?',
      { op: 'aggregate', agg: 'mean', measure: 'revenue', by: 'region' },
    ],
    ['Revenue per region', { op: 'aggregate', agg: 'sum', measure: 'revenue', by: 'region' }],
    [
      'Which product brings the lowest revenue?',
      { op: 'top_n', order: 'asc', by: 'product', measure: 'revenue' },
    ],
    ['Top 2 regions by units', { op: 'top_n', n: 2, by: 'region', measure: 'units', agg: 'sum' }],
    ['How many orders were there in March?', { op: 'count_rows', period: MARCH }],
    ['How many rows?', { op: 'count_rows', filters: [] }],
    ['How many different products are there?', { op: 'aggregate', agg: 'nunique', measure: 'product' }],
    ['How many regions are there?', { op: 'aggregate', agg: 'nunique', measure: 'region' }],
    [
      'Which month had the highest revenue?',
      { op: 'trend', freq: 'month', focus: 'max', measure: 'revenue' },
    ],
    ['Show the monthly trend of units', { op: 'trend', freq: 'month', measure: 'units', agg: 'sum' }],
    ['How did revenue change over time?', { op: 'trend', measure: 'revenue' }],
    [
      'What share of revenue comes from the North?',
      { agg: 'share', measure: 'revenue', part: [{ column: 'region', value: 'North' }] },
    ],
    ['Revenue outside the North', { filters: [{ column: 'region', op: '!=', value: 'North' }] }],
    ['What is the revenue not in North?', { filters: [{ column: 'region', op: '!=', value: 'North' }] }],
    [
      'How many orders had revenue over 10000?',
      { op: 'count_rows', filters: [{ column: 'revenue', op: '>', value: 10000 }] },
    ],
    [
      'How many orders had revenue between 5000 and 12000?',
      { filters: [{ column: 'revenue', op: 'between', value: [5000, 12000] }] },
    ],
    [
      'What was the revenue in Q1 2026?',
      { period: { years: [2026, 2026], months: [1, 3], label: 'Q1 2026' } },
    ],
    ['Revenue from January to February', { period: { months: [1, 2] } }],
    ['Total revenue since 2026-02-01', { period: { from: '2026-02-01' } }],
    [
      'What is the revenue of North and South?',
      { filters: [{ column: 'region', op: 'in', value: ['North', 'South'] }], breakdown: 'region' },
    ],
    ['What is the distribution of revenue?', { op: 'distribution', measure: 'revenue' }],
    ['What is the largest revenue?', { op: 'aggregate', agg: 'max', measure: 'revenue' }],
    ['What are the 3 largest revenues?', { op: 'top_n', n: 3, by: null, measure: 'revenue' }],
  ])('sales: %s', (question, expected) => {
    expect(op(SALES, question)).toMatchObject(expected);
  });

  it.each([
    ['Which day has the highest average tip?', { op: 'top_n', by: 'day', agg: 'mean', measure: 'tip' }],
    [
      'What is the average tip for non-smokers at dinner?',
      {
        filters: [
          { column: 'time', value: 'Dinner' },
          { column: 'smoker', value: 'No' },
        ],
      },
    ],
    ['Average tip on Saturday or Sunday', { filters: [{ column: 'day', op: 'in', value: ['Sat', 'Sun'] }] }],
    ['How many tips were over $5?', { op: 'count_rows', filters: [{ column: 'tip', op: '>', value: 5 }] }],
    ['Which day has the most customers?', { op: 'top_n', by: 'day', agg: 'count', measure: null }],
    ['Which day has the highest tip?', { op: 'top_n', by: 'day', agg: 'sum', also: 'mean' }],
    ['average tip when size is 4', { filters: [{ column: 'size', op: '==', value: 4 }] }],
    ['What is the average tip on Thursdays?', { filters: [{ column: 'day', value: 'Thur' }] }],
  ])('tips: %s', (question, expected) => {
    expect(op(TIPS, question)).toMatchObject(expected);
  });

  it.each([
    ['How many passengers survived?', { op: 'count_rows', filters: [{ column: 'survived', value: 1 }] }],
    [
      'How many passengers did not survive?',
      { op: 'count_rows', filters: [{ column: 'survived', value: 0 }] },
    ],
    [
      'What is the average age of survivors?',
      { agg: 'mean', measure: 'age', filters: [{ column: 'survived', value: 1 }] },
    ],
    [
      'Which class had the highest survival rate?',
      { op: 'top_n', agg: 'share', by: 'class', part: [{ column: 'survived', value: 1 }] },
    ],
    ['What is the survival rate by sex?', { op: 'aggregate', agg: 'share', by: 'sex' }],
    [
      'What percentage of passengers were female?',
      { agg: 'share', part: [{ column: 'sex', value: 'female' }], filters: [] },
    ],
    [
      'What percentage of female passengers were in first class?',
      {
        agg: 'share',
        part: [{ column: 'class', value: 'First' }],
        filters: [{ column: 'sex', value: 'female' }],
      },
    ],
    [
      'How many women survived?',
      {
        op: 'count_rows',
        filters: [
          { column: 'who', value: 'woman' },
          { column: 'survived', value: 1 },
        ],
      },
    ],
    [
      'How many adult males were alone?',
      {
        op: 'count_rows',
        filters: [
          { column: 'adult_male', value: true },
          { column: 'alone', value: true },
        ],
      },
    ],
    ['What is the average fare on deck C?', { filters: [{ column: 'deck', value: 'C' }] }],
  ])('titanic: %s', (question, expected) => {
    expect(op(TITANIC, question)).toMatchObject(expected);
  });

  it('reads other files: flights (year column), penguins (unit suffixes), diamonds (prices)', () => {
    expect(op(FLIGHTS, 'How many passengers in March 1955?')).toMatchObject({
      agg: 'sum',
      measure: 'passengers',
      filters: [{ column: 'month', value: 'Mar' }],
      period: { column: 'year', kind: 'year', years: [1955, 1955] },
    });
    expect(op(FLIGHTS, 'Which year had the most passengers?')).toMatchObject({
      op: 'top_n',
      by: 'year',
      agg: 'sum',
    });
    expect(op(FLIGHTS, 'What is the trend of passengers over the years?')).toMatchObject({
      op: 'trend',
      kind: 'year',
      freq: 'year',
    });
    expect(op(PENGUINS, 'What is the average body mass of Adelie penguins?')).toMatchObject({
      measure: 'body_mass_g',
      filters: [{ column: 'species', value: 'Adelie' }],
    });
    expect(op(PENGUINS, 'How many female penguins are there?')).toMatchObject({
      op: 'count_rows',
      filters: [{ value: 'FEMALE' }],
    });
    expect(op(DIAMONDS, 'Which cut has the highest price?')).toMatchObject({
      op: 'top_n',
      by: 'cut',
      agg: 'mean',
    });
    expect(op(DIAMONDS, 'What is the price of Ideal diamonds?')).toMatchObject({
      agg: 'mean',
      measure: 'price',
    });
    expect(op(DIAMONDS, 'Top 3 colors by average price')).toMatchObject({
      op: 'top_n',
      n: 3,
      by: 'color',
      agg: 'mean',
    });
    // The comparison is about the column beside it, not one further back past a noun.
    expect(op(DIAMONDS, 'What is the average price of diamonds over 2 carats?')).toMatchObject({
      agg: 'mean',
      measure: 'price',
      filters: [{ column: 'carat', op: '>', value: 2 }],
    });
    // Years next to a count of passengers are years when the passengers never number that many.
    expect(op(FLIGHTS, 'How many passengers between 1950 and 1955?')).toMatchObject({
      agg: 'sum',
      measure: 'passengers',
      filters: [],
      period: { column: 'year', kind: 'year', years: [1950, 1955] },
    });
    expect(op(TIPS, 'What is the average tip for smokers versus non-smokers?')).toMatchObject({
      agg: 'mean',
      by: 'smoker',
      filters: [],
    });
    expect(op(TITANIC, 'What is the average fare of passengers who did not survive?')).toMatchObject({
      measure: 'fare',
      filters: [{ column: 'survived', value: 0 }],
    });
    expect(op(TITANIC, 'What percentage of survivors were women?')).toMatchObject({
      agg: 'share',
      part: [{ column: 'who', value: 'woman' }],
      filters: [{ column: 'survived', value: 1 }],
    });
    expect(op(TITANIC, 'Which class had the most survivors?')).toMatchObject({
      op: 'top_n',
      agg: 'count',
      by: 'class',
      filters: [{ column: 'survived', value: 1 }],
    });
    expect(op(TAXIS, 'How many rides were paid by cash?')).toMatchObject({
      op: 'count_rows',
      filters: [{ column: 'payment', value: 'cash' }],
    });
    expect(op(TAXIS, 'How many trips had more than 2 passengers?')).toMatchObject({
      filters: [{ column: 'passengers', op: '>', value: 2 }],
    });
  });
});

describe('declines', () => {
  it.each([
    ['Which region sold the most online?', SALES, /“online”/],
    ['What is the profit margin of Widget Pro?', SALES, /“profit”, “margin”/],
    ['Which region sold the most?', SALES, /which figure to rank/],
    ['What is the total revenue and units in March?', SALES, /one figure at a time/],
    ['What is the average and median revenue?', SALES, /two different figures/],
    ['Revenue by region and product', SALES, /two groupings at once/],
    ['How many units were sold in 2019 by the West sales rep?', SALES, /“rep”/],
    ['What were sales in April?', SALES, /what to compute/],
    ['Tell me a joke', SALES, /“joke”/],
    ['What is the average tip by waiter?', TIPS, /“waiter”/],
    ['What is the average tip of women?', TIPS, /“women”/],
    ['What is the average tip for parties of size 4?', TIPS, /“parties”/],
    ['What is the tip on Sunday?', TIPS, /total or the average/],
    ['How many tips were given on Sunday?', TIPS, /number of rows or the total/],
    ['How many people came on Sunday?', TIPS, /“people”/],
    ['What is the average tip per person?', TIPS, /per person/],
    ['What is the average tip in March?', TIPS, /no date or year column/],
    ['What is the average salary of passengers?', TITANIC, /“salary”/],
    ['How many passengers embarked at Southampton?', TITANIC, /what to do with “embarked”/],
    ['How many rides started in Manhattan?', TAXIS, /“started”|several columns/],
    ['How many rides from Manhattan?', TAXIS, /several columns/],
    ['What is the total fare in March 2019?', TAXIS, /several date columns/],
    ['What is the average bill?', PENGUINS, /could be `bill_length_mm` or `bill_depth_mm`/],
    ['Which island has the heaviest penguins?', PENGUINS, /which figure to rank/],
    ['What is the total price of diamonds over 2?', DIAMONDS, /which column “over 2” is about/],
    ['What share of the total price comes from Ideal?', DIAMONDS, /do not add up/],
  ])('%s', (question, spec, reason) => {
    const u = parse(spec, question);
    expect(u.kind).toBe('decline');
    if (u.kind === 'decline') expect(u.missing.join('; ')).toMatch(reason);
  });

  it('says what it understood', () => {
    const u = parse(SALES, 'Which region sold the most online in March?');
    expect(u).toMatchObject({ kind: 'decline' });
    if (u.kind === 'decline') expect(u.understood).toBe('the column `region`, “March”');
  });

  it('recognises a request for an overview', () => {
    for (const q of [
      'Analyse sales.csv: describe the data and its most important figures.',
      'Summarize this file',
      'Give me an overview',
      'What is in this dataset?',
    ]) {
      expect(parse(SALES, q), q).toEqual({ kind: 'overview' });
    }
  });
});

describe('words', () => {
  it('tokenizes numbers, dates and words', () => {
    expect(
      tokenize('Revenue over $10,000 on 2026-03-16 (Q1) in 2026-03, 5.5%?').map((t) => [t.kind, t.text]),
    ).toEqual([
      ['word', 'revenue'],
      ['word', 'over'],
      ['number', '10000'],
      ['word', 'on'],
      ['date', '2026-03-16'],
      ['word', 'q1'],
      ['word', 'in'],
      ['month-date', '2026-03'],
      ['number', '5.5'],
    ]);
  });

  it('stems the forms of a word together', () => {
    for (const w of ['survived', 'survival', 'survivors', 'survive']) expect(stem(w)).toBe('surviv');
    for (const w of ['smoker', 'smokers', 'smoking']) expect(stem(w)).toBe('smok');
    expect(stem('rating')).not.toBe(stem('rate'));
  });
});

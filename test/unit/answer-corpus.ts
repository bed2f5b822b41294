// Answer/output pairs with tricky number formats, and what a careful reader decides by hand:
// which numbers of the answer are claims (in order), and whether each one is supported — by
// which block and output line — or not. Used by answer-trace.test.ts. The formats are here; what is
// not a claim, how outputs are read, the question, the profile and the source line are in
// answer-corpus-more.ts.

import { MORE_CASES } from './answer-corpus-more';

/** true: supported (any source); [block, line]: supported by that output line; 'rows' / 'columns': by the profile. */
export type Expect = boolean | [number, number] | 'rows' | 'columns';

export interface Case {
  name: string;
  answer: string;
  /** Each executed block's output, in order. */
  outputs: string[];
  question?: string;
  /** Every claim of the answer, in order: its text and its verdict. */
  claims: [string, Expect][];
  /** Claims' values, where they matter. */
  values?: number[];
}

export const CORPUS: Case[] = [
  // --- rounding to the shown precision
  {
    name: 'the seed transcript: an invented total among true ones',
    answer: 'North: 31,800; West: 20,600; East: $26,700.',
    outputs: ['region\nNorth    31800\nWest     20600\nEast     18500'],
    claims: [
      ['31,800', [1, 2]],
      ['20,600', [1, 3]],
      ['$26,700', false],
    ],
    values: [31800, 20600, 26700],
  },
  {
    name: '26,700 is not 26712.3',
    answer: 'Total: 26,700.',
    outputs: ['26712.3'],
    claims: [['26,700', false]],
  },
  {
    name: '26,700 is 26700.4 rounded',
    answer: 'Total: 26,700.',
    outputs: ['26700.4'],
    claims: [['26,700', [1, 1]]],
  },
  {
    name: '12,216.67 is the mean to 2 decimals',
    answer: 'Mean 12,216.67.',
    outputs: ['mean    12216.666667'],
    claims: [['12,216.67', [1, 1]]],
  },
  {
    name: 'more decimals than the output shows is not supported',
    answer: 'A share of 34.56%.',
    outputs: ['share 0.35'],
    claims: [['34.56%', false]],
  },
  {
    name: 'a decimal claim is not an integer output',
    answer: 'It grew 3.4 times.',
    outputs: ['0  3\n1  4'],
    claims: [['3.4', false]],
  },
  {
    name: 'approximately: trailing zeros are the precision',
    answer: 'About 27,000 in total, exactly 27,000 in the East.',
    outputs: ['26712.3'],
    claims: [
      ['27,000', [1, 1]],
      ['27,000', false],
    ],
  },
  // --- k / M / bn suffixes
  {
    name: '31.8k is 31800',
    answer: 'North leads with 31.8k.',
    outputs: ['North  31800'],
    claims: [['31.8k', [1, 1]]],
    values: [31800],
  },
  {
    name: '1.2M is 1,234,567 to the shown precision',
    answer: 'Revenue reached 1.2M.',
    outputs: ['1234567'],
    claims: [['1.2M', [1, 1]]],
  },
  {
    name: '1.3M is not 1,234,567',
    answer: 'Revenue reached 1.3M.',
    outputs: ['1234567'],
    claims: [['1.3M', false]],
  },
  {
    name: '$1.2bn and £3.5m',
    answer: 'Sales of $1.2bn and costs of £3.5m.',
    outputs: ['sales 1234567890', 'costs 3512345'],
    claims: [
      ['$1.2bn', [1, 1]],
      ['£3.5m', [2, 1]],
    ],
    values: [1.2e9, 3.5e6],
  },
  {
    name: 'scale words',
    answer: 'Some 2.5 million rows and 31.8 thousand orders.',
    outputs: ['rows 2503112', 'orders 31790'],
    claims: [
      ['2.5 million', [1, 1]],
      ['31.8 thousand', [2, 1]],
    ],
  },
  // --- percentages and fractions
  {
    name: '12.5% is 0.125',
    answer: 'A 12.5% share.',
    outputs: ['share: 0.125'],
    claims: [['12.5%', [1, 1]]],
    values: [12.5],
  },
  {
    name: '12.5% printed as a percentage',
    answer: 'A 12.5% share.',
    outputs: ['share: 12.5%'],
    claims: [['12.5%', [1, 1]]],
  },
  {
    name: 'a fraction is a printed percentage / 100',
    answer: 'A share of 0.35.',
    outputs: ['share 35.0%'],
    claims: [['0.35', [1, 1]]],
  },
  {
    name: '35% is 0.3456 rounded',
    answer: 'Roughly a third: 35%.',
    outputs: ['0.3456'],
    claims: [['35%', [1, 1]]],
  },
  { name: 'percentage points', answer: 'Up 3.4 pp.', outputs: ['diff 3.4'], claims: [['3.4 pp', [1, 1]]] },
  // --- both locales
  {
    name: 'German: 12.500,00 €',
    answer: 'Umsatz: 12.500,00 € (Anteil 12,5 %).',
    outputs: ['12500.0\n0.125'],
    claims: [
      ['12.500,00 €', [1, 1]],
      ['12,5 %', [1, 2]],
    ],
    values: [12500, 12.5],
  },
  {
    name: 'English: 12,500.00',
    answer: 'Revenue: $12,500.00.',
    outputs: ['12500'],
    claims: [['$12,500.00', [1, 1]]],
  },
  {
    name: '"1.234" in a comma-decimal answer is 1234',
    answer: 'Es sind 1.234 Zeilen, im Schnitt 3,5.',
    outputs: ['1234\n3.5'],
    claims: [
      ['1.234', [1, 1]],
      ['3,5', [1, 2]],
    ],
    values: [1234, 3.5],
  },
  {
    name: '"1.234" in a dot-decimal answer is 1.234',
    answer: 'A ratio of 1.234 with a mean of 3.5.',
    outputs: ['1234\n3.5'],
    claims: [
      ['1.234', false],
      ['3.5', [1, 2]],
    ],
  },
  {
    name: '"1,234" with nothing else to go by is 1234',
    answer: 'There are 1,234 rows.',
    outputs: ['(1234, 5)'],
    claims: [['1,234', [1, 1]]],
    values: [1234],
  },
  {
    name: 'dots as thousands, many groups',
    answer: 'Gesamt €1.234.567.',
    outputs: ['1234567'],
    claims: [['€1.234.567', [1, 1]]],
  },
  {
    name: 'Swiss apostrophes and no-break spaces',
    answer: "CHF 1'234.50 and 31\u00a0800 units.",
    outputs: ['1234.5 31800'],
    claims: [
      ["CHF 1'234.50", [1, 1]],
      ['31\u00a0800', [1, 1]],
    ],
  },
  // --- currency and signs
  {
    name: 'currency codes before and after',
    answer: 'USD 1,200 here, 1,200 EUR there.',
    outputs: ['1200'],
    claims: [
      ['USD 1,200', [1, 1]],
      ['1,200 EUR', [1, 1]],
    ],
  },
  {
    name: 'a negative needs a negative',
    answer: 'Margin -3.4%, growth +5.2%.',
    outputs: ['margin -0.034\ngrowth -0.052'],
    claims: [
      ['-3.4%', [1, 1]],
      ['+5.2%', false],
    ],
    values: [-3.4, 5.2],
  },
  {
    name: 'a magnitude in words matches either sign',
    answer: 'Revenue fell by 3.4%.',
    outputs: ['change -0.034'],
    claims: [['3.4%', [1, 1]]],
  },
  {
    name: 'the minus sign; accounting parentheses match either sign',
    answer: 'Loss of −1,200; net (€1,200), East ($26,700).',
    outputs: ['net -1200.0'],
    claims: [
      ['−1,200', [1, 1]],
      ['€1,200', [1, 1]],
      ['$26,700', false],
    ],
    values: [-1200, 1200, 26700],
  },
  {
    name: 'a parenthesised count is not a negative',
    answer: 'The top month was 2026-03 (36,200).',
    outputs: ['2026-03    36200'],
    claims: [['36,200', [1, 1]]],
    values: [36200],
  },
  {
    name: 'a range is two claims, not a negative',
    answer: 'Between 10-20 units a day.',
    outputs: ['min 10 max 20'],
    claims: [
      ['10', [1, 1]],
      ['20', [1, 1]],
    ],
    values: [10, 20],
  },
  // --- scientific notation
  {
    name: 'describe() in scientific notation',
    answer: 'The total is 212,135,234.',
    outputs: ['sum    2.121352e+08'],
    claims: [['212,135,234', [1, 1]]],
  },
  {
    name: 'a claim in scientific notation',
    answer: 'About 2.12e8 in total, or 2.1 × 10^8.',
    outputs: ['212135234'],
    claims: [
      ['2.12e8', [1, 1]],
      ['2.1 × 10^8', [1, 1]],
    ],
    values: [2.12e8, 2.1e8],
  },
  {
    name: 'a mean printed by pandas as 9.110000e+03',
    answer: 'The mean is 9,110.',
    outputs: ['mean    9.110000e+03'],
    claims: [['9,110', [1, 1]]],
  },
  ...MORE_CASES,
];

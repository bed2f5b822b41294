// The rest of the corpus (answer-corpus.ts): what is not a claim (years, dates, ordinals, labels,
// code), how output lines are read, the question's and the profile's numbers, which line is the
// source.
import type { Case } from './answer-corpus';

export const MORE_CASES: Case[] = [
  // --- years, dates, ordinals, labels are not claims
  {
    name: 'a year in a date',
    answer: 'In March 2026 revenue was 36,200, up from 2025.',
    outputs: ['36200'],
    claims: [['36,200', [1, 1]]],
  },
  {
    name: 'dates and times',
    answer: 'From 15/03/2026 10:30 to March 31, 2026 (2019-03-13T16:59:17), Q3 2024 and FY 2024: 5 orders.',
    outputs: ['5'],
    claims: [['5', [1, 1]]],
  },
  {
    name: 'year ranges, decades, labelled years',
    answer: 'Between 2020 and 2024 (the 1990s aside), 2024: 12,300.',
    outputs: ['2024    12300'],
    claims: [['12,300', [1, 1]]],
  },
  {
    name: 'a count that looks like a year is a claim',
    answer: 'The file has 2026 rows.',
    outputs: ['rows: 2026'],
    claims: [['2026', [1, 1]]],
  },
  { name: 'ordinals', answer: 'The 1st, 2nd, 3rd and 21st weeks.', outputs: [''], claims: [] },
  {
    name: 'list markers and headings',
    answer: '## 1. Totals\n\n1) North leads\n\n2. West follows with 20,600',
    outputs: ['20600'],
    claims: [['20,600', [1, 1]]],
  },
  {
    name: 'code spans and names',
    answer: 'The column `revenue_2024` (also revenue_2024) and `df.head(5)` give 31,800.',
    outputs: ['31800'],
    claims: [['31,800', [1, 1]]],
  },
  {
    name: 'references, ranks and thresholds',
    answer: 'See block 2, line 3; the top 3 regions (#1 North); |r| ≥ 0.3; r = 0.91.',
    outputs: ['r = 0.91'],
    claims: [['0.91', [1, 1]]],
  },
  {
    name: 'versions, compounds and names with digits',
    answer: 'pandas 2.2.1 and Python 3.11; a 5-year low; COVID-19; Q3; H1.',
    outputs: [''],
    claims: [],
  },
  {
    name: 'struck-out numbers are not stated',
    answer: 'Revenue was ~~26,700~~ 31,800.',
    outputs: ['31800'],
    claims: [['31,800', [1, 1]]],
  },
  {
    name: 'Markdown escapes',
    answer: 'Costs were \\$1,200 (\\-3.4%).',
    outputs: ['1200 -3.4%'],
    claims: [
      ['$1,200', [1, 1]],
      ['-3.4%', [1, 1]],
    ],
  },
  {
    name: 'a table in the answer: year labels and values',
    answer: '| Year | Revenue |\n|---|---|\n| 2024 | 12,300 |\n| 2025 | 13,400 |',
    outputs: ['2024 12300\n2025 13400'],
    claims: [
      ['12,300', [1, 1]],
      ['13,400', [1, 2]],
    ],
  },
  {
    name: 'a decimal without its leading zero',
    answer: 'A correlation of .82.',
    outputs: ['0.8213'],
    claims: [['.82', [1, 1]]],
  },
  {
    name: 'multipliers',
    answer: 'North sold 2.5x more.',
    outputs: ['ratio 2.48'],
    claims: [['2.5x', [1, 1]]],
  },
  // --- how outputs are read
  {
    name: 'JSON lines',
    answer: 'Total 31,800, a 34.9% share.',
    outputs: ['{"total": 31800, "share": 0.349}'],
    claims: [
      ['31,800', [1, 1]],
      ['34.9%', [1, 1]],
    ],
  },
  {
    name: 'CSV text',
    answer: 'North: 31,800 over 6 rows.',
    outputs: ['region,revenue,rows\nNorth,31800,6'],
    claims: [
      ['31,800', [1, 2]],
      ['6', [1, 2]],
    ],
  },
  {
    name: 'dtype names are not numbers',
    answer: 'Stored as 64 bits.',
    outputs: ['revenue    float64'],
    claims: [['64', false]],
  },
  {
    name: 'thousands separators in printed output',
    answer: 'North: 31800.',
    outputs: ['North: 31,800'],
    claims: [['31800', [1, 1]]],
  },
  // --- the question and the profile
  {
    name: "the question's own numbers are not claims",
    question: 'Which regions sold over 20,000 in 2026?',
    answer: 'North and West sold over 20,000: 31,800 and 20,600.',
    outputs: ['North 31800\nWest 20600'],
    claims: [
      ['31,800', [1, 1]],
      ['20,600', [1, 2]],
    ],
  },
  {
    name: "the profile's row and column counts",
    answer: 'The data has 10 rows and 5 columns.',
    outputs: ['loaded'],
    claims: [
      ['10', 'rows'],
      ['5', 'columns'],
    ],
  },
  {
    name: 'an output line is preferred over the profile',
    answer: 'It has 10 rows.',
    outputs: ['loaded', 'Shape: 10 rows x 5 columns'],
    claims: [['10', [2, 1]]],
  },
  // --- which line
  {
    name: 'the line with the words around the claim',
    answer: 'North: 31,800 over 3 rows; West: 20,600 over 2 rows.',
    outputs: ['        sum  rows\nNorth 31800     3\nWest  20600     2\n0 3 2'],
    claims: [
      ['31,800', [1, 2]],
      ['3', [1, 2]],
      ['20,600', [1, 3]],
      ['2', [1, 3]],
    ],
  },
  {
    name: 'old machine lines are not sources, and lines count as shown (without them)',
    answer: 'Total 91,100.',
    outputs: ['PLOTWRIGHT-RESULT {"total": 91100}\n<chart: Revenue (bar, 4 points)>\ntotal 91100'],
    claims: [['91,100', [1, 1]]],
  },
  {
    name: 'a figure only an old machine line shows is not supported',
    answer: 'Total 91,100.',
    outputs: ['total\nPLOTWRIGHT-RESULT {"total": 91100}'],
    claims: [['91,100', false]],
  },
];

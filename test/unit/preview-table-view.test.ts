// The Data tab's pure helpers (renderer/src/preview/table-view.ts): sorting (numbers as numbers,
// missing values last both ways), filtering, and the per-column summary.
import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '../../electron/model/data/types';
import { cellNumber, dateKey, summarize, viewOrder } from '../../renderer/src/preview/table-view';

const column = (name: string, type: ColumnProfile['type']): ColumnProfile => ({
  name,
  type,
  missing: 0,
  distinct: 0,
  examples: [],
});
const COLUMNS = [column('city', 'category'), column('sales', 'float'), column('day', 'date')];
const ROWS = [
  ['Oslo', '1,200.5', '2026-01-03'],
  ['Bergen', '', '2026-01-01'],
  ['oslo', '900', 'NA'],
  ['Trondheim', '15000', '2026-01-02'],
  ['Bergen', '-3', '2026-01-05'],
];

describe('cellNumber', () => {
  it('reads the ways numbers are written, and nothing else', () => {
    expect(cellNumber('1,200.5')).toBe(1200.5);
    expect(cellNumber('1.200,5')).toBe(1200.5);
    expect(cellNumber('3,5')).toBe(3.5);
    expect(cellNumber('1 234')).toBe(1234);
    expect(cellNumber('-3')).toBe(-3);
    expect(cellNumber('')).toBeNull();
    expect(cellNumber('NA')).toBeNull();
    expect(cellNumber('abc')).toBeNull();
  });
});

describe('viewOrder', () => {
  it('sorts numbers as numbers, missing values last either way, ties in file order', () => {
    expect(viewOrder(ROWS, COLUMNS, '', { column: 1, dir: 'ascending' })).toEqual([4, 2, 0, 3, 1]);
    expect(viewOrder(ROWS, COLUMNS, '', { column: 1, dir: 'descending' })).toEqual([3, 0, 2, 4, 1]);
    expect(viewOrder(ROWS, COLUMNS, '', { column: 0, dir: 'ascending' })).toEqual([1, 4, 0, 2, 3]);
    expect(viewOrder(ROWS, COLUMNS, '', { column: 2, dir: 'ascending' })).toEqual([1, 3, 0, 4, 2]);
  });

  it('keeps the rows containing the text (any cell, any case), then sorts them', () => {
    expect(viewOrder(ROWS, COLUMNS, 'OSLO', null)).toEqual([0, 2]);
    expect(viewOrder(ROWS, COLUMNS, ' oslo ', { column: 1, dir: 'ascending' })).toEqual([2, 0]);
    expect(viewOrder(ROWS, COLUMNS, '2026-01-0', null)).toEqual([0, 1, 3, 4]);
    expect(viewOrder(ROWS, COLUMNS, 'nowhere', null)).toEqual([]);
    expect(viewOrder(ROWS, COLUMNS, '', null)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('summarize', () => {
  it('type, missing, distinct, and min/max or the top values', () => {
    const [city, sales, day] = summarize(ROWS, COLUMNS);
    expect(city).toEqual({
      name: 'city',
      type: 'category',
      missing: 0,
      distinct: 4,
      top: [
        { value: 'Bergen', count: 2 },
        { value: 'Oslo', count: 1 }, // ties in the order first seen
        { value: 'oslo', count: 1 },
      ],
    });
    expect(sales).toEqual({ name: 'sales', type: 'float', missing: 1, distinct: 4, min: '-3', max: '15000' });
    expect(day).toMatchObject({ missing: 1, distinct: 4, min: '2026-01-01', max: '2026-01-05' });
  });
});

describe('dates in the Data tab', () => {
  const columns: ColumnProfile[] = [{ name: 'when', type: 'date', missing: 0, distinct: 3, examples: [] }];
  const rows = [['13.02.2026'], ['05.01.2026'], ['28.12.2025']];

  it('sort and range follow the order the profile decided (day first here)', () => {
    const orders = { when: 'dmy' as const };
    expect(viewOrder(rows, columns, '', { column: 0, dir: 'ascending' }, orders)).toEqual([2, 1, 0]);
    const [s] = summarize(rows, columns, orders);
    expect([s!.min, s!.max]).toEqual(['28.12.2025', '13.02.2026']);
  });

  it('keys month-first, year-first and two-digit years, and leaves other text alone', () => {
    expect(dateKey('01/05/2026', 'mdy')).toBe('2026-01-05');
    expect(dateKey('05.01.26 10:30', 'dmy')).toBe('2026-01-05 10:30');
    expect(dateKey('2026-3-7')).toBe('2026-03-07');
    expect(dateKey('Q1 2026', 'dmy')).toBe('Q1 2026');
  });
});

// Cell kinds, column types, header detection and names, as pandas will see them.
import { describe, expect, it } from 'vitest';
import {
  cellKind,
  cut,
  inferColumns,
  looksLikeHeader,
  numberFormat,
  pandasNames,
  pyStr,
} from '../../electron/core/data/columns';
import type { NumberFormat } from '../../electron/core/data/columns';
import { isMissing } from '../../electron/model/data/missing';

const DOT: NumberFormat = { decimal: '.', thousands: null };
const COMMA: NumberFormat = { decimal: ',', thousands: '.' };

const typeOf = (values: string[], f = DOT) =>
  inferColumns(
    ['x'],
    values.map((v) => [v]),
    f,
  ).columns[0]!.type;

describe('cells', () => {
  it('numbers as pandas reads them', () => {
    for (const v of ['1', '-3', '+5', ' 12 ', '08123', '9223372036854775807'])
      expect(cellKind(v, DOT)).toBe('integer');
    for (const v of ['1.5', '.5', '5.', '1e5', '-2.5E-3', 'inf', '-Infinity'])
      expect(cellKind(v, DOT)).toBe('float');
    for (const v of ['1,5', '0x1F', '1_000', '99999999999999999999', '1.2.3'])
      expect(cellKind(v, DOT)).not.toMatch(/integer|float/);
    expect(cellKind('1,5', COMMA)).toBe('float');
    expect(cellKind('1.234,56', COMMA)).toBe('float');
    expect(cellKind('1.234', COMMA)).toBe('integer');
    expect(cellKind('"1,234"'.slice(1, -1), { decimal: '.', thousands: ',' })).toBe('integer');
  });

  it('booleans, dates and datetimes', () => {
    for (const v of ['True', 'false', 'YES', 'no']) expect(cellKind(v, DOT)).toBe('boolean');
    for (const v of [
      '2026-01-05',
      '05/01/2026',
      '5.1.2026',
      'Jan 5 2026',
      'January 5, 2026',
      '5 Jan 2026',
      '2026/01/05',
      '1/5/26',
    ])
      expect(cellKind(v, DOT), v).toBe('date');
    for (const v of [
      '2026-01-05 13:45',
      '2026-01-05T13:45:00Z',
      '2026-01-05 13:45:00.123+02:00',
      '05/01/2026 1:45 PM',
    ])
      expect(cellKind(v, DOT), v).toBe('datetime');
    for (const v of ['2026-13-05', '32/01/2026', 'Sun', 'January', '13:45'])
      expect(cellKind(v, DOT), v).toBe('string');
  });

  it('missing values: pandas defaults and a lone dash', () => {
    for (const v of ['', 'NA', 'N/A', 'NaN', 'null', 'None', '-', '#N/A', 'nan', '<NA>'])
      expect(isMissing(v), v).toBe(true);
    for (const v of [' ', 'none', 'n.a.', '0', '--']) expect(isMissing(v), v).toBe(false);
  });
});

describe('column types', () => {
  it('integer, float, boolean, date, datetime, empty', () => {
    expect(typeOf(['1', '2', 'NA'])).toBe('integer');
    expect(typeOf(['1', '2.5', ''])).toBe('float');
    expect(typeOf(['3,5', '4', '1.000,25'], COMMA)).toBe('float');
    expect(typeOf(['True', 'False', 'True'])).toBe('boolean');
    expect(typeOf(['yes', 'no', 'no'])).toBe('boolean');
    expect(typeOf(['0', '1', '1', '0'])).toBe('integer'); // 0/1 stay numbers, as pandas reads them
    expect(typeOf(['2026-01-05', '2026-02-01'])).toBe('date');
    expect(typeOf(['2026-01-05', '2026-02-01 10:00'])).toBe('datetime');
    expect(typeOf(['', 'NA', '-'])).toBe('empty');
  });

  it('category for few repeated strings, text otherwise', () => {
    const days = Array.from({ length: 40 }, (_, i) => ['Mon', 'Tue', 'Wed'][i % 3]!);
    expect(typeOf(days)).toBe('category');
    expect(typeOf(Array.from({ length: 40 }, (_, i) => `name ${i}`))).toBe('text');
    expect(typeOf(Array.from({ length: 200 }, (_, i) => `code ${i % 60}`))).toBe('text'); // > 50 distinct
  });

  it('counts missing and distinct values, keeps 3 examples cut to 40 characters', () => {
    const long = 'x'.repeat(60);
    const { columns } = inferColumns(['note'], [[long], ['a'], ['NA'], ['a'], ['b'], ['c']], DOT);
    expect(columns[0]).toEqual({
      name: 'note',
      type: 'text',
      missing: 1,
      distinct: 4,
      examples: ['x'.repeat(39) + '…', 'a', 'b'],
    });
  });

  it('warns when a mostly numeric column holds text', () => {
    const values = [...Array.from({ length: 9 }, (_, i) => String(i)), 'n/k'];
    const { columns, warnings } = inferColumns(
      ['qty'],
      values.map((v) => [v]),
      DOT,
    );
    expect(columns[0]!.type).toBe('text');
    expect(warnings).toEqual([
      "column 'qty': 1 of 10 sampled values are not numbers, so pandas reads it as text",
    ]);
  });
});

describe('header detection', () => {
  const h = (text: string, f = DOT) =>
    looksLikeHeader(
      text.split('\n').map((l) => l.split(',')),
      f,
    );
  it('names over typed columns are a header', () => {
    expect(h('id,name,price\n1,apple,1.5\n2,pear,2.5')).toBe(true);
    expect(h('country,2019,2020\nFrance,1.2,1.3\nSpain,2.2,2.3')).toBe(true);
    expect(h('a,b,c')).toBe(true);
    expect(h('name,city\nAlice,Paris\nBob,London')).toBe(true);
  });
  it('a first row of numbers or dates, or one like the rest, is data', () => {
    expect(h('1,2,3\n4,5,6')).toBe(false);
    expect(h('2026-01-05,3.5\n2026-01-06,4.5')).toBe(false);
    expect(h('France,1.2,1.3\nSpain,2.2,2.3\nItaly,3.2,3.3')).toBe(false);
    expect(h('1,2,3')).toBe(false);
    expect(h('x,x\nx,y')).toBe(false);
  });
});

describe('names and literals', () => {
  it('pandas names for blank and repeated headers', () => {
    expect(pandasNames(['a', '', 'a', 'a', 'b'])).toEqual(['a', 'Unnamed: 1', 'a.1', 'a.2', 'b']);
  });

  it('Python string literals like repr()', () => {
    expect(pyStr('sales.csv')).toBe("'sales.csv'");
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr('both \' and "')).toBe("'both \\' and \"'");
    expect(pyStr('back\\slash\nnew\ttab')).toBe("'back\\\\slash\\nnew\\ttab'");
    expect(pyStr('\u0007bell\u200bzw\u00a0nb')).toBe("'\\x07bell\\u200bzw\\xa0nb'");
    expect(pyStr('ventes été 売上.csv')).toBe("'ventes été 売上.csv'");
  });

  it('cut counts characters, not UTF-16 units', () => {
    expect(cut('😀'.repeat(41))).toBe('😀'.repeat(39) + '…');
    expect(cut('short')).toBe('short');
  });
});

describe('decimal and thousands separators', () => {
  const rows = (text: string, d: string) => text.split('\n').map((l) => l.split(d));
  it('decimal comma only with ; or tab, thousands only when unambiguous', () => {
    expect(numberFormat(rows('a;b\n1,5;2\n3,25;4', ';'), ';')).toEqual({ decimal: ',', thousands: null });
    expect(numberFormat(rows('a;b\n1.234,5;2\n3,25;4', ';'), ';')).toEqual({ decimal: ',', thousands: '.' });
    // dotted dates would turn into numbers with thousands='.'
    expect(numberFormat(rows('a;b\n1.234,5;05.01.2026\n3,25;06.01.2026', ';'), ';')).toEqual({
      decimal: ',',
      thousands: null,
    });
    expect(numberFormat(rows('a\t b\n1,5\t2.5\n3.5\t4.5', '\t'), '\t')).toEqual({
      decimal: '.',
      thousands: null,
    });
    expect(
      numberFormat(
        [
          ['a', 'b'],
          ['1,234.5', '2'],
          ['12,000', '3'],
        ],
        ',',
      ),
    ).toEqual({ decimal: '.', thousands: ',' });
    expect(
      numberFormat(
        [
          ['a', 'b'],
          ['1,2', '2'],
          ['12,000', '3'],
        ],
        ',',
      ),
    ).toEqual({ decimal: '.', thousands: null });
  });
});

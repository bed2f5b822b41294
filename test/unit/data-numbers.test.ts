// Numbers written for people: currency symbols and codes, percent signs, accounting negatives,
// minus signs, thousands separators of either convention. Expected values worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  analyseNumbers,
  decimalEvidence,
  pandasMangles,
  pandasNumber,
  parseNumber,
} from '../../electron/core/data/numbers';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const MINUS = '\u2212';

const value = (raw: string, decimal: '.' | ',' = '.') => parseNumber(raw, decimal)?.value ?? null;

describe('parseNumber', () => {
  it('both conventions of separators, either decimal mark', () => {
    expect(value('12.500,00')).toBe(12500);
    expect(value('12,500.00')).toBe(12500);
    expect(value('1.000.000,25')).toBe(1000000.25);
    expect(value('1,234,567')).toBe(1234567);
    expect(value('12,5')).toBe(12.5); // one comma before other than 3 digits: a decimal mark
    expect(value('0,125', '.')).toBe(0.125);
    expect(value('12,34,567.50')).toBe(1234567.5); // Indian grouping
    expect(value("1'234.50")).toBe(1234.5);
    expect(value('1’234.50')).toBe(1234.5);
  });

  it('spaces as thousands separators: ASCII, no-break, narrow no-break', () => {
    expect(value('12 500,00')).toBe(12500);
    expect(value(`12${NBSP}500,00`)).toBe(12500);
    expect(value(`1${NNBSP}234${NNBSP}567,5`)).toBe(1234567.5);
    expect(parseNumber(`12${NBSP}500,00`, '.')?.thousands).toBe(NBSP);
  });

  it('1,234 and 1.234 follow the column (or file) convention', () => {
    expect(value('1,234', '.')).toBe(1234);
    expect(value('1,234', ',')).toBe(1.234);
    expect(value('1.234', '.')).toBe(1.234);
    expect(value('1.234', ',')).toBe(1234);
    expect(parseNumber('1.234', ',')?.decimal).toBeNull(); // the value does not show it
    expect(parseNumber('1.234,5', '.')?.decimal).toBe(',');
  });

  it('currency symbols and codes, before or after, with or without a space', () => {
    expect(parseNumber('$1,234.50', '.')).toMatchObject({ value: 1234.5, currency: '$' });
    expect(parseNumber('12.500,00 €', ',')).toMatchObject({ value: 12500, currency: '€' });
    expect(parseNumber('EUR 1.234,50', '.')).toMatchObject({ value: 1234.5, currency: 'EUR' });
    expect(parseNumber('1.234,50EUR', '.')).toMatchObject({ value: 1234.5, currency: 'EUR' });
    expect(parseNumber("CHF 1'234.50", '.')).toMatchObject({ value: 1234.5, currency: 'CHF' });
    expect(parseNumber('1,234.50 USD', '.')).toMatchObject({ value: 1234.5, currency: 'USD' });
    expect(parseNumber('US$ 5', '.')).toMatchObject({ value: 5, currency: 'US$' });
    expect(parseNumber(`1${NBSP}234,50${NBSP}€`, ',')).toMatchObject({ value: 1234.5, currency: '€' });
    expect(parseNumber('£3.50', '.')).toMatchObject({ value: 3.5, currency: '£' });
  });

  it('negatives: -, U+2212, a trailing minus, parentheses (with or without a symbol)', () => {
    expect(value('-99,5')).toBe(-99.5);
    expect(parseNumber(`${MINUS}12,50`, ',')).toMatchObject({ value: -12.5, oddMinus: true });
    expect(parseNumber('99-', '.')).toMatchObject({ value: -99, oddMinus: true });
    expect(parseNumber('(1,234.00)', '.')).toMatchObject({ value: -1234, accounting: true });
    expect(value('($1,234.00)')).toBe(-1234);
    expect(value('$(1,234.00)')).toBe(-1234);
    expect(value('-$5')).toBe(-5);
    expect(value('$-5')).toBe(-5);
    expect(value('€ -12,50', ',')).toBe(-12.5);
    expect(value('+7')).toBe(7);
  });

  it('percent signs keep the figure as written: 12.5% is 12.5', () => {
    expect(parseNumber('12.5%', '.')).toMatchObject({ value: 12.5, percent: true });
    expect(parseNumber('12,5 %', ',')).toMatchObject({ value: 12.5, percent: true });
    expect(value(`${MINUS}0,5 %`, ',')).toBe(-0.5);
    expect(value('0%')).toBe(0);
  });

  it('is not fooled by dates, versions, addresses, phone numbers or text', () => {
    for (const v of [
      '',
      'abc',
      'TBD',
      'n.d.',
      '$',
      '%',
      '1.2.3',
      '192.168.1.1',
      '05.01.2026',
      '2026-01-05',
      '12-34',
      '1,2,3',
      '06 12 34 56 78',
      '$5 USD', // two currencies
      '(-5)', // two signs
      '12%%',
      '1e5', // pandas reads it; left to pandas
    ]) {
      expect(parseNumber(v, '.'), v).toBeNull();
    }
  });
});

describe('pandasNumber: how read_csv (C parser) reads a field', () => {
  it('drops the thousands mark anywhere after a digit, so dates and addresses turn into numbers', () => {
    const f = { decimal: ',', thousands: '.' } as const;
    expect(pandasNumber('12.500,00', f)).toBe(12500);
    expect(pandasNumber('05.01.2026', f)).toBe(5012026);
    expect(pandasNumber('1.5', f)).toBe(15);
    expect(pandasNumber('12,5 €', f)).toBeNull();
    expect(pandasNumber('1,5', { decimal: '.', thousands: null })).toBeNull();
  });

  it('marks the columns that would be mangled, and only those', () => {
    const f = { decimal: ',', thousands: '.' } as const;
    expect(pandasMangles(['05.01.2026', '13.01.2026'], f)).toBe(true);
    expect(pandasMangles(['192.168.1.1', '10.0.0.1'], f)).toBe(true);
    expect(pandasMangles(['1.234,5', '12,5', '1.000'], f)).toBe(false);
    expect(pandasMangles(['Paris', '1.5'], f)).toBe(false); // text anyway
    expect(pandasMangles(['1e5', '2.5'], { decimal: '.', thousands: null })).toBe(false);
  });
});

describe('analyseNumbers: a column as a whole', () => {
  const plain = { decimal: '.', thousands: null } as const;

  it('takes the column’s own decimal mark from the values that show it', () => {
    const a = analyseNumbers(['EUR 2.000', '1.234,50 €', '999,99 €'], '.', plain);
    expect(a).toMatchObject({ decimal: ',', thousands: '.', parsed: 3, decorated: 3, kind: 'currency' });
    expect(a.symbols).toEqual(['€', 'EUR']);
  });

  it('counts what cannot be read, and missing markers are not values', () => {
    const a = analyseNumbers(['$1,234.50', '($1,000.00)', 'USD 99.00', 'TBD', 'n/a', ''], '.', plain);
    expect(a).toMatchObject({ present: 4, parsed: 3, accounting: true, kind: 'currency' });
    expect(a.symbols).toEqual(['$', 'USD']);
  });

  it('percent, and a column pandas would read differently', () => {
    expect(analyseNumbers(['12.5%', '3%'], '.', plain)).toMatchObject({ kind: 'percent', percent: true });
    // 1.5 with thousands='.' becomes 15 in pandas
    const a = analyseNumbers(['1.5', '2.25'], ',', { decimal: ',', thousands: '.' });
    expect(a).toMatchObject({ decimal: '.', pandasDiffers: true, decorated: 0 });
  });

  it('the file’s decimal mark from values that show it', () => {
    expect(
      decimalEvidence([
        ['12,5 €', '1.234,50'],
        ['3,25', 'x'],
      ]),
    ).toBe(',');
    expect(decimalEvidence([['$1,234.50', '0.5']])).toBe('.');
    expect(decimalEvidence([['1,234', '1.000', '2026']])).toBeNull();
  });
});

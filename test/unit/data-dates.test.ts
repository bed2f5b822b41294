// Which way round a column's dates are written: its own values first, then the rest of the file,
// else ambiguous (month first, as pandas reads them). Expected orders decided by hand.
import { describe, expect, it } from 'vitest';
import { analyseDates } from '../../electron/core/data/dates';
import type { DateHints } from '../../electron/core/data/dates';

const none: DateHints = { decimalComma: false, currencies: [] };
const one = (values: string[], hints = none) => analyseDates([{ name: 'd', values }], hints)[0];

describe('analyseDates', () => {
  it('a day above 12 first decides day-first; second decides month-first', () => {
    expect(one(['05.01.2026', '13.01.2026'])).toMatchObject({
      order: 'dmy',
      format: '%d.%m.%Y',
      ambiguous: false,
      words: 'day.month.year',
    });
    expect(one(['01/13/2026', '02/01/2026'])).toMatchObject({
      order: 'mdy',
      format: '%m/%d/%Y',
      ambiguous: false,
      words: 'month/day/year',
    });
    expect(one(['5/1/26', '31/1/26'])).toMatchObject({ order: 'dmy', format: '%d/%m/%y' });
    expect(one(['13.01.2026'])!.evidence).toContain('13.01.2026');
  });

  it('only days up to 12 and no other evidence: ambiguous, read month first', () => {
    const d = one(['01/02/2026', '03/04/2026', '05/06/2026']);
    expect(d).toMatchObject({ order: 'mdy', ambiguous: true });
    expect(d!.evidence).toMatch(/no day above 12/);
    expect(one(['01-02-2026', '03-04-2026'])).toMatchObject({ order: 'mdy', ambiguous: true });
  });

  it('other evidence decides: dots, decimal commas, € amounts, another column', () => {
    expect(one(['01.02.2026', '03.04.2026'])).toMatchObject({ order: 'dmy', ambiguous: false });
    expect(one(['01/02/2026'], { decimalComma: true, currencies: [] })).toMatchObject({
      order: 'dmy',
      ambiguous: false,
    });
    expect(one(['01/02/2026'], { decimalComma: false, currencies: ['€'] })).toMatchObject({ order: 'dmy' });
    // a dollar sign says nothing: Americans write month first, Australians day first
    expect(one(['01/02/2026'], { decimalComma: false, currencies: ['$'] })).toMatchObject({
      order: 'mdy',
      ambiguous: true,
    });
    const [a, b] = analyseDates(
      [
        { name: 'ordered', values: ['01/02/2026', '03/04/2026'] },
        { name: 'shipped', values: ['02/01/2026', '25/04/2026'] },
      ],
      none,
    );
    expect(a).toMatchObject({ column: 'ordered', order: 'dmy', ambiguous: false });
    expect(a!.evidence).toContain('shipped');
    expect(b).toMatchObject({ column: 'shipped', order: 'dmy' });
  });

  it('ISO dates stay year-first whatever the file says', () => {
    const hints = { decimalComma: true, currencies: ['€'] };
    expect(one(['2026-01-05', '2026-02-03'], hints)).toMatchObject({
      order: 'ymd',
      format: '%Y-%m-%d',
      ambiguous: false,
    });
    expect(one(['2026-01-05 13:45:00', '2026-02-03 08:00:00'], hints)).toMatchObject({
      order: 'ymd',
      format: '%Y-%m-%d %H:%M:%S',
    });
    expect(one(['2026/01/05'], hints)).toMatchObject({ order: 'ymd', format: '%Y/%m/%d' });
  });

  it('times, and several formats in one column', () => {
    expect(one(['05.01.2026 13:45', '13.01.2026 8:00'])).toMatchObject({ format: '%d.%m.%Y %H:%M' });
    expect(one(['01/13/2026 1:45 PM'])).toMatchObject({ order: 'mdy', format: '%m/%d/%Y %I:%M %p' });
    const mixed = one(['05/01/2026', '2026-01-13', '13/01/2026', '14/01/2026']);
    expect(mixed).toMatchObject({ order: 'dmy', ambiguous: false });
    expect(mixed!.format).toBeUndefined();
    expect(mixed!.formats).toEqual(['%d/%m/%Y', '%Y-%m-%d']);
    // a time zone has no strptime format here: pandas' own parser reads it
    expect(one(['2026-01-05T13:45:00Z', '2026-01-06T13:45:00Z'])!.formats).toEqual([]);
  });

  it('both orders in one column: the majority, flagged ambiguous', () => {
    expect(one(['13/01/2026', '14/01/2026', '01/15/2026'])).toMatchObject({ order: 'dmy', ambiguous: true });
  });

  it('what is not a date column', () => {
    expect(one(['1.2.10', '2.0.1', '3.1.12'])).toBeUndefined(); // versions
    expect(one(['Paris', 'Rome'])).toBeUndefined();
    expect(one(['2026', '2027'])).toBeUndefined();
    expect(one(['05/01/2026', 'x', 'y', 'z'])).toBeUndefined(); // mostly not dates
    expect(one(['13/13/2026'])).toBeUndefined();
  });
});

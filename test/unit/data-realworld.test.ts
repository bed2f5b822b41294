// Profiling real-world shapes written for real in a temp dir: title lines, European and US
// numbers, currency, percent, accounting negatives, day-first / month-first / ISO dates. What the
// profile decided, and the read_csv call it wrote. (test/integration/data-realworld.test.ts runs
// that call and the overview in the sandbox.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataBrief } from '../../electron/core/data/privacy';
import { profileFile } from '../../electron/core/data/profile';
import type { FileProfile } from '../../electron/model/data/types';
import { CRAFTED } from '../support/realworld-files';

let tmp: string;
const profiles = new Map<string, FileProfile>();

async function profile(name: string, content: string): Promise<FileProfile> {
  const dir = mkdtempSync(path.join(tmp, 'f-'));
  writeFileSync(path.join(dir, name), content);
  return profileFile(path.join(dir, name));
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'plotwright-realworld-'));
  for (const c of CRAFTED) profiles.set(c.id, await profile(c.name, c.content));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const get = (id: string) => profiles.get(id)!;
const number = (p: FileProfile, column: string) => p.numbers?.find((n) => n.column === column);
const date = (p: FileProfile, column: string) => p.dates?.find((d) => d.column === column);

describe('European files', () => {
  it('day-first dotted dates and 12.500,00 amounts: read_csv reads both', () => {
    const p = get('german');
    expect(p.readCsv).toBe(
      "pd.read_csv('umsatz.csv', sep=';', decimal=',', thousands='.', parse_dates=['Datum'], dayfirst=True)",
    );
    expect(p).toMatchObject({ decimal: ',', thousands: '.', rows: 4, skipRows: 0, preamble: [] });
    expect(date(p, 'Datum')).toMatchObject({ order: 'dmy', format: '%d.%m.%Y', ambiguous: false });
    expect(number(p, 'Betrag')).toMatchObject({ readBy: 'read_csv', decimal: ',', thousands: '.' });
    expect(p.columns.find((c) => c.name === 'Betrag')?.type).toBe('float');
  });

  it('no-break spaces, U+2212 and € are converted by the overview, n.d. counted as unreadable', () => {
    const p = get('french');
    expect(p.readCsv).toBe(
      "pd.read_csv('ventes.csv', sep=';', decimal=',', dtype={'montant': str, 'variation': str}, parse_dates=['date'], dayfirst=True)",
    );
    const montant = number(p, 'montant')!;
    expect(montant).toMatchObject({ readBy: 'overview', kind: 'currency', symbol: '€', decimal: ',' });
    expect(montant.symbols.sort()).toEqual(['EUR', '€']);
    expect(['\u00a0', '\u202f']).toContain(montant.thousands);
    expect(montant).toMatchObject({ sampled: 3, unreadable: 1 });
    expect(number(p, 'variation')).toMatchObject({ kind: 'percent', percent: true, unreadable: 0 });
    expect(date(p, 'date')).toMatchObject({ order: 'dmy', ambiguous: false });
  });

  it('accounting negatives, U+2212, a trailing minus and 1.000 in one column', () => {
    const p = get('negatives');
    expect(number(p, 'amount')).toMatchObject({ readBy: 'overview', kind: 'accounting', decimal: ',' });
    expect(p.readCsv).toContain("dtype={'amount': str}");
  });

  it('ISO dates in a decimal-comma file stay year-first (no dayfirst)', () => {
    const p = get('iso-european');
    expect(date(p, 'Datum')).toMatchObject({ order: 'ymd', format: '%Y-%m-%d', ambiguous: false });
    expect(p.readCsv).toBe("pd.read_csv('iso.csv', sep=';', decimal=',')");
  });

  it('the file’s decimal commas decide dates with no day above 12', () => {
    const p = get('comma-decides');
    expect(date(p, 'Tag')).toMatchObject({ order: 'dmy', ambiguous: false });
    expect(date(p, 'Tag')!.evidence).toMatch(/comma/);
    expect(p.readCsv).toBe(
      "pd.read_csv('werte.csv', sep=';', decimal=',', parse_dates=['Tag'], dayfirst=True)",
    );
  });

  it('Swiss apostrophes: thousands="\'"', () => {
    expect(get('swiss').readCsv).toBe("pd.read_csv('konten.csv', thousands=\"'\")");
  });
});

describe('US and mixed files', () => {
  it('a shop export: title lines skipped, $ and percent columns read as text for the overview', () => {
    const p = get('shop');
    expect(p).toMatchObject({
      header: true,
      skipRows: 3,
      preamble: ['Shop export', 'Generated 2026-04-01 10:00'],
      rows: 5,
    });
    expect(p.columns.map((c) => c.name)).toEqual(['order_date', 'product', 'amount', 'discount', 'status']);
    expect(p.readCsv).toBe(
      "pd.read_csv('shop-export.csv', skiprows=3, dtype={'amount': str, 'discount': str})",
    );
    expect(number(p, 'amount')).toMatchObject({
      readBy: 'overview',
      kind: 'currency',
      symbol: '$',
      accounting: true,
      decimal: '.',
      thousands: ',',
      sampled: 4,
      unreadable: 1,
    });
    expect(number(p, 'amount')!.symbols).toEqual(['$', 'USD']);
    expect(number(p, 'discount')).toMatchObject({ kind: 'percent', unreadable: 0 });
    expect(number(p, 'discount')!.how).toContain('12.5% is read as 12.5');
    expect(date(p, 'order_date')).toMatchObject({ order: 'mdy', ambiguous: false });
    expect(p.warnings).toEqual([]);
  });

  it('US and European amounts side by side keep their own conventions', () => {
    const p = get('mixed');
    expect(number(p, 'price_usd')).toMatchObject({ decimal: '.', thousands: ',', kind: 'currency' });
    expect(number(p, 'price_eur')).toMatchObject({ decimal: ',', thousands: '.', kind: 'currency' });
    expect(date(p, 'date')).toMatchObject({ order: 'ymd' });
    expect(p.readCsv).not.toContain('dayfirst');
  });

  it('an ambiguous column says so, and is read as pandas would (month first)', () => {
    const p = get('ambiguous');
    expect(date(p, 'day')).toMatchObject({ order: 'mdy', ambiguous: true, words: 'month/day/year' });
    expect(p.readCsv).toBe("pd.read_csv('visits.csv')");
  });

  it('several date formats in one file, each column decided on its own', () => {
    const p = get('formats');
    expect(p.dates!.map((d) => [d.column, d.order, d.format])).toEqual([
      ['booked', 'dmy', '%d.%m.%Y'],
      ['valued', 'ymd', '%Y-%m-%d'],
      ['us_date', 'mdy', '%m/%d/%Y'],
      ['stamp', 'dmy', '%d.%m.%Y %H:%M'],
    ]);
    expect(p.readCsv).toContain("parse_dates=['booked', 'stamp'], dayfirst=True");
  });
});

describe('title lines above the header', () => {
  it('a quoted title with a comma, blank lines and CRLF', () => {
    const p = get('title-crlf');
    expect(p).toMatchObject({ skipRows: 3, preamble: ['Report, Q1 2026', 'Created by: ERP'], rows: 2 });
    expect(p.readCsv).toBe("pd.read_csv('report.csv', skiprows=3)");
  });

  it("Excel's sep=; line", async () => {
    const p = await profile('excel.csv', 'sep=;\nName;Wert\nA;1,5\nB;2\n');
    expect(p).toMatchObject({ delimiter: ';', skipRows: 1, rows: 2, header: true });
  });

  it('a title above data without a header', async () => {
    const p = await profile('nohdr.csv', 'Measurements\n1,2,3\n4,5,6\n');
    expect(p).toMatchObject({ skipRows: 1, header: false, rows: 2, preamble: ['Measurements'] });
    expect(p.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
  });

  it('ordinary files are left alone: blank leading lines, sparse first rows, blank header names', async () => {
    expect((await profile('blank.csv', '\n\na,b\n1,2\n')).skipRows).toBe(0);
    expect((await profile('sparse.csv', 'name,a,b,c\nx,,,\ny,1,2,3\n')).skipRows).toBe(0);
    expect((await profile('unnamed.csv', 'a,,\n1,2,3\n')).skipRows).toBe(0);
    expect((await profile('numbers.csv', '1,,,\n2,3,4,5\n6,7,8,9\n')).skipRows).toBe(0);
    // a title whose quote never closes would swallow lines in pandas' skipping: not skipped
    expect((await profile('quote.csv', 'Bob\'s "report,,\nname,n,m\nx,1,2\ny,3,4\n')).skipRows).toBe(0);
  });
});

describe('what the model is told', () => {
  it('skipped lines, date orders and converted columns; no cell values below the sample level', () => {
    const p = get('shop');
    const schema = dataBrief(p, 'schema');
    expect(schema).toContain('2 title lines above the header are skipped (skiprows=3).');
    expect(schema).toContain("- 'amount': numbers written as text ($, USD, parentheses for negatives");
    expect(schema).not.toContain('Shop export');
    expect(dataBrief(p, 'sample')).toContain('Shop export');
    expect(dataBrief(get('german'), 'schema')).toContain(
      "- 'Datum': dates written day.month.year: parse with dayfirst=True.",
    );
    expect(dataBrief(get('ambiguous'), 'schema')).toContain('ambiguous');
    expect(dataBrief(get('german'), 'schema')).not.toContain('13.01.2026');
  });
});

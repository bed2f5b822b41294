// Crafted real-world CSV shapes (European numbers and dates, currency, percent, accounting
// negatives, spaces as thousands separators, title lines…) with truths worked out by hand from
// the text below, never by the code under test.

export interface Truth {
  /** Rows pandas loads (and the profile counts). */
  rows: number;
  /** Column dtypes after the overview step. */
  dtypes: Record<string, string>;
  /** Column dtypes straight from the profile's read_csv call (only those that matter). */
  raw?: Record<string, string>;
  sums?: Record<string, number>;
  /** Missing values after the overview step. */
  nans?: Record<string, number>;
  /** Months present in a date column, `YYYY-MM`. */
  months?: Record<string, string[]>;
}

export interface Crafted {
  id: string;
  name: string;
  content: string;
  truth: Truth;
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const MINUS = '\u2212';

export const CRAFTED: Crafted[] = [
  {
    // The issue's own example: day-first dates with dots, '.' thousands and ',' decimals.
    id: 'german',
    name: 'umsatz.csv',
    content:
      'Datum;Kunde;Betrag;Menge\n' +
      '05.01.2026;Müller;12.500,00;3\n' +
      '13.01.2026;Böhm;1.234,50;1.200\n' +
      '02.02.2026;Schmidt;-99,50;4\n' +
      '28.02.2026;Weber;1.000.000,25;10\n',
    truth: {
      rows: 4,
      dtypes: { Datum: 'datetime64[ns]', Kunde: 'object', Betrag: 'float64', Menge: 'int64' },
      raw: { Datum: 'datetime64[ns]', Betrag: 'float64', Menge: 'int64' },
      // 12500 + 1234.5 - 99.5 + 1000000.25; 3 + 1200 + 4 + 10
      sums: { Betrag: 1013635.25, Menge: 1217 },
      nans: { Datum: 0, Betrag: 0 },
      months: { Datum: ['2026-01', '2026-02'] },
    },
  },
  {
    // A shop export: two title lines and a blank line above the header, $ and USD amounts,
    // an accounting negative, percent discounts, a value that is not a number.
    id: 'shop',
    name: 'shop-export.csv',
    content:
      'Shop export,,,,\n' +
      'Generated 2026-04-01 10:00,,,,\n' +
      '\n' +
      'order_date,product,amount,discount,status\n' +
      '01/05/2026,Widget,"$1,234.50",12.5%,paid\n' +
      '01/13/2026,Gadget,"($1,000.00)",3%,refund\n' +
      '02/01/2026,Widget,USD 99.00,0%,paid\n' +
      '02/14/2026,Gizmo,"$2,000",n/a,paid\n' +
      '03/01/2026,Widget,TBD,5.5%,open\n',
    truth: {
      rows: 5,
      dtypes: { order_date: 'datetime64[ns]', product: 'object', amount: 'float64', discount: 'float64' },
      // 1234.50 - 1000 + 99 + 2000 (TBD is missing); 12.5 + 3 + 0 + 5.5 (percent keeps its figure)
      sums: { amount: 2333.5, discount: 21 },
      nans: { amount: 1, discount: 1, order_date: 0 },
      months: { order_date: ['2026-01', '2026-02', '2026-03'] },
    },
  },
  {
    // French: no-break and narrow no-break spaces group thousands, U+2212 minus, € after or EUR
    // before, percent with a space; days above 12 decide the order.
    id: 'french',
    name: 'ventes.csv',
    content:
      'date;montant;variation\n' +
      `05/01/2026;12${NBSP}500,00 €;+2,5 %\n` +
      `06/01/2026;${MINUS}1${NNBSP}234,50 €;${MINUS}0,5 %\n` +
      '15/01/2026;EUR 3,00;10 %\n' +
      '20/02/2026;n.d.;1 %\n',
    truth: {
      rows: 4,
      dtypes: { date: 'datetime64[ns]', montant: 'float64', variation: 'float64' },
      raw: { date: 'datetime64[ns]' },
      // 12500 - 1234.5 + 3 (n.d. is missing); 2.5 - 0.5 + 10 + 1
      sums: { montant: 11268.5, variation: 13 },
      nans: { montant: 1, variation: 0 },
      months: { date: ['2026-01', '2026-02'] },
    },
  },
  {
    // Mixed locales in one comma file: US and European amounts side by side, ISO dates.
    id: 'mixed',
    name: 'prices.csv',
    content:
      'date,price_usd,price_eur,share\n' +
      '2026-01-05,"$1,234.50","1.234,50 €",12.5%\n' +
      '2026-01-13,$999.99,"999,99 €",7.5%\n' +
      '2026-02-01,"USD 2,000",EUR 2.000,80%\n',
    truth: {
      rows: 3,
      dtypes: { date: 'datetime64[ns]', price_usd: 'float64', price_eur: 'float64', share: 'float64' },
      // 1234.50 + 999.99 + 2000, twice; 12.5 + 7.5 + 80
      sums: { price_usd: 4234.49, price_eur: 4234.49, share: 100 },
      months: { date: ['2026-01', '2026-02'] },
    },
  },
  {
    // No day above 12 and nothing else to go by: ambiguous, read month first as pandas does.
    id: 'ambiguous',
    name: 'visits.csv',
    content: 'day,visits\n01/02/2026,10\n03/04/2026,20\n05/06/2026,30\n',
    truth: {
      rows: 3,
      dtypes: { day: 'datetime64[ns]', visits: 'int64' },
      sums: { visits: 60 },
      months: { day: ['2026-01', '2026-03', '2026-05'] },
    },
  },
  {
    // The same dates in a semicolon file with decimal commas: the file's convention decides.
    id: 'comma-decides',
    name: 'werte.csv',
    content: 'Tag;Wert\n01/02/2026;1,5\n03/04/2026;2,5\n05/06/2026;3\n',
    truth: {
      rows: 3,
      dtypes: { Tag: 'datetime64[ns]', Wert: 'float64' },
      raw: { Tag: 'datetime64[ns]', Wert: 'float64' },
      sums: { Wert: 7 },
      months: { Tag: ['2026-02', '2026-04', '2026-06'] },
    },
  },
  {
    // ISO dates in a European file must not become day-first.
    id: 'iso-european',
    name: 'iso.csv',
    content: 'Datum;Betrag\n2026-01-05;1,5\n2026-02-03;2,5\n2026-03-04;3\n',
    truth: {
      rows: 3,
      dtypes: { Datum: 'datetime64[ns]', Betrag: 'float64' },
      sums: { Betrag: 7 },
      months: { Datum: ['2026-01', '2026-02', '2026-03'] },
    },
  },
  {
    // Swiss apostrophes: read_csv reads them itself (thousands="'").
    id: 'swiss',
    name: 'konten.csv',
    content: "Konto,Saldo\nA,1'234.50\nB,-12'000.00\nC,5.25\n",
    truth: {
      rows: 3,
      dtypes: { Konto: 'object', Saldo: 'float64' },
      raw: { Saldo: 'float64' },
      sums: { Saldo: -10760.25 }, // 1234.50 - 12000 + 5.25
    },
  },
  {
    // Negatives three ways: parentheses, U+2212, a trailing minus; and a plain grouped value.
    id: 'negatives',
    name: 'buchungen.csv',
    content: `item;amount\na;(1.234,56)\nb;${MINUS}12,50\nc;99-\nd;1.000\n`,
    truth: {
      rows: 4,
      dtypes: { item: 'object', amount: 'float64' },
      sums: { amount: -346.06 }, // -1234.56 - 12.50 - 99 + 1000
      nans: { amount: 0 },
    },
  },
  {
    // A quoted title with a comma, blank lines, CRLF line ends.
    id: 'title-crlf',
    name: 'report.csv',
    content: '"Report, Q1 2026"\r\n\r\nCreated by: ERP\r\nregion,sales\r\nNorth,100\r\nSouth,200\r\n',
    truth: { rows: 2, dtypes: { region: 'object', sales: 'int64' }, sums: { sales: 300 } },
  },
  {
    // Several date formats in one file: dotted day-first, ISO, US with a day above 12, a timestamp.
    id: 'formats',
    name: 'formats.csv',
    content:
      'booked;valued;us_date;stamp;amount\n' +
      '05.01.2026;2026-01-05;01/13/2026;05.01.2026 13:45;1\n' +
      '06.02.2026;2026-02-06;02/01/2026;06.02.2026 08:30;2\n',
    truth: {
      rows: 2,
      dtypes: {
        booked: 'datetime64[ns]',
        valued: 'datetime64[ns]',
        us_date: 'datetime64[ns]',
        stamp: 'datetime64[ns]',
        amount: 'int64',
      },
      months: {
        booked: ['2026-01', '2026-02'],
        valued: ['2026-01', '2026-02'],
        us_date: ['2026-01', '2026-02'],
        stamp: ['2026-01', '2026-02'],
      },
    },
  },
];

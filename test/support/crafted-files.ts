// Small files written the way people write them, from a QA round of the built-in analyst: a
// European export (`;`, decimal comma, thousands dots, title lines), a shop export with the same
// region spelled several ways, currency and percent signs, an inventory with category variants,
// and temperatures below zero. `read` is how pandas reads each one for the truths.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CraftedFile {
  csv: string;
  /** Keyword arguments of pd.read_csv that read the file right, for the truths. */
  read: string;
}

export const CRAFTED: Record<string, CraftedFile> = {
  'euro.csv': {
    read: "sep=';', decimal=',', thousands='.', skiprows=2",
    csv: `Umsatzbericht Q1 2026;;;
Exportiert 05.04.2026;;;
Datum;Region;Umsatz;Menge
05.01.2026;Nord;12.500,00;125
13.01.2026;Süd;4.200,50;84
20.01.2026;Ost;8.900,00;89
03.02.2026;Nord;14.200,00;142
11.02.2026;West;3.800,25;76
18.02.2026;Süd;-1.300,00;-13
02.03.2026;Nord;5.100,00;102
09.03.2026;Ost;9.600,00;96
16.03.2026;West;16.800,75;168
23.03.2026;Süd;4.700,00;94
14.04.2026;Nord;2.000,00;20
`,
  },
  'shop.csv': {
    read: 'dtype=str',
    csv: `order_id,order_date,customer,region,amount,discount,returned,channel
1001,01/13/2026,Alice,north,"$1,234.50",12.5%,yes,online
1002,01/20/2026,Bob,North ,$980.00,0%,no,store
1003,02/02/2026,Carol,South,"$2,100.00",5%,no,online
1004,02/14/2026,Dave,south,($150.00),10%,yes,store
1005,02/28/2026,Eve,East,$75.25,,no,online
1006,03/03/2026,Frank,East,"$3,050.00",20%,no,store
1007,03/15/2026,Grace,West,TBD,15%,yes,online
1008,03/21/2026,Heidi,West,$640.00,7.5%,no,store
1009,04/02/2026,Ivan,North,"$1,500.00",0%,no,online
1010,04/18/2026,Judy,South,$220.10,2.5%,no,store
`,
  },
  'inv.csv': {
    read: "thousands=','",
    csv: `sku,category,price,qty,stock_value,rating
A1,Tools,"1,200.50",3,"3,601.50",4.5
A2,tools,15.00,100,"1,500.00",3.9
A3,Garden,250.00,7,"1,750.00",4.1
A4,Garden,99.99,12,"1,199.88",
A5,Kitchen,45.00,0,0.00,4.8
A6,Kitchen,,5,,3.2
A7,Tools ,300.00,2,600.00,4.0
A8,Toys,12.00,50,600.00,2.9
`,
  },
  'temps.csv': {
    read: '',
    csv: `day,city,temp_c,rain_mm,windy
2026-01-01,Oslo,-5.5,2.0,1
2026-01-02,Oslo,-7.0,0.0,0
2026-01-03,Oslo,-2.5,4.5,1
2026-01-01,Rome,11.0,0.0,0
2026-01-02,Rome,12.5,1.0,0
2026-01-03,Rome,9.0,8.0,1
2026-02-01,Oslo,-9.0,0.0,1
2026-02-01,Rome,13.0,0.0,0
2026-02-02,Oslo,-3.0,3.0,0
2026-02-02,Rome,14.5,0.5,1
`,
  },
};

/** Writes a crafted file into `dir` and returns its path. */
export function writeCrafted(dir: string, name: string): string {
  const file = CRAFTED[name];
  if (!file) throw new Error(`no crafted file ${name}`);
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, name);
  writeFileSync(out, file.csv);
  return out;
}

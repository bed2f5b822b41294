// The Data tab and the export toast, end to end (the real renderer against the real core,
// bridge.ts; the save dialog and the shell are faked, said so there): sorting by a column header
// (aria-sort), the filter box, the per-column summary, checked against sales.csv read here on
// its own; the export toast above the composer, clear of Send, naming the folder, with "Show in
// folder" reaching the shell. axe in both themes; screenshots at 1024×700.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
const [head, ...lines] = readFileSync(SALES, 'utf8').trim().split('\n');
const COLUMNS = head!.split(',');
const ROWS = lines.map((l) => l.split(','));
const col = (name: string) => COLUMNS.indexOf(name);

let tmp: string;
let bridge: Bridge;
let page: Page;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-shell-data-'));
  mkdirSync(path.join(tmp, 'exports'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    saveDir: path.join(tmp, 'exports'),
    viewport: { width: 1024, height: 700 },
    settings: { theme: 'light', securityMode: 'local' },
  });
  page = bridge.page;
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await page.getByRole('log').waitFor();
  const id = (await bridge.app['conversations:list']())[0]!.id;
  for (let waited = 0; (await bridge.app['conversations:get'](id)).status !== 'finished'; waited += 250) {
    if (waited > 120_000) throw new Error('the analysis did not finish');
    await new Promise((r) => setTimeout(r, 250));
  }
});
afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function auditBothThemes(name: string): Promise<void> {
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-1024x700`);
  await forceTheme(page, 'dark');
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-dark-1024x700`);
  await forceTheme(page, 'light');
}

const grid = () => page.getByRole('table', { name: 'Preview of sales.csv' });
const header = (name: string) =>
  grid()
    .getByRole('columnheader')
    .filter({ hasText: new RegExp(`^${name}`) });
/** The cells of one column, top to bottom, as shown. */
const columnCells = (name: string) =>
  grid().evaluate((table, j) => {
    return Array.from(table.querySelectorAll('.preview-body [role="row"]'))
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => row.querySelectorAll('[role="cell"]')[j + 1]?.textContent ?? '');
  }, col(name));

describe('the Data tab', () => {
  it('sorts by a clicked column header, both ways, with aria-sort', async () => {
    await page.getByRole('tab', { name: 'Data' }).click();
    await expect.poll(async () => (await columnCells('revenue')).length).toBe(ROWS.length);
    expect(await columnCells('revenue')).toEqual(ROWS.map((r) => r[col('revenue')]));
    expect(await header('revenue').getAttribute('aria-sort')).toBe('none');

    const revenue = ROWS.map((r) => Number(r[col('revenue')]));
    await header('revenue').getByRole('button').click();
    await expect.poll(() => header('revenue').getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => columnCells('revenue')).toEqual([...revenue].sort((a, b) => a - b).map(String));
    await header('revenue').getByRole('button').press('Enter'); // the keyboard too
    await expect.poll(() => header('revenue').getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => columnCells('revenue')).toEqual([...revenue].sort((a, b) => b - a).map(String));
    expect(await header('units').getAttribute('aria-sort')).toBe('none');
    await auditBothThemes('shell-data-sorted');
    // a third click: the file's order again
    await header('revenue').getByRole('button').click();
    await expect.poll(() => header('revenue').getAttribute('aria-sort')).toBe('none');
    await expect.poll(() => columnCells('revenue')).toEqual(ROWS.map((r) => r[col('revenue')]));
  });

  it('filters the rows containing a text', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filter rows' });
    await filter.fill('north');
    const north = ROWS.filter((r) => r.some((c) => c.toLowerCase().includes('north')));
    await expect.poll(() => columnCells('revenue')).toEqual(north.map((r) => r[col('revenue')]));
    expect(await page.getByText(`${north.length} matching over all ${ROWS.length} rows`).count()).toBe(1);
    // with a sort as well
    await header('units').getByRole('button').click();
    await expect
      .poll(() => columnCells('units'))
      .toEqual(
        north
          .map((r) => Number(r[col('units')]))
          .sort((a, b) => a - b)
          .map(String),
      );
    await filter.fill('no such text');
    await expect.poll(() => columnCells('revenue')).toEqual([]);
    await grid().getByText('No row of the 10 rows contains “no such text”.').waitFor();
    await filter.fill('');
    await header('units').getByRole('button').click();
    await header('units').getByRole('button').click();
    await expect.poll(() => columnCells('revenue')).toEqual(ROWS.map((r) => r[col('revenue')]));
  });

  it('summarises each column: type, missing, distinct, range or top values', async () => {
    await page.getByRole('button', { name: 'Column summary' }).click();
    const summary = page.getByRole('region', { name: 'Column summary of sales.csv' });
    await summary.waitFor();
    expect(await summary.locator('caption').innerText()).toBe(
      `Each column of sales.csv, over all ${ROWS.length} rows`,
    );
    const rows = await summary
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())),
      );
    const byName = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
    expect(Object.keys(byName)).toEqual(COLUMNS);
    const distinct = (name: string) => String(new Set(ROWS.map((r) => r[col(name)])).size);
    const revenue = ROWS.map((r) => Number(r[col('revenue')]));
    expect(byName.revenue).toEqual([
      'integer',
      '0',
      distinct('revenue'),
      `${Math.min(...revenue)} to ${Math.max(...revenue)}`,
    ]);
    const products = new Map<string, number>();
    for (const r of ROWS) products.set(r[col('product')]!, (products.get(r[col('product')]!) ?? 0) + 1);
    const top = [...products].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} (${n})`);
    expect(byName.product!.slice(1, 3)).toEqual(['0', distinct('product')]);
    expect(byName.product![3]).toBe(top.join(', '));
    const dates = ROWS.map((r) => r[col('date')]!).sort();
    expect(byName.date).toEqual(['date', '0', distinct('date'), `${dates[0]} to ${dates.at(-1)}`]);
    await auditBothThemes('shell-data-summary');
    await page.getByRole('button', { name: 'Rows', exact: true }).click();
    await page.getByRole('tab', { name: 'Analysis' }).click();
  });
});

describe('the export toast', () => {
  it('sits above the composer, clear of Send, names the folder, and shows it', async () => {
    await page
      .getByRole('button', { name: /Export/ })
      .first()
      .click();
    await page.getByRole('menuitem', { name: /HTML/ }).click();
    const toast = page
      .locator('.toast')
      .filter({ hasText: /^Saved .*\.html/ })
      .last();
    await toast.waitFor({ timeout: 60_000 });
    await toast.hover(); // it stays while pointed at
    const folder = path.join(tmp, 'exports');
    expect(await toast.locator('.toast-text').innerText()).toMatch(
      new RegExp(`^Saved .+\\.html in ${folder.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    );
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
    const composer = await page.locator('.composer').boundingBox();
    const box = await toast.boundingBox();
    const overlaps =
      box!.x < send!.x + send!.width &&
      send!.x < box!.x + box!.width &&
      box!.y < send!.y + send!.height &&
      send!.y < box!.y + box!.height;
    expect(overlaps).toBe(false);
    expect(box!.y + box!.height).toBeLessThanOrEqual(composer!.y);
    expect(await toast.getByRole('button', { name: 'Open', exact: true }).count()).toBe(1);
    await auditBothThemes('shell-export-toast');
    await toast.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => bridge.shell.revealed.at(-1) ?? '').toMatch(/\.html$/);
    expect(path.dirname(bridge.shell.revealed.at(-1)!)).toBe(folder);
    expect(bridge.shell.opened).toEqual([]);
  });
});

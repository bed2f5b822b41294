// The real renderer in Chromium, against the real core (bridge.ts): open sales.csv, run the
// built-in analysis to the end in the default security mode, read the charts, export.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBridge, ROOT, type Bridge } from './bridge';
import { revealInLog } from './log';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
let bridge: Bridge;
let page: Page;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    saveDir: path.join(tmp, 'exports'),
  });
  mkdirSync(path.join(tmp, 'exports'));
  page = bridge.page;
});
afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a built-in analysis of sales.csv, end to end', () => {
  it('opens the file from the welcome screen and runs to the end', async () => {
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await expect.poll(() => page.getByText('sales.csv').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Start analysis' }).click();
    const log = page.getByRole('log');
    // a finished analysis leads with its answer card
    const card = page.getByRole('region', { name: 'Answer' });
    await card.waitFor({ timeout: 120_000 });
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    for (const figure of [
      'Widget Pro: 73,300 over 6 rows',
      'Gadget Lite: 17,800 over 4 rows',
      'North: 31,800',
      '2026-03 (36,200)',
    ]) {
      expect(text).toContain(figure);
    }
    await revealInLog(page, log.getByText('All figures were computed by the code in this conversation.'));
    await shot(page, 'analysis-finished-1280');
  });

  it('draws the charts with recharts: bars, the values in the data table', async () => {
    const chart = page.getByRole('img', { name: /Bar chart: Total revenue by product/ });
    await revealInLog(page, chart);
    await expect.poll(() => chart.locator('path.recharts-rectangle').count()).toBe(2);
    const tools = page.getByRole('toolbar', { name: /Tools for the chart Total revenue by product/ });
    await tools.getByRole('button', { name: /Data table/ }).click();
    const table = page.getByRole('table').filter({ hasText: 'Widget Pro' }).first();
    const rows = (await table.innerText()).replace(/\s+/g, ' ');
    expect(rows).toMatch(/Widget Pro 73,?300/);
    expect(rows).toMatch(/Gadget Lite 17,?800/);
    const line = page.getByRole('img', { name: /Line chart: .*revenue/ }).first();
    await revealInLog(page, line);
    await expect.poll(() => line.locator('path.recharts-line-curve').count()).toBeGreaterThan(0);
    await shot(page, 'charts-1280');
  });

  it('previews the file with its column types', async () => {
    await page.getByRole('tab', { name: /Data/ }).click();
    const grid = page.getByRole('table').first();
    await expect.poll(async () => (await grid.innerText()).includes('Widget Pro')).toBe(true);
    const headers = (await grid.getByRole('columnheader').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
    expect(headers).toMatch(/revenue\s*integer/);
    expect(headers).toMatch(/date\s*date/);
    await shot(page, 'data-preview-1280');
    await page.getByRole('tab', { name: /Analysis/ }).click();
  });

  it('exports every format through the save dialog and offers to open it', async () => {
    const formats: [RegExp, string][] = [
      [/HTML/, '.html'],
      [/Markdown/, '.md'],
      [/Jupyter notebook/, '.ipynb'],
      [/Python script/, '.py'],
      [/PDF/, '.pdf'],
    ];
    for (const [label, extension] of formats) {
      await page
        .getByRole('button', { name: /Export/ })
        .first()
        .click();
      await page.getByRole('menuitem', { name: label }).click();
      // "Saved <name> in <folder>"
      const toast = page.getByText(new RegExp(`^Saved .*\\${extension} in `)).last();
      await toast.waitFor({ timeout: 60_000 });
      const saved = (await toast.innerText())
        .replace(/^Saved /, '')
        .replace(/ in .*$/s, '')
        .trim();
      expect(saved, `toast: ${saved}`).toMatch(new RegExp(`\\${extension}$`));
      expect(existsSync(path.join(tmp, 'exports', saved))).toBe(true);
    }
    const html = readFileSync(
      path.join(
        tmp,
        'exports',
        (await import('node:fs')).readdirSync(path.join(tmp, 'exports')).find((f) => f.endsWith('.html'))!,
      ),
      'utf8',
    );
    expect(html).toContain('Widget Pro');
    await page.getByRole('button', { name: 'Open' }).last().click();
    await expect.poll(() => bridge.shell.opened.length).toBeGreaterThan(0);
    expect(bridge.shell.opened.at(-1)!.startsWith(path.join(tmp, 'exports'))).toBe(true);
  });

  it('is usable at 1024×700: the composer, export and sidebar toggle are on screen', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    for (const control of [
      page.getByRole('button', { name: /Export/ }).first(),
      page.getByRole('textbox', { name: /message|question|follow/i }).first(),
    ]) {
      const box = await control.boundingBox();
      expect(box, 'visible').not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1024);
      expect(box!.y + box!.height).toBeLessThanOrEqual(700);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await shot(page, 'analysis-1024x700');
  });
});

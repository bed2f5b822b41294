// Accessibility, checked by axe-core (the rules browsers' accessibility tools use) in the real
// renderer against the real core: the welcome screen, a finished analysis with its charts, the
// data preview and the settings, in the light and the dark theme. Serious and critical
// violations (contrast, names, roles, ARIA references, keyboard access) fail the test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { revealInLog } from './log';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');

/** axe's serious and critical findings once the page has settled (test/e2e/axe.ts). */
const audit = (page: Page): Promise<string[]> => axeFindings(page);

for (const theme of ['light', 'dark'] as const) {
  describe(`accessibility, ${theme} theme (axe-core)`, () => {
    let tmp: string;
    let bridge: Bridge;
    let page: Page;
    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), `pw-e2e-a11y-${theme}-`));
      bridge = await openBridge({
        dataDir: path.join(tmp, 'data'),
        openDialog: [SALES],
        settings: { theme, securityMode: 'local' },
      });
      page = bridge.page;
    });
    afterAll(async () => {
      await bridge?.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('the welcome screen', async () => {
      await page.getByRole('button', { name: 'Open a file…' }).click();
      await page.getByText('sales.csv').first().waitFor();
      expect(await audit(page)).toEqual([]);
    });

    it('a finished analysis with its charts', async () => {
      await page.getByRole('button', { name: 'Start analysis' }).click();
      // a finished analysis leads with its answer card
      await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 120_000 });
      expect(await audit(page)).toEqual([]);
      const chart = page.getByRole('img', { name: /Bar chart: Total revenue by product/ });
      await revealInLog(page, chart);
      await expect.poll(() => chart.locator('path.recharts-rectangle').count()).toBe(2);
      expect(await audit(page)).toEqual([]);
      // and with a data table open
      await page
        .getByRole('button', { name: /Data table/ })
        .first()
        .click();
      expect(await audit(page)).toEqual([]);
    });

    it('the data preview', async () => {
      await page.getByRole('tab', { name: /Data/ }).click();
      await page.getByRole('columnheader').first().waitFor();
      expect(await audit(page)).toEqual([]);
      await page.getByRole('tab', { name: /Analysis/ }).click();
    });

    it('the settings', async () => {
      await page.getByRole('button', { name: 'Settings' }).first().click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor();
      expect(await audit(page)).toEqual([]);
    });
  });
}

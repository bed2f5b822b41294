// Exports in the real renderer (bridge.ts): a script or a notebook is never opened from the app
// (opening a .py on Windows runs it, outside any sandbox): its toast offers "Show in folder";
// HTML and PDF offer "Open". The shell is faked (said so): it records what it was asked.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBridge, ROOT, type Bridge } from './bridge';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
let bridge: Bridge;
let page: Page;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-reveal-'));
  mkdirSync(path.join(tmp, 'exports'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    saveDir: path.join(tmp, 'exports'),
  });
  page = bridge.page;
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  // a finished analysis leads with its answer card
  await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function exportAs(label: RegExp, extension: string) {
  await page
    .getByRole('button', { name: /Export/ })
    .first()
    .click();
  await page.getByRole('menuitem', { name: label }).click();
  const toast = page
    .locator('.toast')
    .filter({ hasText: new RegExp(`^Saved .*\\${extension}`) })
    .last();
  await toast.waitFor({ timeout: 60_000 });
  return toast;
}

it('a script and a notebook offer "Show in folder", never "Open" (shell faked)', async () => {
  for (const [label, extension] of [
    [/Python script/, '.py'],
    [/Jupyter notebook/, '.ipynb'],
  ] as const) {
    const toast = await exportAs(label, extension);
    expect(await toast.getByRole('button', { name: 'Open', exact: true }).count()).toBe(0);
    await toast.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => bridge.shell.revealed.at(-1) ?? '').toMatch(new RegExp(`\\${extension}$`));
  }
  expect(bridge.shell.revealed).toHaveLength(2);
  expect(bridge.shell.opened).toEqual([]);
});

it('an HTML report offers "Open" (shell faked)', async () => {
  const toast = await exportAs(/HTML/, '.html');
  await toast.getByRole('button', { name: 'Open', exact: true }).click();
  await expect.poll(() => bridge.shell.opened.length).toBe(1);
  expect(bridge.shell.opened[0]!).toMatch(/\.html$/);
});

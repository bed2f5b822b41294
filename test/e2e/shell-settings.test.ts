// Settings with sections, end to end (the real renderer against the real core, bridge.ts): a side
// list of sections that jumps to each and marks the one being read, moved along with the arrow
// keys; deep links (platform/settings-link.ts, the welcome screen's "Settings") open the right section;
// a shadow says more is below until the end. axe in both themes; screenshots at 1024×700.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeFindings, forceTheme } from './axe';
import { openBridge, type Bridge } from './bridge';
import { shot } from './shots';

let tmp: string;
let bridge: Bridge;
let page: Page;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-shell-settings-'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    viewport: { width: 1024, height: 700 },
    settings: { theme: 'light' },
  });
  page = bridge.page;
});
afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const dialog = () => page.getByRole('dialog', { name: 'Settings' });
const nav = () => dialog().getByRole('navigation', { name: 'Settings sections' });
const currentSection = () => nav().locator('[aria-current="true"]').innerText();

/** The section's heading lies near the top of the dialog's scrolling body. */
async function atTop(headingId: string): Promise<boolean> {
  const body = await dialog().locator('.dialog-body').boundingBox();
  const heading = await dialog().locator(`#${headingId}`).boundingBox();
  return heading !== null && body !== null && heading.y >= body.y - 1 && heading.y < body.y + 60;
}

const shadowShown = (d: Locator) =>
  d.locator('.settings-more').evaluate((el) => getComputedStyle(el).opacity);

it("the welcome screen's Settings link opens the model section", async () => {
  await page.getByRole('group', { name: 'Analyst' }).getByRole('button', { name: 'Settings' }).click();
  await dialog().waitFor();
  await expect.poll(currentSection).toBe('Model & key');
  await expect.poll(() => atTop('settings-model')).toBe(true);
  // the section's entry has the focus: the keyboard continues from there
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Model & key');
  await dialog().getByRole('button', { name: 'Done' }).click();
});

it('the sidebar opens at the first section, with a shadow while more is below', async () => {
  await page.getByRole('button', { name: 'Settings' }).first().click(); // the sidebar's
  await dialog().waitFor();
  expect(await currentSection()).toBe('Code execution');
  expect(await nav().getByRole('button').allInnerTexts()).toEqual([
    'Code execution',
    'Model & key',
    'Privacy',
    'Appearance',
  ]);
  await expect.poll(() => shadowShown(dialog())).toBe('1');
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, 'shell-settings-1024x700');
  await forceTheme(page, 'dark');
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, 'shell-settings-dark-1024x700');
  await forceTheme(page, 'light');
});

it('arrow keys move along the sections; the last one ends the shadow', async () => {
  await nav().getByRole('button', { name: 'Code execution' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(currentSection).toBe('Model & key');
  await expect.poll(() => atTop('settings-model')).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Model & key');
  await page.keyboard.press('ArrowDown');
  await expect.poll(currentSection).toBe('Privacy');
  await expect.poll(() => atTop('settings-privacy')).toBe(true);
  await page.keyboard.press('End');
  await expect.poll(currentSection).toBe('Appearance');
  await dialog().locator('#settings-appearance').waitFor();
  await expect.poll(() => dialog().locator('#settings-appearance').isVisible()).toBe(true);
  await expect.poll(() => shadowShown(dialog())).toBe('0');
  await page.keyboard.press('Home');
  await expect.poll(currentSection).toBe('Code execution');
  await expect.poll(() => atTop('settings-execution')).toBe(true);
  // only the current entry is in the Tab order; Tab goes on into the sections
  expect(await nav().locator('[tabindex="0"]').count()).toBe(1);
});

it('scrolling marks the section being read', async () => {
  await dialog().locator('.dialog-body').hover();
  await page.mouse.wheel(0, 5000);
  await expect.poll(currentSection).not.toBe('Code execution');
  await page.mouse.wheel(0, -10000);
  await expect.poll(currentSection).toBe('Code execution');
  await page.keyboard.press('Escape');
});

it('a deep link (openSettings) opens that section, and moves an open dialog there', async () => {
  await page.evaluate(() =>
    window.dispatchEvent(new CustomEvent('plotwright:open-settings', { detail: 'privacy' })),
  );
  await dialog().waitFor();
  await expect.poll(currentSection).toBe('Privacy');
  await expect.poll(() => atTop('settings-privacy')).toBe(true);
  await page.evaluate(() =>
    window.dispatchEvent(new CustomEvent('plotwright:open-settings', { detail: 'model' })),
  );
  await expect.poll(currentSection).toBe('Model & key');
  await expect.poll(() => atTop('settings-model')).toBe(true);
  expect(await dialog().count()).toBe(1);
  // the built-in analyst: the privacy section says plainly that nothing is sent
  expect(await dialog().getByRole('note').innerText()).toMatch(/nothing about your data is sent anywhere/);
  await page.keyboard.press('Escape');
});

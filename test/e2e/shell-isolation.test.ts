// One isolation state, end to end (the real renderer against the real core, bridge.ts): the status
// bar, the conversation header and the banner show the same words in the same colour class, from
// one function (shared/isolation.ts), in local mode (unverified: no OS sandbox; verified:
// bubblewrap) and in Docker mode. The banner explains itself the first time a verdict is shown,
// then is one line — also after a reload — and expands again. The status bar names the model and
// the current run ("Running step 3…", "Waiting for approval", idle). axe in both themes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RISKS } from '../../electron/model/exec/isolation';
import type { Settings } from '../../electron/model/settings';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
let tmp: string;
let bridge: Bridge | null = null;
const savedEnv = process.env.PLOTWRIGHT_LOCAL_SANDBOX;

afterEach(async () => {
  await bridge?.close();
  bridge = null;
  rmSync(tmp, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.PLOTWRIGHT_LOCAL_SANDBOX;
  else process.env.PLOTWRIGHT_LOCAL_SANDBOX = savedEnv;
});

async function open(settings: Partial<Settings>): Promise<Bridge> {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-shell-isolation-'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    viewport: { width: 1024, height: 700 },
    settings: { theme: 'light', ...settings },
  });
  // every text the status bar's run item shows, in order
  await bridge.page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __runTexts: string[] }).__runTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.status-run')?.textContent ?? null;
      if (text !== null && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return bridge;
}

async function start(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await page.getByRole('log').waitFor();
}

/** The analysis ran to its end (its state and error, if not, in the failure). */
async function finished(b: Bridge): Promise<void> {
  const id = (await b.app['conversations:list']())[0]!.id;
  await expect
    .poll(
      async () => {
        const c = await b.app['conversations:get'](id);
        return `${c.status} ${c.stopReason} ${c.error ?? ''}`.trim();
      },
      { timeout: 120_000, interval: 500 },
    )
    .toBe('finished terminated');
}

const statusItem = (page: Page) =>
  page.getByRole('contentinfo', { name: 'Status' }).locator('[data-tone]').first();
const headerChip = (page: Page) => page.locator('.conv-meta-line .iso-badge');
const banner = (page: Page) => page.getByLabel('Isolation', { exact: true });
const bannerState = (page: Page) => banner(page).locator('.isolation-banner-state');

/** Words, tone and colour class of one place. */
async function look(el: ReturnType<typeof statusItem>) {
  return {
    text: (await el.innerText()).trim(),
    tone: await el.getAttribute('data-tone'),
    colour: (await el.getAttribute('class'))!.split(/\s+/).find((c) => c.startsWith('iso-tone-')),
  };
}

/** The status bar, the header and (when shown) the banner say the same, in the same colour. */
async function sameEverywhere(page: Page, tone: string, withBanner: boolean): Promise<string> {
  // the page applies the core's events once per frame, and the status bar's probe may still run
  await expect.poll(async () => (await look(headerChip(page))).tone, { timeout: 30_000 }).toBe(tone);
  const header = await look(headerChip(page));
  await expect.poll(async () => (await look(statusItem(page))).text, { timeout: 30_000 }).toBe(header.text);
  expect(header).toEqual({ text: header.text, tone, colour: `iso-tone-${tone}` });
  expect(await look(statusItem(page))).toEqual(header);
  if (withBanner) expect(await look(bannerState(page))).toEqual(header);
  const colours = await Promise.all(
    [statusItem(page), headerChip(page), ...(withBanner ? [bannerState(page)] : [])].map((l) =>
      l.evaluate((el) => getComputedStyle(el).color),
    ),
  );
  expect(new Set(colours).size).toBe(1);
  return header.text;
}

async function auditBothThemes(page: Page, name: string): Promise<void> {
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-1024x700`);
  await forceTheme(page, 'dark');
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-dark-1024x700`);
  await forceTheme(page, 'light');
}

describe('local mode, no OS sandbox (unverified)', () => {
  it('one state everywhere; the banner explains once, then stays one line after a reload', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    const b = await open({ securityMode: 'local' });
    const { page } = b;
    await start(page);
    await banner(page).waitFor({ timeout: 60_000 });
    const text = await sameEverywhere(page, 'warn', true);
    expect(text).toMatch(/^Not isolated · /);
    // first reading: what it means in a sentence, details one click away
    expect(await banner(page).innerText()).toContain('Code in this analysis runs without verified isolation');
    expect(await banner(page).getByRole('button', { name: 'Got it' }).isVisible()).toBe(true);
    expect(await banner(page).getByText(RISKS.network).isVisible()).toBe(false);
    // the status bar: who analyses and what the run is doing (waiting for the user's consent)
    const bar = page.getByRole('contentinfo', { name: 'Status' });
    expect(await bar.locator('.status-model').innerText()).toBe('Built-in analyst');
    await expect
      .poll(() => bar.locator('.status-run').innerText(), { timeout: 30_000 })
      .toBe('Waiting for approval');
    await auditBothThemes(page, 'shell-isolation-first');

    // read once: after a reload it is one line
    await page.reload();
    await page.locator('.sidebar').getByText('Analysis of sales.csv').first().click();
    await banner(page).waitFor({ timeout: 30_000 });
    await sameEverywhere(page, 'warn', true);
    expect(await banner(page).getByRole('button', { name: 'Got it' }).count()).toBe(0);
    const line = await banner(page).boundingBox();
    expect(line!.height).toBeLessThanOrEqual(40);
    // and expands again
    await banner(page)
      .getByRole('button', { name: /What the code could do/ })
      .click();
    await banner(page).getByText(RISKS.network).waitFor({ state: 'visible' });
    await banner(page).getByRole('button', { name: 'Hide details' }).click();
    await expect.poll(() => banner(page).getByText(RISKS.network).isVisible()).toBe(false);
    await auditBothThemes(page, 'shell-isolation-read');
  });
});

describe('local mode, bubblewrap (verified)', () => {
  it('one state everywhere, and the status bar follows the run step by step', async () => {
    const b = await open({ securityMode: 'local' });
    const { page } = b;
    await start(page);
    await finished(b);
    const text = await sameEverywhere(page, 'ok', true);
    expect(text).toMatch(/^Isolated · verified \(bubblewrap/);
    // "Got it" collapses the explanation at once
    await banner(page).getByRole('button', { name: 'Got it' }).click();
    expect(await banner(page).getByRole('button', { name: 'Got it' }).count()).toBe(0);
    const bar = page.getByRole('contentinfo', { name: 'Status' });
    // (the bridge hands the page the core's events one by one: it may be some way behind)
    await expect.poll(() => bar.locator('.status-run').innerText(), { timeout: 60_000 }).toBe('Idle');
    const texts = await page.evaluate(() => (window as unknown as { __runTexts: string[] }).__runTexts);
    expect(texts.some((t) => /^Running step \d+…$/.test(t))).toBe(true);
    expect(texts.at(-1)).toBe('Idle');
    // no model: what goes back to the analyst is said to go nowhere
    const log = page.getByRole('log');
    await log.getByRole('button', { name: /^Step 1\b/ }).click(); // a finished step opens on demand
    await log.locator('.sent-to-model').first().waitFor();
    expect(await log.getByText('Sent to the model').count()).toBe(0);
    expect(
      await log.getByText('Read by the built-in analyst · nothing is sent anywhere').count(),
    ).toBeGreaterThan(0);
    await auditBothThemes(page, 'shell-isolation-verified');
  });
});

describe('Docker mode', () => {
  it('one state in the status bar and the header', async () => {
    const b = await open({ securityMode: 'docker' });
    const { page } = b;
    await start(page);
    await finished(b);
    const withBanner = (await banner(page).count()) > 0;
    const text = await sameEverywhere(page, 'ok', withBanner);
    expect(text).toBe('Isolated · verified (Docker)');
    await auditBothThemes(page, 'shell-isolation-docker');
  });
});

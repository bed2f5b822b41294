// One isolation state, from what the isolation probe observed, end to end (the real renderer
// against the real core, bridge.ts): with bubblewrap the local sandbox is verified, and the status
// bar, the conversation header and the settings say so, and the default approval runs the
// analysis without asking; with no OS sandbox (PLOTWRIGHT_LOCAL_SANDBOX=none) the settings say
// what the code could do, and "Never ask" needs an explicit confirmation (Cancel keeps the old
// value). axe-core on each, light and dark.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantMessage } from '../../electron/model/agent/conversation';
import { PROTECTS, RISKS } from '../../electron/model/exec/isolation';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
const VERIFIED = /^Isolated · verified \(bubblewrap \d[\d.]*\)$/;

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

async function open(): Promise<{ b: Bridge; page: Page }> {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-isolation-'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    viewport: { width: 1024, height: 700 },
    // the default approval: ask only where the sandbox is not verified
    settings: { securityMode: 'local', theme: 'light' },
  });
  return { b: bridge, page: bridge.page };
}

const statusItem = (page: Page) =>
  page.getByRole('contentinfo', { name: 'Status' }).locator('[data-tone]').first();

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.waitFor();
  return dialog;
}

/** axe in both themes, with a screenshot of each. */
async function auditBothThemes(page: Page, name: string): Promise<void> {
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-1024x700`);
  await forceTheme(page, 'dark');
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-dark-1024x700`);
  await forceTheme(page, 'light');
}

describe('a verified sandbox (bubblewrap)', () => {
  it('runs the analysis without asking; status bar, header and settings say verified', async () => {
    const { b, page } = await open();
    const status = statusItem(page);
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(VERIFIED);
    expect(await status.getAttribute('data-tone')).toBe('ok');

    await page.getByRole('button', { name: 'Open a file…' }).click();
    await page.getByRole('button', { name: 'Start analysis' }).click();
    // a finished analysis leads with its answer card
    await page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 120_000 });
    const id = (await b.app['conversations:list']())[0]!.id;
    const conv = await b.app['conversations:get'](id);
    expect(conv.stopReason).toBe('terminated');
    expect(conv.execution?.isolation?.verified).toBe(true);
    const blocks = conv.messages.flatMap((m) =>
      m.role === 'assistant' ? (m as AssistantMessage).blocks : [],
    );
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.every((x) => x.status === 'succeeded')).toBe(true);
    // never asked
    const asked = b.events.filter(
      (e) => e.channel === 'conversation:event' && JSON.stringify(e.payload).includes('"awaiting-approval"'),
    );
    expect(asked).toEqual([]);

    // the same words and colour in the header
    const header = page.locator('.conv-meta-line .iso-badge');
    expect(await header.innerText()).toBe(await status.innerText());
    expect(await header.getAttribute('data-tone')).toBe('ok');
    // verified, with the runner's own limits one click away (not an alert)
    expect(await page.getByRole('alert', { name: 'Isolation' }).count()).toBe(0);
    const note = page.getByRole('note', { name: 'Isolation' });
    expect(await note.innerText()).toMatch(/Isolated · verified \(bubblewrap/);
    await note.getByRole('button', { name: 'What it does not cover' }).click();
    await note.getByText(/memory is limited per process/).waitFor();
    await auditBothThemes(page, 'isolation-verified');

    // settings: what the effective sandbox isolates, check by check
    const dialog = await openSettings(page);
    const now = dialog.getByRole('region', { name: 'Isolation now' });
    expect(await now.locator('.iso-badge').innerText()).toMatch(VERIFIED);
    expect(await now.innerText()).toContain('Verified: every one of');
    expect(await now.locator('.isolation-now-list.ok li').allInnerTexts()).toEqual(
      conv.execution!.isolation!.checks.map((c) => PROTECTS[c.name]),
    );
    expect(await now.locator('.isolation-now-list.warn').count()).toBe(0);
    await auditBothThemes(page, 'settings-verified');
    // verified: "Never ask" needs no confirmation
    await dialog.getByLabel('Ask before running code').selectOption('never');
    await expect.poll(async () => (await b.app['settings:get']()).approval).toBe('never');
    expect(await page.getByRole('dialog', { name: 'Run code without asking?' }).count()).toBe(0);
  });
});

describe('an unverified sandbox (no OS sandbox)', () => {
  it('the settings say what the code could do; "Never ask" needs a confirmation', async () => {
    process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
    const { b, page } = await open();
    await expect.poll(() => statusItem(page).innerText(), { timeout: 30_000 }).toMatch(/^Not isolated · /);
    const dialog = await openSettings(page);
    const now = dialog.getByRole('region', { name: 'Isolation now' });
    expect(await now.locator('.iso-badge').innerText()).toBe(await statusItem(page).innerText());
    expect(await now.innerText()).toContain('a local process with no OS sandbox');
    const risks = await now.locator('.isolation-now-list.warn li').allInnerTexts();
    expect(risks).toContain(RISKS.network);
    expect(risks).toContain(RISKS['home-files']);
    expect(await now.innerText()).toMatch(/Docker|bubblewrap/); // how to get isolation
    // the disk limit sits with the other limits, and is saved
    const disk = dialog.getByRole('spinbutton', { name: 'Disk limit' });
    expect(await disk.inputValue()).toBe('1024');
    await disk.fill('8');
    await disk.press('Enter');
    await dialog.getByText('Disk limit must be a whole number from 16').waitFor();
    await disk.fill('512');
    await disk.press('Enter');
    await expect.poll(async () => (await b.app['settings:get']()).diskMb).toBe(512);

    // main refuses "never" without the user's confirmation
    await expect(b.app['settings:update']({ approval: 'never' })).rejects.toThrow(/confirmation/);
    const select = dialog.getByLabel('Ask before running code');
    expect(await select.inputValue()).toBe('unsandboxed');
    const confirm = page.getByRole('dialog', { name: 'Run code without asking?' });

    // Cancel keeps the previous value
    await select.selectOption('never');
    await confirm.waitFor();
    expect(await confirm.locator('li').allInnerTexts()).toEqual(risks);
    expect(await confirm.innerText()).toContain('no OS sandbox — every isolation check failed');
    expect(await select.inputValue()).toBe('unsandboxed');
    await auditBothThemes(page, 'settings-never-ask-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await select.inputValue()).toBe('unsandboxed');
    expect((await b.app['settings:get']()).approval).toBe('unsandboxed');

    // so does Esc, which closes only the confirmation
    await select.selectOption('never');
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await dialog.isVisible()).toBe(true);
    expect((await b.app['settings:get']()).approval).toBe('unsandboxed');

    // confirmed: saved (with the confirmation main asks for)
    await select.selectOption('never');
    await confirm.getByRole('button', { name: 'Never ask' }).click();
    await expect.poll(async () => (await b.app['settings:get']()).approval).toBe('never');
    expect(await select.inputValue()).toBe('never');
    await now.getByText('You chose “Never ask”: code runs here without your consent.').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toBe(''); // no "Not saved"
    await auditBothThemes(page, 'settings-unverified');
  });
});

// Conversations as a library, end to end (real renderer, real core; dialogs and shell faked, see
// bridge.ts): execution off, recent files, the sidebar (search, rename, delete), files opened from
// outside the window (double-click, second launch) through main's real FileOpenQueue, Ctrl+E.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFilesFromArgv, FileOpenQueue } from '../../electron/main/open-files';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

const DATASETS = path.resolve(ROOT, '..', 'shared', 'datasets');
let tmp: string;
let sales: string;
let tips: string;
let bridge: Bridge;
let page: Page;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sidebar = () => page.getByRole('navigation', { name: 'Conversations' });
const titles = () => sidebar().locator('.conv-title').allInnerTexts();
const header = () => page.getByRole('heading', { level: 1 }).first();
/** A conversation's row in the sidebar, hovered so its Rename and Delete buttons show. */
async function row(title: string) {
  const item = sidebar().getByRole('listitem').filter({ hasText: title });
  await item.hover();
  return item;
}

async function startOn(question?: string): Promise<void> {
  if (question) await page.getByLabel(/Question/).fill(question);
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await page.getByRole('log').getByText('Code execution is off').waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-library-'));
  // copies, so the test can show they are never changed and can be deleted behind the app's back
  sales = path.join(tmp, 'sales.csv');
  tips = path.join(tmp, 'tips.csv');
  copyFileSync(path.join(DATASETS, 'sales.csv'), sales);
  copyFileSync(path.join(DATASETS, 'seaborn', 'tips.csv'), tips);
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [sales, tips],
    settings: { securityMode: 'off' },
  });
  page = bridge.page;
});
afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('execution off', () => {
  it('shows the code without running it, and the status bar says execution is off', async () => {
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await startOn();
    const chip = page.getByRole('log').locator('[data-status]').first();
    expect(await chip.getAttribute('data-status')).toBe('not-run');
    // the first status probes Docker, Python and bubblewrap: it may take a few seconds
    await expect
      .poll(() => page.getByRole('contentinfo', { name: 'Status' }).innerText(), { timeout: 30_000 })
      .toContain('Code execution off');
    expect(await page.getByText('Execution off', { exact: true }).count()).toBe(1);
    // the list is saved after the run's last event: under load, a moment after the page shows it
    await expect
      .poll(async () => (await bridge.app['conversations:list']())[0], { timeout: 10_000 })
      .toMatchObject({ fileName: 'sales.csv', stopReason: 'terminated' });
  });
});

describe('recent files and the sidebar', () => {
  it('lists recent files on the welcome screen; a second file starts a second analysis', async () => {
    await page.getByRole('button', { name: 'New analysis' }).click();
    const recent = page.getByRole('region', { name: 'Recent files' });
    await expect
      .poll(() => recent.getByRole('button').allInnerTexts())
      .toEqual([expect.stringContaining('sales.csv')]);
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Data file' }).innerText())
      .toContain('tips.csv');
    await startOn('Which day has the highest tips?');
    await expect.poll(titles).toHaveLength(2);
    // the recent list puts the last file first; picking one from it chooses that file
    await page.getByRole('button', { name: 'New analysis' }).click();
    await recent.getByRole('button', { name: /sales\.csv/ }).click();
    expect(await page.getByRole('region', { name: 'Data file' }).innerText()).toContain('sales.csv');
    await shot(page, 'welcome-recent-1280');
  });

  it('searches conversations by title or file name', async () => {
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    await search.fill('tips');
    await expect.poll(titles).toEqual([expect.stringMatching(/highest tips/)]);
    await search.fill('nothing like this');
    await sidebar().getByText('No analysis matches.').waitFor();
    await search.fill('');
    await expect.poll(titles).toHaveLength(2);
  });

  it('renames a conversation: kept on disk and after a reload', async () => {
    await (
      await row('Analysis of sales.csv')
    )
      .getByRole('button', { name: 'Rename Analysis of sales.csv' })
      .click();
    const input = sidebar().getByRole('textbox', { name: 'New title' });
    await input.fill('Quarterly revenue');
    await input.press('Enter');
    await expect.poll(titles).toContain('Quarterly revenue');
    const stored = await bridge.app['conversations:list']();
    expect(stored.map((c) => c.title)).toContain('Quarterly revenue');
    await page.reload();
    await expect.poll(titles).toContain('Quarterly revenue');
    // Escape leaves the title as it was
    await (await row('Quarterly revenue')).getByRole('button', { name: 'Rename Quarterly revenue' }).click();
    await sidebar().getByRole('textbox', { name: 'New title' }).fill('Not this');
    await page.keyboard.press('Escape');
    await expect.poll(titles).toContain('Quarterly revenue');
    expect(await titles()).not.toContain('Not this');
  });

  it('deletes a conversation after confirmation; the data file is untouched', async () => {
    const before = sha(tips);
    const tipsConversation = (await bridge.app['conversations:list']()).find(
      (c) => c.fileName === 'tips.csv',
    )!;
    await (await row(tipsConversation.title)).locator('.conv-main').click();
    await header().getByText(tipsConversation.title).waitFor();
    await sidebar()
      .getByRole('button', { name: `Delete ${tipsConversation.title}` })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Delete this analysis?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(titles).toHaveLength(2);
    await sidebar()
      .getByRole('button', { name: `Delete ${tipsConversation.title}` })
      .click();
    await page
      .getByRole('dialog', { name: 'Delete this analysis?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(titles).toEqual(['Quarterly revenue']);
    // it was open: the window goes back to the start
    await page.getByRole('heading', { name: 'Analyse a data file' }).waitFor();
    await expect(bridge.app['conversations:get'](tipsConversation.id)).rejects.toThrow();
    expect(sha(tips)).toBe(before);
  });
});

describe('files opened from outside the window (double-click, second launch)', () => {
  it('opens a new conversation on the file, through main’s real FileOpenQueue', async () => {
    const queue = new FileOpenQueue(bridge.sink);
    queue.add(dataFilesFromArgv(['/opt/Plotwright/plotwright', '--flag', 'sales.csv', 'notes.txt'], tmp));
    expect(queue.pending).toEqual([sales]);
    const before = (await bridge.app['conversations:list']()).length;
    queue.start((file) => bridge.app.openExternalFile(file));
    await expect.poll(async () => (await bridge.app['conversations:list']()).length).toBe(before + 1);
    // the window shows it at once
    await page.getByRole('log').getByText('Code execution is off').waitFor({ timeout: 60_000 });
    await expect.poll(() => header().innerText()).toContain('Analysis of sales.csv');
    await expect.poll(titles).toHaveLength(before + 1);
  });

  it('a file that cannot be analysed says why in one line, and nothing opens', async () => {
    const empty = path.join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    const count = (await bridge.app['conversations:list']()).length;
    const queue = new FileOpenQueue(bridge.sink);
    queue.start((file) => bridge.app.openExternalFile(file));
    queue.add([empty]);
    await page.getByText('empty.csv: empty.csv is empty').waitFor({ timeout: 30_000 });
    expect((await bridge.app['conversations:list']()).length).toBe(count);
  });

  it('a conversation whose file was deleted still opens, and says the file is gone', async () => {
    rmSync(sales);
    expect(existsSync(sales)).toBe(false);
    await (await row('Quarterly revenue')).locator('.conv-main').click();
    await header().getByText('Quarterly revenue').waitFor();
    expect(await page.getByRole('log').innerText()).toContain('Code execution is off');
    await page.getByText('File moved or deleted').waitFor();
    expect(await page.getByRole('tab', { name: 'Data' }).count()).toBe(0);
  });
});

describe('keyboard', () => {
  it('Ctrl+E opens the export menu; Escape closes it', async () => {
    await page.evaluate(() =>
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'e', ctrlKey: true, bubbles: true })),
    );
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').count()).toBe(5);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
  });
});

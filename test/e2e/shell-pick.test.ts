// Bad input at pick time, end to end (the real renderer against the real core, bridge.ts; the
// open dialog and the drop path lookup are faked, said so there): an empty file and a binary file
// show their one-line reason on the file card, Start stays disabled and neither enters Recent
// files; a good file afterwards starts an analysis. The model card says "No API key · Add key"
// when the endpoint needs one, and Add key opens Settings at the model section. Error toasts
// wrap their text and keep "Details". axe in both themes; screenshots at 1024×700.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge, type BridgeOptions } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
let tmp: string;
let bridge: Bridge | null = null;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-shell-pick-'));
});
afterEach(async () => {
  await bridge?.close();
  bridge = null;
  rmSync(tmp, { recursive: true, force: true });
});

async function open(options: Partial<BridgeOptions> = {}): Promise<Bridge> {
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    viewport: { width: 1024, height: 700 },
    settings: { theme: 'light' },
    ...options,
  });
  return bridge;
}

function file(name: string, content: string | Buffer): string {
  const full = path.join(tmp, name);
  writeFileSync(full, content);
  return full;
}

const card = (page: Page) => page.getByRole('region', { name: 'Data file' });
const start = (page: Page) => page.getByRole('button', { name: 'Start analysis' });

async function auditBothThemes(page: Page, name: string): Promise<void> {
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-1024x700`);
  await forceTheme(page, 'dark');
  expect(await axeFindings(page)).toEqual([]);
  await shot(page, `${name}-dark-1024x700`);
  await forceTheme(page, 'light');
}

describe('pick-time checks', () => {
  it('empty and binary files: the reason inline, Start disabled, not in Recent; then a good file works', async () => {
    const empty = file('empty.csv', '');
    const binary = file(
      'photo.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    const headerOnly = file('header.csv', 'region,revenue\n');
    const b = await open({ openDialog: [empty, binary, headerOnly, SALES] });
    const { page } = b;

    await page.getByRole('button', { name: 'Open a file…' }).click();
    const reason = card(page).getByRole('alert');
    await expect.poll(() => reason.innerText()).toBe('empty.csv is empty. Choose another file.');
    expect(await start(page).isDisabled()).toBe(true);
    await auditBothThemes(page, 'shell-pick-empty');

    await card(page).getByRole('button', { name: 'Choose another…' }).click();
    await expect
      .poll(() => reason.innerText())
      .toMatch(/^photo\.csv is not a text file \(it looks like a PNG image\)/);
    expect(await start(page).isDisabled()).toBe(true);
    // Enter in the question box does not start it either
    await page.getByRole('textbox', { name: /Question/ }).fill('Anything?');
    await page.getByRole('textbox', { name: /Question/ }).press('Enter');

    await card(page).getByRole('button', { name: 'Choose another…' }).click();
    await expect
      .poll(() => reason.innerText())
      .toBe('header.csv has column names but no data rows. Choose another file.');
    expect(await start(page).isDisabled()).toBe(true);
    expect(await b.app['conversations:list']()).toEqual([]);
    // none of them is remembered
    expect(await b.app['files:recent']()).toEqual([]);
    expect(await page.getByRole('region', { name: 'Recent files' }).count()).toBe(0);

    // a good file afterwards: no reason, Start works, and only it is recent
    await card(page).getByRole('button', { name: 'Choose another…' }).click();
    await expect.poll(() => card(page).innerText()).toContain('sales.csv');
    expect(await card(page).getByRole('alert').count()).toBe(0);
    expect(await start(page).isEnabled()).toBe(true);
    await start(page).click();
    await page.getByRole('log').waitFor();
    expect((await b.app['conversations:list']()).map((c) => c.fileName)).toEqual(['sales.csv']);
    expect((await b.app['files:recent']()).map((f) => f.name)).toEqual(['sales.csv']);
  });

  it('a dropped binary file shows its reason; a recent file emptied since leaves the list', async () => {
    const dropDir = path.join(tmp, 'drops');
    mkdirSync(dropDir);
    writeFileSync(path.join(dropDir, 'blob.csv'), Buffer.from('a,b\n1,2\n\0\0\0\0\x01\x02'));
    const good = file('good.csv', 'region,revenue\nNorth,3\nSouth,4\n');
    const b = await open({ dropDir, openDialog: [good] });
    const { page } = b;
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await expect.poll(async () => (await b.app['files:recent']()).map((f) => f.name)).toEqual(['good.csv']);

    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'blob.csv', { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        document.body.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
    });
    await expect
      .poll(() => card(page).getByRole('alert').innerText())
      .toBe('blob.csv is not a text file (it contains binary data). Choose another file.');
    expect(await start(page).isDisabled()).toBe(true);
    expect((await b.app['files:recent']()).map((f) => f.name)).toEqual(['good.csv']);

    // emptied since it was picked: the next list leaves it out
    writeFileSync(good, '');
    await page.reload();
    await page.getByRole('heading', { name: 'Analyse a data file' }).waitFor();
    expect(await b.app['files:recent']()).toEqual([]);
    expect(await page.getByRole('region', { name: 'Recent files' }).count()).toBe(0);
  });
});

describe('the model card and toasts', () => {
  it('"No API key · Add key" opens Settings at the model section', async () => {
    const b = await open({
      settings: {
        theme: 'light',
        provider: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        model: 'gpt-4o-mini',
      },
    });
    const { page } = b;
    const note = page.getByRole('group', { name: 'Analyst' }).getByRole('status');
    await expect.poll(() => note.innerText()).toMatch(/No API key\s*·\s*Add key/);
    await auditBothThemes(page, 'shell-no-key');
    await note.getByRole('button', { name: 'Add key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    const nav = dialog.getByRole('navigation', { name: 'Settings sections' });
    await expect.poll(() => nav.locator('[aria-current="true"]').innerText()).toBe('Model & key');
    // the model section is in view at the top of the dialog's body
    const body = await dialog.locator('.dialog-body').boundingBox();
    const heading = await dialog.locator('#settings-model').boundingBox();
    expect(heading!.y).toBeGreaterThanOrEqual(body!.y - 1);
    expect(heading!.y).toBeLessThan(body!.y + 60);

    // a key saved in Settings: the card no longer asks for one
    await dialog
      .getByLabel(/API key/)
      .first()
      .fill('sk-test-1234567890');
    await dialog.getByRole('button', { name: /^Save/ }).first().click();
    await expect.poll(async () => (await b.app['secrets:status']()).hasKey).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => note.count()).toBe(0);
  });

  it('a long error toast wraps whole words and keeps Details', async () => {
    const b = await open();
    const { page } = b;
    const long =
      'The sandbox image could not be prepared because the Docker engine refused the request: ' +
      'the storage driver reported that the disk holding /var/lib/docker is full, and no layer could be written';
    b.sink.emit('app:error', { message: long });
    const toast = page.locator('.toast-error').last();
    await toast.waitFor();
    const text = toast.locator('.toast-text');
    // all of it is in the page, wrapped onto several lines, nothing cut sideways
    expect(await text.textContent()).toBe(long);
    const box = await text.evaluate((el) => ({
      wrap: getComputedStyle(el).whiteSpace,
      scroll: el.scrollWidth,
      client: el.clientWidth,
      lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
    }));
    expect(box.wrap).toBe('normal');
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    expect(box.lines).toBeGreaterThan(1);
    await toast.getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => text.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    expect(await toast.getByRole('button', { name: 'Less' }).getAttribute('aria-expanded')).toBe('true');
    expect(await axeFindings(page)).toEqual([]);
    await shot(page, 'shell-toast-1024x700');
  });
});

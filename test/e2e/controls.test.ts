// The real renderer against the real core: approval, settings, the API key, drag and drop,
// keyboard, the isolation warning. Dialogs, shell and keychain are faked (see bridge.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantMessage } from '../../electron/model/agent/conversation';
import { SETTINGS_VERSION } from '../../electron/model/settings';
import { startOpenAIServer } from '../support/openai-server';
import { shot } from './shots';
import { openBridge, ROOT, type Bridge, type BridgeOptions } from './bridge';

const DATASETS = path.resolve(ROOT, '..', 'shared', 'datasets');
const SALES = path.join(DATASETS, 'sales.csv');
let tmp: string;
let bridge: Bridge | null = null;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-controls-'));
});
afterEach(async () => {
  await bridge?.close();
  bridge = null;
  rmSync(tmp, { recursive: true, force: true });
});

async function open(options: Partial<BridgeOptions> = {}): Promise<Bridge> {
  bridge = await openBridge({ dataDir: path.join(tmp, 'data'), openDialog: [SALES], ...options });
  return bridge;
}

async function startAnalysis(b: Bridge): Promise<string> {
  await b.page.getByRole('button', { name: 'Open a file…' }).click();
  await b.page.getByRole('button', { name: 'Start analysis' }).click();
  await b.page.getByRole('log').waitFor();
  return (await b.app['conversations:list']())[0]!.id;
}

describe('approval (always mode)', () => {
  it('rejected code does not run, and the feedback reaches the model', async () => {
    const b = await open({ settings: { approval: 'always', securityMode: 'local' } });
    const id = await startAnalysis(b);
    const approval = b.page.getByRole('group', { name: 'Approve this code' });
    await approval.waitFor({ timeout: 60_000 });
    await shot(b.page, 'approval-1280');
    await approval.getByRole('button', { name: /Reject/ }).click();
    await b.page.getByLabel(/feedback/i).fill('Please skip the overview, just total the revenue.');
    await approval.getByRole('button', { name: /^Reject$/ }).click();
    await expect
      .poll(
        async () =>
          (await b.app['conversations:get'](id)).messages.some(
            (m) => m.role === 'execution' && m.content.includes('Please skip the overview'),
          ),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    const first = (await b.app['conversations:get'](id)).messages.find(
      (m): m is AssistantMessage => m.role === 'assistant',
    )!;
    expect(first.blocks[0]!.status).toBe('rejected');
    expect(first.blocks[0]!.result).toBeUndefined();
    // without its data the built-in analyst explains why and ends
    await expect
      .poll(async () => (await b.app['conversations:get'](id)).stopReason, { timeout: 30_000 })
      .toBe('terminated');
  });

  it('Esc stops a conversation that waits for approval', async () => {
    const b = await open({ settings: { approval: 'always', securityMode: 'local' } });
    const id = await startAnalysis(b);
    await b.page.getByRole('group', { name: 'Approve this code' }).waitFor({ timeout: 60_000 });
    await b.page.keyboard.press('Escape');
    await expect
      .poll(async () => (await b.app['conversations:get'](id)).stopReason, { timeout: 30_000 })
      .toBe('cancelled');
    const first = (await b.app['conversations:get'](id)).messages.find(
      (m): m is AssistantMessage => m.role === 'assistant',
    )!;
    expect(first.blocks[0]!.status).toBe('cancelled');
  });

  it('Run runs the proposed code as it is, then the next block waits', async () => {
    const b = await open({ settings: { approval: 'always', securityMode: 'local' } });
    const id = await startAnalysis(b);
    const approval = b.page.getByRole('group', { name: 'Approve this code' });
    await approval.waitFor({ timeout: 60_000 });
    await approval.getByRole('button', { name: 'Run', exact: true }).click();
    const replies = async () =>
      (await b.app['conversations:get'](id)).messages.filter(
        (m): m is AssistantMessage => m.role === 'assistant',
      );
    await expect
      .poll(async () => (await replies())[0]?.blocks[0]?.status, { timeout: 30_000 })
      .toBe('succeeded');
    const [first] = await replies();
    expect(first!.blocks[0]!.proposed).toBeUndefined();
    expect(first!.blocks[0]!.result?.output).toContain('Shape: 10 rows x 5 columns');
    // the analyst goes on, and its next block asks again
    await expect
      .poll(async () => (await replies())[1]?.blocks[0]?.status, { timeout: 60_000 })
      .toBe('awaiting-approval');
    await approval.waitFor();
    await b.app['conversations:cancel'](id);
  });

  it('edit & run runs the edited code', async () => {
    const b = await open({ settings: { approval: 'always', securityMode: 'local' } });
    const id = await startAnalysis(b);
    const approval = b.page.getByRole('group', { name: 'Approve this code' });
    await approval.waitFor({ timeout: 60_000 });
    await approval.getByRole('button', { name: /Edit/ }).click();
    await approval.getByRole('textbox').fill("print('edited by the user', 6 * 7)");
    await approval.getByRole('button', { name: /Run edited code/ }).click();
    await b.page.getByRole('log').getByText('edited by the user 42').first().waitFor({ timeout: 30_000 });
    await b.app['conversations:cancel'](id);
    const first = (await b.app['conversations:get'](id)).messages.find(
      (m): m is AssistantMessage => m.role === 'assistant',
    )!;
    expect(first.blocks[0]).toMatchObject({
      code: "print('edited by the user', 6 * 7)",
      status: 'succeeded',
    });
    expect(first.blocks[0]!.proposed).toContain('read_csv');
  });
});

describe('settings', () => {
  it('persist across a reload (and on disk)', async () => {
    const b = await open();
    await b.page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = b.page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /Local restricted/ }).check();
    await dialog.getByRole('radio', { name: /Dark/ }).check();
    await expect.poll(async () => (await b.app['settings:get']()).theme).toBe('dark');
    await b.page.reload();
    await b.page.getByRole('button', { name: 'Settings' }).first().click();
    await expect
      .poll(() =>
        b.page
          .getByRole('dialog')
          .getByRole('radio', { name: /Local restricted/ })
          .isChecked(),
      )
      .toBe(true);
    expect(await b.page.getByRole('dialog').getByRole('radio', { name: /Dark/ }).isChecked()).toBe(true);
    const onDisk = JSON.parse(readFileSync(path.join(tmp, 'data', 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({ version: SETTINGS_VERSION, securityMode: 'local', theme: 'dark' });
    await shot(b.page, 'settings-dark-1280');
  });

  it('the API key never appears in the DOM or in renderer storage; test connection uses it', async () => {
    const server = await startOpenAIServer([], { models: ['model-a', 'model-b'] });
    try {
      const b = await open({ settings: { provider: 'compatible', baseUrl: server.url, model: 'model-a' } });
      const key = 'sk-e2e-never-in-the-dom-KZ93';
      await b.page.getByRole('button', { name: 'Settings' }).first().click();
      const dialog = b.page.getByRole('dialog');
      await dialog.getByLabel(/API key/).fill(key);
      await dialog.getByRole('button', { name: 'Save key' }).click();
      await dialog.getByText('••••KZ93').waitFor();
      expect(await dialog.getByLabel(/API key/).inputValue()).toBe('');
      await dialog.getByRole('button', { name: /Test connection/ }).click();
      await dialog.getByText(/Connected in \d+ ms · 2 models available/).waitFor({ timeout: 15_000 });
      expect(server.requests.some((r) => r.headers.authorization === `Bearer ${key}`)).toBe(true);
      const seen = await b.page.evaluate(async () => {
        const dbs = 'databases' in indexedDB ? await indexedDB.databases() : [];
        return [
          document.documentElement.outerHTML,
          JSON.stringify({ ...localStorage }),
          JSON.stringify({ ...sessionStorage }),
          document.cookie,
          JSON.stringify(dbs),
        ].join('\n');
      });
      expect(seen).not.toContain(key);
      expect(seen).not.toContain('e2e-never');
      expect(JSON.stringify(b.events)).not.toContain(key);
      expect(b.secrets.ciphertext).not.toBeNull();
      expect(b.secrets.ciphertext).not.toContain(key);
    } finally {
      await server.close();
    }
  });
});

describe('opening files', () => {
  it('drag and drop of a CSV onto the window picks it', async () => {
    const b = await open({ dropDir: DATASETS, openDialog: [] });
    await b.page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['date,product\n'], 'sales.csv', { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      }
    });
    await b.page.getByRole('button', { name: 'Start analysis' }).click();
    await b.page.getByRole('log').waitFor();
    const [conv] = await b.app['conversations:list']();
    expect(conv!.fileName).toBe('sales.csv');
  });

  it('Ctrl+O opens the file dialog; Enter sends a follow-up, Shift+Enter makes a new line', async () => {
    const b = await open({ settings: { securityMode: 'local' } });
    // Ctrl+O is a browser shortcut in plain Chromium (not in Electron): hand the key to the page itself
    await b.page.evaluate(() =>
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', ctrlKey: true, bubbles: true })),
    );
    await b.page.getByRole('button', { name: 'Start analysis' }).click();
    // a finished analysis leads with its answer card
    await b.page.getByRole('region', { name: 'Answer' }).waitFor({ timeout: 90_000 });
    const composer = b.page.getByRole('textbox', { name: /follow-up|message|question/i }).first();
    await composer.click();
    await composer.type('Which region');
    await b.page.keyboard.press('Shift+Enter');
    await composer.type('sold most?');
    expect(await composer.inputValue()).toBe('Which region\nsold most?');
    await b.page.keyboard.press('Enter');
    const [conv] = await b.app['conversations:list']();
    await expect
      .poll(async () =>
        (await b.app['conversations:get'](conv!.id)).messages
          .filter((m) => m.role === 'user')
          .map((m) => m.content),
      )
      .toContain('Which region\nsold most?');
  });
});

describe('isolation warning', () => {
  // The local sandbox (bubblewrap) passes the isolation probe: what it does not cover by design is
  // a one-line note, not an alert (consent.test.ts covers the unverified banner).
  it('shows a persistent note with what the verified local sandbox does not cover', async () => {
    const b = await open({ settings: { securityMode: 'local' } });
    await startAnalysis(b);
    const banner = b.page.getByRole('note', { name: 'Isolation' });
    await banner.waitFor({ timeout: 60_000 });
    await banner.getByRole('button', { name: 'What it does not cover' }).click();
    await banner.getByText(/not Docker/).waitFor();
    expect(await banner.innerText()).toContain('memory is limited per process');
    await shot(b.page, 'isolation-banner-1280');
  });
});

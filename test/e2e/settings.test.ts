// Settings, end to end (real renderer, real core, a loopback OpenAI-protocol server; dialogs and
// the OS keychain faked, see bridge.ts): the privacy preview is exactly what the model receives,
// models picked from the endpoint's list, limits persisted, a key kept for the session when the
// OS cannot encrypt, and a key that never follows the base URL to another server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { openBridge, ROOT, type Bridge, type BridgeOptions } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
let tmp: string;
let bridge: Bridge | null = null;
const servers: OpenAIServer[] = [];

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-settings-'));
});
afterEach(async () => {
  await bridge?.close();
  bridge = null;
  await Promise.all(servers.splice(0).map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
});

async function open(options: Partial<BridgeOptions> = {}): Promise<Bridge> {
  bridge = await openBridge({ dataDir: path.join(tmp, 'data'), openDialog: [SALES], ...options });
  return bridge;
}
async function server(models: string[], steps: Parameters<typeof startOpenAIServer>[0] = []) {
  const s = await startOpenAIServer(steps, { models });
  servers.push(s);
  return s;
}
async function settingsDialog(b: Bridge): Promise<Locator> {
  await b.page.getByRole('button', { name: 'Settings' }).first().click();
  const dialog = b.page.getByRole('dialog', { name: 'Settings' });
  await dialog.waitFor();
  return dialog;
}
const onDisk = () => JSON.parse(readFileSync(path.join(tmp, 'data', 'settings.json'), 'utf8'));

describe('privacy', () => {
  it('previews exactly what the model receives about the file, at each level', async () => {
    const model = await server(['m'], [{ reply: 'Noted. TERMINATE' }]);
    const b = await open({ settings: { provider: 'compatible', baseUrl: model.url, model: 'm' } });
    await b.page.getByRole('button', { name: 'Open a file…' }).click();
    const dialog = await settingsDialog(b);
    const preview = dialog.getByLabel('Exactly what is sent about the last file');
    const shown: Record<string, string> = {};
    for (const [label, level] of [
      ['File name only', 'none'],
      ['Schema', 'schema'],
      ['Schema and sample', 'sample'],
    ] as const) {
      await dialog.getByRole('radio', { name: new RegExp(`^${label}(?! and)`) }).check();
      await expect.poll(async () => (await b.app['settings:get']()).privacy).toBe(level);
      await expect.poll(() => preview.innerText()).not.toBe('Loading…');
      const [file] = await b.app['files:recent']();
      await expect.poll(() => preview.innerText()).toBe(await b.app['files:brief'](file!.fileId, level));
      shown[level] = await preview.innerText();
    }
    expect(shown.none).not.toContain('revenue');
    expect(shown.schema).toContain('revenue');
    expect(shown.schema).not.toContain('Widget Pro');
    expect(shown.sample).toContain('Widget Pro');
    await shot(b.page, 'settings-privacy-1280');

    // what the model then receives in its system message contains that text, and no other rows
    await dialog.getByRole('radio', { name: /^Schema(?! and)/ }).check();
    await expect.poll(async () => (await b.app['settings:get']()).privacy).toBe('schema');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await b.page.getByRole('button', { name: 'Start analysis' }).click();
    await expect.poll(() => model.chatRequests().length, { timeout: 30_000 }).toBe(1);
    const sent = JSON.stringify(model.chatRequests()[0]!.json);
    expect(sent).toContain(JSON.stringify(shown.schema).slice(1, -1));
    expect(sent).not.toContain('Widget Pro');
  });
});

describe('model', () => {
  it("picks the model from the endpoint's list, or says the list is unavailable", async () => {
    const endpoint = await server(['model-b', 'model-a']);
    const b = await open({ settings: { provider: 'compatible', baseUrl: endpoint.url, model: 'model-a' } });
    const dialog = await settingsDialog(b);
    const picker = dialog.getByRole('combobox', { name: 'Model' });
    await expect
      .poll(() => picker.locator('option').allInnerTexts())
      .toEqual(['model-a', 'model-b', 'Other (type a name)…']);
    await picker.selectOption('model-b');
    await expect.poll(async () => (await b.app['settings:get']()).model).toBe('model-b');
    expect(onDisk().model).toBe('model-b');
    // a base URL where nothing answers: the name is typed instead
    const baseUrl = dialog.getByRole('textbox', { name: 'Base URL' });
    await baseUrl.fill('http://127.0.0.1:9/v1');
    await baseUrl.press('Enter');
    await dialog.getByText(/Could not list the models \(.+\): type the name\./).waitFor({ timeout: 20_000 });
    const typed = dialog.getByRole('textbox', { name: 'Model' });
    await typed.fill('llama3.1:8b');
    await typed.press('Enter');
    await expect.poll(async () => (await b.app['settings:get']()).model).toBe('llama3.1:8b');
    // the welcome screen names the model that will analyse
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(await b.page.getByRole('group', { name: 'Analyst' }).innerText()).toContain('llama3.1:8b');
  });

  it('keeps limits as typed, and refuses numbers out of range with a one-line reason', async () => {
    const b = await open();
    const dialog = await settingsDialog(b);
    const timeout = dialog.getByRole('spinbutton', { name: 'Time limit per block' });
    await timeout.fill('2');
    await timeout.press('Enter');
    await dialog.getByText('Time limit per block must be a whole number from 5 to 3,600.').waitFor();
    await timeout.fill('120');
    await timeout.press('Enter');
    const memory = dialog.getByRole('spinbutton', { name: 'Memory limit' });
    await memory.fill('4096');
    await memory.press('Tab');
    await expect.poll(() => onDisk()).toMatchObject({ timeoutSeconds: 120, memoryMb: 4096 });
  });
});

describe('API key', () => {
  it('when the OS cannot encrypt, it says so and keeps the key for this session only', async () => {
    const endpoint = await server(['m']);
    const b = await open({
      encryptionAvailable: false,
      settings: { provider: 'compatible', baseUrl: endpoint.url, model: 'm' },
    });
    const dialog = await settingsDialog(b);
    await dialog.getByText(/offers no OS encryption for secrets/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Save key' }).count()).toBe(0);
    await dialog.getByLabel(/API key/).fill('sk-session-only-QW12');
    await dialog.getByRole('button', { name: 'Keep for this session only' }).click();
    await dialog.getByText(/••••QW12\) for http:\/\/127\.0\.0\.1:\d+, kept for this session only/).waitFor();
    expect(b.secrets.ciphertext).toBeNull();
    await dialog.getByRole('button', { name: /Test connection/ }).click();
    await dialog.getByText(/Connected in \d+ ms/).waitFor({ timeout: 15_000 });
    expect(endpoint.requests.at(-1)!.headers.authorization).toBe('Bearer sk-session-only-QW12');
    expect(await b.page.content()).not.toContain('sk-session-only');
  });

  it('never follows a changed base URL to another server', async () => {
    const first = await server(['m']);
    const second = await server(['m']);
    const b = await open({ settings: { provider: 'compatible', baseUrl: first.url, model: 'm' } });
    const dialog = await settingsDialog(b);
    await dialog.getByLabel(/API key/).fill('sk-first-server-ZZ99');
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await dialog.getByText(`••••ZZ99) for ${new URL(first.url).origin}`, { exact: false }).waitFor();
    const baseUrl = dialog.getByRole('textbox', { name: 'Base URL' });
    await baseUrl.fill(second.url);
    await baseUrl.press('Enter');
    await dialog.getByText(/it is not sent to this base URL/).waitFor();
    await dialog.getByRole('button', { name: /Test connection/ }).click();
    await dialog.getByText(/Connected in \d+ ms/).waitFor({ timeout: 15_000 });
    expect(second.requests.length).toBeGreaterThan(0);
    expect(second.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    await shot(b.page, 'settings-key-origin-1280');
  });
});

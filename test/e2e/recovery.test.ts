// Recovery, end to end: the real renderer in Chromium against the real core (bridge.ts) and a
// scripted OpenAI-compatible server on loopback. A 401 offers "Open model settings" and "Use the
// built-in analyst" (which finishes the analysis), the failed conversation is marked in the
// sidebar, a 429 counts down and then succeeds, Stop then Continue resumes without typing, and
// Regenerate replaces the last reply. axe stays clean in both themes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation } from '../../electron/model/agent/conversation';
import type { OpenAIServer, Step } from '../support/openai-server';
import { axeFindings, forceTheme } from './axe';
import type { Bridge } from './bridge';
import { startScriptedAnalysis } from './scripted';
import { shot } from './shots';

const fence = (code: string) => '```python\n' + code + '\n```';

let tmp: string | undefined;
let bridge: Bridge | null = null;
let server: OpenAIServer | null = null;
afterEach(async () => {
  await bridge?.close();
  await server?.close();
  bridge = null;
  server = null;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

async function open(script: Step[]): Promise<{ b: Bridge; page: Page; id: string }> {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-recovery-'));
  const run = await startScriptedAnalysis(tmp, script);
  [server, bridge] = [run.server, run.bridge];
  return { b: run.bridge, page: run.page, id: run.id };
}

const conversation = (id: string): Promise<Conversation> => bridge!.app['conversations:get'](id);
const replies = async (id: string) =>
  (await conversation(id)).messages.filter((m): m is AssistantMessage => m.role === 'assistant');
const finished = (id: string, timeout = 60_000) =>
  expect.poll(async () => (await conversation(id)).status, { timeout }).toBe('finished');

describe('after a 401', () => {
  it('offers Open model settings and the built-in analyst, which finishes the analysis', async () => {
    const { page, id } = await open([{ status: 401 }]);
    const notice = page.getByRole('note', { name: 'error notice' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toMatch(/requires an API key \(401\)/);
    const actions = notice.getByRole('group', { name: 'What you can do' });
    for (const name of ['Open model settings', 'Retry', 'Use the built-in analyst'])
      expect(await actions.getByRole('button', { name, exact: true }).count(), name).toBe(1);

    // the sidebar marks the conversation as failed, in words for screen readers too
    const item = page.locator('.conv-item').filter({ has: page.locator('[data-end="failed"]') });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.locator('.visually-hidden').first().textContent()).toBe('failed: ');
    await shot(page, 'recovery-401-1024');
    for (const theme of ['light', 'dark'] as const) {
      await forceTheme(page, theme);
      if (theme === 'dark') await shot(page, 'recovery-401-dark-1024');
      expect(await axeFindings(page), theme).toEqual([]);
    }
    await forceTheme(page, 'light');

    // Open model settings: the Settings dialog opens (on its model section)
    await actions.getByRole('button', { name: 'Open model settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 5_000 });
    await dialog
      .getByLabel(/API key/)
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // keyboard: the built-in analyst is reachable and goes on without a key
    const builtin = actions.getByRole('button', { name: 'Use the built-in analyst' });
    await builtin.focus();
    await page.keyboard.press('Enter');
    await finished(id, 120_000);
    const done = await conversation(id);
    expect(done.model.kind).toBe('builtin');
    expect(done.stopReason).toBe('terminated');
    expect(done.answer?.answered).toBe(true);
    expect(server!.chatRequests()).toHaveLength(1); // nothing more went to the endpoint
    await expect.poll(() => page.locator('[data-end="failed"]').count()).toBe(0);
    // the old error's buttons are gone: it is not the latest run's any more
    expect(await page.getByRole('group', { name: 'What you can do' }).count()).toBe(0);
    // the page has every event once the composer is free again (they arrive one by one)
    const composer = page.getByRole('textbox', { name: 'Message to the analyst' });
    await expect
      .poll(() => composer.getAttribute('placeholder'), { timeout: 60_000 })
      .toBe('Ask a follow-up question…');
    await shot(page, 'recovery-builtin-finished-1024');
  }, 180_000);
});

describe('a 429', () => {
  it('counts down "Rate limited by <host> — retrying in N s", then succeeds', async () => {
    const { page, id } = await open([{ status: 429, retryAfter: '8' }, { reply: 'All done. TERMINATE' }]);
    const status = page.getByRole('status').filter({ hasText: /Rate limited by/ });
    await status.waitFor({ timeout: 15_000 });
    const host = new URL(server!.url).host;
    const read = () => status.innerText({ timeout: 1_000 }).catch(() => '');
    const first = await read();
    expect(first).toMatch(new RegExp(`Rate limited by ${host.replace(/\./g, '\\.')} — retrying in [1-8] s`));
    const seconds = (t: string) => Number(/retrying in (\d+) s/.exec(t)?.[1] ?? NaN);
    // it counts down, second by second
    await expect.poll(async () => seconds(await read()), { timeout: 5_000 }).toBeLessThan(seconds(first));
    // the countdown alone says what is happening: no "writing" dots beside it
    expect(await page.getByLabel('The analyst is writing').count()).toBe(0);
    await shot(page, 'recovery-429-countdown-1024');
    await finished(id);
    expect((await conversation(id)).stopReason).toBe('terminated');
    await page.getByRole('log').getByText('All done.').first().waitFor();
    expect(await page.getByText(/Rate limited by/).count()).toBe(0);
    const [a, b] = server!.chatRequests();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(7_900); // the wait the server asked for
  }, 60_000);
});

describe('Stop, Continue and Regenerate', () => {
  it('Stop then Continue resumes without typing; Regenerate replaces the last reply', async () => {
    const long = `Let me look at the data first. ${'Reading the columns one by one. '.repeat(40)}`;
    const { page, id } = await open([
      { reply: long, chunkSize: 3, delayMs: 30 },
      { reply: `One step.\n\n${fence("print('resumed block ran')")}` },
      { reply: 'First summary: the block ran. TERMINATE' },
      { reply: 'Second summary, written again. TERMINATE' },
    ]);
    await page
      .getByRole('log')
      .getByText(/Reading the columns/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.locator('.composer').getByRole('button', { name: 'Stop', exact: true }).click();
    await finished(id);
    expect((await conversation(id)).stopReason).toBe('cancelled');
    expect((await replies(id))[0]).toMatchObject({ interrupted: true });
    const notice = page.getByRole('note', { name: 'info notice' });
    await notice.getByRole('button', { name: 'Continue' }).waitFor();
    await expect.poll(() => page.locator('[data-end="stopped"]').count()).toBe(1);
    await shot(page, 'recovery-stopped-1024');

    await notice.getByRole('button', { name: 'Continue' }).click();
    await finished(id);
    const conv = await conversation(id);
    expect(conv.stopReason).toBe('terminated');
    expect(conv.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    const [first] = await replies(id);
    expect(first!.content.startsWith('One step.')).toBe(true); // the cut-off reply was written again
    expect(first!.blocks[0]!.result?.output).toContain('resumed block ran');
    expect(server!.chatRequests()).toHaveLength(3);
    await page.getByRole('log').getByText('First summary').first().waitFor();
    await expect.poll(() => page.locator('[data-end="stopped"]').count()).toBe(0);

    // Regenerate: the last reply is written anew and replaces the old one
    await page.getByRole('button', { name: 'Regenerate the last reply' }).click();
    await page
      .getByRole('log')
      .getByText('Second summary, written again.')
      .first()
      .waitFor({ timeout: 30_000 });
    await finished(id);
    expect(await page.getByRole('log').getByText('First summary').count()).toBe(0);
    const after = await replies(id);
    expect(after.map((r) => r.content.split('\n')[0])).toEqual([
      'One step.',
      'Second summary, written again. TERMINATE',
    ]);
    expect(after[1]!.regenerated).toBe(1);
    // reopening shows the same thing
    await page.reload();
    await page.locator('.conv-main').first().click();
    await page
      .getByRole('log')
      .getByText('Second summary, written again.')
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await page.getByRole('log').getByText('First summary').count()).toBe(0);
    await shot(page, 'recovery-regenerated-1024');
  }, 180_000);
});

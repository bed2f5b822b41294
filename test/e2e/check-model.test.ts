// "Check my model" and tools mode in the app, end to end (real renderer in Chromium, real core and
// sandbox through bridge.ts; dialogs and keychain faked): the built-in analyst checked from
// Settings with progress, its result shown and still there when Settings opens again (and after
// a restart); Cancel; a conversation with tool calls shown as tool calls (seeded in the store);
// the "Tools only" security mode; axe clean in both themes; screenshots at 1024×700.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileConversationStore } from '../../electron/core/agent/store';
import { CHECKS_FILE } from '../../electron/core/desktop/check-service';
import type { Conversation } from '../../electron/model/agent/conversation';
import { blankConversation } from '../support/conversation';
import { startOpenAIServer } from '../support/openai-server';
import { axeFindings } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';
import { setStepOpen } from './log';

const VIEWPORT = { width: 1024, height: 700 };
let tmp: string;
let bridge: Bridge | null = null;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-check-'));
});
afterEach(async () => {
  await bridge?.close();
  bridge = null;
  rmSync(tmp, { recursive: true, force: true });
});

const dataDir = () => path.join(tmp, 'data');

async function open(theme: 'light' | 'dark' = 'light'): Promise<Bridge> {
  bridge = await openBridge({ dataDir: dataDir(), viewport: VIEWPORT, settings: { theme } });
  return bridge;
}

async function modelSettings(b: Bridge): Promise<Locator> {
  await b.page.getByRole('button', { name: 'Settings' }).first().click();
  const dialog = b.page.getByRole('dialog', { name: 'Settings' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Model & key' }).click();
  return dialog;
}

async function closeSettings(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('Check my model', () => {
  it('checks the built-in analyst from Settings: progress, the result, kept when Settings opens again', async () => {
    const b = await open();
    let dialog = await modelSettings(b);
    await expect.poll(() => dialog.getByText('Not checked yet.').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Check the built-in analyst' }).click();
    const bar = dialog.getByRole('progressbar', { name: /Checking built-in analyst/ });
    await bar.waitFor();
    await expect
      .poll(() => dialog.locator('.check-progress-text').textContent(), { timeout: 60_000 })
      .toMatch(/^Question \d+ of 12 · \S.+\?/);
    await shot(b.page, 'check-model-progress');
    // each question reported before it is asked, and its verdict after
    const progress = b.events.filter((e) => e.channel === 'models:check');
    expect(progress.length).toBeGreaterThan(0);

    const figures = dialog.locator('.check-figures');
    await figures.waitFor({ timeout: 150_000 });
    expect(await figures.textContent()).toMatch(
      /^\d+ of 12 right · \d+ declined · \d+ wrong · median [\d.]+ s\/question$/,
    );
    expect(await bar.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Show the 12 questions' }).click();
    const items = dialog.locator('.check-question');
    expect(await items.count()).toBe(12);
    expect(await items.first().textContent()).toMatch(
      /^(Right|Declined|Wrong).+\?.+ · [\d.<]+.* s · \d+ turns?/,
    );
    await shot(b.page, 'check-model-result');
    expect(await axeFindings(b.page)).toEqual([]);

    // saved in the data folder, keyed by the model, nothing secret in it
    const saved = JSON.parse(readFileSync(path.join(dataDir(), CHECKS_FILE), 'utf8'));
    expect(Object.keys(saved.results)).toEqual(['builtin']);
    const shown = await figures.textContent();

    await closeSettings(dialog);
    dialog = await modelSettings(b);
    await expect.poll(() => dialog.locator('.check-figures').textContent()).toBe(shown);

    // and after a restart of the app
    await b.close();
    bridge = null;
    const again = await open('dark');
    dialog = await modelSettings(again);
    await expect.poll(() => dialog.locator('.check-figures').textContent()).toBe(shown);
    await dialog.getByRole('button', { name: 'Show the 12 questions' }).click();
    await shot(again.page, 'check-model-result-dark');
    expect(await axeFindings(again.page)).toEqual([]);
  });

  it('Cancel stops the check, and no result is saved', async () => {
    const b = await open();
    const dialog = await modelSettings(b);
    await dialog.getByRole('button', { name: 'Check the built-in analyst' }).click();
    await expect
      .poll(() => dialog.locator('.check-progress-text').textContent(), { timeout: 60_000 })
      .toMatch(/^Question 2 of 12/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => dialog.getByText(/^Cancelled after \d+ of the questions/).count(), { timeout: 30_000 })
      .toBe(1);
    expect(await dialog.getByRole('progressbar').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Check the built-in analyst' }).waitFor();
    expect(await dialog.getByText('Not checked yet.').count()).toBe(1);
    expect(existsSync(path.join(dataDir(), CHECKS_FILE))).toBe(false);
    expect((await b.app['models:check-status']()).running).toBeNull();
  });

  it('a model whose key is missing: one line, and "Add an API key" goes to the key field', async () => {
    const server = await startOpenAIServer([], { models: ['m'], requireKey: 'sk-right' });
    try {
      bridge = await openBridge({
        dataDir: dataDir(),
        viewport: VIEWPORT,
        settings: { provider: 'compatible', baseUrl: server.url, model: 'm' },
      });
      const dialog = await modelSettings(bridge);
      await dialog.getByRole('button', { name: 'Check this model' }).click();
      const alert = dialog.locator('.check-problem [role="alert"]');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).not.toContain('\n');
      await dialog.getByRole('button', { name: 'Add an API key' }).click();
      await expect
        .poll(() => bridge!.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
        .toBe('password');
      await shot(bridge.page, 'check-model-no-key');
      expect(await axeFindings(bridge.page)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

/** A tools-mode conversation: a reply with a python block (not run) and a tool call with its chart. */
function toolConversation(): Conversation {
  const c = blankConversation('c-tools', '2026-11-30T09:00:00.000Z');
  const python = "```python\nprint(df.groupby('region')['units'].sum())\n```";
  const content = `I will total the units by region.\n\n${python}\n`;
  const start = content.indexOf('```');
  const call = { name: 'top_n', arguments: { measure: 'units', by: 'region', n: 3, agg: 'sum' } };
  const pandas =
    "import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(df.groupby('region')['units'].sum().nlargest(3))";
  return {
    ...c,
    title: 'Units by region (tools mode)',
    model: {
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'tiny',
      label: 'tiny at 127.0.0.1:9',
    },
    settings: { ...c.settings, execution: 'tools' },
    status: 'finished',
    stopReason: 'terminated',
    turns: 2,
    messages: [
      { id: 'u1', role: 'user', at: c.createdAt, content: 'Which region sold the most units?' },
      {
        id: 'a1',
        role: 'assistant',
        at: c.createdAt,
        by: 'openai-compatible',
        content,
        blocks: [
          {
            index: 0,
            start,
            end: start + python.length,
            language: 'python',
            code: python.slice(10, -4),
            status: 'not-run',
          },
          {
            index: 1,
            language: 'tool',
            code: JSON.stringify(call, null, 2),
            tool: {
              name: 'top_n',
              callId: 'call_1',
              summary: 'Top 3 **region** by total `units`',
              equivalentCode: pandas,
            },
            status: 'succeeded',
            output: 'region\nSouth    120\nWest      90\nNorth     60\n',
            startedAt: c.createdAt,
            endedAt: c.createdAt,
            result: {
              exitCode: 0,
              output: 'region\nSouth    120\nWest      90\nNorth     60\n',
              timedOut: false,
              mode: 'docker',
              language: 'python',
              warnings: [],
              artifacts: [],
              charts: [
                {
                  version: 1,
                  kind: 'bar',
                  title: 'Units by region',
                  x: 'region',
                  series: [{ key: 'units', label: 'units' }],
                  data: [
                    { region: 'South', units: 120 },
                    { region: 'West', units: 90 },
                    { region: 'North', units: 60 },
                  ],
                },
              ],
              durationMs: 120,
              stateLost: false,
              omittedBytes: 0,
            },
          },
        ],
      },
      {
        id: 'e1',
        role: 'execution',
        at: c.createdAt,
        content: 'Result of top_n (call 2):\nSouth 120',
        exitCode: 0,
        replyTo: 'a1',
      },
      {
        id: 'a2',
        role: 'assistant',
        at: c.createdAt,
        by: 'openai-compatible',
        content: 'South sold the most units (120). TERMINATE',
        blocks: [],
      },
    ],
  };
}

describe('tools mode in the app', () => {
  it('shows tool calls as tool calls, the model’s code as not run, and names tools mode', async () => {
    await new FileConversationStore(path.join(dataDir(), 'conversations')).save(toolConversation());
    for (const theme of ['light', 'dark'] as const) {
      const b = await open(theme);
      await b.page.getByText('Units by region (tools mode)').first().click();
      // a finished step opens folded: open it
      const toggle = b.page.getByRole('button', { name: /^Step 1/ });
      await toggle.waitFor();
      if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
      const call = b.page.getByRole('group', { name: 'Tool call 2: top_n' });
      await call.waitFor();
      expect(await call.locator('.tool-summary').textContent()).toBe('Top 3 region by total units');
      expect(await call.locator('.tool-summary strong').textContent()).toBe('region');
      expect(await call.locator('.status-chip').textContent()).toMatch(/^Succeeded/);
      expect(await call.locator('.code-lang').textContent()).toBe('Tool · top_n');
      // the raw call is never shown as Python; the pandas only on demand
      expect(await call.getByText('Python').count()).toBe(0);
      expect(await call.locator('.tool-pandas').count()).toBe(0);
      await call.getByRole('button', { name: 'Show the equivalent pandas' }).click();
      expect(await call.locator('.tool-pandas pre').textContent()).toContain('nlargest(3)');
      await call.locator('.chart, svg').first().waitFor();
      const code = b.page.getByRole('group', { name: 'Python code block 1' });
      expect(await code.getByText('Tools mode: code from the model is not run.').count()).toBe(1);
      expect(await b.page.getByText('Tools only · no code from the model runs').count()).toBe(1);
      await shot(b.page, `tools-conversation-${theme}`);
      expect(await axeFindings(b.page)).toEqual([]);

      const dialog = await (async () => {
        await b.page.getByRole('button', { name: 'Settings' }).first().click();
        const d = b.page.getByRole('dialog', { name: 'Settings' });
        await d.waitFor();
        return d;
      })();
      const tools = dialog.getByRole('radio', { name: /^Tools only/ });
      await tools.check();
      await expect.poll(async () => (await b.app['settings:get']()).securityMode).toBe('tools');
      expect(await dialog.getByText(/The model never has code executed/).count()).toBe(1);
      await shot(b.page, `tools-settings-${theme}`);
      expect(await axeFindings(b.page)).toEqual([]);
      await b.app['settings:update']({ securityMode: 'auto' });
      await b.close();
      bridge = null;
    }
  });

  it('runs a model in tools mode: its calls shown as tool calls with their charts, its code not run', async () => {
    const sales = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
    const python = "```python\nopen('pwned.txt', 'w').write('x')\n```";
    const server = await startOpenAIServer(
      [
        {
          content: `Totals by region first.\n\n${python}`,
          toolCalls: [
            { name: 'aggregate', arguments: { measure: 'revenue', agg: 'sum', by: 'region' } },
            { name: 'chart', arguments: { kind: 'bar', x: 'region', y: 'revenue', agg: 'sum' } },
          ],
        },
        { reply: 'Revenue is highest in the North. TERMINATE' },
      ],
      { models: ['m'] },
    );
    try {
      bridge = await openBridge({
        dataDir: dataDir(),
        viewport: VIEWPORT,
        openDialog: [sales],
        settings: { provider: 'compatible', baseUrl: server.url, model: 'm', securityMode: 'tools' },
      });
      const page = bridge.page;
      await page.getByRole('button', { name: 'Open a file…' }).click();
      await page.getByRole('button', { name: 'Start analysis' }).click();
      await page.getByText('Revenue is highest in the North.').first().waitFor({ timeout: 90_000 });
      // a step folds when the run ends: open it once the run has ended, so it stays open
      const b = bridge;
      await expect
        .poll(async () => (await b.app['conversations:list']())[0]?.status, { timeout: 30_000 })
        .toBe('finished');
      const toggle = page.getByRole('button', { name: /^Step 1/ });
      await setStepOpen(page, toggle, true);
      const aggregate = page.getByRole('group', { name: /^Tool call \d+: aggregate$/ });
      await aggregate.waitFor();
      expect(await aggregate.locator('.status-chip').textContent()).toMatch(/^Succeeded/);
      expect(await aggregate.locator('.tool-summary').textContent()).not.toBe('');
      const chart = page.getByRole('group', { name: /^Tool call \d+: chart$/ });
      await chart.locator('svg').first().waitFor();
      const code = page.getByRole('group', { name: /^Python code block/ });
      expect(await code.getByText('Tools mode: code from the model is not run.').count()).toBe(1);
      expect(await page.getByText('Tools only · no code from the model runs').count()).toBe(1);
      // the model's own code never ran: nothing it would have written exists
      expect(
        readdirSync(dataDir(), { recursive: true })
          .map(String)
          .filter((f) => f.includes('pwned')),
      ).toEqual([]);
      await shot(page, 'tools-live');
      expect(await axeFindings(page)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

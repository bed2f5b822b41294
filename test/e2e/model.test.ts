// A conversation with a model, end to end: the real renderer in Chromium, the real core (bridge.ts),
// the real sandbox, and a real HTTP server speaking the OpenAI protocol on loopback, scripted reply
// by reply. Streaming, sanitized Markdown, a failing block and its fix, long output, a chart with
// its tools, an inline image, a timeout, Stop, and a model that answers garbage or nothing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation } from '../../electron/model/agent/conversation';
import { startOpenAIServer, type OpenAIServer, type Step } from '../support/openai-server';
import { openBridge, ROOT, type Bridge } from './bridge';
import { setStepOpen } from './log';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
const fence = (code: string) => '```python\n' + code + '\n```';
const HOSTILE =
  'Let me **load** the data first and look at its shape, its columns and a few rows. ' +
  '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> ' +
  '[a link](javascript:window.__pwned=3) and [the docs](https://pandas.pydata.org/).\n\n';

const SCRIPT: Step[] = [
  // 1: streamed slowly, with hostile HTML, and a typo that fails
  {
    reply: HOSTILE + fence("import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(df.shaep)"),
    chunkSize: 3,
    delayMs: 12,
  },
  // 2: the fix, with a long output
  { reply: 'A typo: fixing it.\n\n' + fence("print(df.shape)\nfor i in range(400):\n    print('line', i)") },
  // 3: a chart (plotwright.chart) and an image saved by matplotlib
  {
    reply:
      'Revenue by product, as a chart and as an image.\n\n' +
      fence(
        [
          'import matplotlib',
          "matplotlib.use('Agg')",
          'import matplotlib.pyplot as plt',
          'from plotwright import chart',
          "totals = df.groupby('product')['revenue'].sum().reset_index()",
          "chart(totals, kind='bar', x='product', y='revenue', title='Revenue by product')",
          "totals.plot.bar(x='product', y='revenue')",
          "plt.tight_layout(); plt.savefig('bars.png')",
          "print('saved bars.png')",
        ].join('\n'),
      ),
  },
  // 4: longer than the time limit
  {
    reply:
      'This one takes a while.\n\n' + fence("import time\nprint('waiting', flush=True)\ntime.sleep(600)"),
  },
  // 5: slow again, stopped by the user
  { reply: 'Trying again, slowly.\n\n' + fence("import time\nprint('again', flush=True)\ntime.sleep(600)") },
  // 6, 7: after a follow-up, garbage; after another, an empty reply
  { garbage: 'this is not JSON at all', contentType: 'text/html' },
  { empty: true },
];

let bridge: Bridge;
let page: Page;
let server: OpenAIServer;
let tmp: string;
let id: string;

const conversation = (): Promise<Conversation> => bridge.app['conversations:get'](id);
async function blocks(): Promise<AssistantMessage['blocks']> {
  return (await conversation()).messages.flatMap((m) => (m.role === 'assistant' ? m.blocks : []));
}
/** An analyst reply by its text (the list is virtualized: replies far from view are not in the DOM). */
const reply = (text: string) => page.getByRole('article', { name: 'Analyst' }).filter({ hasText: text });

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-model-'));
  mkdirSync(path.join(tmp, 'downloads'));
  server = await startOpenAIServer([...SCRIPT], { models: ['analyst-1'] });
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    settings: { provider: 'compatible', baseUrl: server.url, model: 'analyst-1', timeoutSeconds: 5 },
  });
  page = bridge.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bridge.url });
});
afterAll(async () => {
  await bridge?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a conversation with a model (loopback OpenAI server)', () => {
  it('streams the first reply into the page as it arrives', async () => {
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await page.getByRole('button', { name: 'Start analysis' }).click();
    const log = page.getByRole('log');
    await log.waitFor();
    id = (await bridge.app['conversations:list']())[0]!.id;
    // seen part-way: the opening words are there, the code block is not yet
    let partial = false;
    const deadline = Date.now() + 20_000;
    while (!partial && Date.now() < deadline) {
      const text = await log.innerText();
      if (text.includes('Let me') && !text.includes('read_csv')) partial = true;
      else await page.waitForTimeout(25);
    }
    expect(partial, 'a partly streamed reply was shown').toBe(true);
    await shot(page, 'model-streaming-1280');
    const first = reply('Let me');
    await first.getByText('AttributeError').first().waitFor({ timeout: 60_000 });
    const chip = first.locator('[data-status]');
    expect(await chip.getAttribute('data-status')).toBe('failed');
    expect((await chip.innerText()).replace(/\s+/g, ' ')).toMatch(/Failed · exit 1/);
  });

  it('shows raw HTML from the model as text and runs nothing from it', async () => {
    const first = reply('Let me');
    const text = await first.innerText();
    expect(text).toContain('<img src=x onerror="window.__pwned=1">');
    expect(text).toContain('<script>window.__pwned=2</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await first.locator('img, script, iframe').count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    // an http(s) link opens in the OS browser through main, never in the window
    await first.getByRole('link', { name: 'the docs' }).click();
    await expect.poll(() => bridge.shell.external).toEqual(['https://pandas.pydata.org/']);
    expect(page.url()).toBe(bridge.url);
  });

  it('runs the fix, its long output shown by its first lines, expanding in place, collapsible', async () => {
    // (folded, the step shows its title, not the sentence: found by the words they share)
    const fixed = page.getByRole('article', { name: 'Analyst' }).filter({ hasText: /typo: fixing it/i });
    // a finished step is folded to one line: open it (closed then opened, so it stays open)
    const step = fixed.locator('.step-toggle');
    await step.waitFor({ timeout: 30_000 });
    await setStepOpen(page, step, false);
    await setStepOpen(page, step, true);
    expect(await step.getAttribute('aria-expanded')).toBe('true');
    const output = fixed.locator('.block-output');
    const showAll = output.getByRole('button', { name: /Show all 40\d lines/ });
    await showAll.waitFor({ timeout: 30_000 });
    expect(await output.innerText()).toContain('line 5');
    expect(await output.innerText()).not.toContain('line 200');
    expect(await output.innerText()).not.toContain('line 399');
    await showAll.click();
    expect(await output.innerText()).toContain('line 200');
    expect(await output.innerText()).toContain('line 399');
    // no scroll box inside the scrolling log
    expect(await output.locator('pre.output').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(
      true,
    );
    const toggle = output.getByRole('button', { name: /^Output/ });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await output.getByText('line 399').count()).toBe(0);
    await toggle.click();
    expect(await output.getByText('line 399').count()).toBe(1);
  });

  it('draws the chart the code emitted, with data table, copy, SVG and PNG', async () => {
    const chart = page.getByRole('img', { name: /Bar chart: Revenue by product/ });
    await chart.waitFor({ timeout: 60_000 });
    // a chart in the log is drawn once it has been in view a moment: its frame is replaced then
    await expect
      .poll(() =>
        chart
          .scrollIntoViewIfNeeded({ timeout: 2_000 })
          .then(() => true)
          .catch(() => false),
      )
      .toBe(true);
    await expect.poll(() => chart.locator('path.recharts-rectangle').count()).toBe(2);
    const tools = page.getByRole('toolbar', { name: 'Tools for the chart Revenue by product' });

    await tools.getByRole('button', { name: /Copy data/ }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe('product\trevenue\nGadget Lite\t17800\nWidget Pro\t73300\n');

    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      tools.getByRole('button', { name: 'Save chart as SVG' }).click(),
    ]);
    expect(svgDownload.suggestedFilename()).toBe('revenue-by-product.svg');
    const svgFile = path.join(tmp, 'downloads', 'chart.svg');
    await svgDownload.saveAs(svgFile);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('Revenue by product');
    expect(svg.match(/class="recharts-rectangle/g)?.length).toBe(2);

    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      tools.getByRole('button', { name: 'Save chart as PNG' }).click(),
    ]);
    const pngFile = path.join(tmp, 'downloads', 'chart.png');
    await pngDownload.saveAs(pngFile);
    const png = readFileSync(pngFile);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const width = png.readUInt32BE(16);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBe(svgWidth * 2);
  });

  it('shows the image the code saved, inline', async () => {
    const image = page.getByRole('img', { name: 'Image saved by the code: bars.png' });
    await image.waitFor({ timeout: 30_000 });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await shot(page, 'model-chart-image-1280');
  });

  it('times out a block over the limit and says the session was restarted', async () => {
    const slow = reply('This one takes a while.');
    const chip = slow.locator('[data-status]');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 30_000 }).toBe('timed-out');
    expect(await slow.innerText()).toContain('Timed out');
    expect(await slow.innerText()).toContain('variables from earlier blocks were lost');
  });

  it('shows a running block with its elapsed time, and Stop stops it', async () => {
    const again = reply('Trying again, slowly.');
    const chip = again.locator('[data-status]');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
    await again.getByText('again', { exact: true }).waitFor({ timeout: 10_000 });
    const before = (await chip.innerText()).replace(/\s+/g, ' ');
    expect(before).toMatch(/Running · \d+(\.\d)? s/);
    await expect.poll(() => chip.innerText(), { timeout: 5_000 }).not.toBe(before);
    await shot(page, 'model-running-1280');
    await again.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(async () => (await conversation()).stopReason, { timeout: 20_000 }).toBe('cancelled');
    expect((await blocks()).map((b) => b.status)).toEqual([
      'failed',
      'succeeded',
      'succeeded',
      'timed-out',
      'cancelled',
    ]);
    await expect.poll(() => chip.getAttribute('data-status')).toBe('cancelled');
  });

  it('a model that answers garbage, then nothing, gets a one-line error each time', async () => {
    const composer = page.getByRole('textbox', { name: 'Message to the analyst' });
    for (const [question, error] of [
      ['What next?', /the model server sent an invalid response/],
      ['And now?', /the model returned an empty reply/],
    ] as const) {
      await composer.fill(question);
      await page.keyboard.press('Enter');
      const notice = page.getByRole('log').getByText(error).last();
      await notice.waitFor({ timeout: 60_000 });
      expect((await notice.innerText()).split('\n')).toHaveLength(1);
      await expect.poll(async () => (await conversation()).status).toBe('finished');
      expect((await conversation()).stopReason).toBe('error');
    }
    // nothing was lost: everything before is still there; the failed replies left no empty bubble
    expect((await blocks()).length).toBe(5);
    const replies = await page.getByRole('article', { name: 'Analyst' }).allInnerTexts();
    expect(replies.filter((t) => !t.trim())).toEqual([]);
    expect((await conversation()).messages.filter((m) => m.role === 'assistant' && !m.content)).toEqual([]);
    await shot(page, 'model-errors-1280');
    expect(server.chatRequests().every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

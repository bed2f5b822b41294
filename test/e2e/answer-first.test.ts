// Answer first, in the real renderer (Chromium) against the real core: after the built-in analysis
// of sales.csv at 1024×700 the answer card leads (question, answer, key figures, main chart) and is
// in view without scrolling; the steps are folded to one line each with their charts, and open on
// demand (mouse and keyboard); reopening the conversation shows the card; "Jump to answer" brings
// it back; no internal marker is in the page; axe stays clean in both themes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { revealInLog } from './log';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
let bridge: Bridge;
let page: Page;
let tmp: string;

const log = () => page.getByRole('log');
const card = () => page.getByRole('region', { name: /^(Answer|No answer)/ });
const steps = () => log().locator('.step-toggle');
/** Step `n`'s line (found by its number: the virtualized list mounts and unmounts rows). */
const stepLine = (n: number) => steps().filter({ hasText: new RegExp(`^\\s*Step ${n}\\b`) });

/** The element is wholly inside the log's visible box. */
async function inLog(target: Locator): Promise<boolean> {
  const view = await log().boundingBox();
  const box = await target.boundingBox();
  return !!view && !!box && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
}

/** Every step's line (the list is virtualized: scrolled through from the top), keyed by its number. */
async function stepLines(): Promise<Map<number, { text: string; expanded: string | null }>> {
  const out = new Map<number, { text: string; expanded: string | null }>();
  await log().evaluate((el) => (el.scrollTop = 0));
  for (let guard = 0; guard < 100; guard++) {
    // read the rendered lines in one go: the virtualized list may swap rows between two reads
    const shown = await steps().evaluateAll((els) =>
      els.map((el) => ({ text: (el as HTMLElement).innerText, expanded: el.getAttribute('aria-expanded') })),
    );
    for (const { text: raw, expanded } of shown) {
      const text = raw.replace(/\s+/g, ' ');
      const n = Number(/^Step (\d+)/.exec(text)?.[1]);
      if (n) out.set(n, { text, expanded });
    }
    const end = await log().evaluate((el) => {
      el.scrollTop += el.clientHeight * 0.6;
      return el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
    });
    await page.waitForTimeout(60);
    if (end) break;
  }
  return out;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-answer-first-'));
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    viewport: { width: 1024, height: 700 },
  });
  page = bridge.page;
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await card().waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a finished analysis leads with its answer', () => {
  it('shows the answer card in view without scrolling: question, answer, key figures, main chart', async () => {
    const answer = card();
    await expect.poll(() => log().evaluate((el) => el.scrollTop)).toBe(0);
    await expect.poll(() => inLog(answer.getByRole('heading', { name: 'Answer' }))).toBe(true);
    expect(await answer.locator('.answer-question').innerText()).toMatch(/Question\s+Analyse sales\.csv/i);
    const text = (await answer.locator('.answer-text').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Widget Pro: 73,300 over 6 rows');
    // the answer's figures keep their claim marks: links to the output line they came from
    expect(await answer.locator('.answer-text a.claim-supported').count()).toBeGreaterThan(3);
    const figures = answer.getByRole('list', { name: 'Key figures' }).getByRole('listitem');
    await expect.poll(() => figures.count()).toBeGreaterThan(1);
    const first = (await figures.first().innerText()).split('\n');
    expect(first[0]).toMatch(/^[\d,.]+$/); // the figure in the UI's format
    expect(first[1]?.length).toBeGreaterThan(0); // the output line as its caption
    await answer.getByRole('img', { name: /^Main chart of the answer/ }).waitFor();
    await shot(page, 'answer-first-1024-light');
  });

  it('draws the main chart with round ticks for people, and its data table opens in view', async () => {
    const main = card().getByRole('img', { name: /^Main chart of the answer/ });
    await main.scrollIntoViewIfNeeded();
    const ticks = main.locator('.recharts-cartesian-axis-tick-value');
    await expect.poll(() => ticks.count()).toBeGreaterThan(3);
    const texts = await ticks.evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    // the number axis (a category axis has names): thousands separators, round steps (no 3800 / 7300 / 10800)
    const numeric = texts.filter((t) => /^-?[\d,.]+$/.test(t));
    expect(numeric.length).toBeGreaterThan(2);
    expect(numeric.some((t) => /^\d{1,3}(,\d{3})+$/.test(t))).toBe(true);
    for (const t of numeric) expect(t).toMatch(/^-?\d{1,3}(,\d{3})*$/);
    const numbers = numeric.map((t) => Number(t.replace(/,/g, '')));
    const big = numbers.filter((n) => n >= 1000);
    for (let i = 1; i < big.length; i++) expect(big[i]! - big[i - 1]!).toBe(big[1]! - big[0]!);
    const tools = card().getByRole('toolbar', { name: /^Tools for the main chart/ });
    await tools.getByRole('button', { name: /Data table/ }).click();
    const table = card().getByRole('region', { name: /^Data of the chart/ });
    await table.waitFor();
    await expect.poll(() => inLog(table)).toBe(true);
    const cells = await table.getByRole('cell').allInnerTexts();
    expect(cells.some((c) => /^\d{1,3}(,\d{3})+$/.test(c.trim()))).toBe(true);
    await shot(page, 'answer-first-data-table-1024');
    await tools.getByRole('button', { name: /Data table/ }).click();
    await log().evaluate((el) => (el.scrollTop = 0));
  });

  it('folds every finished step to one line, its charts still shown', async () => {
    const lines = await stepLines();
    expect(lines.size).toBeGreaterThan(3);
    expect([...lines.keys()].sort((a, b) => a - b)).toEqual([...lines.keys()].map((_, i) => i + 1));
    for (const { text, expanded } of lines.values()) {
      expect(text).toMatch(/^Step \d+ · .+ · (?:< )?[\d.]+ s Code & output$/);
      expect(expanded).toBe('false');
    }
    expect(lines.get(1)!.text).toContain('Load the data and get an overview');
    // folded: no code and no output in the page, but the charts of the steps are
    expect(await log().locator('.code-block').count()).toBe(0);
    const bars = log().getByRole('img', { name: /^Bar chart: Total revenue by product/ });
    await revealInLog(page, bars);
    expect(await bars.count()).toBe(1);
    await shot(page, 'answer-first-folded-1024');
    // a step's line is one line high
    const box = await steps().first().boundingBox();
    expect(box!.height).toBeLessThan(48);
    await log().evaluate((el) => (el.scrollTop = 0));
  });

  it('opens a step on demand, with the mouse and with the keyboard', async () => {
    await log().evaluate((el) => (el.scrollTop = 0));
    const first = stepLine(1);
    await first.click();
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    const body = page.locator(`[id="${await first.getAttribute('aria-controls')}"]`);
    await body.locator('.code-block').first().waitFor();
    expect(await body.innerText()).toContain('Shape: 10 rows x 5 columns');
    await shot(page, 'answer-first-step-open-1024');
    await first.click();
    expect(await first.getAttribute('aria-expanded')).toBe('false');
    expect(await log().locator('.code-block').count()).toBe(0);
    // keyboard: focus the line, Enter opens, Space closes
    await first.focus();
    await page.keyboard.press('Enter');
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Space');
    expect(await first.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows no internal marker anywhere in the page', async () => {
    // open every step so code and outputs are in the DOM too
    const seen = new Set<string>();
    await log().evaluate((el) => (el.scrollTop = 0));
    for (let guard = 0; guard < 200; guard++) {
      for (const step of await steps().all()) {
        if ((await step.getAttribute('aria-expanded')) === 'false') {
          seen.add(await step.innerText());
          await step.click();
        }
      }
      const text = await page.evaluate(() => document.body.innerText);
      for (const marker of ['PLOTWRIGHT-RESULT', '<chart:', '_pw_result']) expect(text).not.toContain(marker);
      const end = await log().evaluate((el) => {
        el.scrollTop += el.clientHeight * 0.8;
        return el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      });
      await page.waitForTimeout(60);
      if (end) break;
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('"Jump to answer" appears once the card is out of view and brings it back', async () => {
    const jump = page.getByRole('button', { name: 'Jump to answer' });
    await log().evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => jump.count()).toBe(0);
    await log().evaluate((el) => (el.scrollTop = el.scrollHeight));
    await jump.waitFor();
    await shot(page, 'answer-first-jump-1024');
    await jump.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => inLog(card().getByRole('heading', { name: 'Answer' }))).toBe(true);
    // the reader lands on the answer's heading
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Answer');
    await expect.poll(() => jump.count()).toBe(0);
  });

  it('a key figure shows its output line, opening its folded step', async () => {
    const figure = card().getByRole('list', { name: 'Key figures' }).getByRole('button').first();
    // the caption may shorten the line before the figure: its title holds it whole
    const caption = (await figure.locator('.key-figure-line').getAttribute('title'))!.trim();
    await figure.click();
    const line = page.locator('.output-line-focus');
    await line.waitFor();
    expect((await line.innerText()).replace(/\s+/g, ' ').trim()).toBe(caption);
    await expect.poll(() => inLog(line)).toBe(true);
  });

  it('reopening the conversation shows the answer card, not the end', async () => {
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await nav.getByRole('listitem').filter({ hasText: 'sales.csv' }).first().locator('.conv-main').click();
    await card().waitFor();
    await expect.poll(() => inLog(card().getByRole('heading', { name: 'Answer' }))).toBe(true);
    expect(await log().evaluate((el) => el.scrollTop)).toBeLessThan(40);
  });

  it('stays accessible (axe-core), light and dark, with screenshots', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await forceTheme(page, theme);
      expect(await axeFindings(page)).toEqual([]);
      await shot(page, `answer-first-1024-${theme}`);
    }
    // and with a step opened
    await stepLine(1).click();
    for (const theme of ['light', 'dark'] as const) {
      await forceTheme(page, theme);
      expect(await axeFindings(page)).toEqual([]);
    }
    await shot(page, 'answer-first-step-open-1024-dark');
    await forceTheme(page, 'light');
  });
});

describe('a run stopped before it answered', () => {
  let stopped: Bridge;
  let server: OpenAIServer;
  let dir: string;
  afterAll(async () => {
    await stopped?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says so plainly in the card, with no "Answer" label, and stays at the end', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-answer-first-stop-'));
    server = await startOpenAIServer([
      { reply: 'Totals first.\n\n```python\nprint(41)\n```' },
      {
        reply:
          'Now a slow one.\n\n```python\nimport time\nprint("waiting", flush=True)\ntime.sleep(600)\n```',
      },
    ]);
    stopped = await openBridge({
      dataDir: path.join(dir, 'data'),
      openDialog: [SALES],
      viewport: { width: 1024, height: 700 },
      settings: { provider: 'compatible', baseUrl: server.url, model: 'analyst-1', securityMode: 'local' },
    });
    const p = stopped.page;
    await p.getByRole('button', { name: 'Open a file…' }).click();
    await p.getByRole('button', { name: 'Start analysis' }).click();
    const slow = p.getByRole('article', { name: 'Analyst' }).filter({ hasText: 'Now a slow one.' });
    await slow.getByText('waiting', { exact: true }).waitFor({ timeout: 60_000 });
    // while the run is live its latest step is open, the finished one before it folded
    const steps = p.getByRole('log').locator('.step-toggle');
    await expect.poll(() => steps.nth(1).getAttribute('aria-expanded')).toBe('true');
    expect(await steps.nth(0).getAttribute('aria-expanded')).toBe('false');
    await slow.getByRole('button', { name: 'Stop' }).click();
    const none = p.getByRole('region', { name: /^No answer/ });
    await expect.poll(() => none.count()).toBe(1);
    expect(await none.getByRole('heading').innerText()).toBe(
      'No answer: the analysis was stopped before it answered.',
    );
    expect(await none.innerText()).not.toMatch(/\bAnswer\b/);
    // the stopped step stays open at the end of the log, where the run can be continued
    expect(await steps.nth(1).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => p.getByRole('button', { name: 'Jump to answer' }).count()).toBe(1);
    await p.getByRole('button', { name: 'Jump to answer' }).click();
    await none.getByRole('heading').waitFor();
    expect(await axeFindings(p)).toEqual([]);
    await shot(p, 'answer-first-stopped-1024');
  });
});

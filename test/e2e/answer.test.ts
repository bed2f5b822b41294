// Number tracing in the app, end to end: a scripted model (loopback OpenAI server) prints the true
// revenue totals of sales.csv in a long output, then answers with them plus one invented figure.
// The real renderer marks every figure: a supported one is a link that scrolls the log to its
// output line (shown whole, highlighted, focused), the invented one is flagged, and axe stays clean.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../electron/model/agent/conversation';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
const fence = (code: string) => '```python\n' + code + '\n```';
const FILLER = 50;
/** Line of "North 31800" in block 1's output: the shape, the filler, the "region" header, East, North. */
const NORTH_LINE = 1 + FILLER + 3;

const ANSWER =
  'North had the highest revenue, **31,800**; West had 20,600 and South 20,200. ' +
  'East brought in $26,700. The total is 91,100.\n\nTERMINATE';

let bridge: Bridge;
let page: Page;
let server: OpenAIServer;
let tmp: string;

/** The log's visible box contains the element's. */
async function inView(target: Locator): Promise<boolean> {
  const log = await page.getByRole('log').boundingBox();
  const box = await target.boundingBox();
  return !!log && !!box && box.y >= log.y - 1 && box.y + box.height <= log.y + log.height + 1;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-answer-'));
  server = await startOpenAIServer([
    {
      reply:
        'Totals by region.\n\n' +
        fence(
          [
            'import pandas as pd',
            "df = pd.read_csv('sales.csv')",
            'print(df.shape)',
            `for i in range(${FILLER}):`,
            "    print('checking row group', i)",
            "print(df.groupby('region')['revenue'].sum().to_string())",
            `for i in range(${FILLER}):`,
            "    print('more detail', i)",
          ].join('\n'),
        ),
    },
    {
      reply:
        'And the grand total.\n\n' +
        fence("print('total revenue', df['revenue'].sum())\nfor i in range(300):\n    print('trace', i)"),
    },
    { reply: ANSWER },
  ]);
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    settings: { provider: 'compatible', baseUrl: server.url, model: 'analyst-1', securityMode: 'local' },
  });
  page = bridge.page;
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await page.locator('.claim').first().waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await bridge?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the figures of the final answer', () => {
  it('marks each one: supported ones name their output line, the invented one is flagged', async () => {
    const answer = page
      .getByRole('article', { name: 'Analyst' })
      .filter({ hasText: 'North had the highest' });
    const north = answer.getByRole('link', { name: `31,800, from block 1, line ${NORTH_LINE}` });
    expect(await north.getAttribute('title')).toBe(`from block 1, line ${NORTH_LINE}`);
    for (const [figure, line] of [
      ['20,600', NORTH_LINE + 2],
      ['20,200', NORTH_LINE + 1],
    ] as const)
      await answer.getByRole('link', { name: `${figure}, from block 1, line ${line}` }).waitFor();
    await answer.getByRole('link', { name: '91,100, from block 2, line 1' }).waitFor();
    const flagged = answer.locator('.claim-unsupported');
    expect(await flagged.count()).toBe(1);
    expect(await flagged.innerText()).toContain('$26,700');
    expect(await flagged.getAttribute('title')).toBe('not found in any output');
    // an icon named for screen readers, not colour alone; the figure's own text is unchanged
    await flagged.getByRole('img', { name: 'Not found in any output:' }).waitFor();
    expect(await flagged.innerText()).toBe('$26,700');
    expect((await answer.locator('.markdown').innerText()).replace(/\s+/g, ' ')).toBe(
      'North had the highest revenue, 31,800; West had 20,600 and South 20,200. East brought in $26,700. The total is 91,100.',
    );
    expect(await answer.getByRole('note').innerText()).toBe(
      '1 figure in this answer was not found in any output: $26,700.',
    );
    expect(await answer.getByText('All figures were computed by the code').count()).toBe(0);
    await shot(page, 'answer-marks-1280');
  });

  it('a click on a supported figure scrolls to its output line, shown whole and highlighted', async () => {
    const first = page.getByRole('article', { name: 'Analyst' }).filter({ hasText: 'Totals by region.' });
    // the line is in the middle of a long output: hidden until shown
    expect(await first.getByText('North    31800').count()).toBe(0);
    // from the answer card at the top (the step holding the line is folded: it opens)
    await page
      .getByRole('region', { name: 'Answer' })
      .getByRole('link', { name: /^31,800, from block 1/ })
      .click();
    const line = page.locator('.output-line-focus');
    await line.waitFor();
    expect(await line.innerText()).toBe('North    31800');
    expect(await line.getAttribute('data-line')).toBe(String(NORTH_LINE));
    await expect.poll(() => inView(line)).toBe(true);
    await expect.poll(() => line.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await first.getByText('more detail 49').count()).toBe(1); // the whole output
    await shot(page, 'answer-line-1280');
  });

  it('is reachable with the keyboard: Enter on another figure moves to its line', async () => {
    await page.getByRole('log').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const west = page
      .getByRole('article', { name: 'Analyst' })
      .filter({ hasText: 'North had the highest' })
      .getByRole('link', { name: /^20,600, from block 1/ });
    await west.focus();
    await page.keyboard.press('Enter');
    const line = page.locator('.output-line-focus');
    await expect.poll(() => line.innerText()).toBe('West     20600');
    await expect.poll(() => inView(line)).toBe(true);
  });

  it('stays accessible (axe-core), light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await forceTheme(page, theme);
      expect(await axeFindings(page)).toEqual([]);
    }
  });

  it('is saved with the conversation: exactly the invented figure is unsupported', async () => {
    const id = (await bridge.app['conversations:list']())[0]!.id;
    const conv: Conversation = await bridge.app['conversations:get'](id);
    expect(conv.answer?.answered).toBe(true);
    const claims = conv.answer!.claims;
    expect(claims.filter((c) => !c.supported).map((c) => [c.text, c.source])).toEqual([['$26,700', null]]);
    expect(claims.map((c) => c.text)).toEqual(['31,800', '20,600', '20,200', '$26,700', '91,100']);
  });
});

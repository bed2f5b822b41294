// Approval that helps, end to end: the real renderer against the real core (bridge.ts), a scripted
// model on loopback and the verified local sandbox (bubblewrap), approval set to "always". The
// whole block is shown; a plain-language summary says what it reads, writes, whether it would
// reach the network (blocked by the sandbox) and its limits; "Run the rest of this analysis" runs
// this block and every further block of the run without asking, and the next question asks again.
// While waiting, the composer says so and its Stop is quiet.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation } from '../../electron/model/agent/conversation';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { axeFindings, forceTheme } from './axe';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
const fence = (code: string) => '```python\n' + code + '\n```';
// 64 lines: more than a folded block shows
const CODE_A = [
  'import pandas as pd',
  "df = pd.read_csv('sales.csv')",
  "df.describe().to_csv('summary.csv')",
  ...Array.from({ length: 60 }, (_, i) => `print('line ${i + 1} of A')`),
  "print('block A ran')",
].join('\n');
const CODE_B = "import urllib.request\nprint('block B ran')";
const CODE_C = "print('block C ran')";
const CODE_D = "print('block D ran')";

let tmp: string;
let bridge: Bridge;
let server: OpenAIServer;
let id: string;
const conversation = (): Promise<Conversation> => bridge.app['conversations:get'](id);
const blocks = async () =>
  (await conversation()).messages.flatMap((m) =>
    m.role === 'assistant' ? (m as AssistantMessage).blocks : [],
  );
const asked = () =>
  bridge.events.filter((e) => {
    const p = e.payload as { event?: { type?: string; patch?: { status?: string } } };
    return p.event?.type === 'block' && p.event.patch?.status === 'awaiting-approval';
  }).length;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-approval-summary-'));
  server = await startOpenAIServer(
    [
      { reply: `Two steps.\n\n${fence(CODE_A)}\n\nThen:\n\n${fence(CODE_B)}` },
      { reply: `One more.\n\n${fence(CODE_C)}` },
      { reply: 'All three ran. TERMINATE' },
      { reply: `A follow-up.\n\n${fence(CODE_D)}` },
    ],
    { models: ['analyst-1'] },
  );
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    viewport: { width: 1024, height: 700 },
    settings: {
      provider: 'compatible',
      baseUrl: server.url,
      model: 'analyst-1',
      securityMode: 'local',
      approval: 'always',
      timeoutSeconds: 45,
      theme: 'light',
    },
  });
});
afterAll(async () => {
  await bridge?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('approval that helps (verified sandbox, approve every block)', () => {
  it('shows the whole block and says what it touches in plain words', async () => {
    const page = bridge.page;
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await page.getByRole('button', { name: 'Start analysis' }).click();
    await page.getByRole('log').waitFor();
    id = (await bridge.app['conversations:list']())[0]!.id;
    const approval = page.getByRole('group', { name: 'Approve this code' });
    await approval.waitFor({ timeout: 60_000 });

    // the whole block: its last line is there, no "more lines" fold
    const block = page.getByRole('group', { name: /Python code block 1/ }).filter({ has: approval });
    expect(await block.locator('pre').first().innerText()).toContain("print('block A ran')");
    expect(await block.getByRole('button', { name: /Show all/ }).count()).toBe(0);

    const summary = approval.getByRole('definition');
    const terms = await approval.getByRole('term').allInnerTexts();
    expect(terms).toEqual(['Reads', 'Writes', 'Network', 'Limits']);
    expect(await summary.allInnerTexts()).toEqual([
      'sales.csv',
      'summary.csv (in this analysis’s folder)',
      'none: blocked by the sandbox',
      'stops after 45 s, at most 2 GB of memory',
    ]);
    for (const name of ['Run', 'Run the rest of this analysis', 'Edit & run…', 'Reject…'])
      expect(await approval.getByRole('button', { name, exact: true }).count(), name).toBe(1);

    // the composer says what it waits for; its Stop is there, but not an alarm
    const composer = page.getByRole('textbox', { name: 'Message to the analyst' });
    expect(await composer.getAttribute('placeholder')).toBe('Waiting for your approval above');
    const stop = page.locator('.composer').getByRole('button', { name: 'Stop' });
    expect(await stop.getAttribute('class')).not.toContain('btn-danger');
    expect(await page.locator('.composer').innerText()).not.toContain('The analyst is working');

    for (const theme of ['light', 'dark'] as const) {
      await forceTheme(page, theme);
      await shot(page, `approval-summary-${theme}-1024`);
      expect(await axeFindings(page), theme).toEqual([]);
    }
    await forceTheme(page, 'light');
    expect(asked()).toBe(1);
    expect((await blocks()).map((b) => b.status)).toEqual(['awaiting-approval', 'queued']);
  }, 120_000);

  it('"Run the rest of this analysis" runs every further block of the run without asking', async () => {
    const page = bridge.page;
    const approval = page.getByRole('group', { name: 'Approve this code' });
    await approval.getByRole('button', { name: 'Run the rest of this analysis' }).click();
    await expect.poll(async () => (await conversation()).stopReason, { timeout: 60_000 }).toBe('terminated');
    expect((await blocks()).map((b) => b.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(asked()).toBe(1);
    const outputs = (await blocks()).map((b) => b.result?.output ?? '');
    expect(outputs[0]).toContain('block A ran');
    expect(outputs[1]).toContain('block B ran');
    expect(outputs[2]).toContain('block C ran');

    // the next run asks again
    const composer = page.getByRole('textbox', { name: 'Message to the analyst' });
    await composer.fill('And one more thing?');
    await page.keyboard.press('Enter');
    await approval.waitFor({ timeout: 60_000 });
    expect(asked()).toBe(2);
    expect((await blocks()).at(-1)?.status).toBe('awaiting-approval');
    expect((await approval.getByRole('definition').allInnerTexts())[0]).toBe('no files found in the code');
    await bridge.app['conversations:cancel'](id);
  }, 120_000);
});

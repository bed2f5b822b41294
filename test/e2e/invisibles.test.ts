// Trojan Source and terminal escapes in the real renderer (bridge.ts, a loopback OpenAI server):
// a model's code hides a right-to-left override in a string and prints an ANSI clear-screen and a
// CR overwrite. The page shows each as a boxed escape (`\u202e`, `\x1b`, `\r`), never the control
// itself, and what ran is byte for byte what the model wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server';
import { openBridge, ROOT, type Bridge } from './bridge';

const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');
// "stretched string": reads as a comparison with "user", really compares a longer string
const CODE =
  'access_level = "user"\n' +
  'if access_level != "user\u202e \u2066# Check if admin\u2069 \u2066":\n' +
  '    print("admin")\n' +
  'print("total: 42\\n\\x1b[2J\\x1b[Hall clear")\n' +
  'print("secret=1\\rhidden by CR")';
const REPLY = `Checking access with \`is\u202eadmin\`:\n\n\`\`\`python\n${CODE}\n\`\`\`\n\nTERMINATE`;
// eslint-disable-next-line no-control-regex -- looking for the controls themselves
const RAW = /[\u001b\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

let bridge: Bridge;
let page: Page;
let server: OpenAIServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-invisibles-'));
  server = await startOpenAIServer([{ reply: REPLY }], { models: ['analyst-1'] });
  bridge = await openBridge({
    dataDir: path.join(tmp, 'data'),
    openDialog: [SALES],
    settings: { provider: 'compatible', baseUrl: server.url, model: 'analyst-1', approval: 'never' },
  });
  page = bridge.page;
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await page
    .getByRole('article', { name: 'Analyst' })
    .getByText('hidden by CR')
    .first()
    .waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await bridge?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

it('shows the hidden characters of code, output and inline code as boxed escapes', async () => {
  const article = page.getByRole('article', { name: 'Analyst' }).first();
  const code = article.locator('pre.code').first();
  expect(await code.innerText()).not.toMatch(RAW);
  expect(await code.locator('.invisible-char').allInnerTexts()).toEqual([
    '\\u202e',
    '\\u2066',
    '\\u2069',
    '\\u2066',
  ]);
  expect(await article.getByText('Hidden characters', { exact: true }).count()).toBe(1);

  const output = article.locator('pre.output').first();
  expect(await output.innerText()).not.toMatch(RAW);
  expect(await output.locator('.invisible-char').allInnerTexts()).toEqual(['\\x1b', '\\x1b', '\\r']);
  expect(await output.innerText()).toContain('secret=1\\rhidden by CR');

  const inline = article.locator('.markdown code').filter({ hasText: 'admin' }).first();
  expect(await inline.innerText()).toBe('is\\u202eadmin');
});

it('ran exactly the code the model wrote: the display changed, not the code', async () => {
  const id = (await bridge.app['conversations:list']())[0]!.id;
  const conv = await bridge.app['conversations:get'](id);
  const block = conv.messages.flatMap((m) => (m.role === 'assistant' ? m.blocks : []))[0]!;
  expect(block.code).toBe(CODE);
  expect(block.status).toBe('succeeded');
  expect(block.result!.output).toContain('\x1b[2J');
  // it looked like a comparison with "user" (false for this user); it was not, and it was true
  expect(block.result!.output).toMatch(/^admin\n/);
});

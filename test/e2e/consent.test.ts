// Consent before code runs outside a verified sandbox, end to end: the real renderer against the
// real core (bridge.ts), a scripted model on loopback, and the local sandbox turned into "no OS
// sandbox" (PLOTWRIGHT_LOCAL_SANDBOX=none, security mode Local so Docker is not used). The
// isolation probe really runs and really fails; the prompt says what the code could do, Run this
// block runs that block only, Run the rest of this analysis runs the rest without asking (until the
// analysis ends), Cancel stops, and nothing runs before the user decides.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Conversation } from '../../electron/model/agent/conversation';
import { RISKS, risksOf } from '../../electron/model/exec/isolation';
import type { OpenAIServer, Step } from '../support/openai-server';
import { axeFindings, forceTheme } from './axe';
import { ROOT, type Bridge } from './bridge';
import { startScriptedAnalysis } from './scripted';
import { shot } from './shots';

// block A hides a right-to-left override in a string: the prompt shows it as an escape
const CODE_A = "open('marker-a.txt', 'w').write('a')\nlabel = 'ok\u202e'\nprint('block A ran', len(label))";
const CODE_B = "open('marker-b.txt', 'w').write('b')\nprint('block B ran')";
const CODE_C = "open('marker-c.txt', 'w').write('c')\nprint('block C ran')";
const CODE_D = "open('marker-d.txt', 'w').write('d')\nprint('block D ran')";
const fence = (code: string) => `\`\`\`python\n${code}\n\`\`\``;
const FIRST: Step = { reply: `Two steps first.\n\n${fence(CODE_A)}\n\nThen:\n\n${fence(CODE_B)}` };
const SECOND: Step = { reply: `One more.\n\n${fence(CODE_C)}` };
const DONE: Step = { reply: 'All three blocks ran. TERMINATE' };
const FOLLOW_UP: Step = { reply: `A follow-up.\n\n${fence(CODE_D)}` };

let tmp: string | undefined;
let bridge: Bridge | null = null;
let server: OpenAIServer | null = null;
const ENV_KEYS = [
  'PLOTWRIGHT_LOCAL_SANDBOX',
  'PLOTWRIGHT_RESOURCES_DIR',
  'PLOTWRIGHT_TRUST_FILE',
  'PLOTWRIGHT_IMAGE_REF',
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

beforeAll(() => {
  // read by the core each time it picks the local runner, in this process (the bridge's)
  process.env.PLOTWRIGHT_LOCAL_SANDBOX = 'none';
});
afterAll(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});
afterEach(async () => {
  await bridge?.close();
  await server?.close();
  bridge = null;
  server = null;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

async function open(
  script: Step[],
  securityMode: 'local' | 'auto' = 'local',
): Promise<{ b: Bridge; page: Page; id: string }> {
  tmp ??= mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-consent-'));
  // no approval setting: the default (ask when the sandbox is not verified)
  const run = await startScriptedAnalysis(tmp, script, { securityMode });
  [server, bridge] = [run.server, run.bridge];
  return { b: run.bridge, page: run.page, id: run.id };
}

const conversation = (id: string): Promise<Conversation> => bridge!.app['conversations:get'](id);
const replies = async (id: string) =>
  (await conversation(id)).messages.filter((m): m is AssistantMessage => m.role === 'assistant');
const blocks = async (id: string) => (await replies(id)).flatMap((m) => m.blocks);
const marker = (id: string, name: string) =>
  existsSync(path.join(tmp!, 'data', 'conversations', id, 'workspace', `marker-${name}.txt`));
/** How many times a block was put in front of the user for a decision. */
const asked = (b: Bridge) =>
  b.events.filter((e) => {
    const p = e.payload as { event?: { type?: string; patch?: { status?: string } } };
    return (
      e.channel === 'conversation:event' &&
      p.event?.type === 'block' &&
      p.event.patch?.status === 'awaiting-approval'
    );
  }).length;
const composerHint = (page: Page) =>
  page.getByRole('textbox', { name: 'Message to the analyst' }).getAttribute('placeholder');

async function consentFor(page: Page, code: string): Promise<Locator> {
  const prompt = page.getByRole('group', { name: 'Approve this code' });
  await prompt.waitFor({ timeout: 60_000 });
  await page
    .getByRole('group', { name: /Python code block/ })
    .filter({ has: prompt })
    .locator('pre.code')
    .filter({ hasText: code.split('\n')[0]! })
    .waitFor();
  return prompt;
}

describe('consent where the sandbox is not verified (no OS sandbox)', () => {
  it('asks before the first block, says what the code could do, and runs nothing before consent', async () => {
    const { b, page, id } = await open([FIRST, SECOND, DONE, FOLLOW_UP]);
    const prompt = await consentFor(page, CODE_A);

    // the prompt: plain words from the probe's failed checks, the runner, the choices
    const conv = await conversation(id);
    const report = conv.execution?.isolation;
    expect(report?.verified).toBe(false);
    expect(report?.runner).toBe('no OS sandbox');
    const risks = risksOf(report ?? null);
    expect(risks).toContain(RISKS.network);
    expect(risks).toContain(RISKS['home-files']);
    // folded to its first two risks, so the choices stay in view; every risk one click away
    await expect.poll(() => prompt.getByRole('button', { name: /Run this block/ }).isVisible()).toBe(true);
    const folded = prompt.locator('.consent-risks-box > summary');
    expect(await folded.innerText()).toContain(risks[0]!);
    await folded.click();
    expect(await prompt.locator('.consent-risks li').allInnerTexts()).toEqual(risks);
    expect(await prompt.innerText()).toContain('This code would run without a verified sandbox');
    expect(await prompt.innerText()).toContain('Runs in: no OS sandbox — every isolation check failed');
    for (const name of [
      'Run this block',
      'Run the rest of this analysis',
      'Cancel',
      'Edit & run…',
      'Reject…',
    ])
      expect(await prompt.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    // Local mode: Docker isolation is not this analysis's to set up
    expect(await prompt.getByRole('button', { name: /Set up Docker/ }).count()).toBe(0);

    // the whole code, its hidden character as an escape (never the control itself)
    const code = page.getByRole('group', { name: 'Python code block 1' }).locator('pre.code');
    expect(await code.locator('.invisible-char').allInnerTexts()).toEqual(['\\u202e']);
    expect(await code.innerText()).not.toContain('\u202e');
    expect(await prompt.innerText()).toContain('hidden characters');

    // one isolation state everywhere: header, status bar; the composer waits for the decision
    const header = page.locator('.conv-meta-line .iso-badge');
    expect(await header.innerText()).toMatch(/^Not isolated · network, host files, home folder \+\d+ more$/);
    expect(await header.getAttribute('data-tone')).toBe('warn');
    const status = page.getByRole('contentinfo', { name: 'Status' }).locator('[data-tone]').first();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toBe(await header.innerText());
    expect(await status.getAttribute('data-tone')).toBe('warn');
    expect(await composerHint(page)).toMatch(/^Waiting for your approval above/);

    // nothing ran
    const [a] = await blocks(id);
    expect(a).toMatchObject({ status: 'awaiting-approval', code: CODE_A });
    expect(a!.result).toBeUndefined();
    expect(marker(id, 'a')).toBe(false);
    expect(conv.messages.some((m) => m.role === 'execution')).toBe(false);

    expect(await axeFindings(page)).toEqual([]);
    await shot(page, 'consent-1024x700');
    await forceTheme(page, 'dark');
    expect(await axeFindings(page)).toEqual([]);
    await shot(page, 'consent-dark-1024x700');
    await forceTheme(page, 'light');

    // Run this block: block A runs, exactly as the model wrote it; block B asks again
    await prompt.getByRole('button', { name: 'Run this block' }).click();
    await expect
      .poll(async () => (await blocks(id)).map((x) => x.status), { timeout: 60_000 })
      .toEqual(['succeeded', 'awaiting-approval']);
    const [ranA, waitingB] = await blocks(id);
    expect(ranA!.code).toBe(CODE_A);
    expect(ranA!.proposed).toBeUndefined();
    expect(ranA!.result?.output).toContain('block A ran 3');
    expect(marker(id, 'a')).toBe(true);
    expect(waitingB!.result).toBeUndefined();
    expect(marker(id, 'b')).toBe(false);
    await consentFor(page, CODE_B);
    expect(asked(b)).toBe(2);

    // Run the rest of this analysis: B and the next reply's C run without asking
    await page.getByRole('button', { name: 'Run the rest of this analysis' }).click();
    await expect
      .poll(async () => (await conversation(id)).stopReason, { timeout: 60_000 })
      .toBe('terminated');
    expect((await blocks(id)).map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(marker(id, 'b') && marker(id, 'c')).toBe(true);
    expect(asked(b)).toBe(2);
    // (the page applies the core's events once per frame: it may be a frame behind)
    await page.getByRole('group', { name: 'Approve this code' }).waitFor({ state: 'detached' });
    await expect.poll(() => composerHint(page)).toBe('Ask a follow-up question…');

    // the banner stays, one line, with what the code could do one click away
    const banner = page.getByRole('alert', { name: 'Isolation' });
    expect(await banner.innerText()).toContain('Code in this analysis runs without verified isolation');
    expect(await banner.getByText(RISKS.network).isVisible()).toBe(false);
    await banner.getByRole('button', { name: /What the code could do/ }).click();
    await banner.getByText(RISKS.network).waitFor({ state: 'visible' });
    expect(await axeFindings(page)).toEqual([]);
    await shot(page, 'consent-allowed-banner-1024x700');

    // "for this analysis" ends with it: a follow-up asks again
    const composer = page.getByRole('textbox', { name: 'Message to the analyst' });
    await composer.fill('And one more thing?');
    await composer.press('Enter');
    await consentFor(page, CODE_D);
    expect(asked(b)).toBe(3);
    expect(marker(id, 'd')).toBe(false);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(async () => (await conversation(id)).stopReason, { timeout: 30_000 }).toBe('cancelled');
    expect(marker(id, 'd')).toBe(false);
  });

  it('Cancel stops the analysis: the block and the rest never run, nothing goes back to the model', async () => {
    const { page, id } = await open([FIRST]);
    const prompt = await consentFor(page, CODE_A);
    await prompt.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(async () => (await conversation(id)).stopReason, { timeout: 30_000 }).toBe('cancelled');
    const [a, rest] = await blocks(id);
    expect(a).toMatchObject({ status: 'cancelled' });
    expect(rest).toMatchObject({ status: 'not-run' });
    expect(a!.result).toBeUndefined();
    expect(rest!.result).toBeUndefined();
    expect(marker(id, 'a') || marker(id, 'b')).toBe(false);
    const conv = await conversation(id);
    expect(conv.messages.some((m) => m.role === 'execution')).toBe(false);
    expect(server!.chatRequests()).toHaveLength(1);
    await page.getByRole('group', { name: 'Approve this code' }).waitFor({ state: 'detached' });
    await expect.poll(() => composerHint(page)).toBe('Ask a follow-up question…');
    const first = page.getByRole('group', { name: 'Python code block 1' });
    await expect.poll(() => first.locator('.status-chip').innerText()).toBe('Cancelled');
  });

  it('Set up Docker isolation (Docker usable, Auto mode) stops the run and prepares the image instead', async () => {
    // a sandbox image tag Docker does not have (a copy of resources/ with one more kernel file),
    // pulled from a registry that does not answer: preparing fails fast, and says so
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-consent-'));
    const resources = path.join(tmp, 'resources');
    cpSync(path.join(ROOT, 'resources'), resources, { recursive: true });
    rmSync(path.join(resources, 'offline'), { recursive: true, force: true });
    writeFileSync(
      path.join(resources, 'sandbox', 'kernel', 'e2e_unique.txt'),
      randomBytes(16).toString('hex'),
    );
    process.env.PLOTWRIGHT_RESOURCES_DIR = resources;
    process.env.PLOTWRIGHT_TRUST_FILE = path.join(tmp, 'trusted-images.json');
    process.env.PLOTWRIGHT_IMAGE_REF = '127.0.0.1:9/plotwright-e2e/absent:latest';
    try {
      const { b, page, id } = await open([FIRST], 'auto');
      const status = await b.app['sandbox:status']();
      expect(status.docker.ok).toBe(true); // the e2e machine runs Docker
      expect(status.image.present).toBe(false);
      const prompt = await consentFor(page, CODE_A);
      expect((await conversation(id)).execution?.mode).toBe('local');
      const setUp = prompt.getByRole('button', { name: 'Set up Docker isolation' });
      expect(await prompt.innerText()).toContain('your next question then runs in an isolated container');
      expect(await axeFindings(page)).toEqual([]);
      await shot(page, 'consent-docker-1024x700');
      await setUp.click();
      await expect
        .poll(async () => (await conversation(id)).stopReason, { timeout: 30_000 })
        .toBe('cancelled');
      const conv = await conversation(id);
      expect(
        conv.messages.some(
          (m) => m.role === 'notice' && m.content.includes('Docker isolation is being set up'),
        ),
      ).toBe(true);
      expect((await blocks(id)).map((x) => x.status)).toEqual(['cancelled', 'not-run']);
      expect(marker(id, 'a')).toBe(false);
      // the preparation really started, and its failure reaches the user
      await page.getByText(/Docker isolation could not be set up/).waitFor({ timeout: 60_000 });
      expect(
        b.events.some(
          (e) =>
            e.channel === 'sandbox:status' &&
            (e.payload as { image: { preparing: boolean } }).image.preparing,
        ),
      ).toBe(true);
    } finally {
      for (const key of [
        'PLOTWRIGHT_RESOURCES_DIR',
        'PLOTWRIGHT_TRUST_FILE',
        'PLOTWRIGHT_IMAGE_REF',
      ] as const) {
        if (savedEnv[key] === undefined) delete process.env[key];
        else process.env[key] = savedEnv[key];
      }
    }
  });
});

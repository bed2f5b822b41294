// The status bar's "Prepare sandbox", end to end: the real renderer against the real core pulls a
// real image from a loopback registry (test/support/registry.ts) with a real progress bar; Cancel
// stops it; a second attempt completes and the status bar says the image is ready.
//
// The sandbox image tag is content-addressed over resources/sandbox, so a copy of resources/ with
// one extra kernel file gives a tag Docker does not have (PLOTWRIGHT_RESOURCES_DIR), and
// PLOTWRIGHT_IMAGE_REF points the app's pull at an image in the registry that carries a unique
// random layer, so the pull really downloads it.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEngine } from '../../electron/core/exec/docker/engine';
import { imageExists, sandboxImageTag } from '../../electron/core/exec/docker/image';
import { removeImage, startRegistry, type LoopbackRegistry } from '../support/registry';
import { openBridge, ROOT, type Bridge } from './bridge';
import { shot } from './shots';

/** The unique layer, and the link speed: a pull downloads for about two seconds. */
const LAYER_MB = 64;
const LINK_BYTES_PER_SECOND = 32 * 1024 * 1024;
const ENV_KEYS = ['PLOTWRIGHT_RESOURCES_DIR', 'PLOTWRIGHT_IMAGE_REF', 'PLOTWRIGHT_TRUST_FILE'] as const;

/** What the progress bar showed, as recorded in the page on every DOM change. */
interface Seen {
  now: number | null;
  text: string;
  at: number;
}
declare global {
  interface Window {
    __imageProgressSeen?: Seen[];
    __imageProgressObserver?: MutationObserver;
  }
}

let docker: Docker;
let registry: LoopbackRegistry | undefined;
let bridge: Bridge | undefined;
let page: Page;
let status: Locator;
let tmp: string;
let pullRef: string;
let missingTag: string;
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

beforeAll(async () => {
  const probe = await detectEngine();
  if (!probe.ok) throw new Error(`Docker engine required: ${probe.reason} (${probe.hint})`);
  docker = probe.docker;
  const sandboxTag = await sandboxImageTag(); // present: the e2e global setup makes sure of it

  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-image-'));
  const resources = path.join(tmp, 'resources');
  cpSync(path.join(ROOT, 'resources'), resources, { recursive: true });
  rmSync(path.join(resources, 'offline'), { recursive: true, force: true }); // no bundled tarball: pull
  writeFileSync(path.join(resources, 'sandbox', 'kernel', 'e2e_unique.txt'), randomBytes(16).toString('hex'));
  for (const key of ENV_KEYS) savedEnv[key] = process.env[key];
  process.env.PLOTWRIGHT_RESOURCES_DIR = resources;
  process.env.PLOTWRIGHT_TRUST_FILE = path.join(tmp, 'trusted-images.json');
  missingTag = await sandboxImageTag();
  expect(missingTag).not.toBe(sandboxTag);
  expect(await imageExists(docker, missingTag)).toBe(false);

  registry = await startRegistry(docker, { downloadBytesPerSecond: LINK_BYTES_PER_SECOND });
  const t0 = Date.now();
  // labelled for missingTag: the app trusts a pulled image only when its hash label matches the tag
  pullRef = await registry.pushUnique('e2e-prepare', {
    baseImage: sandboxTag,
    megabytes: LAYER_MB,
    hashLabel: missingTag.split(':')[1],
  });
  console.info(`[registry] ${pullRef} pushed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.env.PLOTWRIGHT_IMAGE_REF = pullRef;

  bridge = await openBridge({ dataDir: path.join(tmp, 'data'), settings: { securityMode: 'docker' } });
  page = bridge.page;
  status = page.getByRole('contentinfo', { name: 'Status' });
});

afterAll(async () => {
  await bridge?.close();
  await registry?.stop(); // also removes the pushed tags and the pulled registry reference
  if (docker && missingTag) await removeImage(docker, missingTag).catch(() => undefined);
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Starts recording every state the progress bar is rendered in (a MutationObserver in the page). */
async function recordProgress(): Promise<void> {
  await page.evaluate(() => {
    window.__imageProgressObserver?.disconnect();
    const seen: Seen[] = [];
    window.__imageProgressSeen = seen;
    const read = () => {
      const bar = document.querySelector('[role="progressbar"]');
      if (!bar) return;
      const raw = bar.getAttribute('aria-valuenow');
      const entry = {
        now: raw === null ? null : Number(raw),
        text: bar.getAttribute('aria-valuetext') ?? '',
      };
      const last = seen.at(-1);
      if (!last || last.now !== entry.now || last.text !== entry.text)
        seen.push({ ...entry, at: performance.now() });
    };
    window.__imageProgressObserver = new MutationObserver(read);
    window.__imageProgressObserver.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

const BYTES = /^Downloading the sandbox image: [\d.]+ (B|KB|MB) of [\d.]+ MB · \d+\/\d+ layers$/;
const isMid = (s: Seen) => s.now !== null && s.now > 0 && s.now < 100;

/** Resolves once the bar shows at least `from` percent (and less than 100) with byte counts. */
async function midProgress(from: number): Promise<void> {
  await page.waitForFunction(
    (min) => {
      const bar = document.querySelector('[role="progressbar"]');
      const now = Number(bar?.getAttribute('aria-valuenow') ?? NaN);
      return now >= min && now < 100 && / of [\d.]+ MB/.test(bar?.getAttribute('aria-valuetext') ?? '');
    },
    from,
    { polling: 'raf', timeout: 60_000 },
  );
}

const seen = () => page.evaluate(() => window.__imageProgressSeen ?? []);

/** A real progress bar: a number only with byte counts, never going back, some of it mid-way. */
function expectRealProgress(shown: Seen[]): Seen[] {
  const numbers = shown.filter((s) => s.now !== null);
  for (const s of numbers) expect(s.text).toMatch(BYTES);
  const values = numbers.map((s) => s.now!);
  expect(values.every((v, i) => i === 0 || v >= values[i - 1]!)).toBe(true);
  const mid = numbers.filter(isMid);
  expect(mid.length).toBeGreaterThanOrEqual(1);
  expect(Number(/ of ([\d.]+) MB/.exec(mid[0]!.text)![1])).toBeGreaterThanOrEqual(LAYER_MB * 0.9);
  return mid;
}

describe('preparing the sandbox image from the status bar', () => {
  it('says the image is missing and offers to prepare it', async () => {
    await status.getByText('Docker engine running').waitFor({ timeout: 30_000 });
    await status.getByText('Sandbox image missing').waitFor();
    expect(await status.getByRole('button', { name: 'Prepare sandbox' }).isVisible()).toBe(true);
    expect(await status.getByRole('progressbar').count()).toBe(0);
    expect((await bridge!.app['sandbox:status']()).effectiveMode).toBeNull();
  });

  it('shows real download progress, and Cancel stops the pull', async () => {
    await recordProgress();
    const t0 = Date.now();
    await status.getByRole('button', { name: 'Prepare sandbox' }).click();
    await midProgress(15); // past the first numbers, so the bar's width has settled for the screenshot
    await shot(page, 'image-progress-1280');
    expect(isMid((await seen()).at(-1)!)).toBe(true); // still mid-way after the screenshot
    await status.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByText('The sandbox image was not prepared: image pull cancelled')
      .waitFor({ timeout: 30_000 });
    const shown = await seen();
    console.info(`[prepare 1] cancelled after ${Date.now() - t0} ms; bar: ${JSON.stringify(shown)}`);
    expect(Math.max(...expectRealProgress(shown).map((s) => s.now!))).toBeLessThan(100);

    await status.getByRole('button', { name: 'Prepare sandbox' }).waitFor({ timeout: 30_000 });
    await status.getByText('Sandbox image missing').waitFor();
    expect(await status.getByRole('progressbar').count()).toBe(0);
    expect(await imageExists(docker, missingTag)).toBe(false);
    expect((await bridge!.app['sandbox:status'](true)).image).toMatchObject({
      tag: missingTag,
      present: false,
      preparing: false,
    });
    // the pull really stopped: no more progress, and Docker did not finish it behind the app's back
    const events = bridge!.events.length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(bridge!.events.slice(events).filter((e) => e.channel === 'sandbox:progress')).toEqual([]);
    expect(await imageExists(docker, pullRef)).toBe(false);
    expect(await imageExists(docker, missingTag)).toBe(false);
  });

  it('a second attempt completes and the status bar says the image is ready', async () => {
    await recordProgress();
    const t0 = Date.now();
    await status.getByRole('button', { name: 'Prepare sandbox' }).click();
    await page.getByText('The sandbox image is ready').waitFor({ timeout: 120_000 });
    const shown = await seen();
    console.info(`[prepare 2] done in ${Date.now() - t0} ms; bar: ${JSON.stringify(shown)}`);
    expectRealProgress(shown);
    expect(shown.filter((s) => s.now !== null).at(-1)?.now).toBe(100);
    await status.getByText('Sandbox image ready').waitFor({ timeout: 30_000 });
    expect(await status.getByRole('button', { name: 'Prepare sandbox' }).count()).toBe(0);
    expect(await status.getByRole('progressbar').count()).toBe(0);
    expect(await imageExists(docker, missingTag)).toBe(true);
    expect((await docker.getImage(missingTag).inspect()).Config.User).toBe('10001:10001');
    expect((await bridge!.app['sandbox:status']()).effectiveMode).toBe('docker');
  });
});

// The HTML report of a real conversation (code run by the local sandbox on a hostile CSV):
// checked as text, then loaded in real Chromium with every request intercepted.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../electron/core/report/html';
import { buildFixture, CITIES, GRAND_TOTAL, HOSTILE, TITLE, type Fixture } from '../support/report-fixture';

let fx: Fixture;
let html: string;

beforeAll(async () => {
  fx = await buildFixture();
  html = renderHtml(fx.ctx);
});
afterAll(async () => {
  await fx?.cleanup();
});

/** Every start tag of the document (escaped text contains no "<", so this is only real markup). */
const tags = () => [...html.matchAll(/<[A-Za-z][^>]*>/g)].map((m) => m[0]);

describe('HTML report, as text', () => {
  it('has no script, no event handler, no javascript: and no URL at all', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/https?:\/\//i);
    const handlers = tags().filter((t) => /\son[a-z]+\s*=/i.test(t));
    expect(handlers).toEqual([]);
    expect(
      tags().filter((t) => /^<(iframe|object|embed|link|base|form|meta http-equiv="refresh")/i.test(t)),
    ).toEqual([]);
    // Only data: images, and links within the document.
    for (const t of tags().filter((t) => /\s(src|href)=/.test(t)))
      expect(t).toMatch(/\ssrc="data:image\/png;base64,|^<a href="#[\w-]+">$/);
  });

  it('shows the hostile values escaped, everywhere they occur', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;; DROP TABLE sales; --');
    expect(html).toContain('Zürich');
    expect(html).toContain('東京');
    expect(html).toContain(`<title>Revenue by region — Zürich &amp; 東京 &lt;script&gt;</title>`);
    // The assistant's raw HTML is shown, not applied.
    expect(html).toMatch(/Summary &#x3C;b onclick=x>so far&#x3C;\/b>/);
    expect(html).not.toContain('<b onclick');
  });

  it('carries a CSP that forbids every request', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    );
  });

  it('draws the charts as inline SVG with their data tables', () => {
    expect(html.match(/<svg class="pw-chart"/g)).toHaveLength(2);
    expect(html.split('class="recharts-layer recharts-bar-rectangle"').length - 1).toBe(CITIES);
    expect(html.split('class="recharts-curve recharts-line-curve"').length - 1).toBe(2);
    expect(html).toContain('<summary>Data (6 rows)</summary>');
    expect(html).toContain('<td class="num">1906.25</td>');
    expect(html).toContain('<td>&quot;; DROP TABLE sales; --</td>');
    expect(html).toContain('<td class="num">2030.5</td>');
  });

  it('inlines the matplotlib figure as a data: URI of the real file', () => {
    const blocks = fx.ctx.conversation.messages.flatMap((m) => (m.role === 'assistant' ? m.blocks : []));
    const figure = blocks.flatMap((b) => b.result?.artifacts ?? []).find((a) => a.mime === 'image/png')!;
    const bytes = readFileSync(path.join(fx.ctx.workspaceDir, figure.name));
    expect(html).toContain(`src="data:image/png;base64,${bytes.toString('base64')}"`);
  });

  it('states its provenance', () => {
    const sha = createHash('sha256').update(readFileSync(fx.csvPath)).digest('hex');
    expect(html).toContain(sha);
    const exec = fx.ctx.conversation.execution!;
    for (const v of [exec.python!, exec.packages.pandas!, exec.packages.numpy!, exec.packages.matplotlib!]) {
      expect(html).toContain(v);
    }
    expect(html).toContain('sales.csv (9 rows × 6 columns');
    expect(html).toContain('llama3.1:8b at localhost:11434/v1 (HTTP)');
    expect(html).toContain('2026-02-03T10:00:00.000Z by Plotwright');
    expect(html).toContain('(local mode)');
  });

  it('shows each block with its status, and the rejection feedback, but not the execution messages', () => {
    for (const s of ['succeeded', 'failed (exit 1', 'not run', 'rejected']) expect(html).toContain(s);
    expect(html).toContain('KeyError: &#39;Region&#39;');
    expect(html).toContain('Rejected by the user: Don&#39;t overwrite my file &lt;script&gt;');
    expect(html).not.toContain('exitcode: 0 (execution succeeded)');
    expect(html).not.toContain('TERMINATE');
    expect(html).toContain('The model mentioned &lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('HTML report, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Loads `doc` as http://report.invalid/, intercepting every request. */
  async function load(doc: string) {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const problems: string[] = [];
    const origin = 'http://report.invalid/';
    page.on('request', (r) => {
      if (r.url() !== origin && !r.url().startsWith('data:')) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route('**/*', (route) => {
      if (route.request().url() === origin) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: doc });
      }
      return route.abort();
    });
    await page.goto(origin, { waitUntil: 'load' });
    // Open every data table, so their content is rendered too.
    for (const summary of await page.locator('summary').all()) await summary.click();
    await page.waitForTimeout(200);
    return { page, requests, dialogs, problems };
  }

  it('makes no request, opens no dialog, logs no error, and shows the totals', async () => {
    const { page, requests, dialogs, problems } = await load(html);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.title()).toBe(TITLE);
    const text = await page.innerText('body');
    expect(text).toContain(`TOTAL ${GRAND_TOTAL}`);
    expect(text).toMatch(/South\s+2150\.00/);
    expect(text).toContain(HOSTILE.script);
    expect(text).toContain(HOSTILE.img);
    expect(await page.locator('svg.pw-chart').count()).toBe(2);
    const img = page.locator('figure.figure img');
    expect(
      await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(100);
    await page.close();
  });

  it('is safe by escaping alone: without its CSP, still no request and no dialog', async () => {
    const bare = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(bare).not.toContain('Content-Security-Policy');
    const { page, requests, dialogs, problems } = await load(bare);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

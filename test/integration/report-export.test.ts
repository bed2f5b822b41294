// exportReports on a real conversation: all five formats, the PDF printed by real Chromium, and
// a second export that never overwrites the first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../electron/core/report/html';
import { chromiumPdfRenderer, exportReports } from '../../electron/core/report/index';
import { buildFixture, GRAND_TOTAL, type Fixture } from '../support/report-fixture';

let fx: Fixture;

beforeAll(async () => {
  fx = await buildFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('PDF', () => {
  it('prints the HTML report with headless Chromium', async () => {
    const pdf = await chromiumPdfRenderer({ executablePath: '/usr/bin/chromium' }).htmlToPdf(
      renderHtml(fx.ctx),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(fx.root, 'direct.pdf');
    writeFileSync(file, pdf);
    const text = pdfText(file);
    expect(text).toContain('Revenue by region');
    expect(text).toContain(`TOTAL ${GRAND_TOTAL}`);
    expect(text).toMatch(/South\s+2150\.00/);
    expect(text).toContain('<script>alert(1)</script>'); // printed as text
    expect(text).toContain(fx.ctx.conversation.file!.sha256);
  });
});

describe('exportReports', () => {
  it('writes all five formats into a new folder, then a second set beside them', async () => {
    const out = path.join(fx.root, 'exports', 'nested');
    expect(existsSync(out)).toBe(false);
    const first = await exportReports(fx.ctx, ['html', 'md', 'ipynb', 'py', 'pdf'], out);
    const base = 'revenue-by-region-zürich-東京-script-2026-02-03';
    expect(first).toEqual(
      ['html', 'md', 'ipynb', 'py', 'pdf'].map((ext) => path.join(out, `${base}.${ext}`)),
    );
    for (const f of first) expect(statSync(f).size).toBeGreaterThan(500);
    expect(readFileSync(first[4]!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(path.join(out, `${base}_files`)).sort()).toEqual([
      'block-5-chart-1.svg',
      'block-5-chart-2.svg',
      'block-6-figure-5-1.png',
    ]);
    const before = first.map((f) => readFileSync(f));

    const second = await exportReports(fx.ctx, ['html', 'md', 'ipynb', 'py', 'pdf'], out);
    expect(second).toEqual(
      ['html', 'md', 'ipynb', 'py', 'pdf'].map((ext) => path.join(out, `${base}-2.${ext}`)),
    );
    expect(readFileSync(second[1]!, 'utf8')).toContain(`](${encodeURIComponent(`${base}-2_files`)}/`);
    expect(existsSync(path.join(out, `${base}-2_files`, 'block-6-figure-5-1.png'))).toBe(true);
    first.forEach((f, i) => expect(readFileSync(f).equals(before[i]!), f).toBe(true));
    expect(readdirSync(out)).toHaveLength(12);
  });

  it('takes a base name, and skips a name taken by any one format', async () => {
    const out = path.join(fx.root, 'named');
    await exportReports(fx.ctx, ['py'], out, { baseName: 'analysis' });
    const again = await exportReports(fx.ctx, ['html', 'py'], out, { baseName: 'analysis' });
    expect(again.map((f) => path.basename(f))).toEqual(['analysis-2.html', 'analysis-2.py']);
  });
});

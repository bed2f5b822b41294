// The pieces of the reports, on hand-made conversations (no executor, no browser).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, Message } from '../../electron/model/agent/conversation';
import {
  fenced,
  readFigure,
  fenceFor,
  reportItems,
  slug,
  splitMessage,
  stripTerminate,
} from '../../electron/core/report/common';
import { renderHtml } from '../../electron/core/report/html';
import { exportReports } from '../../electron/core/report/index';
import { renderMarkdown } from '../../electron/core/report/markdown';
import { lines, renderNotebook } from '../../electron/core/report/notebook';
import { HELPERS_PRELUDE } from '../../electron/core/report/replay';
import { chromiumPdfRenderer, findChromium } from '../../electron/core/report/pdf';
import { escapeRawHtml, markdownToSafeHtml } from '../../electron/core/report/prose';
import { describeEndpoint, provenance, provenanceRows } from '../../electron/core/report/provenance';
import { echoLastExpression, renderScript } from '../../electron/core/report/script';
import { fakeResult, syntheticContext } from '../support/report-fixture';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-report-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const assistant = (content: string, blocks: AssistantMessage['blocks'] = []): AssistantMessage => ({
  id: `a-${Math.random()}`,
  role: 'assistant',
  at: '2026-03-01T10:00:00.000Z',
  content,
  blocks,
});

describe('markdown to safe HTML', () => {
  it('shows raw HTML as text and keeps GFM tables', () => {
    const html = markdownToSafeHtml(
      'Hi <b onclick=x>there</b>\n\n<div>\n<script>alert(1)</script>\n</div>\n\n| a | b |\n|---|--:|\n| 1 | 2 |',
    );
    expect(html).toContain('&#x3C;b onclick=x>there&#x3C;/b>');
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    expect(html).not.toMatch(/<script|<b |<div/);
    expect(html).toContain('<table>');
    expect(html).toContain('<td align="right">2</td>');
  });

  it('reduces links to their text and images to their alt text', () => {
    const html = markdownToSafeHtml(
      '[docs](https://example.com/x) ![pixel](https://tracker.example/p.png) [js](javascript:alert(1)) www.example.org\n\n[ref]: https://example.com',
    );
    expect(html).not.toMatch(/<a |<img|javascript:|https:\/\//);
    expect(html).toContain('docs');
    expect(html).toContain('[image: pixel]');
  });

  it('escapes raw HTML in Markdown kept as Markdown, leaving code alone', () => {
    const md = escapeRawHtml('a <b onclick=x>b</b>\n\n```html\n<b>code</b>\n```\n\n`<i>`');
    expect(md).toBe('a &lt;b onclick=x>b&lt;/b>\n\n```html\n<b>code</b>\n```\n\n`<i>`');
  });
});

describe('helpers', () => {
  it('picks a fence longer than any backtick run', () => {
    expect(fenceFor('plain')).toBe('```');
    expect(fenceFor('a ``` b')).toBe('````');
    expect(fenceFor('`````')).toBe('``````');
    expect(fenced('x\n', 'text')).toBe('```text\nx\n```');
  });

  it('slugs titles in any script, and never to nothing', () => {
    expect(slug('Revenue by Region: Zürich & 東京!')).toBe('revenue-by-region-zürich-東京');
    expect(slug('<<>>')).toBe('report');
    expect(slug('x'.repeat(100))).toHaveLength(60);
  });

  it('drops TERMINATE', () => {
    expect(stripTerminate('Done.\n\nTERMINATE')).toBe('Done.');
    expect(stripTerminate('All good. TERMINATE')).toBe('All good.');
    expect(stripTerminate('TERMINATED is a word')).toBe('TERMINATED is a word');
  });

  it('splits a message into prose and its runnable blocks in order', () => {
    const msg = assistant(
      'Intro\n\n```python\nprint(1)\n```\n\n```text\nnot code\n```\n\nMiddle\n\n```sh\nls\n```\nEnd',
      [
        { index: 0, language: 'python', code: 'print(1)', status: 'succeeded' },
        { index: 1, language: 'sh', code: 'ls', status: 'not-run' },
      ],
    );
    const parts = splitMessage(msg, 4);
    expect(parts.map((p) => (p.kind === 'prose' ? p.text : `#${p.number}`))).toEqual([
      'Intro',
      '#4',
      '```text\nnot code\n```\n\nMiddle',
      '#5',
      'End',
    ]);
  });

  it('does not repeat a recovered message whose text is the code', () => {
    const msg: AssistantMessage = {
      ...assistant('print(2)'),
      recovered: 'unfenced',
      blocks: [{ index: 0, language: 'python', code: 'print(2)', status: 'succeeded' }],
    };
    expect(splitMessage(msg, 1).map((p) => p.kind)).toEqual(['block']);
  });

  it('echoes a last expression like the kernel, but not prints or plots', () => {
    expect(echoLastExpression('x = 1\nx + 1  # sum\n').code).toBe('x = 1\n_show(x + 1)  # sum\n');
    expect(echoLastExpression('df.groupby(\n  "a"\n).sum()').code).toBe('_show(df.groupby(\n  "a"\n).sum())');
    for (const quiet of [
      'print(1)',
      'plt.show()',
      'fig.savefig("a.png")',
      'x = 1',
      'if x:\n    y',
      'chart(df)',
    ]) {
      expect(echoLastExpression(quiet)).toEqual({ code: quiet, echoed: false });
    }
  });

  it('splits notebook text into lines that keep their newline', () => {
    expect(lines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(lines('a\nb')).toEqual(['a\n', 'b']);
    expect(lines('')).toEqual([]);
  });
});

describe('provenance', () => {
  it('names a built-in analyst and hides endpoint credentials', () => {
    const ctx = syntheticContext(tmp, []);
    const rows = Object.fromEntries(provenanceRows(provenance(ctx)));
    expect(rows.Model).toBe('Built-in analyst');
    expect(rows['SHA-256']).toBe('ab'.repeat(32));
    expect(rows['Report generated']).toMatch(/^2026-03-01T12:00:00.000Z by Plotwright \d+\.\d+\.\d+/);
    expect(describeEndpoint('https://user:secret@api.example.com/v1/?key=abc')).toBe(
      'api.example.com/v1 (HTTPS)',
    );
  });
});

describe('renderers on a hand-made conversation', () => {
  const figure = {
    name: 'figs/plot.png',
    path: '/etc/passwd',
    size: 4,
    kind: 'image' as const,
    mime: 'image/png',
  };
  const outside = {
    name: '../../etc/passwd',
    path: '/etc/passwd',
    size: 4,
    kind: 'image' as const,
    mime: 'image/png',
  };
  const missing = {
    name: 'gone.png',
    path: '/x/gone.png',
    size: 4,
    kind: 'image' as const,
    mime: 'image/png',
  };
  const ws = path.join(tmp, 'ws');
  const messages: Message[] = [
    { id: 'u1', role: 'user', at: '2026-03-01T10:00:00.000Z', content: 'Question?' },
    assistant('Plot:\n\n```python\nplot()\n```\n\nTimeout:\n\n```python\nwhile True: pass\n```', [
      {
        index: 0,
        language: 'python',
        code: 'plot()',
        proposed: 'plot(1)',
        status: 'succeeded',
        result: fakeResult({ artifacts: [figure, outside, missing], output: 'ok\n' }),
      },
      {
        index: 1,
        language: 'python',
        code: 'while True: pass',
        status: 'timed-out',
        result: fakeResult({ exitCode: 124, timedOut: true, stateLost: true, output: 'Timeout: …' }),
      },
    ]),
    {
      id: 'x1',
      role: 'execution',
      at: '2026-03-01T10:00:01.000Z',
      content: 'exitcode: 124 (execution failed)',
      exitCode: 124,
      replyTo: 'a',
    },
  ];

  it('reads figures by their workspace name only, and notes the missing ones', () => {
    mkdirSync(path.join(ws, 'figs'), { recursive: true });
    writeFileSync(path.join(ws, 'figs', 'plot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const ctx = syntheticContext(ws, messages);
    const html = renderHtml(ctx);
    expect(html).toContain(
      `src="data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}"`,
    );
    expect(html).not.toContain('root:'); // /etc/passwd was never read
    expect(html).toContain('../../etc/passwd skipped: not a plain name inside the workspace');
    expect(html).toContain('gone.png skipped: missing from the workspace');
    expect(html).toContain('timed out');
    expect(html).toContain('Edited by the user before running');
    expect(html).not.toContain('exitcode: 124');
    expect(reportItems(ctx.conversation).map((i) => i.kind)).toEqual(['assistant']);

    const md = renderMarkdown(ctx, { filesDir: 'r_files' });
    expect(md.files).toEqual([
      { name: 'r_files/block-1-figs_plot.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    expect(md.markdown).toContain('![figs/plot.png](r_files/block-1-figs_plot.png)');

    const nb = renderNotebook(ctx) as { cells: { cell_type: string; source: string[] }[] };
    // the helpers' prelude, then the block that succeeded; the one that timed out (it would run
    // for ever) is told about in Markdown
    const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    expect(code).toEqual([HELPERS_PRELUDE.trimEnd(), 'plot()']);
    expect(nb.cells.some((c) => c.cell_type === 'markdown' && c.source.join('').includes('timed out'))).toBe(
      true,
    );

    const py = renderScript(ctx);
    expect(py).toContain('\n_show(plot())\n');
    expect(py).toContain('# while True: pass');
  });

  it('writes nothing when the PDF cannot be made', async () => {
    const out = path.join(tmp, 'no-pdf');
    const ctx = syntheticContext(ws, messages);
    const failing = { htmlToPdf: () => Promise.reject(new Error('no browser')) };
    await expect(exportReports(ctx, ['html', 'pdf'], out, { pdf: failing })).rejects.toThrow('no browser');
    expect(readdirSync(out)).toEqual([]);
  });

  it('says in one line how to get a browser when none is found', async () => {
    const env = { PLOTWRIGHT_CHROMIUM: path.join(tmp, 'no-such-browser') };
    expect(findChromium(env)).toBeNull();
    const old = process.env.PLOTWRIGHT_CHROMIUM;
    process.env.PLOTWRIGHT_CHROMIUM = env.PLOTWRIGHT_CHROMIUM;
    try {
      const err = await chromiumPdfRenderer()
        .htmlToPdf('<p>x</p>')
        .catch((e: Error) => e);
      expect(String((err as Error).message)).toMatch(
        /^PDF export: PLOTWRIGHT_CHROMIUM .* \(install one, or set PLOTWRIGHT_CHROMIUM/,
      );
      expect((err as Error).message).not.toContain('\n');
    } finally {
      if (old === undefined) delete process.env.PLOTWRIGHT_CHROMIUM;
      else process.env.PLOTWRIGHT_CHROMIUM = old;
    }
  });

  it('names exports after the title and date, and never overwrites', async () => {
    const out = path.join(tmp, 'names', 'nested');
    const ctx = syntheticContext(ws, messages, { title: 'Q1 / Sales: review' });
    const first = await exportReports(ctx, ['html', 'py'], out);
    const second = await exportReports(ctx, ['html', 'py'], out);
    const third = await exportReports(ctx, ['py'], out, { baseName: '../evil/name' });
    expect(first.map((f) => path.basename(f))).toEqual([
      'q1-sales-review-2026-03-01.html',
      'q1-sales-review-2026-03-01.py',
    ]);
    expect(second.map((f) => path.basename(f))).toEqual([
      'q1-sales-review-2026-03-01-2.html',
      'q1-sales-review-2026-03-01-2.py',
    ]);
    expect(third).toEqual([path.join(out, 'name.py')]);
  });
});

describe('figures', () => {
  it('are never read through a symlinked folder', () => {
    const ws = path.join(tmp, 'ws-link');
    const elsewhere = path.join(tmp, 'elsewhere');
    mkdirSync(ws, { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(path.join(elsewhere, 'secret.png'), 'secret');
    symlinkSync(elsewhere, path.join(ws, 'figs'));
    const artifact = {
      name: 'figs/secret.png',
      path: '',
      size: 6,
      kind: 'image' as const,
      mime: 'image/png',
    };
    expect(readFigure(ws, artifact)).toMatchObject({
      ok: false,
      note: 'figs/secret.png skipped: outside the workspace',
    });
    symlinkSync(path.join(elsewhere, 'secret.png'), path.join(ws, 'direct.png'));
    expect(readFigure(ws, { ...artifact, name: 'direct.png' })).toMatchObject({
      ok: false,
      note: 'direct.png skipped: not a regular file',
    });
  });
});

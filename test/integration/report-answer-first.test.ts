// The built-in analyst on sales.csv, through the real engine, sandbox (local mode) and report
// export with real Chromium: the reports lead with the answer (answer → key figures → steps →
// appendix), the PDF's body fits in 4 pages, and no export — of this conversation, or of a copy
// made to look like an older version's (machine lines in its outputs, the private result
// helper in its code) — shows an internal marker. The notebook validates, holds the helpers'
// prelude and every executed block in order, and runs in a fresh Python.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../electron/model/agent/conversation';
import { ConversationRun } from '../../electron/core/agent/engine';
import { BUILTIN_MODEL, createConversation, createModel } from '../../electron/core/agent/service';
import { FileConversationStore } from '../../electron/core/agent/store';
import { dataBrief } from '../../electron/core/data/privacy';
import { ExecutorService } from '../../electron/core/exec/executor';
import { chromiumPdfRenderer, exportReports, type ReportContext } from '../../electron/core/report/index';
import { HELPERS_PRELUDE } from '../../electron/core/report/replay';
import { visibleCode } from '../../electron/model/exec/visible-output';
import { SALES_CSV } from './support/env';

const PYTHON = '/usr/bin/python3';
const FORMATS = ['html', 'md', 'ipynb', 'py', 'pdf'] as const;
const MARKERS = ['PLOTWRIGHT-RESULT', '<chart:', '&lt;chart:', '_pw_result'];
const pdf = chromiumPdfRenderer({ executablePath: '/usr/bin/chromium' });

const executor = new ExecutorService({ mode: 'local' });
let root: string;
let ctx: ReportContext;
let files: Record<(typeof FORMATS)[number], string>;

function pdftotext(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  const r = spawnSync('pdftotext', [...range, file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function pageCount(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(r.stdout)![1]);
}

async function exportAll(context: ReportContext, name: string) {
  const paths = await exportReports(context, [...FORMATS], path.join(root, name), {
    pdf,
    baseName: 'report',
  });
  return Object.fromEntries(FORMATS.map((f, i) => [f, paths[i]!])) as typeof files;
}

/** Every block that ran, in order. */
const ranBlocks = (c: Conversation) =>
  c.messages.flatMap((m) => (m.role === 'assistant' ? m.blocks.filter((b) => b.result) : []));

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-answer-first-'));
  const store = new FileConversationStore(path.join(root, 'store'));
  const conversation = await createConversation(store, {
    file: SALES_CSV,
    model: BUILTIN_MODEL,
    settings: { mode: 'local' },
  });
  const profile = conversation.file!.profile!;
  const run = new ConversationRun({ executor, store }, conversation, {
    model: createModel(BUILTIN_MODEL, { profile }),
    dataBrief: dataBrief(profile, 'sample'),
  });
  const done = await run.ask('Analyse sales.csv: describe the data and its most important figures.');
  await run.close();
  expect(done.stopReason).toBe('terminated');
  ctx = { conversation: done, workspaceDir: store.workspaceDir(done.id) };
  files = await exportAll(ctx, 'now');
}, 120_000);

afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

/** Each needle found, in this order. */
function expectInOrder(text: string, needles: (string | RegExp)[]) {
  let from = 0;
  for (const n of needles) {
    const rest = text.slice(from);
    const i = typeof n === 'string' ? rest.indexOf(n) : rest.search(n);
    expect(i, `${String(n)} after position ${from}`).toBeGreaterThanOrEqual(0);
    from += i + 1;
  }
}

describe('the reports of a finished analysis', () => {
  it('PDF: answer, key figures, steps, then the appendix on a new page, after at most 4 pages', () => {
    const text = pdftotext(files.pdf);
    expectInOrder(text, [
      'Analyse sales.csv: describe the data',
      /^\f?Answer$/m,
      /\[B\d+:L\d+\]/,
      /^\f?Key figures$/m,
      /^\f?Steps$/m,
      /^\f?Step 1/m,
      /^\f?Appendix$/m,
      /^\f?Provenance$/m,
      'SHA-256',
    ]);
    const pages = pageCount(files.pdf);
    let appendix = 0;
    for (let p = 1; p <= pages && !appendix; p++)
      if (/^Appendix$/m.test(pdftotext(files.pdf, p))) appendix = p;
    expect(appendix).toBeGreaterThan(1);
    expect(appendix - 1, 'pages before the appendix').toBeLessThanOrEqual(4);
    // the appendix starts a page: its first line is the heading
    expect(pdftotext(files.pdf, appendix).trimStart()).toMatch(/^Appendix\n/);
  });

  it('HTML and Markdown: the same order', () => {
    const html = readFileSync(files.html, 'utf8');
    expectInOrder(html, [
      '<p class="question">',
      '<h2>Answer</h2>',
      'class="claim supported"',
      '<h3>Key figures</h3>',
      '<h2>Steps</h2>',
      '<span class="num">Step 1</span>',
      '<h2>Appendix</h2>',
      '<h3>Provenance</h3>',
    ]);
    expect(html.indexOf('SHA-256')).toBeGreaterThan(html.indexOf('<h2>Appendix</h2>'));
    const md = readFileSync(files.md, 'utf8');
    expectInOrder(md, [
      '**Question**',
      '## Answer',
      /\\\[B\d+:L\d+\\\]/,
      '### Key figures',
      '## Steps',
      '### Step 1 ·',
      '## Appendix',
      '### Provenance',
    ]);
  });

  it('the notebook validates, starts with the prelude and holds every executed block in order', () => {
    const nb = JSON.parse(readFileSync(files.ipynb, 'utf8')) as {
      cells: { cell_type: string; source: string[]; execution_count: number | null }[];
    };
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code[0]!.source.join('')).toBe(HELPERS_PRELUDE.trimEnd());
    const blocks = ranBlocks(ctx.conversation);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(code.slice(1).map((c) => c.source.join(''))).toEqual(
      blocks.map((b) => visibleCode(b.code).replace(/\n+$/, '')),
    );
    expect(code.slice(1).map((c) => c.execution_count)).toEqual(blocks.map((_, i) => i + 1));
    const check = spawnSync(
      PYTHON,
      [
        '-c',
        'import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print("valid")',
        files.ipynb,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stdout + check.stderr).toBe('valid\n');
  });
});

describe('an older conversation, with machine lines in its outputs', () => {
  let old: typeof files;
  let dir: string;
  beforeAll(async () => {
    const conversation = structuredClone(ctx.conversation);
    for (const m of conversation.messages) {
      if (m.role !== 'assistant') continue;
      for (const b of m.blocks) {
        if (!b.result) continue;
        b.code = `from plotwright import result as _pw_result\n${b.code}\n_pw_result('step', {'n': 1})`;
        b.result.output = `<chart: Old chart (bar, 4 points)>\n${b.result.output}\nPLOTWRIGHT-RESULT {"step":"old","n":1}\n`;
      }
    }
    old = await exportAll({ ...ctx, conversation }, 'old');
    dir = path.join(root, 'old');
  }, 60_000);

  it('no export shows an internal marker: HTML, Markdown and its files, notebook, script, PDF', () => {
    const texts: [string, string][] = [
      ['html', readFileSync(old.html, 'utf8')],
      ['md', readFileSync(old.md, 'utf8')],
      ['ipynb', readFileSync(old.ipynb, 'utf8')],
      ['py', readFileSync(old.py, 'utf8')],
      ['pdf', pdftotext(old.pdf)],
    ];
    const filesDir = path.join(dir, 'report_files');
    for (const f of readdirSync(filesDir).filter((f) => f.endsWith('.svg')))
      texts.push([f, readFileSync(path.join(filesDir, f), 'utf8')]);
    expect(texts.length).toBeGreaterThan(5);
    for (const [name, text] of texts) {
      for (const marker of MARKERS) expect(text.includes(marker), `${marker} in ${name}`).toBe(false);
    }
    expect(readFileSync(old.py, 'utf8')).toContain("record_result('step', {'n': 1})");
  });

  it('its notebook and script still run outside Plotwright, helpers and all', () => {
    const run = path.join(root, 'run-old');
    mkdirSync(run);
    copyFileSync(SALES_CSV, path.join(run, 'sales.csv'));
    const nb = JSON.parse(readFileSync(old.ipynb, 'utf8')) as {
      cells: { cell_type: string; source: string[] }[];
    };
    const cells = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    const env = { PATH: process.env.PATH, MPLBACKEND: 'Agg', HOME: run };
    const fromNotebook = spawnSync(PYTHON, ['-c', cells.join('\n\n')], { cwd: run, encoding: 'utf8', env });
    expect(fromNotebook.stderr).toBe('');
    expect(fromNotebook.status).toBe(0);
    const fromScript = spawnSync(PYTHON, [old.py], { cwd: run, encoding: 'utf8', env });
    expect(fromScript.stderr).toBe('');
    expect(fromScript.status).toBe(0);
    for (const out of [fromNotebook.stdout, fromScript.stdout]) {
      expect(out).toContain('10 rows');
      for (const marker of MARKERS) expect(out).not.toContain(marker);
    }
  });
});

// Markdown, notebook and script reports of a real conversation: links resolve, fences hold,
// the notebook validates against nbformat's schema, and both notebook and script re-run the
// analysis for real with /usr/bin/python3 in a folder holding the CSV.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Code, Nodes } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReports } from '../../electron/core/report/index';
import { HELPERS_PRELUDE } from '../../electron/core/report/replay';
import { parseMarkdown } from '../../electron/core/report/prose';
import { buildFixture, CODE, CSV_NAME, GRAND_TOTAL, HOSTILE, type Fixture } from '../support/report-fixture';

const PYTHON = '/usr/bin/python3';
let fx: Fixture;
let out: string;
let files: Record<'md' | 'ipynb' | 'py', string>;

beforeAll(async () => {
  fx = await buildFixture();
  out = path.join(fx.root, 'out');
  const [md, ipynb, py] = await exportReports(fx.ctx, ['md', 'ipynb', 'py'], out, { baseName: 'report' });
  files = { md: md!, ipynb: ipynb!, py: py! };
});
afterAll(async () => {
  await fx?.cleanup();
});

const blocks = () => fx.ctx.conversation.messages.flatMap((m) => (m.role === 'assistant' ? m.blocks : []));

/** A fresh folder holding only the CSV. */
function runDir(name: string): string {
  const dir = path.join(fx.root, name);
  mkdirSync(dir);
  copyFileSync(fx.csvPath, path.join(dir, CSV_NAME));
  return dir;
}

function python(args: string[], cwd: string, input?: string) {
  const r = spawnSync(PYTHON, args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, MPLBACKEND: 'Agg', HOME: cwd },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The raw HTML a Markdown renderer would pass through. */
function htmlNodes(n: Nodes): string[] {
  if (n.type === 'html') return [n.value];
  return 'children' in n ? n.children.flatMap((c) => htmlNodes(c)) : [];
}

describe('Markdown report', () => {
  it('writes report.md and its files, every link resolving to a written file', () => {
    const md = readFileSync(files.md, 'utf8');
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links).toEqual([
      'report_files/block-5-chart-1.svg',
      'report_files/block-5-chart-2.svg',
      'report_files/block-6-figure-5-1.png',
    ]);
    for (const link of links) expect(existsSync(path.join(out, link)), link).toBe(true);
    const svg = readFileSync(path.join(out, links[0]!), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = readFileSync(path.join(out, links[2]!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('keeps code and outputs intact in their fences, hostile values included', () => {
    const tree = parseMarkdown(readFileSync(files.md, 'utf8'));
    const code: Code[] = [];
    const walk = (n: Nodes) => {
      if (n.type === 'code') code.push(n);
      else if ('children' in n) n.children.forEach(walk);
    };
    walk(tree);
    const values = code.map((c) => c.value);
    for (const b of blocks()) {
      expect(values).toContain(b.code);
      if (b.result?.output) expect(values).toContain(b.result.output.replace(/\n$/, ''));
    }
    const cityOutput = code.find((c) => c.value.includes('DROP TABLE'))!;
    expect(cityOutput.lang).toBe('text');
    expect(cityOutput.value).toContain(HOSTILE.fence);
    expect(htmlNodes(tree)).toEqual([]); // no raw HTML anywhere: the hostile tags are escaped
  });
});

describe('Notebook', () => {
  const nb = () =>
    JSON.parse(readFileSync(files.ipynb, 'utf8')) as {
      nbformat: number;
      nbformat_minor: number;
      metadata: { kernelspec: { name: string }; language_info: { name: string } };
      cells: {
        cell_type: string;
        id: string;
        source: string[];
        metadata: { tags?: string[] };
        execution_count?: number | null;
        outputs?: { output_type: string; data?: Record<string, unknown>; name?: string }[];
      }[];
    };

  it('passes nbformat.validate', () => {
    const r = python(
      [
        '-c',
        'import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print("valid", nb.nbformat, nb.nbformat_minor)',
        files.ipynb,
      ],
      out,
    );
    expect(r.out).toBe('valid 4 5\n');
    expect(r.status).toBe(0);
  });

  it('has the helpers prelude, then one numbered code cell per block that ran, with its outputs', () => {
    const doc = nb();
    expect(doc.metadata.kernelspec.name).toBe('python3');
    expect(doc.metadata.language_info.name).toBe('python');
    const ids = doc.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const code = doc.cells.filter((c) => c.cell_type === 'code');
    expect(code[0]!.source.join('')).toBe(HELPERS_PRELUDE.trimEnd());
    expect(code[0]!.execution_count).toBeNull();
    const executed = code.filter((c) => c.execution_count !== null);
    expect(code).toHaveLength(executed.length + 1);
    expect(executed.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(executed.map((c) => c.source.join(''))).toEqual([
      CODE.load,
      CODE.typo,
      CODE.fix,
      CODE.charts,
      CODE.figure,
      `%%bash\n${CODE.shell}`,
    ]);
    // the block that failed is a cell too, tagged so "Run all" goes on past it
    expect(executed.map((c) => c.metadata.tags ?? [])).toEqual([[], ['raises-exception'], [], [], [], []]);
    expect(JSON.stringify(executed[1]!.outputs)).toContain("KeyError: 'Region'");
    const [load, , , charts, figure] = executed;
    expect(load!.outputs![0]).toMatchObject({ output_type: 'stream', name: 'stdout' });
    expect(charts!.outputs!.filter((o) => o.data?.['image/svg+xml'])).toHaveLength(2);
    const png = figure!.outputs!.find((o) => o.data?.['image/png'])!.data!['image/png'] as string;
    expect(Buffer.from(png, 'base64').subarray(1, 4).toString()).toBe('PNG');
    // The unrun and rejected blocks are told about in Markdown.
    const markdown = doc.cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source.join(''));
    for (const c of [CODE.afterTypo, CODE.rejected]) expect(markdown.some((m) => m.includes(c))).toBe(true);
    for (const m of markdown) expect(htmlNodes(parseMarkdown(m))).toEqual([]);
  });

  it('re-runs: its code cells, in order, in a fresh Python holding the CSV', () => {
    // as nbclient runs them: a cell tagged raises-exception may raise, and the run goes on
    const cells = nb()
      .cells.filter((c) => c.cell_type === 'code')
      .map((c) => {
        const src = c.source.join('');
        if (src.startsWith('%%bash\n'))
          return `import subprocess, sys\nsys.stdout.flush()\nsubprocess.run(['bash', '-c', ${JSON.stringify(src.slice(7))}], check=True)`;
        if (c.metadata.tags?.includes('raises-exception'))
          return `try:\n    exec(${JSON.stringify(src)})\nexcept Exception as e:\n    print('raised', type(e).__name__)`;
        return src;
      });
    const dir = runDir('rerun-notebook');
    writeFileSync(path.join(dir, 'cells.py'), cells.join('\n\n') + '\n');
    const r = python(['cells.py'], dir);
    expect(r.out).toContain(`TOTAL ${GRAND_TOTAL}`);
    expect(r.out).toMatch(/South\s+2150\.00/);
    expect(r.out).toMatch(/Zürich\s+1906\.25/);
    expect(r.out).toContain(`10 ${CSV_NAME}`);
    expect(r.out).toContain('raised KeyError');
    expect(r.status).toBe(0);
  });
});

describe('Script', () => {
  it('holds the provenance and only the blocks that succeeded', () => {
    const py = readFileSync(files.py, 'utf8');
    expect(py.split('\n')[0]).toBe('# WARNING: this script runs OUTSIDE any sandbox.');
    expect(py).toMatch(
      /^# .*runs as you: with network\n# access, and able to read, change and delete your files/m,
    );
    expect(py).toMatch(/\n"""Revenue by region/); // then the provenance docstring
    expect(py).toContain(fx.ctx.conversation.file!.sha256);
    expect(py).toContain(`# ${CODE.typo}`);
    expect(py).toContain(`# ${CODE.rejected}`);
    expect(py).toContain('run `python3 report.py`');
    expect(py).not.toMatch(/^print\('never printed'\)/m);
  });

  it('re-runs the analysis with python3', () => {
    const dir = runDir('rerun-script');
    copyFileSync(files.py, path.join(dir, 'analysis.py'));
    const before = readFileSync(path.join(dir, CSV_NAME));
    const r = python(['analysis.py'], dir);
    expect(r.out).toContain(`TOTAL ${GRAND_TOTAL}`);
    expect(r.out).toMatch(/South\s+2150\.00/);
    expect(r.out).toContain('Cities: 6');
    expect(r.out).toContain('figure drawn');
    expect(r.out).toContain(`10 ${CSV_NAME}`);
    expect(r.out).not.toContain('never printed');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, CSV_NAME))).toEqual(before); // the rejected block did not run
  });
});

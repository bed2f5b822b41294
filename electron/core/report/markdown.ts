// The Markdown report: report.md plus its figures and charts (SVG) in a folder next to it,
// linked relatively. Code and output go in fences longer than any backtick run they contain.
import type { BlockRun } from '../agent/model';
import type { Artifact } from '../exec/types';
import { chartToSvg } from './chart-svg';
import {
  blockNotes,
  fenced,
  formatBytes,
  mdInline,
  NOTICE_LABELS,
  otherFiles,
  questionOf,
  isFigure,
  readFigure,
  reportItems,
  statusText,
  type ReportItem,
} from './common';
import { ALL_SUPPORTED, allSupported, AnswerMarks, markdownMarker, unsupportedSummary } from './answer';
import type { ReportContext } from './index';
import { neutraliseMarkdown } from './prose';
import { provenance, provenanceRows } from './provenance';

export interface ReportFile {
  /** Path relative to the report, with forward slashes. */
  name: string;
  content: Buffer | string;
}

/** What became of a figure copied into the files folder (by `writeMarkdown`). */
export type PlacedFigure = { ok: true } | { ok: false; note: string };

export interface MarkdownOptions {
  /** The folder for figures and charts, next to the .md file. */
  filesDir?: string;
  /**
   * Figures already copied to their place (by name in the files folder, see `figurePlaces`).
   * Without it, figures are read here and returned in `files`.
   */
  placed?: ReadonlyMap<string, PlacedFigure>;
}

/** A file name made of safe characters only. */
export function safeFileName(name: string): string {
  return (
    name
      .replace(/[\\/]+/g, '_')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^\.+/, '_') || 'file'
  );
}

/** Where each figure of block `number` goes in the files folder: one distinct name each. */
export function figurePlaces(block: BlockRun, number: number, filesDir: string): [Artifact, string][] {
  const used = new Set<string>();
  return (block.result?.artifacts ?? []).filter(isFigure).map((artifact) => {
    const base = `block-${number}-${safeFileName(artifact.name)}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = base.replace(/(\.[^.]*)?$/, `-${n}$1`);
    used.add(name);
    return [artifact, `${filesDir}/${name}`];
  });
}

const link = (relPath: string) => relPath.split('/').map(encodeURIComponent).join('/');

/** Text as a Markdown blockquote, shown literally. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${mdInline(line)}`)
    .join('\n');
}

function blockMarkdown(
  block: BlockRun,
  number: number,
  ctx: ReportContext,
  filesDir: string,
  files: ReportFile[],
  placedFigures?: ReadonlyMap<string, PlacedFigure>,
): string {
  const out: string[] = [];
  const r = block.result;
  out.push(`**Block ${number}** · \`${block.language}\` · ${mdInline(statusText(block))}`);
  out.push(fenced(block.code, block.language === 'sh' ? 'sh' : 'python'));
  if (block.proposed !== undefined && block.proposed !== block.code) {
    out.push(`*Edited by the user before running. The model's version:*`);
    out.push(fenced(block.proposed, block.language === 'sh' ? 'sh' : 'python'));
  }
  if (block.status === 'rejected') {
    out.push(`*Rejected by the user${block.feedback ? `:* ${mdInline(block.feedback)}` : '.*'}`);
  } else if (block.status === 'not-run' && !r) {
    out.push('*Not run (execution was off, or an earlier block of the message failed).*');
  }
  const output = r?.output ?? block.output;
  if (output) out.push('Output:', fenced(output, 'text'));
  if (r?.stateLost) out.push('*The kernel was restarted: variables were lost.*');
  for (const note of blockNotes(block, ctx.conversation)) out.push(`*Note:* ${mdInline(note)}`);
  for (const [artifact, name] of figurePlaces(block, number, filesDir)) {
    let placed = placedFigures?.get(name);
    if (!placed) {
      const fig = readFigure(ctx.workspaceDir, artifact);
      if (fig.ok) files.push({ name, content: fig.data });
      placed = fig.ok ? { ok: true } : { ok: false, note: fig.note };
    }
    if (placed.ok) out.push(`![${mdInline(artifact.name)}](${link(name)})`);
    else out.push(`*Figure ${mdInline(placed.note)}*`);
  }
  (r?.charts ?? []).forEach((spec, i) => {
    const name = `${filesDir}/block-${number}-chart-${i + 1}.svg`;
    try {
      files.push({ name, content: chartToSvg(spec) });
      out.push(`**Chart:** ${mdInline(spec.title)}`, `![${mdInline(spec.title)}](${link(name)})`);
    } catch (err) {
      out.push(`*The chart ${mdInline(spec.title)} could not be drawn: ${mdInline((err as Error).message)}*`);
    }
  });
  const written = otherFiles(block);
  if (written.length) {
    const list = written.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ');
    out.push(`*Files written:* ${mdInline(list)}`);
  }
  return out.join('\n\n');
}

function itemMarkdown(
  item: ReportItem,
  ctx: ReportContext,
  filesDir: string,
  files: ReportFile[],
  marks: AnswerMarks,
  placed?: ReadonlyMap<string, PlacedFigure>,
): string {
  switch (item.kind) {
    case 'user':
      return `### User\n\n${quote(item.message.content)}`;
    case 'notice':
      return `> **${NOTICE_LABELS[item.message.level]}:** ${mdInline(item.message.content)}`;
    case 'assistant': {
      const trace = marks.trace(item.message.id);
      const mark = trace ? markdownMarker(marks, trace) : (text: string) => text;
      const missing = unsupportedSummary(trace);
      return [
        '### Analyst',
        missing ? `> **⚠ ${mdInline(missing)}**` : '',
        ...item.parts.map((p) =>
          p.kind === 'prose'
            ? mark(neutraliseMarkdown(p.text))
            : blockMarkdown(p.block, p.number, ctx, filesDir, files, placed),
        ),
        allSupported(trace) ? `*✓ ${ALL_SUPPORTED}*` : '',
      ]
        .filter(Boolean)
        .join('\n\n');
    }
  }
}

export function renderMarkdown(
  ctx: ReportContext,
  options: MarkdownOptions = {},
): { markdown: string; files: ReportFile[] } {
  const filesDir = options.filesDir ?? 'report_files';
  const c = ctx.conversation;
  const files: ReportFile[] = [];
  const question = questionOf(c);
  const prov = provenanceRows(provenance(ctx)).map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`);
  const items = reportItems(c);
  const marks = new AnswerMarks(c, items);
  const sections = [
    `# ${mdInline(c.title)}`,
    question ? `**Question**\n\n${quote(question.content)}` : '',
    '## Provenance',
    prov.join('\n'),
    '## Analysis',
    ...items.map((item) => itemMarkdown(item, ctx, filesDir, files, marks, options.placed)),
    c.error ? `> **Stopped:** ${mdInline(c.error)}` : '',
  ];
  return { markdown: sections.filter(Boolean).join('\n\n') + '\n', files };
}

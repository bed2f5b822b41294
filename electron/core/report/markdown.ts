// The Markdown report, answer first (the same order as the HTML report): question, answer with
// its claim marks, key figures and main chart; the steps in short; an appendix with code, full
// outputs and provenance. Figures and charts (SVG) go in a folder next to it, linked
// relatively. Code and output go in fences longer than any backtick run they contain.
import { visibleCode } from '../../model/exec/visible-output';
import type { BlockRun } from '../../model/agent/conversation';
import type { Artifact } from '../../model/exec/types';
import { chartToSvg } from '../../model/charts/svg';
import {
  blockNotes,
  fenced,
  mdInline,
  NOTICE_LABELS,
  otherFiles,
  isFigure,
  readFigure,
  reportItems,
  statusText,
  type ReportItem,
} from './common';
import { leadProse, reportLead, type ReportLead } from './lead';
import { blockOutput, moreLines, reportSteps, shortOutput, stepStatus, type Step } from './steps';
import { ALL_SUPPORTED, allSupported, AnswerMarks, markdownMarker, unsupportedSummary } from './answer';
import type { ReportContext } from './context';
import { neutraliseMarkdown } from './prose';
import { exportedCode, exportedLanguage, toolTitle } from './tool-code';
import { provenance, provenanceRows } from './provenance';
import { formatBytes } from '../../model/text/bytes';

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

/** A block's figures and charts as image links (the files go to the files folder). */
function blockVisuals(
  block: BlockRun,
  number: number,
  ctx: ReportContext,
  filesDir: string,
  files: ReportFile[],
  placedFigures?: ReadonlyMap<string, PlacedFigure>,
): string[] {
  const out: string[] = [];
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
  (block.result?.charts ?? []).forEach((spec, i) => {
    const name = chartFile(filesDir, number, i);
    try {
      files.push({ name, content: chartToSvg(spec) });
      out.push(`**Chart:** ${mdInline(spec.title)}`, `![${mdInline(spec.title)}](${link(name)})`);
    } catch (err) {
      out.push(`*The chart ${mdInline(spec.title)} could not be drawn: ${mdInline((err as Error).message)}*`);
    }
  });
  return out;
}

const chartFile = (filesDir: string, number: number, i: number) =>
  `${filesDir}/block-${number}-chart-${i + 1}.svg`;

/** Rejected or never run: one line saying so. */
function blockFate(block: BlockRun): string {
  if (block.status === 'rejected')
    return `*Rejected by the user${block.feedback ? `:* ${mdInline(block.feedback)}` : '.*'}`;
  if (block.status === 'not-run' && !block.result)
    return '*Not run (execution was off, or an earlier block of the message failed).*';
  return '';
}

/** A step in the body: title and status, its charts, the first lines of its output. */
function stepMarkdown(step: Step, visuals: string[]): string {
  const { block, number } = step;
  const out = [`### Step ${number} · ${mdInline(step.title)} · ${mdInline(stepStatus(block))}`];
  const fate = blockFate(block);
  if (fate) out.push(fate);
  out.push(...visuals);
  const output = blockOutput(block).text;
  if (output.trim()) {
    const short = shortOutput(output);
    out.push(fenced(short.text, 'text'));
    if (short.more) out.push(`*${moreLines(short.more)}*`);
  }
  return out.join('\n\n');
}

/** A block in the appendix: its code and full output, its notes. */
function appendixBlock(block: BlockRun, number: number, ctx: ReportContext): string {
  const out: string[] = [];
  const r = block.result;
  const lang = exportedLanguage(block);
  out.push(`**Step ${number}** · \`${block.language}\` · ${mdInline(statusText(block))}`);
  const tool = toolTitle(block);
  if (tool) out.push(`*Tool call:* ${mdInline(tool)}`);
  out.push(fenced(exportedCode(block), lang));
  if (block.proposed !== undefined && block.proposed !== block.code) {
    out.push(`*Edited by the user before running. The model's version:*`);
    out.push(fenced(visibleCode(block.proposed), lang));
  }
  const fate = blockFate(block);
  if (fate) out.push(fate);
  const output = blockOutput(block).text;
  if (output) out.push('Output:', fenced(output, 'text'));
  if (r?.stateLost) out.push('*The kernel was restarted: variables were lost.*');
  for (const note of blockNotes(block, ctx.conversation)) out.push(`*Note:* ${mdInline(note)}`);
  const written = otherFiles(block);
  if (written.length) {
    const list = written.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ');
    out.push(`*Files written:* ${mdInline(list)}`);
  }
  return out.join('\n\n');
}

function appendixItem(
  item: ReportItem,
  ctx: ReportContext,
  marks: AnswerMarks,
  leadId: string | null,
): string {
  switch (item.kind) {
    case 'user':
      return `#### User\n\n${quote(item.message.content)}`;
    case 'notice':
      return `> **${NOTICE_LABELS[item.message.level]}:** ${mdInline(item.message.content)}`;
    case 'assistant': {
      const lead = item.message.id === leadId;
      const trace = lead ? null : marks.trace(item.message.id);
      const mark = trace ? markdownMarker(marks, trace) : (text: string) => text;
      const missing = unsupportedSummary(trace);
      return [
        '#### Analyst',
        missing ? `> **⚠ ${mdInline(missing)}**` : '',
        lead ? '*The final answer: at the top of this report.*' : '',
        ...item.parts.map((p) =>
          p.kind === 'block'
            ? appendixBlock(p.block, p.number, ctx)
            : lead
              ? ''
              : mark(neutraliseMarkdown(p.text)),
        ),
        allSupported(trace) ? `*✓ ${ALL_SUPPORTED}*` : '',
      ]
        .filter(Boolean)
        .join('\n\n');
    }
  }
}

function answerMarkdown(lead: ReportLead, marks: AnswerMarks, chartLink: string | null): string[] {
  if (lead.noAnswer) return ['## Answer', `**${mdInline(lead.noAnswer)}**`];
  const trace = lead.trace;
  const mark = trace ? markdownMarker(marks, trace) : (text: string) => text;
  const missing = unsupportedSummary(trace);
  const out = ['## Answer', missing ? `> **⚠ ${mdInline(missing)}**` : ''];
  for (const text of leadProse(lead)) out.push(mark(neutraliseMarkdown(text)));
  if (allSupported(trace)) out.push(`*✓ ${ALL_SUPPORTED}*`);
  if (lead.note) out.push(`*${mdInline(lead.note)}*`);
  if (lead.figures.length) {
    out.push('### Key figures');
    out.push(
      lead.figures
        .map(
          (f) =>
            `- **${mdInline(f.value)}** — step ${f.step}, line ${f.line}: \`${f.text.replace(/`/g, "'")}\``,
        )
        .join('\n'),
    );
  }
  if (lead.chart && chartLink) out.push(`**Main chart:** ${mdInline(lead.chart.spec.title)}`, chartLink);
  return out;
}

export function renderMarkdown(
  ctx: ReportContext,
  options: MarkdownOptions = {},
): { markdown: string; files: ReportFile[] } {
  const filesDir = options.filesDir ?? 'report_files';
  const c = ctx.conversation;
  const files: ReportFile[] = [];
  const prov = provenanceRows(provenance(ctx)).map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`);
  const items = reportItems(c);
  const marks = new AnswerMarks(c, items);
  const steps = reportSteps(items);
  const lead = reportLead(c, items, steps, marks);
  const stepSections = steps.map((s) =>
    stepMarkdown(s, blockVisuals(s.block, s.number, ctx, filesDir, files, options.placed)),
  );
  // The main chart is one of the steps' charts: the same file.
  const chart = lead.chart;
  const index = chart
    ? steps.find((s) => s.number === chart.step)?.block.result?.charts.indexOf(chart.spec)
    : -1;
  const chartName =
    chart && index !== undefined && index >= 0 ? chartFile(filesDir, chart.step, index) : null;
  const chartLink =
    chart && chartName && files.some((f) => f.name === chartName)
      ? `![${mdInline(chart.spec.title)}](${link(chartName)})`
      : null;
  const sections = [
    `# ${mdInline(c.title)}`,
    lead.question ? `**Question**\n\n${quote(lead.question)}` : '',
    ...answerMarkdown(lead, marks, chartLink),
    steps.length ? '## Steps' : '',
    ...stepSections,
    '## Appendix',
    '### The analysis in full: code and outputs',
    ...reportItems(c, lead.questionMessage).map((item) =>
      appendixItem(item, ctx, marks, lead.item?.message.id ?? null),
    ),
    c.error ? `> **Stopped:** ${mdInline(c.error)}` : '',
    '### Provenance',
    prov.join('\n'),
  ];
  return { markdown: sections.filter(Boolean).join('\n\n') + '\n', files };
}

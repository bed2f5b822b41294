// The Jupyter notebook (nbformat 4.5): prose as Markdown cells, every block that succeeded as a
// code cell with its recorded outputs. Failed, rejected and unrun blocks are shown in Markdown,
// so "Run all" in a folder holding the data file re-runs the analysis from top to bottom.
import type { BlockRun } from '../agent/model';
import { chartToSvg } from './chart-svg';
import {
  allBlocks,
  blockNotes,
  fenced,
  mdInline,
  NOTICE_LABELS,
  questionOf,
  readFigures,
  reportItems,
  statusText,
  type ReportItem,
} from './common';
import { answerCheckLines, AnswerMarks } from './answer';
import type { ReportContext } from './index';
import { neutraliseMarkdown } from './prose';
import { provenance, provenanceRows } from './provenance';

type Source = string[];
type Output = Record<string, unknown>;
interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, unknown>;
  source: Source;
  execution_count?: number | null;
  outputs?: Output[];
}

/** nbformat's multi-line string: lines that keep their newline, the last one without. */
export function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** Makes `from plotwright import chart, result` work outside the sandbox (as no-ops). */
export const CHART_FALLBACK = `# Plotwright's chart() and result() helpers exist only in its sandbox; elsewhere they do nothing.
import sys, types
try:
    import plotwright  # noqa: F401
except ImportError:
    plotwright = types.ModuleType("plotwright")
    plotwright.chart = lambda *args, **kwargs: None
    plotwright.result = lambda *args, **kwargs: None
    sys.modules["plotwright"] = plotwright
`;

export function usesChartHelper(blocks: BlockRun[]): boolean {
  return blocks.some((b) => b.language === 'python' && /\bplotwright\b/.test(b.code));
}

/** The blocks that become code cells (notebook) or code (script). */
export const replayable = (b: BlockRun) => b.status === 'succeeded';

const FIGURE_MIME = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

function outputsOf(block: BlockRun, ctx: ReportContext): Output[] {
  const outputs: Output[] = [];
  const r = block.result;
  const text = r?.output ?? block.output ?? '';
  if (text) outputs.push({ output_type: 'stream', name: 'stdout', text: lines(text) });
  for (const fig of readFigures(ctx.workspaceDir, block)) {
    if (!fig.ok || !FIGURE_MIME.has(fig.artifact.mime)) {
      const note = fig.ok ? `${fig.artifact.name}: ${fig.artifact.mime} is not shown in notebooks` : fig.note;
      outputs.push({
        output_type: 'display_data',
        data: { 'text/plain': [`[figure ${note}]`] },
        metadata: {},
      });
      continue;
    }
    const data =
      fig.artifact.mime === 'image/svg+xml' ? lines(fig.data.toString('utf8')) : fig.data.toString('base64');
    outputs.push({
      output_type: 'display_data',
      data: { [fig.artifact.mime]: data, 'text/plain': [`<Figure ${fig.artifact.name}>`] },
      metadata: {},
    });
  }
  for (const spec of r?.charts ?? []) {
    const summary = `<chart: ${spec.title} (${spec.kind}, ${spec.data.length} points)>`;
    let data: Record<string, unknown> = { 'text/plain': [summary] };
    try {
      data = { 'image/svg+xml': lines(chartToSvg(spec)), ...data };
    } catch {
      // the summary alone
    }
    outputs.push({ output_type: 'display_data', data, metadata: {} });
  }
  return outputs;
}

/** A block that is not a code cell, described in Markdown. */
function blockAsMarkdown(block: BlockRun, number: number, ctx: ReportContext): string {
  const out = [
    `**Block ${number}** · \`${block.language}\` · ${mdInline(statusText(block))} — not a code cell here.`,
  ];
  if (block.status === 'rejected' && block.feedback)
    out.push(`*Rejected by the user:* ${mdInline(block.feedback)}`);
  out.push(fenced(block.code, block.language === 'sh' ? 'sh' : 'python'));
  const output = block.result?.output ?? block.output;
  if (output) out.push('Output:', fenced(output, 'text'));
  for (const note of blockNotes(block, ctx.conversation)) out.push(`*Note:* ${mdInline(note)}`);
  return out.join('\n\n');
}

export function renderNotebook(ctx: ReportContext): object {
  const c = ctx.conversation;
  const prov = provenance(ctx);
  const items = reportItems(c);
  const cells: Cell[] = [];
  let count = 0;
  const markdown = (text: string) => {
    if (text.trim())
      cells.push({ cell_type: 'markdown', id: `md-${cells.length + 1}`, metadata: {}, source: lines(text) });
  };
  const code = (source: string, outputs: Output[], executed: boolean, tags: string[] = []) =>
    cells.push({
      cell_type: 'code',
      id: `code-${cells.length + 1}`,
      metadata: tags.length ? { tags } : {},
      source: lines(source.replace(/\n+$/, '')),
      execution_count: executed ? ++count : null,
      outputs,
    });

  const question = questionOf(c);
  markdown(
    [
      `# ${mdInline(c.title)}`,
      question
        ? `**Question**\n\n${question.content
            .split('\n')
            .map((l) => `> ${mdInline(l)}`)
            .join('\n')}`
        : '',
      '## Provenance',
      provenanceRows(prov)
        .map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`)
        .join('\n'),
      c.file ? `Run the cells in a folder that holds \`${c.file.name.replace(/`/g, "'")}\`.` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  if (usesChartHelper(allBlocks(items).map((b) => b.block)))
    code(CHART_FALLBACK, [], false, ['plotwright-setup']);

  const marks = new AnswerMarks(c, items);
  const itemCells = (item: ReportItem) => {
    if (item.kind === 'user')
      return markdown(
        `### User\n\n${item.message.content
          .split('\n')
          .map((l) => `> ${mdInline(l)}`)
          .join('\n')}`,
      );
    if (item.kind === 'notice')
      return markdown(`> **${NOTICE_LABELS[item.message.level]}:** ${mdInline(item.message.content)}`);
    let pending: string[] = ['### Analyst'];
    for (const part of item.parts) {
      if (part.kind === 'prose') pending.push(neutraliseMarkdown(part.text));
      else if (!replayable(part.block)) pending.push(blockAsMarkdown(part.block, part.number, ctx));
      else {
        markdown(pending.join('\n\n'));
        pending = [];
        const b = part.block;
        code(b.language === 'sh' ? `%%bash\n${b.code}` : b.code, outputsOf(b, ctx), true);
      }
    }
    const trace = marks.trace(item.message.id);
    const check = trace ? answerCheckLines(marks, trace) : [];
    if (check.length) pending.push(`> **Number check.** ${check.map((l) => mdInline(l)).join('\n>\n> ')}`);
    markdown(pending.join('\n\n'));
  };
  items.forEach(itemCells);
  if (c.error) markdown(`> **Stopped:** ${mdInline(c.error)}`);

  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python', ...(prov.packages.python ? { version: prov.packages.python } : {}) },
      plotwright: {
        conversation: c.id,
        generatedAt: prov.generatedAt,
        version: prov.plotwrightVersion,
        file: prov.file ? { name: prov.file.name, sha256: prov.file.sha256 } : null,
      },
    },
    cells,
  };
}

// The Jupyter notebook (nbformat 4.5): a first Markdown cell with the question, the answer and
// the provenance; a prelude cell defining Plotwright's helpers; then the conversation in order,
// prose as Markdown cells and every block that ran as a code cell with its recorded outputs
// (failed ones tagged `raises-exception`). Rejected and unrun blocks are shown in Markdown, so
// "Run all" in a folder holding the data file re-runs the analysis from top to bottom.
import type { BlockRun } from '../../model/agent/conversation';
import { chartToSvg } from '../../model/charts/svg';
import {
  blockNotes,
  fenced,
  mdInline,
  NOTICE_LABELS,
  readFigures,
  reportItems,
  statusText,
  type ReportItem,
} from './common';
import { leadProse, reportLead, type ReportLead } from './lead';
import { blockOutput, reportSteps } from './steps';
import { answerCheckLines, AnswerMarks } from './answer';
import type { ReportContext } from './context';
import { neutraliseMarkdown } from './prose';
import { provenance, provenanceRows } from './provenance';
import { HELPERS_PRELUDE, ranAndFailed, replayable } from './replay';
import { exportedCode, exportedLanguage, replayCode, toolTitle } from './tool-code';

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

const FIGURE_MIME = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

function outputsOf(block: BlockRun, ctx: ReportContext): Output[] {
  const outputs: Output[] = [];
  const r = block.result;
  const text = blockOutput(block).text;
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
    const summary = `Chart: ${spec.title}`;
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
  const tool = toolTitle(block);
  if (tool) out.push(`*Tool call:* ${mdInline(tool)}`);
  out.push(fenced(exportedCode(block), exportedLanguage(block)));
  const output = blockOutput(block).text;
  if (output) out.push('Output:', fenced(output, 'text'));
  for (const note of blockNotes(block, ctx.conversation)) out.push(`*Note:* ${mdInline(note)}`);
  return out.join('\n\n');
}

/** The notebook's first cell: title, question, the answer (or why there is none), provenance. */
function headerMarkdown(ctx: ReportContext, lead: ReportLead, marks: AnswerMarks): string {
  const c = ctx.conversation;
  const quote = (text: string) =>
    text
      .split('\n')
      .map((l) => `> ${mdInline(l)}`)
      .join('\n');
  const answer: string[] = ['## Answer'];
  if (lead.noAnswer) answer.push(`**${mdInline(lead.noAnswer)}**`);
  else {
    answer.push(...leadProse(lead).map((t) => neutraliseMarkdown(t)));
    const check = lead.trace ? answerCheckLines(marks, lead.trace) : [];
    if (check.length) answer.push(`> **Number check.** ${check.map((l) => mdInline(l)).join('\n>\n> ')}`);
    if (lead.note) answer.push(`*${mdInline(lead.note)}*`);
  }
  return [
    `# ${mdInline(c.title)}`,
    lead.question ? `**Question**\n\n${quote(lead.question)}` : '',
    ...answer,
    '## Provenance',
    provenanceRows(provenance(ctx))
      .map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`)
      .join('\n'),
    c.file ? `Run the cells in a folder that holds \`${c.file.name.replace(/`/g, "'")}\`.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function renderNotebook(ctx: ReportContext): object {
  const c = ctx.conversation;
  const prov = provenance(ctx);
  const items = reportItems(c);
  const marks = new AnswerMarks(c, items);
  const lead = reportLead(c, items, reportSteps(items), marks);
  const leadId = lead.item?.message.id ?? null;
  const replay = replayCode(c);
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

  markdown(headerMarkdown(ctx, lead, marks));
  code(HELPERS_PRELUDE, [], false, ['plotwright-setup']);

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
    const isLead = item.message.id === leadId;
    let pending: string[] = ['### Analyst'];
    if (isLead) pending.push('*The final answer: at the top of this notebook.*');
    for (const part of item.parts) {
      if (part.kind === 'prose') {
        if (!isLead) pending.push(neutraliseMarkdown(part.text));
      } else if (!replayable(part.block) && !ranAndFailed(part.block))
        pending.push(blockAsMarkdown(part.block, part.number, ctx));
      else {
        const b = part.block;
        const tool = toolTitle(b);
        if (tool) pending.push(`*Tool call:* ${mdInline(tool)}`);
        markdown(pending.join('\n\n'));
        pending = [];
        const source = replay(b);
        const tags = ranAndFailed(b) ? ['raises-exception'] : [];
        code(b.language === 'sh' ? `%%bash\n${source}` : source, outputsOf(b, ctx), true, tags);
      }
    }
    const trace = isLead ? null : marks.trace(item.message.id);
    const check = trace ? answerCheckLines(marks, trace) : [];
    if (check.length) pending.push(`> **Number check.** ${check.map((l) => mdInline(l)).join('\n>\n> ')}`);
    markdown(pending.join('\n\n'));
  };
  reportItems(c, lead.questionMessage).forEach(itemCells);
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

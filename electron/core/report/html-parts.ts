// Pieces of the HTML report: charts (inline SVG with a data table), figures (data: URIs),
// outputs with the lines an answer cites, and the appendix's blocks and conversation.
import { visibleCode } from '../../model/exec/visible-output';
import type { BlockRun, Conversation } from '../../model/agent/conversation';
import type { ChartSpec } from '../../model/charts/spec';
import type { AnswerMarks } from './answer';
import { ALL_SUPPORTED, allSupported, htmlMarker, lineAnchor, unsupportedSummary } from './answer';
import { escapeHtml as esc } from '../../model/text/html';
import { chartToSvg } from '../../model/charts/svg';
import { blockNotes, otherFiles, readFigures, statusText, type ReportItem } from './common';
import type { ReportContext } from './context';
import { markdownToSafeHtml } from './prose';
import { blockOutput } from './steps';
import { exportedCode, toolTitle } from './tool-code';
import { formatBytes } from '../../model/text/bytes';

/** Rows shown in a chart's data table. */
export const MAX_TABLE_ROWS = 500;

const SVG_NS = ' xmlns="http://www.w3.org/2000/svg"';

function chartTable(spec: ChartSpec): string {
  const keys = [spec.x, ...spec.series.map((s) => s.key)];
  const head = [spec.xLabel || spec.x, ...spec.series.map((s) => s.label)];
  const rows = spec.data.slice(0, MAX_TABLE_ROWS).map((row) => {
    const cells = keys.map((k) => {
      const v = row[k];
      return typeof v === 'number' ? `<td class="num">${esc(v)}</td>` : `<td>${esc(v ?? '')}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  const more =
    spec.data.length > MAX_TABLE_ROWS ? ` — the first ${MAX_TABLE_ROWS} of ${spec.data.length} rows` : '';
  const reduced =
    spec.sourcePoints && spec.sourcePoints > spec.data.length
      ? ` (reduced from ${spec.sourcePoints} points for drawing)`
      : '';
  return (
    `<details><summary>Data (${spec.data.length} rows${reduced}${more})</summary>` +
    `<table class="data"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></details>`
  );
}

/** The size steps draw their charts at: two fit side by side on a printed page. */
export const STEP_CHART = { width: 480, height: 260 };

export function chartFigure(
  spec: ChartSpec,
  cls = 'chart',
  size?: { width: number; height: number },
): string {
  let svg: string;
  try {
    svg = chartToSvg(spec, size).replace(SVG_NS, '');
  } catch (err) {
    svg = `<p class="note">The chart could not be drawn: ${esc((err as Error).message)}</p>`;
  }
  return `<figure class="${cls}"><figcaption>${esc(spec.title)}</figcaption>${svg}${chartTable(spec)}</figure>`;
}

/** A block's figures (image files) and charts, drawn; unreadable figures as notes. */
export function blockVisuals(block: BlockRun, ctx: ReportContext): string[] {
  const parts: string[] = [];
  for (const fig of readFigures(ctx.workspaceDir, block)) {
    if (!fig.ok) {
      parts.push(`<p class="note">Figure ${esc(fig.note)}</p>`);
      continue;
    }
    const src = `data:${fig.artifact.mime};base64,${fig.data.toString('base64')}`;
    parts.push(
      `<figure class="figure"><figcaption>${esc(fig.artifact.name)}</figcaption>` +
        `<img src="${src}" alt="${esc(`Figure ${fig.artifact.name}`)}"></figure>`,
    );
  }
  for (const spec of block.result?.charts ?? []) parts.push(chartFigure(spec, 'chart', STEP_CHART));
  return parts;
}

/** Output lines, the cited ones highlighted (and, with `anchors`, made link targets). */
export function outputHtml(
  output: string,
  number: number,
  cited?: ReadonlySet<number>,
  anchors = false,
  first = 1,
): string {
  if (!cited?.size) return esc(output);
  return output
    .split('\n')
    .map((line, i) => {
      const n = first + i;
      if (!cited.has(n)) return esc(line);
      const id = anchors ? ` id="${lineAnchor(number, n)}"` : '';
      return `<span class="cited"${id}>${esc(line)}</span>`;
    })
    .join('\n');
}

/** Rejected or never run: one line saying so. */
export function blockFate(block: BlockRun): string {
  if (block.status === 'rejected') {
    const why = block.feedback ? `: ${block.feedback}` : '';
    return `<p class="note">Rejected by the user${esc(why)}</p>`;
  }
  if (block.status === 'not-run' && !block.result)
    return `<p class="note">Not run (execution was off, or an earlier block of the message failed).</p>`;
  return '';
}

/** A block in the appendix: its code, its full output (cited lines as anchors), its notes. */
function appendixBlock(
  block: BlockRun,
  number: number,
  ctx: ReportContext,
  cited?: ReadonlySet<number>,
): string {
  const r = block.result;
  const parts: string[] = [];
  parts.push(
    `<header><span class="num">Step ${number}</span><span class="lang">${esc(block.language)}</span>` +
      `<span class="status">${esc(statusText(block))}</span></header>`,
  );
  const tool = toolTitle(block);
  if (tool) parts.push(`<p class="note">Tool call: ${esc(tool)}</p>`);
  parts.push(`<pre class="code"><code>${esc(exportedCode(block))}</code></pre>`);
  if (block.proposed !== undefined && block.proposed !== block.code) {
    parts.push(
      `<details class="note"><summary>Edited by the user before running — the model's version</summary>` +
        `<pre><code>${esc(visibleCode(block.proposed))}</code></pre></details>`,
    );
  }
  parts.push(blockFate(block));
  const output = blockOutput(block).text;
  if (output) {
    parts.push(
      `<div class="output"><div class="label">Output</div><pre>${outputHtml(output, number, cited, true)}</pre></div>`,
    );
  }
  if (r?.stateLost) parts.push(`<p class="note">The kernel was restarted: variables were lost.</p>`);
  for (const note of blockNotes(block, ctx.conversation)) parts.push(`<p class="note">${esc(note)}</p>`);
  const drawn = (r?.charts?.length ?? 0) + (r?.artifacts ?? []).filter((a) => a.kind === 'image').length;
  if (drawn) parts.push(`<p class="note muted">Charts and figures: in step ${number} above.</p>`);
  const files = otherFiles(block);
  if (files.length) {
    const list = files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ');
    parts.push(`<p class="note">Files written: ${esc(list)}</p>`);
  }
  return `<section class="block status-${esc(block.status)}" id="block-${number}">${parts.join('')}</section>`;
}

/** One conversation item in the appendix; the final answer (shown at the top) is not repeated. */
export function appendixItem(
  item: ReportItem,
  ctx: ReportContext,
  marks: AnswerMarks,
  leadId: string | null,
): string {
  switch (item.kind) {
    case 'user':
      return `<article class="msg user"><div class="who">User</div><div class="text">${esc(item.message.content)}</div></article>`;
    case 'notice':
      return `<aside class="notice ${esc(item.message.level)}">${esc(item.message.content)}</aside>`;
    case 'assistant': {
      const lead = item.message.id === leadId;
      const trace = lead ? null : marks.trace(item.message.id);
      const mark = trace ? htmlMarker(marks, trace) : undefined;
      const body = item.parts
        .map((p) => {
          if (p.kind === 'block') return appendixBlock(p.block, p.number, ctx, marks.cited.get(p.number));
          if (lead) return '';
          return `<div class="prose">${markdownToSafeHtml(p.text, mark)}</div>`;
        })
        .join('\n');
      const said = lead ? '<p class="note muted">The final answer: at the top of this report.</p>' : '';
      const missing = unsupportedSummary(trace);
      const top = missing ? `<aside class="notice warning answer-check">⚠ ${esc(missing)}</aside>` : '';
      const verified = allSupported(trace) ? `<p class="answer-verified">✓ ${esc(ALL_SUPPORTED)}</p>` : '';
      return `<article class="msg assistant"><div class="who">Analyst</div>${top}${said}${body}${verified}</article>`;
    }
  }
}

export function stopNote(conversation: Conversation): string {
  if (conversation.error) return `<aside class="notice error">Stopped: ${esc(conversation.error)}</aside>`;
  if (conversation.stopReason === 'max-turns')
    return `<aside class="notice warning">Stopped after the maximum number of automatic replies.</aside>`;
  if (conversation.stopReason === 'cancelled')
    return `<aside class="notice warning">Stopped by the user.</aside>`;
  return '';
}

// The HTML report: one self-contained file. Inline CSS, figures as data: URIs, charts as inline
// SVG, no scripts, a CSP that forbids every request, and every value escaped.
import type { BlockRun, Conversation } from '../agent/model';
import type { ChartSpec } from '../exec/chart-spec';
import { chartToSvg } from './chart-svg';
import {
  blockNotes,
  escapeHtml as esc,
  formatBytes,
  otherFiles,
  questionOf,
  readFigures,
  reportItems,
  statusText,
  type ReportItem,
} from './common';
import { REPORT_CSS } from './html-style';
import type { ReportContext } from './index';
import {
  ALL_SUPPORTED,
  allSupported,
  AnswerMarks,
  htmlMarker,
  lineAnchor,
  unsupportedSummary,
} from './answer';
import { markdownToSafeHtml } from './prose';
import { provenance, provenanceRows } from './provenance';

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

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

function chartFigure(spec: ChartSpec): string {
  let svg: string;
  try {
    svg = chartToSvg(spec).replace(SVG_NS, '');
  } catch (err) {
    svg = `<p class="note">The chart could not be drawn: ${esc((err as Error).message)}</p>`;
  }
  return `<figure class="chart"><figcaption>${esc(spec.title)}</figcaption>${svg}${chartTable(spec)}</figure>`;
}

/** An output with the lines an answer cites as anchors ("block-3-line-12"). */
function outputHtml(output: string, number: number, cited?: ReadonlySet<number>): string {
  if (!cited?.size) return esc(output);
  return output
    .split('\n')
    .map((line, i) =>
      cited.has(i + 1)
        ? `<span class="cited" id="${lineAnchor(number, i + 1)}">${esc(line)}</span>`
        : esc(line),
    )
    .join('\n');
}

function blockHtml(block: BlockRun, number: number, ctx: ReportContext, cited?: ReadonlySet<number>): string {
  const r = block.result;
  const parts: string[] = [];
  parts.push(
    `<header><span class="num">Block ${number}</span><span class="lang">${esc(block.language)}</span>` +
      `<span class="status">${esc(statusText(block))}</span></header>`,
  );
  parts.push(`<pre class="code"><code>${esc(block.code)}</code></pre>`);
  if (block.proposed !== undefined && block.proposed !== block.code) {
    parts.push(
      `<details class="note"><summary>Edited by the user before running — the model's version</summary>` +
        `<pre><code>${esc(block.proposed)}</code></pre></details>`,
    );
  }
  if (block.status === 'rejected') {
    const why = block.feedback ? `: ${block.feedback}` : '';
    parts.push(`<p class="note">Rejected by the user${esc(why)}</p>`);
  } else if (block.status === 'not-run' && !r) {
    parts.push(`<p class="note">Not run (execution was off, or an earlier block of the message failed).</p>`);
  }
  const output = r?.output ?? block.output;
  if (output) {
    parts.push(
      `<div class="output"><div class="label">Output</div><pre>${outputHtml(output, number, cited)}</pre></div>`,
    );
  }
  if (r?.stateLost) parts.push(`<p class="note">The kernel was restarted: variables were lost.</p>`);
  for (const note of blockNotes(block, ctx.conversation)) parts.push(`<p class="note">${esc(note)}</p>`);
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
  for (const spec of r?.charts ?? []) parts.push(chartFigure(spec));
  const files = otherFiles(block);
  if (files.length) {
    const list = files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ');
    parts.push(`<p class="note">Files written: ${esc(list)}</p>`);
  }
  return `<section class="block status-${esc(block.status)}" id="block-${number}">${parts.join('')}</section>`;
}

function itemHtml(item: ReportItem, ctx: ReportContext, marks: AnswerMarks): string {
  switch (item.kind) {
    case 'user':
      return `<article class="msg user"><div class="who">User</div><div class="text">${esc(item.message.content)}</div></article>`;
    case 'notice':
      return `<aside class="notice ${esc(item.message.level)}">${esc(item.message.content)}</aside>`;
    case 'assistant': {
      const trace = marks.trace(item.message.id);
      const mark = trace ? htmlMarker(marks, trace) : undefined;
      const body = item.parts
        .map((p) =>
          p.kind === 'prose'
            ? `<div class="prose">${markdownToSafeHtml(p.text, mark)}</div>`
            : blockHtml(p.block, p.number, ctx, marks.cited.get(p.number)),
        )
        .join('\n');
      const missing = unsupportedSummary(trace);
      const top = missing ? `<aside class="notice warning answer-check">⚠ ${esc(missing)}</aside>` : '';
      const verified = allSupported(trace) ? `<p class="answer-verified">✓ ${esc(ALL_SUPPORTED)}</p>` : '';
      return `<article class="msg assistant"><div class="who">Analyst</div>${top}${body}${verified}</article>`;
    }
  }
}

function stopNote(conversation: Conversation): string {
  if (conversation.error) return `<aside class="notice error">Stopped: ${esc(conversation.error)}</aside>`;
  if (conversation.stopReason === 'max-turns')
    return `<aside class="notice warning">Stopped after the maximum number of automatic replies.</aside>`;
  if (conversation.stopReason === 'cancelled')
    return `<aside class="notice warning">Stopped by the user.</aside>`;
  return '';
}

export function renderHtml(ctx: ReportContext): string {
  const c = ctx.conversation;
  const prov = provenance(ctx);
  const question = questionOf(c);
  const rows = provenanceRows(prov)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('');
  const reportParts = reportItems(c);
  const marks = new AnswerMarks(c, reportParts);
  const items = reportParts.map((item) => itemHtml(item, ctx, marks)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Plotwright ${esc(prov.plotwrightVersion)}">
<title>${esc(c.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${esc(c.title)}</h1>
${question ? `<p class="question"><b>Question</b>${esc(question.content)}</p>` : ''}
</header>
<section aria-label="Provenance"><h2>Provenance</h2><dl class="provenance">${rows}</dl></section>
<section class="conversation" aria-label="Conversation"><h2>Analysis</h2>
${items}
${stopNote(c)}
</section>
<footer>Generated by Plotwright ${esc(prov.plotwrightVersion)} on ${esc(prov.generatedAt)}. Code ran as shown; outputs are as the sandbox printed them.</footer>
</main>
</body>
</html>
`;
}

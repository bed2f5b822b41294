// The HTML report, answer first: the question, the answer with its claim marks, key figures and
// main chart; then each step in short (title, status, charts, the first lines of its output);
// then an appendix with every block's code and full output, the conversation and the
// provenance. One self-contained file: inline CSS, figures as data: URIs, charts as inline
// SVG, no scripts, a CSP that forbids every request, and every value escaped.
import { ALL_SUPPORTED, allSupported, AnswerMarks, htmlMarker, unsupportedSummary } from './answer';
import { escapeHtml as esc } from '../../model/text/html';
import { reportItems } from './common';
import { REPORT_CSS } from './html-style';
import { appendixItem, blockFate, blockVisuals, chartFigure, outputHtml, stopNote } from './html-parts';
import type { ReportContext } from './context';
import { leadProse, reportLead, type ReportLead } from './lead';
import { markdownToSafeHtml } from './prose';
import { provenance, provenanceRows } from './provenance';
import { blockOutput, moreLines, reportSteps, shortOutput, stepStatus, type Step } from './steps';

export { MAX_TABLE_ROWS } from './html-parts';

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

function answerHtml(lead: ReportLead, marks: AnswerMarks): string {
  const parts: string[] = ['<h2>Answer</h2>'];
  if (lead.noAnswer) {
    parts.push(`<p class="no-answer">${esc(lead.noAnswer)}</p>`);
    return `<section class="answer" id="answer" aria-label="Answer">${parts.join('')}</section>`;
  }
  const trace = lead.trace;
  const missing = unsupportedSummary(trace);
  if (missing) parts.push(`<aside class="notice warning answer-check">⚠ ${esc(missing)}</aside>`);
  const mark = trace ? htmlMarker(marks, trace) : undefined;
  for (const text of leadProse(lead))
    parts.push(`<div class="prose">${markdownToSafeHtml(text, mark)}</div>`);
  if (allSupported(trace)) parts.push(`<p class="answer-verified">✓ ${esc(ALL_SUPPORTED)}</p>`);
  if (lead.note) parts.push(`<p class="answer-note">${esc(lead.note)}</p>`);
  if (lead.figures.length) {
    const items = lead.figures.map(
      (f) =>
        `<li><span class="value">${esc(f.value)}</span>` +
        `<a class="source" href="#block-${f.step}-line-${f.line}">Step ${f.step}, line ${f.line}</a>` +
        `<code>${esc(f.text)}</code></li>`,
    );
    parts.push(
      `<section class="key-figures" aria-label="Key figures"><h3>Key figures</h3><ul>${items.join('')}</ul></section>`,
    );
  }
  if (lead.chart) parts.push(chartFigure(lead.chart.spec, 'chart main-chart'));
  return `<section class="answer" id="answer" aria-label="Answer">${parts.join('')}</section>`;
}

function stepHtml(step: Step, ctx: ReportContext, cited?: ReadonlySet<number>): string {
  const { block, number } = step;
  const parts: string[] = [
    `<header><h3><span class="num">Step ${number}</span> ${esc(step.title)}</h3>` +
      `<span class="status">${esc(stepStatus(block))}</span></header>`,
  ];
  parts.push(blockFate(block));
  const visuals = blockVisuals(block, ctx);
  if (visuals.length) parts.push(`<div class="visuals">${visuals.join('')}</div>`);
  const output = blockOutput(block).text;
  if (output.trim()) {
    const short = shortOutput(output);
    parts.push(`<pre class="output">${outputHtml(short.text, number, cited, false, short.first)}</pre>`);
    if (short.more)
      parts.push(`<p class="more"><a href="#block-${number}">${esc(moreLines(short.more))}</a></p>`);
  }
  return `<section class="step status-${esc(block.status)}" id="step-${number}">${parts.join('')}</section>`;
}

export function renderHtml(ctx: ReportContext): string {
  const c = ctx.conversation;
  const prov = provenance(ctx);
  const items = reportItems(c);
  const marks = new AnswerMarks(c, items);
  const steps = reportSteps(items);
  const lead = reportLead(c, items, steps, marks);
  const rows = provenanceRows(prov)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('');
  const stepsHtml = steps.length
    ? `<section class="steps" aria-label="Steps"><h2>Steps</h2>\n${steps
        .map((s) => stepHtml(s, ctx, marks.cited.get(s.number)))
        .join('\n')}\n</section>`
    : '';
  const conversation = reportItems(c, lead.questionMessage).map((item) =>
    appendixItem(item, ctx, marks, lead.item?.message.id ?? null),
  );
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
<header class="title">
<h1>${esc(c.title)}</h1>
${lead.question ? `<p class="question"><b>Question</b>${esc(lead.question)}</p>` : ''}
</header>
${answerHtml(lead, marks)}
${stepsHtml}
<section class="appendix" aria-label="Appendix"><h2>Appendix</h2>
<section class="conversation" aria-label="The analysis in full"><h3>The analysis in full: code and outputs</h3>
${conversation.join('\n')}
${stopNote(c)}
</section>
<section class="provenance" aria-label="Provenance"><h3>Provenance</h3><dl class="provenance">${rows}</dl></section>
</section>
<footer>Generated by Plotwright ${esc(prov.plotwrightVersion)} on ${esc(prov.generatedAt)}. Code ran as shown; outputs are as the sandbox printed them.</footer>
</main>
</body>
</html>
`;
}

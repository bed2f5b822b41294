// The HTML report's stylesheet (inline: the report is one self-contained file). Print rules make
// the same file a clean PDF.
export const REPORT_CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --soft: #f6f8fa; --accent: #0072b2;
  --ok: #1e7b34; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif; }
main { max-width: 900px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 1.7em; line-height: 1.25; margin: 0 0 12px; overflow-wrap: anywhere; }
h2 { font-size: 1.15em; margin: 28px 0 10px; }
.question { margin: 0 0 20px; padding: 10px 14px; border-left: 4px solid var(--accent); background: var(--soft);
  white-space: pre-wrap; overflow-wrap: anywhere; }
.question b { display: block; font-size: .8em; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0;
  font-size: .88em; padding: 12px 14px; border: 1px solid var(--line); border-radius: 6px; }
dl.provenance dt { color: var(--muted); }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
.msg { margin: 22px 0; }
.who { font-size: .78em; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  margin-bottom: 4px; }
.msg.user .text { white-space: pre-wrap; overflow-wrap: anywhere; padding: 8px 12px; background: var(--soft);
  border-radius: 6px; }
.prose { overflow-wrap: anywhere; }
.prose table, table.data { border-collapse: collapse; margin: 8px 0; font-size: .9em; }
.prose th, .prose td, table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; }
.prose th, table.data th { background: var(--soft); text-align: left; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12.5px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
:not(pre) > code { background: var(--soft); padding: 1px 4px; border-radius: 3px; }
pre { margin: 0; padding: 10px 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.block { margin: 14px 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.block > header { display: flex; flex-wrap: wrap; gap: 10px; align-items: baseline; padding: 6px 12px;
  background: var(--soft); border-bottom: 1px solid var(--line); font-size: .85em; }
.block .num { font-weight: 600; }
.block .lang { color: var(--muted); }
.block .status { margin-left: auto; font-weight: 600; }
.status-succeeded .status { color: var(--ok); }
.status-failed .status, .status-timed-out .status, .status-cancelled .status { color: var(--bad); }
.status-rejected .status, .status-not-run .status { color: var(--warn); }
.block pre.code { background: #fbfbfc; }
.block .output { border-top: 1px dashed var(--line); }
.block .output pre { background: #fff; color: #24292f; }
.status-failed .output pre, .status-timed-out .output pre { color: #7d1a14; }
.block .label { font-size: .75em; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  padding: 6px 12px 0; }
.block .note { margin: 0; padding: 6px 12px; font-size: .85em; color: var(--warn); border-top: 1px dashed var(--line);
  overflow-wrap: anywhere; }
figure { margin: 0; padding: 12px; border-top: 1px dashed var(--line); }
figure img, figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: .85em; color: var(--muted); margin-bottom: 6px; overflow-wrap: anywhere; }
details { margin-top: 8px; font-size: .9em; }
summary { cursor: pointer; color: var(--accent); }
.notice { margin: 16px 0; padding: 8px 12px; border-radius: 6px; font-size: .9em; white-space: pre-wrap;
  overflow-wrap: anywhere; border: 1px solid var(--line); }
.notice.warning { background: #fff8e1; border-color: #f0d58c; }
.notice.error { background: #fdecea; border-color: #f2b8b5; }
.notice.info { background: var(--soft); }
.claim.supported { text-decoration: underline dotted var(--ok); text-underline-offset: 3px; }
.claim.unsupported { text-decoration: underline wavy var(--bad); text-underline-offset: 3px; }
.claim sup { font-size: .68em; margin-left: 2px; white-space: nowrap; }
.claim-ref, .claim-ref a { color: var(--muted); text-decoration: none; }
.claim-flag { color: var(--bad); font-weight: 600; }
.answer-check { font-weight: 600; }
.answer-verified { margin: 10px 0 0; font-size: .9em; color: var(--ok); }
.output .cited { background: #fff3bf; }
.output .cited:target { outline: 2px solid var(--accent); }
h3 { font-size: 1em; margin: 18px 0 8px; }
.answer { margin: 0 0 8px; }
.answer > h2 { margin-top: 8px; }
.no-answer { margin: 0; padding: 10px 14px; border: 1px solid #f0d58c; background: #fff8e1; border-radius: 6px;
  font-weight: 600; }
.answer-note { margin: 8px 0 0; font-size: .88em; color: var(--warn); }
.key-figures h3 { margin: 16px 0 6px; }
.key-figures ul { list-style: none; margin: 0; padding: 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 8px; }
.key-figures li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; min-width: 0; }
.key-figures .value { display: block; font-size: 1.35em; font-weight: 650; font-variant-numeric: tabular-nums; }
.key-figures .source { display: block; font-size: .78em; color: var(--muted); text-decoration: none; }
.key-figures code { display: block; margin-top: 4px; padding: 0; background: none; font-size: 11px;
  color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
figure.main-chart { border: 1px solid var(--line); border-radius: 6px; margin-top: 12px; }
.step { margin: 10px 0; padding: 8px 0 0; border-top: 1px solid var(--line); }
.step > header { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
.step h3 { margin: 0; font-size: .98em; flex: 1 1 320px; overflow-wrap: anywhere; }
.step h3 .num { color: var(--muted); margin-right: 4px; }
.step .status { font-size: .85em; font-weight: 600; }
.step.status-succeeded .status { color: var(--ok); }
.step.status-failed .status, .step.status-timed-out .status, .step.status-cancelled .status { color: var(--bad); }
.step.status-rejected .status, .step.status-not-run .status { color: var(--warn); }
.step .visuals { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 4px 16px; }
.step figure { border: 0; padding: 8px 0 0; min-width: 0; }
.step pre.output { margin-top: 6px; background: var(--soft); border-radius: 4px; font-size: 11.5px; }
.step .note { margin: 6px 0 0; font-size: .85em; color: var(--warn); }
.step .more { margin: 2px 0 0; font-size: .8em; }
.step .more a { color: var(--muted); }
.appendix > h2 { border-top: 2px solid var(--fg); padding-top: 12px; }
.note.muted, .block .note.muted { color: var(--muted); }
footer { margin-top: 40px; font-size: .8em; color: var(--muted); }
@page { size: A4; margin: 14mm 14mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  figure, dl.provenance, .notice, .key-figures li, .no-answer { break-inside: avoid; }
  pre { font-size: 8pt; }
  .step pre.output { font-size: 7.5pt; }
  figure.main-chart svg { max-height: 250px; width: auto; }
  .key-figures ul { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .key-figures .value { font-size: 1.2em; }
  .step > header, .block > header { break-after: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .appendix { break-before: page; }
  figure details { display: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

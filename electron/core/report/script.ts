// analysis.py: a warning that it runs outside any sandbox, a docstring with the question, the
// answer and the provenance, the prelude defining Plotwright's helpers (notebook.ts), then
// the code of every block that succeeded, in order, so `python3 analysis.py` in a folder holding
// the data file re-runs the analysis.
// Blocks left out (failed, rejected, not run) stay visible as comments.
import { parser as pythonParser } from '@lezer/python';
import type { BlockRun } from '../../model/agent/conversation';
import { allBlocks, reportItems, statusText } from './common';
import { answerCheckLines, AnswerMarks } from './answer';
import type { ReportContext } from './context';
import { leadProse, reportLead } from './lead';
import { HELPERS_PRELUDE, replayable } from './replay';
import { exportedCode, replayCode, toolTitle } from './tool-code';
import { reportSteps } from './steps';
import { provenance, provenanceRows } from './provenance';

/** Text inside a """docstring""": backslashes and triple quotes escaped. */
function docstringText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"').replace(/"$/, '\\"');
}

/** Text as Python comments: every line Python would see (it also breaks lines at a lone \r). */
const comment = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((l) => (l ? `# ${l}` : '#'))
    .join('\n');

/** Calls whose value is not worth echoing (they print or draw themselves). */
const QUIET_CALL =
  /^(?:print|display|chart|record_result|plt\.\w+|[\w.]+\.(?:show|savefig|plot|hist|bar|barh|scatter|pie))$/;

/**
 * The sandbox's kernel prints the value of a block's last expression (like Jupyter); a script
 * would not, so that expression is wrapped in `_show(…)`.
 */
export function echoLastExpression(code: string): { code: string; echoed: boolean } {
  const tree = pythonParser.parse(code);
  let broken = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) broken = true;
      return !broken;
    },
  });
  let last = tree.topNode.lastChild;
  while (last && last.name === 'Comment') last = last.prevSibling;
  if (broken || !last || last.name !== 'ExpressionStatement') return { code, echoed: false };
  const text = code.slice(last.from, last.to);
  const first = last.firstChild;
  if (first?.name === 'CallExpression') {
    const callee = first.firstChild;
    if (callee && QUIET_CALL.test(code.slice(callee.from, callee.to).replace(/\s+/g, ''))) {
      return { code, echoed: false };
    }
  }
  if (/;\s*$/.test(text)) return { code, echoed: false };
  return { code: `${code.slice(0, last.from)}_show(${text})${code.slice(last.to)}`, echoed: true };
}

/** The script's first lines: what running it means, before anything else. */
export const SCRIPT_WARNING = `# WARNING: this script runs OUTSIDE any sandbox.
# In Plotwright this code ran in a sandbox. Run as a script, it runs as you: with network
# access, and able to read, change and delete your files. The code was written by an AI model
# (and may have been steered by the data it read): review it before you run it.`;

const SHOW = `

def _show(value):
    """Prints a block's last expression, as Plotwright's sandbox did."""
    if value is not None:
        print(repr(value))
`;

const SH = `

def _sh(script):
    """Runs a shell block as the sandbox did (bash -c), failing like it."""
    sys.stdout.flush()
    subprocess.run(["bash", "-c", script], check=True)
`;

function blockCode(block: BlockRun, number: number, source: string): { text: string; echoed: boolean } {
  const tool = toolTitle(block);
  const head = `# %% Block ${number} (${block.language}) — ${statusText(block)}${tool ? `\n${comment(tool)}` : ''}`;
  if (!replayable(block)) {
    const what =
      block.status === 'rejected'
        ? 'was rejected'
        : block.status === 'not-run'
          ? 'was not run'
          : 'did not succeed';
    const why = block.status === 'rejected' && block.feedback ? ` (the user said: ${block.feedback})` : '';
    return {
      text: `${head}\n${comment(`Left out: it ${what}${why}.`)}\n${comment(exportedCode(block))}`,
      echoed: false,
    };
  }
  if (block.language === 'sh') return { text: `${head}\n_sh(${JSON.stringify(block.code)})`, echoed: false };
  const { code, echoed } = echoLastExpression(source.replace(/\n+$/, ''));
  return { text: `${head}\n${code}`, echoed };
}

export function renderScript(ctx: ReportContext, options: { fileName?: string } = {}): string {
  const fileName = options.fileName ?? 'analysis.py';
  const c = ctx.conversation;
  const items = reportItems(c);
  const blocks = allBlocks(items);
  const marks = new AnswerMarks(c, items);
  const lead = reportLead(c, items, reportSteps(items), marks);
  const check = lead.trace ? answerCheckLines(marks, lead.trace) : [];
  const indent = (text: string) => text.split('\n').map((l) => (l ? `    ${l}` : ''));
  const doc = [
    c.title,
    '',
    ...(lead.question ? ['Question:', ...indent(lead.question), ''] : []),
    'Answer:',
    ...(lead.noAnswer ? indent(lead.noAnswer) : indent(leadProse(lead).join('\n\n'))),
    ...(lead.note ? indent(lead.note) : []),
    ...(check.length
      ? [
          '',
          'Number check of the answer (B = block, L = line of its output):',
          ...check.map((l) => `    ${l}`),
        ]
      : []),
    '',
    'Provenance:',
    ...provenanceRows(provenance(ctx)).map(([k, v]) => `    ${k}: ${v}`),
    '',
    c.file
      ? `Re-run: in a folder that holds ${c.file.name}, run \`python3 ${fileName}\`.`
      : `Re-run: python3 ${fileName}`,
    'Blocks that failed or were not run are kept as comments.',
  ].join('\n');

  const replay = replayCode(c);
  const parts = blocks.map((b) =>
    blockCode(b.block, b.number, replayable(b.block) ? replay(b.block) : exportedCode(b.block)),
  );
  const runnable = blocks.filter((b) => replayable(b.block));
  const needsSh = runnable.some((b) => b.block.language === 'sh');
  const preamble: string[] = [];
  if (needsSh) preamble.push('import subprocess\nimport sys');
  preamble.push(HELPERS_PRELUDE.trimEnd());
  const helpers = (parts.some((p) => p.echoed) ? SHOW : '') + (needsSh ? SH : '');

  return [
    SCRIPT_WARNING,
    `"""${docstringText(doc)}\n"""`,
    preamble.join('\n\n'),
    helpers.trim() ? helpers.replace(/^\n+/, '') : '',
    ...parts.map((p) => p.text),
  ]
    .filter(Boolean)
    .join('\n\n\n')
    .concat('\n');
}

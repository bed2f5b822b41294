// `plotwright extract [--json] [FILE|-]`: prints the code blocks of a model message, the way the
// executor sees them.
import { parseArgs } from 'node:util';
import { extractCodeBlocks } from '../exec/extract';
import type { CodeBlock } from '../exec/extract';
import { readInput } from './io';
import type { CliIO } from './io';

export type { CliIO } from './io';

const USAGE = 'usage: plotwright extract [--json] [FILE|-]';

const HELP = `${USAGE}

Prints every code block of a Markdown message (FILE, or stdin when FILE is - or omitted),
in document order, with its language and whether the executor would run it.

options:
  --json      print a JSON array of {"language", "code", "runnable"}
  -h, --help  show this help
`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Parsed = { json: boolean; help: boolean; file: string | undefined } | { error: string };

function parse(argv: string[]): Parsed {
  // Non-strict parsing plus our own checks, so each mistake gets a short, specific message.
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!(token.name in OPTIONS)) return { error: `unknown option ${token.rawName}` };
    if (token.value !== undefined) return { error: `option ${token.rawName} takes no value` };
  }
  if (positionals.length > 1) return { error: `expected at most one FILE, got ${positionals.length}` };
  return { json: values.json === true, help: values.help === true, file: positionals[0] };
}

function header(block: CodeBlock, n: number): string {
  const runnable = block.runnable ? 'runnable' : 'not runnable';
  return `--- block ${n}: ${block.language || 'untagged'} (${runnable})\n`;
}

export async function runExtract(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv);
  if ('error' in args) {
    io.stderr(`plotwright extract: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  let markdown: string;
  try {
    markdown = await readInput(args.file, io);
  } catch (err) {
    io.stderr(`plotwright extract: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const blocks = extractCodeBlocks(markdown);
  if (args.json) {
    const rows = blocks.map(({ language, code, runnable }) => ({ language, code, runnable }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    io.stdout(blocks.map((b, i) => header(b, i + 1) + (b.code === '' ? '' : `${b.code}\n`)).join(''));
  }
  return 0;
}

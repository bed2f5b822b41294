// `plotwright check-model`: how well a model answers a fixed set of questions about small tables,
// measured through the real loop (core/check/). Progress on stderr; a table (or --json) on stdout.
import { parseArgs } from 'node:util';
import { oneLine } from '../../model/text/one-line';
import { showInvisibles } from '../../model/text/visible';
import type { CliIO } from './io';
import type { CheckProgress, CheckResult } from '../../model/check';
import { apiKeyOf, MODEL_OPTIONS, modelArgs, type ModelArgs } from './model-args';
import { unsandboxedRefusal } from './io';

const USAGE =
  'usage: plotwright check-model [--offline | --base-url URL --model M [--api-key-env NAME]] [--mode auto|docker|local|tools] [--allow-unsandboxed] [--json]';

const HELP = `${USAGE}

Asks a model a fixed set of questions about small generated tables, through the same loop as
\`plotwright analyse\`, and scores each answer against the truth pandas computes: right,
declined or wrong, with turns, failed code blocks and time; then the overall accuracy.

  --offline            check the built-in analyst (the default when no --base-url is given)
  --base-url URL       an OpenAI-compatible API (OpenAI, Ollama, LM Studio, llama.cpp, vLLM)
  --model M            the model to check there
  --api-key-env NAME   read the API key from $NAME (default OPENAI_API_KEY, if set)
  --mode M             where code runs: auto (default), docker, local; tools: the model calls the
                       analysis tools and its own code never runs (in the auto sandbox)
  --allow-unsandboxed  run the code even where no sandbox passed the isolation probe
  --json               print the whole result as JSON

exit status: 0 when the check ran (whatever the score), 1 on an error, 2 on a usage error,
3 when no verified sandbox can run the code, 130 when cancelled
`;

interface Args extends ModelArgs {
  allowUnsandboxed: boolean;
  json: boolean;
}

function parse(argv: string[]): Args | { help: true } | { error: string } {
  let v;
  try {
    ({ values: v } = parseArgs({
      args: argv,
      options: {
        ...MODEL_OPTIONS,
        'allow-unsandboxed': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { error: oneLine(err) };
  }
  if (v.help) return { help: true };
  const model = modelArgs(v);
  if ('error' in model) return model;
  return {
    ...model,
    allowUnsandboxed: v['allow-unsandboxed'] === true,
    json: v.json === true,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The result as a readable table, then the overall figures. */
export function checkTable(result: CheckResult): string {
  const rows = result.questions.map((q, i) => [
    String(i + 1),
    q.verdict,
    String(q.turns),
    String(q.failedBlocks),
    seconds(q.durationMs),
    q.tokens === null ? '-' : String(q.tokens),
    `${q.question} (${showInvisibles(q.why)})`,
  ]);
  const head = ['#', 'verdict', 'turns', 'failed', 'time', 'tokens', 'question'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const s = result.summary;
  const tokens =
    s.totalTokens === null
      ? 'not reported by the model'
      : `${s.totalTokens} in all, median ${s.medianTokens}`;
  const where = result.sandbox
    ? `${result.sandbox.runner}${result.sandbox.isolated ? '' : ' (NOT isolated)'}`
    : result.mode;
  return [
    `${showInvisibles(result.model.label)}, ${result.execution === 'tools' ? 'tools mode, templates' : 'code'} in ${where}${result.complete ? '' : ' — cancelled'}`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `accuracy: ${s.accuracy} % (${s.right} right, ${s.declined} declined, ${s.wrong} wrong of ${s.total})`,
    `median time: ${seconds(s.medianMs)}`,
    `tokens: ${tokens}`,
    '',
  ].join('\n');
}

function progressLine(p: CheckProgress): string {
  if (!p.result) return `question ${p.index} of ${p.total}: ${p.question}\n`;
  const r = p.result;
  const failed = r.failedBlocks ? `, ${r.failedBlocks} failed block${r.failedBlocks > 1 ? 's' : ''}` : '';
  return `  ${r.verdict}: ${showInvisibles(r.why)} (${r.turns} turn${r.turns === 1 ? '' : 's'}${failed}, ${seconds(r.durationMs)})\n`;
}

export async function runCheckModel(argv: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const args = parse(argv);
  if ('help' in args) {
    io.stdout(HELP);
    return 0;
  }
  if ('error' in args) {
    io.stderr(`plotwright check-model: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  const fail = (message: unknown, code = 1) => {
    io.stderr(`plotwright check-model: ${oneLine(message)}\n`);
    return code;
  };
  const key = apiKeyOf(args);
  if ('error' in key) return fail(key.error, 2);
  const { apiKey } = key;
  const [{ checkModel, CheckRefusedError }, { BUILTIN_MODEL, openAIModelRef }, { ModeUnavailableError }] =
    await Promise.all([
      import('../check/runner'),
      import('../agent/service'),
      import('../../model/exec/types'),
    ]);
  const model = args.baseUrl ? openAIModelRef(args.baseUrl, args.model!) : BUILTIN_MODEL;
  io.stderr(
    `checking ${showInvisibles(model.label)} (${args.execution === 'tools' ? 'tools' : args.mode} mode)\n`,
  );
  let result: CheckResult;
  try {
    result = await checkModel({
      model,
      apiKey: () => apiKey,
      mode: args.mode,
      execution: args.execution,
      allowUnsandboxed: args.allowUnsandboxed,
      signal,
      onProgress: (p) => io.stderr(progressLine(p)),
    });
  } catch (err) {
    if (err instanceof ModeUnavailableError)
      return fail(`${args.mode} mode is unavailable: ${err.message} (fix: ${err.hint})`, 3);
    // the whole line: it ends with how to go on
    if (err instanceof CheckRefusedError)
      return fail(err.sandbox ? unsandboxedRefusal(err.sandbox, false) : err, 3);
    return fail(err);
  }
  io.stdout(args.json ? `${JSON.stringify(result, null, 2)}\n` : checkTable(result));
  return result.complete ? 0 : 130;
}

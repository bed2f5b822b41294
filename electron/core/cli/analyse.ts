// `plotwright analyse FILE`: a whole analysis from the command line — the same engine, executor,
// approval and persistence as the desktop app — then reports.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { ApprovalDecision, Approver } from '../agent/approval';
import type { ApprovalMode, BlockRun } from '../../model/agent/conversation';
import type { AnswerTrace } from '../../model/answer/types';
import { appDataDir, stampedName } from '../paths';
import { REPORT_FORMAT_IDS, type ReportFormat } from '../../model/report-formats';
import { DEFAULTS } from '../../model/defaults';
import { isolationSummaryOf } from '../exec/session';
import { ModeUnavailableError } from '../../model/exec/types';
import { showInvisibles } from '../../model/text/visible';
import { parseDiskMb, unsandboxedRefusal, type CliIO } from './io';
import { Progress } from './progress';
import { oneLine } from '../../model/text/one-line';
import { apiKeyOf, MODEL_OPTIONS, modelArgs, type ModelArgs } from './model-args';

const USAGE = `usage: plotwright analyse FILE [--offline | --base-url URL --model M [--api-key-env NAME]] [--question TEXT] [--mode auto|docker|local|tools] [--approve never|always] [--allow-unsandboxed] [--disk-mb N] [--max-turns N] [--out DIR] [--format ${REPORT_FORMAT_IDS.join(',')}] [--json]`;

const HELP = `${USAGE}

Analyses FILE: an assistant writes pandas code, the sandbox runs it, the assistant reads the
output and corrects itself until it is done; then the reports are written.

  --offline            use the built-in analyst (the default when no --base-url is given)
  --base-url URL       an OpenAI-compatible API (OpenAI, Ollama, LM Studio, llama.cpp, vLLM)
  --model M            the model to use there
  --api-key-env NAME   read the API key from $NAME (default OPENAI_API_KEY, if set)
  --question TEXT      what to find out (default: a general analysis)
  --mode M             where code runs: auto (default), docker, local; or tools: the model's
                       code never runs, it calls vetted analysis tools (in the sandbox, auto)
  --approve A          never (default) or always (ask before each block, on this terminal)
  --allow-unsandboxed  run the code even where no sandbox passed the isolation probe (it can
                       then reach the network and your files); without it, such a run is refused
  --disk-mb N          what the code may write (default ${DEFAULTS.diskMb})
  --max-turns N        maximum consecutive automatic replies (default ${DEFAULTS.maxTurns})
  --out DIR            where reports go (default: a new folder under ${path.join(appDataDir(), 'reports')})
  --format LIST        ${REPORT_FORMAT_IDS.join(', ')} (html is the default) — comma-separated
  --json               print {"stopReason","turns","isolation","executions","reports","file","answer"}
                       on stdout; answer: the final answer, whether it answered, and each number
                       it states with the output line it came from (or none)

exit status: 0 when the analysis ended normally (terminated or max-turns), 1 on an error,
2 on a usage error, 3 when no verified sandbox can run the code, 130 when cancelled
`;

const FORMATS: readonly string[] = REPORT_FORMAT_IDS;

interface Args extends ModelArgs {
  file: string;
  question?: string;
  approve: ApprovalMode;
  allowUnsandboxed: boolean;
  diskMb: number;
  maxTurns: number;
  out?: string;
  formats: ReportFormat[];
  json: boolean;
}

function parse(argv: string[]): Args | { help: true } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...MODEL_OPTIONS,
        question: { type: 'string' },
        approve: { type: 'string' },
        'allow-unsandboxed': { type: 'boolean' },
        'disk-mb': { type: 'string' },
        'max-turns': { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { error: oneLine(err) };
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { help: true };
  if (positionals.length !== 1)
    return { error: positionals.length ? 'expected one FILE' : 'FILE is missing' };
  const model = modelArgs(v);
  if ('error' in model) return model;
  const approve = v.approve ?? 'never';
  if (!['never', 'always'].includes(approve)) return { error: '--approve must be never or always' };
  const diskMb = parseDiskMb(v['disk-mb']);
  if (typeof diskMb === 'string') return { error: diskMb };
  const maxTurns = v['max-turns'] === undefined ? DEFAULTS.maxTurns : Number(v['max-turns']);
  if (!Number.isInteger(maxTurns) || maxTurns < 1)
    return { error: '--max-turns must be a whole number of at least 1' };
  const formats = (v.format ?? 'html')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = formats.find((f) => !FORMATS.includes(f));
  if (bad || formats.length === 0)
    return { error: `--format takes ${FORMATS.join(', ')}${bad ? ` (not ${bad})` : ''}` };
  return {
    file: positionals[0]!,
    ...model,
    question: v.question,
    approve: approve as ApprovalMode,
    allowUnsandboxed: v['allow-unsandboxed'] === true,
    diskMb,
    maxTurns,
    out: v.out,
    formats: [...new Set(formats)] as ReportFormat[],
    json: v.json === true,
  };
}

/** Asks on the terminal (stdin) before each block: run, edit and run, or reject with feedback. */
export function terminalApprover(io: CliIO): Approver {
  const lines = createInterface({ input: io.stdin, terminal: false })[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | null> => {
    io.stderr(prompt);
    const next = await lines.next();
    return next.done ? null : next.value;
  };
  return async (req): Promise<ApprovalDecision> => {
    const warning = req.isolated ? '' : ` — this runs WITHOUT a verified sandbox (${req.runner})`;
    const risks = req.risks.length ? `It could: ${req.risks.join('; ')}.\n` : '';
    // shown with hidden characters made visible; what runs is the code exactly as received
    io.stderr(
      `\n--- block ${req.index + 1} (${req.language})${warning} ---\n${risks}${showInvisibles(req.code)}\n---\n`,
    );
    const answer = (await ask('Run it? [y]es / [e]dit / [n]o / [c]ancel: '))?.trim().toLowerCase();
    if (answer === undefined) return { action: 'reject', feedback: 'no answer (the terminal input ended)' };
    if (answer === 'y' || answer === 'yes') return { action: 'run' };
    if (answer === 'e' || answer === 'edit') {
      io.stderr('New code; end with a line holding only a dot:\n');
      const code: string[] = [];
      for (let line = await ask(''); line !== null && line !== '.'; line = await ask('')) code.push(line);
      return { action: 'edit', code: code.join('\n') };
    }
    if (answer === 'c' || answer === 'cancel') return { action: 'cancel' };
    const feedback = await ask('Feedback for the assistant: ');
    return { action: 'reject', feedback: feedback?.trim() || 'the user rejected this code' };
  };
}

/**
 * The traced answer for --json: `{text, answered, claims: [{text, value, supported, source}]}`,
 * a source being `{block, line}` (an output line) or `{profile: "rows" | "columns"}`.
 */
export function answerJson(answer: AnswerTrace | null | undefined) {
  return {
    text: answer?.text ?? '',
    answered: answer?.answered ?? false,
    claims: (answer?.claims ?? []).map((c) => ({
      text: c.text,
      value: c.value,
      supported: c.supported,
      source: !c.source
        ? null
        : c.source.kind === 'output'
          ? { block: c.source.block, line: c.source.line }
          : { profile: c.source.field },
    })),
  };
}

export async function runAnalyse(
  argv: string[],
  io: CliIO,
  signal?: AbortSignal,
  tty = Boolean(process.stderr.isTTY),
): Promise<number> {
  const args = parse(argv);
  if ('help' in args) {
    io.stdout(HELP);
    return 0;
  }
  if ('error' in args) {
    io.stderr(`plotwright analyse: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  const fail = (message: string, code = 1) => {
    // whole: the terminal shows a long line (a refusal names every failed check and the fix)
    io.stderr(`plotwright analyse: ${oneLine(message)}\n`);
    return code;
  };
  const input = path.resolve(args.file);
  const outDir = path.resolve(args.out ?? path.join(appDataDir(), 'reports', stampedName('')));
  if (outDir === path.dirname(input))
    return fail(`--out must not be the input file's folder (${outDir}): Plotwright never writes there`, 2);
  const key = apiKeyOf(args);
  if ('error' in key) return fail(key.error, 2);
  const { apiKey } = key;
  // The engine, the model SDK and the report renderers load only once the arguments are good.
  const [
    { firstQuestion, openConversationRun },
    { BUILTIN_MODEL, createConversation, openAIModelRef },
    { FileConversationStore },
    { DataFileError },
    { ExecutorService },
    { DEFAULT_LIMITS },
  ] = await Promise.all([
    import('../agent/open-run'),
    import('../agent/service'),
    import('../agent/store'),
    import('../../model/data/types'),
    import('../exec/executor'),
    import('../../model/exec/types'),
  ]);
  const modelRef = args.baseUrl ? openAIModelRef(args.baseUrl, args.model!) : BUILTIN_MODEL;
  const progress = new Progress({ write: io.stderr, tty });
  const store = new FileConversationStore(path.join(appDataDir(), 'conversations'));
  const executor = new ExecutorService({ limits: { ...DEFAULT_LIMITS, diskMb: args.diskMb } });
  try {
    progress.begin(`reading ${path.basename(input)}`);
    const conversation = await createConversation(store, {
      file: input,
      model: modelRef,
      question: args.question,
      settings: {
        mode: args.mode,
        approval: args.approve,
        maxTurns: args.maxTurns,
        diskMb: args.diskMb,
        execution: args.execution,
      },
      signal,
    });
    const profile = conversation.file!.profile!;
    progress.done(`${profile.rows} rows, ${profile.columns.length} columns`);
    const run = openConversationRun(
      { executor, store, approver: args.approve === 'always' ? terminalApprover(io) : undefined },
      conversation,
      { apiKey: () => apiKey, question: args.question },
    );
    // Where the code would run, probed before anything runs: no verified sandbox, no run (exit 3)
    // unless the user consented with --allow-unsandboxed.
    progress.begin('checking the sandbox');
    let session;
    try {
      session = await run.prepare();
    } catch (err) {
      progress.end();
      await run.close();
      if (err instanceof ModeUnavailableError)
        return fail(`${args.mode} mode is unavailable: ${err.message} (fix: ${err.hint})`, 3);
      throw err;
    }
    const refusal = unsandboxedRefusal(session.sandbox, args.allowUnsandboxed);
    if (refusal) {
      progress.end();
      await run.close();
      return fail(refusal, 3);
    }
    progress.done(
      session.sandbox.isolated
        ? `isolated (${session.sandbox.runner}, verified)`
        : `NOT isolated (${session.sandbox.runner}), as you allowed`,
    );
    run.subscribe((event, conv) => progress.onEvent(event, conv));
    const onAbort = () => run.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const finished = await run.ask(firstQuestion(profile.name, args.question));
    signal?.removeEventListener('abort', onAbort);
    await run.close();
    let reports: string[] = [];
    if (finished.stopReason !== 'cancelled') {
      progress.begin(`writing ${args.formats.join(', ')}`);
      const [{ exportReports }, { chromiumPdfRenderer }] = await Promise.all([
        import('../report/index'),
        import('../report/pdf'),
      ]);
      reports = await exportReports(
        { conversation: finished, workspaceDir: store.workspaceDir(finished.id) },
        args.formats,
        outDir,
        {
          pdf: args.formats.includes('pdf') ? chromiumPdfRenderer() : undefined,
        },
      );
      progress.done(outDir);
    }
    if (args.json) {
      const executions = finished.messages.flatMap((m) =>
        m.role === 'assistant' ? m.blocks.flatMap((b) => executionJson(b)) : [],
      );
      const file = { sha256: profile.sha256, rows: profile.rows, columns: profile.columns.length };
      const isolation = isolationSummaryOf(session.sandbox.isolation);
      const answer = answerJson(finished.answer);
      io.stdout(
        `${JSON.stringify({ stopReason: finished.stopReason, turns: finished.turns, isolation, executions, reports, file, answer }, null, 2)}\n`,
      );
    } else {
      for (const r of reports) io.stdout(`${r}\n`);
    }
    if (finished.stopReason === 'cancelled') return 130;
    if (finished.stopReason === 'error') return fail(finished.error ?? 'the analysis failed');
    return 0;
  } catch (err) {
    progress.end();
    if (err instanceof DataFileError) return fail(err.message);
    return fail((err as Error).message);
  } finally {
    await executor.shutdown();
  }
}

/**
 * A block as `--json` lists it under `executions`: what ran (and a tool call that did not fit the
 * data, which failed before anything ran), with the tool's name for tool calls.
 */
function executionJson(b: BlockRun): object[] {
  const tool = b.language === 'tool' && b.tool ? { tool: b.tool.name } : {};
  if (b.result)
    return [
      {
        exitCode: b.result.exitCode,
        timedOut: b.result.timedOut,
        language: b.language,
        ...tool,
        durationMs: b.result.durationMs,
      },
    ];
  if (b.tool && b.status === 'failed')
    return [{ exitCode: 1, timedOut: false, language: b.language, ...tool, durationMs: 0 }];
  return [];
}

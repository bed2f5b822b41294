// `plotwright exec`: runs one block exactly as the agent would, in the chosen sandbox.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExecutorService } from '../exec/executor';
import { formatBytes } from '../../model/text/bytes';
import type { ImageProgress } from '../../model/exec/types';
import { formatAutogen } from '../exec/result';
import {
  DEFAULT_LIMITS,
  ModeUnavailableError,
  type ExecLanguage,
  type ExecMode,
  type ExecResult,
} from '../../model/exec/types';
import { appDataDir, stampedName } from '../paths';
import { showInvisibles } from '../../model/text/visible';
import { parseDiskMb, readInput, unsandboxedRefusal, type CliIO } from './io';
import { oneLine } from '../../model/text/one-line';

const USAGE =
  'usage: plotwright exec [--mode auto|docker|local] [--lang python|sh] [--timeout S] [--memory-mb N] [--disk-mb N] [--workdir DIR] [--input FILE] [--allow-unsandboxed] [--json] [FILE|-]';

const HELP = `${USAGE}

Runs one code block (FILE, or stdin when FILE is - or omitted) in the sandbox, the way the
analyst's executor does, and prints the result in AutoGen's format:
  exitcode: N (execution succeeded|execution failed)
  Code output: …

options:
  --mode M         auto (default: Docker when usable, else the local sandbox), docker, local
  --lang L         python (default) or sh
  --timeout S      seconds before the block is stopped (default ${DEFAULT_LIMITS.timeoutMs / 1000}); exit code 124
  --memory-mb N    memory limit (default ${DEFAULT_LIMITS.memoryMb})
  --disk-mb N      what the code may write, workspace and temporary files (default ${DEFAULT_LIMITS.diskMb})
  --workdir DIR    workspace folder (default: a new folder under ${path.join(appDataDir(), 'exec')})
  --input FILE     copy FILE into the workspace, read-only, under its own name
  --allow-unsandboxed
                   run even where no sandbox passed the isolation probe (the code can then
                   reach the network and your files); without it such a run is refused
  --json           print {"exitCode","output","timedOut","mode","isolation","warnings","artifacts","charts","durationMs"}
  -h, --help       show this help

exit status: 0 when the code ran (whatever its own exit code), 2 usage error, 3 mode unavailable
or no verified sandbox, 1 other errors
`;

const MODES = ['auto', 'docker', 'local'] as const;
const LANGS = ['python', 'sh'] as const;

interface Args {
  mode: ExecMode;
  lang: ExecLanguage;
  timeoutMs: number;
  memoryMb: number;
  diskMb: number;
  workdir?: string;
  input?: string;
  allowUnsandboxed: boolean;
  json: boolean;
  help: boolean;
  file?: string;
}

function parse(argv: string[]): Args | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        mode: { type: 'string' },
        lang: { type: 'string' },
        timeout: { type: 'string' },
        'memory-mb': { type: 'string' },
        'disk-mb': { type: 'string' },
        workdir: { type: 'string' },
        input: { type: 'string' },
        'allow-unsandboxed': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { error: oneLine(err) };
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) return { error: `expected at most one FILE, got ${positionals.length}` };
  const mode = v.mode ?? 'auto';
  if (!(MODES as readonly string[]).includes(mode))
    return { error: `--mode must be one of ${MODES.join(', ')}` };
  const lang = v.lang ?? 'python';
  if (!(LANGS as readonly string[]).includes(lang)) return { error: `--lang must be python or sh` };
  const timeout = v.timeout === undefined ? DEFAULT_LIMITS.timeoutMs / 1000 : Number(v.timeout);
  if (!(timeout > 0) || !Number.isFinite(timeout))
    return { error: '--timeout must be a positive number of seconds' };
  const memory = v['memory-mb'] === undefined ? DEFAULT_LIMITS.memoryMb : Number(v['memory-mb']);
  if (!Number.isInteger(memory) || memory < 64)
    return { error: '--memory-mb must be a whole number of at least 64' };
  const disk = parseDiskMb(v['disk-mb']);
  if (typeof disk === 'string') return { error: disk };
  return {
    mode: mode as ExecMode,
    lang: lang as ExecLanguage,
    timeoutMs: Math.round(timeout * 1000),
    memoryMb: memory,
    diskMb: disk,
    workdir: v.workdir,
    input: v.input,
    allowUnsandboxed: v['allow-unsandboxed'] === true,
    json: v.json === true,
    help: v.help === true,
    file: positionals[0],
  };
}

/** One stderr line per image step: pulls report bytes, builds report steps. */
export function imageProgressLine(p: ImageProgress): string | null {
  if (p.phase === 'pull')
    return `pulling ${p.ref}: ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`;
  if (p.phase === 'build') return `building the sandbox image: step ${p.step}/${p.totalSteps} ${p.message}`;
  return `sandbox image ready: ${p.tag}`;
}

function toJson(r: ExecResult) {
  const { exitCode, output, timedOut, mode, isolation, warnings, artifacts, charts, durationMs } = r;
  return { exitCode, output, timedOut, mode, isolation, warnings, artifacts, charts, durationMs };
}

export async function runExec(argv: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const args = parse(argv);
  if ('error' in args) {
    io.stderr(`plotwright exec: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  let code: string;
  try {
    code = await readInput(args.file, io);
  } catch (err) {
    io.stderr(`plotwright exec: ${(err as Error).message}\n`);
    return 1;
  }
  const workdir = path.resolve(args.workdir ?? path.join(appDataDir(), 'exec', stampedName('')));
  const executor = new ExecutorService({
    limits: { ...DEFAULT_LIMITS, timeoutMs: args.timeoutMs, memoryMb: args.memoryMb, diskMb: args.diskMb },
  });
  let lastLine = 0;
  const onImageProgress = (p: ImageProgress) => {
    const line = imageProgressLine(p);
    const now = Date.now();
    if (line && (p.phase !== 'pull' || now - lastLine > 1000)) {
      lastLine = now;
      io.stderr(`${line}\n`);
    }
  };
  try {
    const session = await executor.openSession({
      workspaceDir: workdir,
      inputs: args.input ? [args.input] : [],
      mode: args.mode,
      stateless: true,
      onImageProgress,
      signal,
    });
    try {
      const refusal = unsandboxedRefusal(session.sandbox, args.allowUnsandboxed);
      if (refusal) {
        io.stderr(`plotwright exec: ${refusal}\n`);
        return 3;
      }
      const result = await session.run(args.lang, code, { signal });
      if (args.json) {
        io.stdout(`${JSON.stringify(toJson(result), null, 2)}\n`);
      } else {
        const show = (text: string) => showInvisibles(text);
        for (const w of result.warnings) io.stderr(`warning: ${show(w)}\n`);
        for (const a of result.artifacts) io.stderr(`artifact: ${show(a.path)} (${formatBytes(a.size)})\n`);
        if (result.charts.length)
          io.stderr(`charts: ${result.charts.map((c) => show(c.title)).join(', ')}\n`);
        const output = show(result.output);
        io.stdout(`${formatAutogen(result.exitCode, output)}${output.endsWith('\n') ? '' : '\n'}`);
      }
      return 0;
    } finally {
      await session.close();
    }
  } catch (err) {
    if (err instanceof ModeUnavailableError) {
      io.stderr(`plotwright exec: ${args.mode} mode is unavailable: ${err.message} (fix: ${err.hint})\n`);
      return 3;
    }
    io.stderr(`plotwright exec: ${oneLine(err)}\n`);
    return 1;
  } finally {
    await executor.shutdown();
  }
}

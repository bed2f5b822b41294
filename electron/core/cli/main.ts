// The `plotwright` command line: the same core the desktop app uses, without Electron.
import type { CliIO } from './io';

const HELP = `usage: plotwright <command> [options]

Plotwright: an AI analyst that writes Python, runs it in a sandbox and corrects itself.

commands:
  analyse   analyse a CSV file: the assistant writes and runs code until done, then reports
  exec      run one code block in the sandbox and print the result
  extract   list the code blocks of a model message
  doctor    check Docker, the sandbox image, Python, bubblewrap and the OS keychain
  check-model  score a model on a fixed set of questions about small tables

Run \`plotwright <command> --help\` for a command's options.
`;

type Command = (argv: string[], io: CliIO, signal?: AbortSignal) => Promise<number>;
// Loaded on demand, so `--help` and `extract` do not pay for Docker and the executor.
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyse: async () => (await import('./analyse')).runAnalyse,
  analyze: async () => (await import('./analyse')).runAnalyse,
  exec: async () => (await import('./exec')).runExec,
  extract: async () => (await import('./extract')).runExtract,
  'check-model': async () => (await import('./check-model')).runCheckModel,
  doctor: async () => {
    const { runDoctorCommand } = await import('./doctor');
    return (argv, io) => runDoctorCommand(argv, io);
  },
};

export const processIO: CliIO = {
  stdin: process.stdin,
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module');
    io.stdout(
      `${(createRequire(import.meta.url)('../../../package.json') as { version: string }).version}\n`,
    );
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`plotwright: unknown command ${name} (run \`plotwright --help\` for the list)\n`);
    return 2;
  }
  const command = await load();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await command(rest, io, controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

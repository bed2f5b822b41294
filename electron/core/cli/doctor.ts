// `plotwright doctor [--json]`: what can run code on this machine, and how to fix what can't.
import { parseArgs } from 'node:util';
import { runDoctor, type DoctorReport } from '../exec/doctor';
import type { CliIO } from './io';
import { oneLine } from '../../model/text/one-line';

const USAGE = 'usage: plotwright doctor [--json]';
const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

export function formatDoctor(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = report.checks.map((c) => {
    const hint = c.status !== 'ok' && c.hint ? `\n  ${' '.repeat(width + 2)}fix: ${c.hint}` : '';
    return `${MARK[c.status]} ${c.name.padEnd(width)}  ${c.detail}${hint}`;
  });
  const summary = report.autoMode
    ? `Auto mode runs code in ${report.autoMode === 'docker' ? 'Docker' : 'the local sandbox'}.`
    : 'Nothing can run code here yet: fix the checks above.';
  return `${lines.join('\n')}\n\n${summary}\n`;
}

export async function runDoctorCommand(argv: string[], io: CliIO, run = runDoctor): Promise<number> {
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(
        `${USAGE}\n\nChecks the Docker engine, the sandbox image, Python and pandas, bubblewrap and the OS keychain.\nExit status 0 when code can run (in Docker or the local sandbox), 1 otherwise.\n`,
      );
      return 0;
    }
    json = values.json === true;
  } catch (err) {
    io.stderr(`plotwright doctor: ${oneLine(err)}\n${USAGE}\n`);
    return 2;
  }
  const report = await run();
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
  return report.autoMode ? 0 : 1;
}

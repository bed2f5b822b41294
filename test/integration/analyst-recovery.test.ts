// Self-correction with real Python: a text value in a numeric column, a column whose type
// changes under the analyst's feet (the sum fails), and a kernel that lost its state.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinAnalyst } from '../../electron/core/analyst/builtin';
import { ExecutorService } from '../../electron/core/exec/executor';
import type { ExecSession } from '../../electron/core/exec/session';
import {
  executionOutputs,
  finalMessage,
  profileFor,
  runAnalyst,
  type RunAnalystOptions,
} from '../support/run-analyst';
import { SALES_CSV } from './support/env';

const executor = new ExecutorService({ mode: 'local' });
let root: string;
let n = 0;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-analyst-recovery-'));
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

async function analyse(csv: string, options: (session: ExecSession) => RunAnalystOptions = () => ({})) {
  const session = await executor.openSession({
    workspaceDir: path.join(root, `ws-${++n}`),
    inputs: [csv],
    mode: 'local',
  });
  try {
    const run = await runAnalyst(new BuiltinAnalyst({ profile: profileFor(csv) }), session, options(session));
    const said = run.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    return { run, said, outputs: executionOutputs(run), summary: finalMessage(run) };
  } finally {
    await session.close();
  }
}

describe('built-in analyst self-correction', () => {
  it('treats a stray text value in a numeric column as missing, and says so', async () => {
    const csv = path.join(root, 'stray.csv');
    writeFileSync(
      csv,
      readFileSync(SALES_CSV, 'utf8').replace('Widget Pro,East,8900,89', 'Widget Pro,East,unknown,89'),
    );
    const { run, summary, outputs } = await analyse(csv);
    expect(run.terminated).toBe(true);
    expect(outputs.join('\n')).toContain(
      "'revenue' holds numbers; 1 other value(s) such as ['unknown'] are treated as missing",
    );
    expect(outputs.join('\n')).toMatch(/Widget Pro\s+64400\s+6\s+12880\n/);
    expect(summary).toContain(
      '**Cleaned:** `revenue` holds numbers; 1 other value (e.g. “unknown”) counted as missing.',
    );
    expect(summary).toContain('Widget Pro: 64,400 over 6 rows (mean 12,880)');
    expect(summary).toContain('East: 9,600 over 2 rows (mean 9,600)');
    expect(summary).toContain('No missing values.'); // in the file; the stray value is reported as cleaned
  });

  it('recovers when a step fails because a column is no longer numeric', async () => {
    const { run, said, outputs, summary } = await analyse(SALES_CSV, (session) => ({
      afterTurn: async (turn) => {
        // The "numeric" column turns into text with a stray value between the overview and the next step.
        if (turn === 1) {
          const r = await session.run(
            'python',
            "df['revenue'] = df['revenue'].astype(object)\ndf.loc[2, 'revenue'] = 'oops'",
          );
          expect(r.exitCode).toBe(0);
        }
      },
    }));
    expect(run.terminated).toBe(true);
    expect(run.batches[1]?.exitCode).toBe(1);
    expect(said[2]).toMatch(
      /^The numeric summary step failed: `ValueError: could not convert string to float: 'oops'`\. I'll run it again in a safer form/,
    );
    expect(said[2]).toContain("pd.to_numeric(df[c], errors='coerce')");
    expect(run.batches[2]?.exitCode).toBe(0);
    expect(run.batches.slice(2).every((b) => b?.exitCode === 0)).toBe(true);
    expect(outputs.join('\n')).toMatch(/Widget Pro\s+64400\s+6\s+12880\n/);
    expect(summary).toContain('Widget Pro: 64,400 over 6 rows (mean 12,880)');
    expect(summary).not.toContain('Not completed');
    expect(run.turns).toBe(8);
  });

  it('reloads the data when the kernel lost its state between steps', async () => {
    const { run, said, summary } = await analyse(SALES_CSV, (session) => ({
      afterTurn: async (turn) => {
        if (turn === 2) await session.restart();
      },
    }));
    expect(run.terminated).toBe(true);
    expect(run.batches[2]?.message).toContain("NameError: name 'df' is not defined");
    expect(said[3]).toMatch(
      /^The kernel no longer has the data \(`NameError: name 'df' is not defined`\), so this block loads it again/,
    );
    expect(run.batches[3]?.exitCode).toBe(0);
    expect(run.batches[3]?.message).toContain('Reloaded the data: 10 rows.');
    expect(run.batches.slice(3).every((b) => b?.exitCode === 0)).toBe(true);
    expect(run.turns).toBe(8);
    for (const text of ['North: 31,800 over 3 rows', 'Widget Pro: 73,300 over 6 rows', '2026-03: 36,200']) {
      expect(summary).toContain(text);
    }
    // The month grouping after the reload proves the dates were converted again.
    expect(run.charts.find((c) => c.kind === 'line')?.data).toHaveLength(3);
  });
});

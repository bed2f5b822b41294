// `plotwright analyse --mode tools` as a user runs it: a real process, a real scripted model server
// that calls the analysis tools, the real sandbox (auto). `--json` lists the tool calls under
// `executions` with `"language": "tool"` and the tool's name; the model's code never runs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer } from '../support/openai-server';
import { PROJECT_ROOT, SALES_CSV } from './support/env';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-analyse-tools-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function analyse(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/plotwright.mjs', 'analyse', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PLOTWRIGHT_DATA_DIR: path.join(tmp, 'data') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end('');
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const west = Number(
  spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      'import sys, pandas as pd; print(int(pd.read_csv(sys.argv[1]).query(\'region == "West"\').units.sum()))',
      SALES_CSV,
    ],
    { encoding: 'utf8' },
  ).stdout.trim(),
);

describe('plotwright analyse --mode tools', () => {
  it('--json lists the tool calls as executions ("language": "tool", the tool name); code is not run', async () => {
    const filters = [{ column: 'region', op: '==', value: 'West' }];
    const server = await startOpenAIServer([
      {
        toolCalls: [{ name: 'aggregate', arguments: { measure: 'revenue_eur', agg: 'sum', filters } }],
        content: "```python\nopen('cli-pwned.txt', 'w').write('ran')\n```",
      },
      { toolCalls: [{ name: 'aggregate', arguments: { measure: 'units', agg: 'sum', filters } }] },
      { reply: `The West sold ${west} units.\n\nTERMINATE` },
    ]);
    try {
      const out = path.join(tmp, 'out');
      const r = await analyse([
        SALES_CSV,
        '--base-url',
        server.url,
        '--model',
        'm',
        '--mode',
        'tools',
        '--out',
        out,
        '--format',
        'py',
        '--json',
      ]);
      expect(r.status, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as {
        stopReason: string;
        executions: Record<string, unknown>[];
        answer: { claims: { value: number; supported: boolean }[] };
      };
      expect(json.stopReason).toBe('terminated');
      // the progress on stderr names the tool; the call that did not fit says why, on one line
      expect(r.stderr).toMatch(/block 2 \(tool aggregate\) failed: .*revenue_eur.*units/);
      expect(
        json.executions.map(({ durationMs, ...rest }) => (expect(durationMs).toBeTypeOf('number'), rest)),
      ).toEqual([
        { exitCode: 1, timedOut: false, language: 'tool', tool: 'aggregate' },
        { exitCode: 0, timedOut: false, language: 'tool', tool: 'aggregate' },
      ]);
      expect(json.answer.claims).toEqual([expect.objectContaining({ value: west, supported: true })]);
      // the tools were offered; the wrong column's error named the right one
      const bodies = server
        .chatRequests()
        .map((q) => q.json as { tools?: unknown[]; messages: { role: string; content: string }[] });
      expect(bodies[0]!.tools!.length).toBeGreaterThan(0);
      expect(bodies[1]!.messages.at(-1)).toMatchObject({ role: 'tool' });
      expect(bodies[1]!.messages.at(-1)!.content).toMatch(/revenue_eur.*units/);
      // the script holds the call's pandas; the model's python block never ran anywhere
      const [script] = readdirSync(out).filter((f) => f.endsWith('.py'));
      expect(readFileSync(path.join(out, script!), 'utf8')).toMatch(/units/);
      const data = path.join(tmp, 'data');
      const found = readdirSync(data, { recursive: true })
        .map(String)
        .filter((f) => f.includes('cli-pwned'));
      expect(found).toEqual([]);
    } finally {
      await server.close();
    }
  }, 240_000);

  it('--offline --mode tools: the built-in analyst (made of the same operations) runs as always', async () => {
    const r = await analyse([
      SALES_CSV,
      '--offline',
      '--mode',
      'tools',
      '--out',
      path.join(tmp, 'out-offline'),
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      stopReason: string;
      executions: { language: string; exitCode: number }[];
    };
    expect(json.stopReason).toBe('terminated');
    expect(json.executions.length).toBeGreaterThan(0);
    expect(json.executions.every((e) => e.language === 'python' && e.exitCode === 0)).toBe(true);
  }, 240_000);

  it('--mode takes tools among its values', async () => {
    const r = await analyse([SALES_CSV, '--mode', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--mode must be auto, docker, local or tools/);
  });
});

// The whole offline pipeline on every seaborn CSV — the real profile, the real engine and store,
// the built-in analyst, the real HTML report — and the report's figures against a separate pandas
// script (written here, independent of the analyst's code).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationRun } from '../../electron/core/agent/engine';
import { BUILTIN_MODEL, createConversation, createModel } from '../../electron/core/agent/service';
import { FileConversationStore } from '../../electron/core/agent/store';
import { fmtNum } from '../../electron/core/analyst/format';
import { stepPayload } from '../../electron/core/analyst/results';
import { dataBrief } from '../../electron/core/data/privacy';
import { ExecutorService } from '../../electron/core/exec/executor';
import { renderHtml } from '../../electron/core/report/html';
import { DATASETS } from './support/env';

const SEABORN = path.join(DATASETS, 'seaborn');
const files = readdirSync(SEABORN)
  .filter((f) => f.endsWith('.csv'))
  .sort();

const TRUTH = `
import json, sys
import pandas as pd
path, measure, category = sys.argv[1:4]
df = pd.read_csv(path)
values = pd.to_numeric(df[measure], errors='coerce')
groups = values.groupby(df[category]).agg(['sum', 'size', 'mean'])  # rows per group, missing values included
print(json.dumps({'rows': len(df), 'groups': {str(k): [float(s), int(n), float(m)] for k, (s, n, m) in groups.iterrows()}}))
`;

/** The report as the reader sees it: tags (and the figures' source marks) removed, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  const body = html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<sup class="claim-(?:ref|flag)">.*?<\/sup>/g, '')
    .replace(/<[^>]+>/g, ' ');
  const decoded = body.replace(
    /&(lt|gt|quot|#39|#x27|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[e]!,
  );
  return decoded.replace(/\s+/g, ' ');
}

const executor = new ExecutorService({ mode: 'local' });
let root: string;
let store: FileConversationStore;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-seaborn-report-'));
  store = new FileConversationStore(root);
});
afterAll(async () => {
  await executor.shutdown();
  rmSync(root, { recursive: true, force: true });
});

describe('offline analysis → report, on every seaborn CSV', () => {
  it.each(files)('%s', async (name) => {
    const file = path.join(SEABORN, name);
    const conversation = await createConversation(store, {
      file,
      model: BUILTIN_MODEL,
      settings: { mode: 'local' },
    });
    const profile = conversation.file!.profile!;
    const run = new ConversationRun({ executor, store }, conversation, {
      model: createModel(BUILTIN_MODEL, { profile }),
      dataBrief: dataBrief(profile, 'sample'),
    });
    const done = await run.ask(`Analyse ${name}`);
    await run.close();
    expect(done.stopReason).toBe('terminated');
    const text = visibleText(renderHtml({ conversation: done, workspaceDir: store.workspaceDir(done.id) }));

    const results = done.messages.flatMap((m) =>
      m.role === 'assistant'
        ? m.blocks.flatMap((b) => (b.result?.exitCode === 0 ? (b.result.results ?? []) : []))
        : [],
    );
    const totals = stepPayload('totals', results.find((r) => r?.step === 'totals') ?? null)?.tables[0];
    const rowsShown = `${profile.rows.toLocaleString('en-US')} rows`;
    expect(text).toContain(rowsShown);
    if (!totals) return; // no category to total by (car_crashes, dowjones): rows are what can be checked
    const truth = JSON.parse(
      spawnSync('/usr/bin/python3', ['-c', TRUTH, file, totals.measure, totals.category], {
        encoding: 'utf8',
      }).stdout,
    ) as {
      rows: number;
      groups: Record<string, [number, number, number]>;
    };
    expect(truth.rows).toBe(profile.rows);
    // The summary lists the totals of the first measure by the first category: "KEY: SUM over N rows";
    // for a measure whose total means nothing (a price…) the means instead: "KEY: mean MEAN over N rows".
    const averages = text.includes(`Averages of ${totals.measure} by`);
    const listed = Object.entries(truth.groups)
      .sort((a, b) => (averages ? b[1][2] - a[1][2] : b[1][0] - a[1][0]))
      .slice(0, 3);
    for (const [key, [sum, count, mean]] of listed) {
      expect(text, `${name}: ${key}`).toContain(
        averages
          ? `${key}: mean ${fmtNum(mean)} over ${count.toLocaleString('en-US')} row`
          : `${key}: ${fmtNum(sum)} over ${count.toLocaleString('en-US')} row`,
      );
    }
  });
});

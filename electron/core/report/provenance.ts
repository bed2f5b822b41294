// Where a report's numbers came from: the file (with its hash), the model, where the code ran
// and with which packages, and when.
import { createRequire } from 'node:module';
import { isolationSummary } from '../../model/exec/isolation';
import type { ReportContext } from './context';

export interface Provenance {
  file: { name: string; sha256: string; size: number; rows: number; columns: number } | null;
  model: { label: string; endpoint: string | null };
  execution: {
    mode: string;
    description: string;
    warnings: string[];
    /** What the isolation probe observed; null for conversations from before the probe. */
    isolation: { verified: boolean; line: string } | null;
  } | null;
  packages: { python: string | null; pandas: string | null; numpy: string | null; matplotlib: string | null };
  conversation: { id: string; createdAt: string; updatedAt: string };
  generatedAt: string;
  plotwrightVersion: string;
}

let version: string | null = null;

function plotwrightVersion(): string {
  if (version === null) {
    try {
      version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/**
 * An endpoint as "host/path (HTTP|HTTPS)": no credentials, no query string, and no URL a
 * report viewer could turn into a link or a request.
 */
export function describeEndpoint(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    const where = `${url.host}${url.pathname.replace(/\/+$/, '')}`;
    return `${where} (${url.protocol.replace(/:$/, '').toUpperCase()})`;
  } catch {
    return 'an unparsable address';
  }
}

export function provenance(ctx: ReportContext): Provenance {
  const c = ctx.conversation;
  const ex = c.execution;
  const pkg = (name: string) => ex?.packages[name] ?? null;
  return {
    file: c.file
      ? {
          name: c.file.name,
          sha256: c.file.sha256,
          size: c.file.size,
          rows: c.file.rows,
          columns: c.file.columns,
        }
      : null,
    model:
      c.model.kind === 'builtin'
        ? { label: c.model.label || 'built-in analyst', endpoint: null }
        : {
            label: c.model.label || c.model.model,
            endpoint: `${c.model.model} at ${describeEndpoint(c.model.baseUrl)}`,
          },
    execution: ex
      ? {
          mode: ex.mode,
          description: ex.description,
          warnings: [...ex.warnings],
          isolation: ex.isolation
            ? { verified: ex.isolation.verified, line: isolationSummary(ex.isolation) }
            : null,
        }
      : null,
    packages: {
      python: ex?.python ?? pkg('python'),
      pandas: pkg('pandas'),
      numpy: pkg('numpy'),
      matplotlib: pkg('matplotlib'),
    },
    conversation: { id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt },
    generatedAt: (ctx.generatedAt ?? new Date()).toISOString(),
    plotwrightVersion: plotwrightVersion(),
  };
}

/** The provenance as label/value lines, the same in every format. */
export function provenanceRows(p: Provenance): [string, string][] {
  const rows: [string, string][] = [];
  if (p.file) {
    rows.push([
      'Data file',
      `${p.file.name} (${p.file.rows} rows × ${p.file.columns} columns, ${p.file.size} bytes)`,
    ]);
    rows.push(['SHA-256', p.file.sha256]);
  } else rows.push(['Data file', 'none']);
  const builtin = /built-?in/i.test(p.model.label) ? p.model.label : `${p.model.label} (built-in analyst)`;
  rows.push(['Model', p.model.endpoint ? `${p.model.label} — ${p.model.endpoint}` : builtin]);
  if (p.execution) {
    rows.push(['Execution', `${p.execution.description} (${p.execution.mode} mode)`]);
    // what the probe observed, never what was configured
    const probe = p.execution.isolation;
    rows.push([
      'Isolation',
      probe ? probe.line : 'not verified: no isolation probe ran for this conversation',
    ]);
    for (const w of p.execution.warnings) if (w !== probe?.line) rows.push(['Isolation', w]);
  } else rows.push(['Execution', 'no code was run']);
  const versions = (['python', 'pandas', 'numpy', 'matplotlib'] as const)
    .filter((k) => p.packages[k])
    .map((k) => `${k === 'python' ? 'Python' : k} ${p.packages[k]}`);
  if (versions.length) rows.push(['Packages', versions.join(', ')]);
  rows.push([
    'Conversation',
    `started ${p.conversation.createdAt}, last updated ${p.conversation.updatedAt}`,
  ]);
  rows.push(['Report generated', `${p.generatedAt} by Plotwright ${p.plotwrightVersion}`]);
  return rows;
}

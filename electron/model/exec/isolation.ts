/**
 * The isolation report: what a probe run inside the sandbox observed, check by check, and the
 * plain words the app uses for it. Node-free: the renderer and the reports show these as they are.
 */

export type CheckName =
  | 'network'
  | 'host-files'
  | 'home-files'
  | 'app-data'
  | 'write-outside'
  | 'host-processes'
  | 'signal-host'
  | 'environment'
  | 'user-namespace'
  | 'host-root'
  | 'root-only-files';

export interface IsolationCheck {
  name: CheckName;
  passed: boolean;
  /** One line: what was tried and what happened. */
  detail: string;
}

export interface IsolationReport {
  /** Every check ran and passed: the only state in which the app says "isolated". */
  verified: boolean;
  /** What ran the probe, e.g. "bubblewrap 0.8.0", "Docker", "no OS sandbox". */
  runner: string;
  checks: IsolationCheck[];
  /** Names of the checks that failed (or why the probe itself failed). */
  failed: string[];
  durationMs: number;
  /** When the probe ran (ISO); a cached report keeps its original time. */
  at: string;
  cached: boolean;
}

/** What a failed check means the code could do, in the words of the consent prompt. */
export const RISKS: Record<CheckName, string> = {
  network: 'connect to the network and the internet (send your data anywhere)',
  'host-files': 'read files on this computer outside its folder',
  'home-files': 'read the files in your home folder',
  'app-data': "read Plotwright's own data (conversations, settings, the stored API key)",
  'write-outside': 'create and change files outside its folder',
  'host-processes': 'see your other programs',
  'signal-host': 'stop or signal your other programs',
  environment: "read other programs' environment variables (where keys and tokens often are)",
  'user-namespace': 'create new namespaces (more of the system kernel exposed to attack)',
  'host-root': 'act as the administrator (root) of this computer',
  'root-only-files': 'read system files meant for the administrator only',
};

/** What a passed check means, for the settings page ("what it isolates"). */
export const PROTECTS: Record<CheckName, string> = {
  network: 'no network',
  'host-files': 'files outside its folder hidden',
  'home-files': 'your home folder hidden',
  'app-data': "Plotwright's data and API key hidden",
  'write-outside': 'writes only inside its folder',
  'host-processes': 'your other programs invisible',
  'signal-host': 'your other programs cannot be signalled',
  environment: 'no access to other environments',
  'user-namespace': 'no new namespaces',
  'host-root': 'not running as the administrator',
  'root-only-files': 'administrator-only files unreadable',
};

/** The risks of an unverified sandbox, from the checks that failed (or every risk when none ran). */
export function risksOf(report: IsolationReport | null): string[] {
  const failed = report?.checks.filter((c) => !c.passed) ?? [];
  if (!report || failed.length === 0 || report.checks.length === 0)
    return report?.verified ? [] : Object.values(RISKS);
  return failed.map((c) => RISKS[c.name]);
}

/** One line for the badge, warnings and the report: what the probe observed. */
export function isolationSummary(report: IsolationReport): string {
  if (report.verified)
    return `Isolation verified (${report.runner}): ${report.checks.length} checks passed — ${report.checks
      .map((c) => PROTECTS[c.name])
      .join(', ')}.`;
  const what = report.checks.length
    ? `${report.failed.join(', ')} failed`
    : (report.failed[0] ?? 'the probe did not run');
  return `Isolation NOT verified (${report.runner}): ${what} — the code could ${risksOf(report).join('; ')}.`;
}

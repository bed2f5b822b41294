// One way to say how isolated code is, from what the isolation probe OBSERVED (never from what
// was configured): the status bar, the conversation header, the isolation banner, the consent
// prompt and the settings all use these words and tones.
import type { CheckName, IsolationReport } from '../../../electron/model/exec/isolation';
import type { SandboxStatus } from '../../../electron/shared/contract';

/** ok: verified; warn: runs, not verified; pending: the probe is running; bad: nothing can run. */
export type IsolationTone = 'ok' | 'warn' | 'pending' | 'bad' | 'neutral';

export interface IsolationLabel {
  text: string;
  tone: IsolationTone;
}

/** Short names of the checks, for one-line labels ("Not isolated · network, home folder"). */
const CHECK_LABEL: Record<CheckName, string> = {
  network: 'network',
  'host-files': 'host files',
  'home-files': 'home folder',
  'app-data': 'app data',
  'write-outside': 'writes outside',
  'host-processes': 'other programs',
  'signal-host': 'signals',
  environment: 'environment',
  'user-namespace': 'namespaces',
  'host-root': 'root',
  'root-only-files': 'root-only files',
};

export function checkLabel(name: string): string {
  return CHECK_LABEL[name as CheckName] ?? name;
}

/** "Docker (Docker 20.10 (unix:///…))" → "Docker"; anything else as the probe named it. */
export function runnerName(runner: string): string {
  return /^docker\b/i.test(runner) ? 'Docker' : runner;
}

/** The failed checks in short words, at most `max` of them and how many more. */
export function failedChecks(report: IsolationReport, max = 3): string {
  const names = report.failed.map(checkLabel);
  if (names.length === 0) return 'the probe did not run';
  if (names.length <= max + 1) return names.join(', ');
  return `${names.slice(0, max).join(', ')} +${names.length - max} more`;
}

/** The badge: "Isolated · verified (bubblewrap 0.8.0)", "Not isolated · network", "Checking isolation…". */
export function isolationLabel(
  report: IsolationReport | null | undefined,
  verifying = false,
): IsolationLabel {
  if (verifying) return { text: 'Checking isolation…', tone: 'pending' };
  if (!report) return { text: 'Isolation not verified', tone: 'warn' };
  if (report.verified) return { text: `Isolated · verified (${runnerName(report.runner)})`, tone: 'ok' };
  return { text: `Not isolated · ${failedChecks(report)}`, tone: 'warn' };
}

/**
 * The one colour of an isolation tone, as a class: the status bar item, the header chip and the
 * banner's headline all carry it (shared/chips.css colours it), with `data-tone`.
 */
export function toneClass(tone: IsolationTone): string {
  return `iso-tone-${tone}`;
}

/** The words and colour class every place shows for a probe's verdict (one function for all). */
export function isolationState(
  report: IsolationReport | null | undefined,
  verifying = false,
): IsolationLabel & { className: string } {
  const label = isolationLabel(report, verifying);
  return { ...label, className: toneClass(label.tone) };
}

/** A key naming a verdict (tone and words): the banner remembers per verdict that it was read. */
export function verdictKey(label: IsolationLabel): string {
  return `${label.tone}:${label.text}`;
}

/** What runs the code and what the probe found: "bubblewrap 0.8.0 — the network check failed". */
export function runnerLine(report: IsolationReport | null | undefined): string {
  if (!report) return 'a sandbox whose isolation was never checked';
  const runner = runnerName(report.runner);
  if (report.verified) return `${runner} — all ${report.checks.length} isolation checks passed`;
  if (report.checks.length === 0) return `${runner} — the isolation probe could not run`;
  const failed = report.checks.filter((c) => !c.passed);
  if (failed.length === report.checks.length) return `${runner} — every isolation check failed`;
  const names = failed.map((c) => checkLabel(c.name));
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${runner} — the ${list} check${names.length === 1 ? '' : 's'} failed`;
}

/** How to get a verified sandbox here, in plain words. */
export function isolationAdvice(
  platform: string | null,
  docker: { ok: boolean; imageReady?: boolean },
): string {
  if (docker.ok)
    return docker.imageReady
      ? 'Docker is running here with the sandbox image: choose Auto or Docker to run code in an isolated container.'
      : 'Docker is running here: prepare the sandbox image (status bar) and choose Auto or Docker to run code in an isolated container.';
  if (platform === 'linux')
    return 'To run code isolated, install bubblewrap (sudo apt install bubblewrap) or Docker, then restart Plotwright.';
  if (platform === 'win32')
    return 'Windows has no OS sandbox Plotwright can use: install Docker Desktop to run code isolated.';
  return 'To run code isolated, install Docker Desktop, then prepare the sandbox image from the status bar.';
}

/** Where code runs now on this machine, in the probe's words, or why nothing can run. */
export function machineIsolation(s: SandboxStatus): IsolationLabel {
  if (s.effectiveMode) return isolationState(s.isolation, s.verifying);
  if (s.mode === 'off') return { text: 'Code execution off', tone: 'neutral' };
  if (s.mode === 'docker') return { text: 'Docker sandbox unavailable: code cannot run', tone: 'bad' };
  if (s.mode === 'local') return { text: 'No Python with pandas: code cannot run', tone: 'bad' };
  return { text: 'No sandbox: code cannot run', tone: 'bad' };
}

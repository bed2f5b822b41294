// macOS Seatbelt (sandbox-exec) profile for the local sandbox, built from the same layout as the
// bubblewrap plan. Written for `sandbox-exec -p PROFILE python kernel.py …`; it cannot run on
// Linux, so nothing here is trusted until the host-side run-time probe passed on the Mac.
//
// SBPL is last-match-wins: later rules override earlier ones. The profile therefore goes from
// broad to narrow: deny everything; allow the system's read-only parts; hide the home folder;
// allow the interpreter's roots (which may be inside home, e.g. pyenv); allow the workspace and
// tmp read-write; finally deny writes to the read-only inputs.
//
// Decisions (each checked by test/unit/seatbelt.test.ts):
// - reads: /System, /usr/lib, /usr/libexec, /usr/share, /bin, /usr/bin, /Library/Fonts, the time
//   zone files, /dev/null|zero|random|urandom and /dev/fd; the interpreter's roots; the workspace
//   and tmp. Not /Library in general, not /usr/local or /opt (unless a root is there), not /etc
//   beyond localtime. A root under a Homebrew prefix also opens that prefix's Cellar, opt, lib and
//   Frameworks (Homebrew Python links its dylibs from there), never its var or etc.
// - metadata (stat) of every folder above an allowed path, so realpath() works; not their listing.
// - writes: the workspace and tmp only, plus /dev/null and /dev/fd; the inputs are write-denied.
// - processes: fork; exec only from readable places; signals and process info only within this
//   sandbox (the kernel stops its own descendants); no network at all.
// - sysctl: read-only hardware and OS identification (CPU counts and features for numpy, uname
//   for Python) and kern.proc.* (ps, used by the kernel to find descendants: names and pids, not
//   arguments; kern.procargs*, which holds other processes' arguments and environment, is not allowed).
// - mach-lookup: none. pandas, numpy and matplotlib (Agg) need no system service; without
//   opendirectoryd, pwd.getpwuid() fails (HOME is set, so expanduser works), and notifications
//   and logging are silently dropped. `extraMachServices` exists for what the probe may show.
// - POSIX semaphores and shared memory: allowed (multiprocessing needs them).
import path from 'node:path';
import type { BwrapLayout } from './bwrap';

export type SeatbeltLayout = Pick<BwrapLayout, 'workspace' | 'tmp' | 'readOnlyFiles' | 'roots'>;

export interface SeatbeltOptions {
  /** The user's home folder: hidden, except the parts of the layout that lie inside it. */
  home: string;
  /** Mach services to allow on top of none (global names), if the run-time probe shows a need. */
  extraMachServices?: string[];
}

export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

/** Readable system locations (subpaths). */
export const SYSTEM_READ = [
  '/System',
  '/usr/lib',
  '/usr/libexec',
  '/usr/share',
  '/bin',
  '/usr/bin',
  '/Library/Fonts',
  '/private/var/db/timezone',
];
/** Single readable files: the time zone link and what /bin/sh execs on macOS ≥ 10.15. */
export const SYSTEM_READ_FILES = ['/private/etc/localtime', '/private/var/select/sh'];
export const DEVICES_READ = ['/dev/null', '/dev/zero', '/dev/random', '/dev/urandom'];
export const EXEC_DIRS = ['/bin', '/usr/bin', '/usr/libexec'];
const LINKS = ['/tmp', '/var', '/etc'];
const HOMEBREW_PREFIXES = ['/opt/homebrew', '/usr/local'];
const HOMEBREW_READ = ['Cellar', 'opt', 'lib', 'Frameworks'];
export const SYSCTL_PREFIXES = ['hw.', 'machdep.cpu.', 'kern.proc.'];
export const SYSCTL_NAMES = [
  'kern.ostype',
  'kern.osrelease',
  'kern.osversion',
  'kern.osproductversion',
  'kern.version',
  'kern.hostname',
  'kern.argmax',
  'kern.maxfilesperproc',
  'kern.maxproc',
  'kern.ngroups',
  'kern.usrstack64',
  'kern.boottime',
  'kern.osvariant_status',
  'kern.secure_kernel',
  'sysctl.proc_translated',
];

/** An SBPL string literal: quotes and backslashes escaped; control characters refused. */
export function sbplString(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new Error(`refusing a sandbox path with a control character: ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The path the sandbox sees: absolute, normalized, with macOS's /tmp, /var and /etc links resolved. */
export function sandboxPath(p: string): string {
  if (!path.posix.isAbsolute(p)) throw new Error(`sandbox paths must be absolute: ${p}`);
  const norm = path.posix.normalize(p).replace(/(.)\/+$/, '$1');
  return /^\/(tmp|var|etc)(\/|$)/.test(norm) ? `/private${norm}` : norm;
}

function under(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(`${parent}/`);
}

/** Every folder above `p` (not `p`), from / down. */
function ancestors(p: string): string[] {
  const out: string[] = [];
  for (let d = path.posix.dirname(p); ; d = path.posix.dirname(d)) {
    out.unshift(d);
    if (d === '/') return out;
  }
}

const rule = (action: 'allow' | 'deny', ops: string, filters: string[]) =>
  filters.length ? [`(${action} ${ops}`, ...filters.map((f) => `  ${f}`), ')'] : [];
const literal = (p: string) => `(literal ${sbplString(p)})`;
const subpath = (p: string) => `(subpath ${sbplString(p)})`;

/** The SBPL profile for `sandbox-exec -p`. */
export function seatbeltProfile(layout: SeatbeltLayout, options: SeatbeltOptions): string {
  const home = sandboxPath(options.home);
  const workspace = sandboxPath(layout.workspace);
  const tmp = sandboxPath(layout.tmp);
  const inputs = layout.readOnlyFiles.map(sandboxPath);
  const roots = [...new Set(layout.roots.map(sandboxPath))].sort();
  for (const root of roots) {
    if (root === '/' || under(home, root))
      throw new Error(`refusing to expose ${root} to the sandbox: it contains the home folder`);
  }
  for (const p of [workspace, tmp]) {
    if (p === '/' || under(home, p)) throw new Error(`refusing ${p} as a writable sandbox folder`);
  }
  for (const input of inputs) {
    if (!under(input, workspace) || input === workspace)
      throw new Error(`refusing ${input}: read-only inputs must be files inside the workspace`);
  }
  const brew = HOMEBREW_PREFIXES.filter((prefix) => roots.some((r) => under(r, prefix))).flatMap((prefix) =>
    HOMEBREW_READ.map((d) => `${prefix}/${d}`),
  );
  const readable = [...SYSTEM_READ, ...brew, ...roots, workspace, tmp];
  // /tmp, /var and /etc themselves are symlinks a path given unresolved would cross.
  const metadata = [...new Set([...readable, ...SYSTEM_READ_FILES].flatMap(ancestors).concat(LINKS))]
    .filter((d) => !readable.some((r) => under(d, r)))
    .sort();
  const mach = (options.extraMachServices ?? []).map((name) => `(global-name ${sbplString(name)})`);

  return [
    '(version 1)',
    '(deny default)',
    '',
    '; Processes: fork, exec from readable places only, signals and info within this sandbox.',
    '(allow process-fork)',
    ...rule('allow', 'process-exec', [...EXEC_DIRS, ...roots, workspace, tmp].map(subpath)),
    '(allow signal (target same-sandbox))',
    '(allow process-info* (target same-sandbox))',
    '',
    '; No network, not even local sockets.',
    '(deny network*)',
    '',
    '; The system, read-only.',
    ...rule('allow', 'file-read*', [...SYSTEM_READ.map(subpath), ...SYSTEM_READ_FILES.map(literal)]),
    ...rule('allow', 'file-read*', brew.map(subpath)),
    ...rule('allow', 'file-read*', [...DEVICES_READ.map(literal), subpath('/dev/fd')]),
    ...rule('allow', 'file-write-data', [literal('/dev/null'), subpath('/dev/fd')]),
    ...rule('allow', 'sysctl-read', [
      ...SYSCTL_PREFIXES.map((p) => `(sysctl-name-prefix ${sbplString(p)})`),
      ...SYSCTL_NAMES.map((n) => `(sysctl-name ${sbplString(n)})`),
    ]),
    '(allow ipc-posix-sem)',
    '(allow ipc-posix-shm)',
    '',
    '; The home folder is hidden; only what follows may reopen parts of it.',
    `(deny file-read* file-write* ${subpath(home)})`,
    '',
    "; The interpreter's roots, read-only (may be inside home: pyenv, conda).",
    ...rule('allow', 'file-read*', roots.map(subpath)),
    '',
    '; stat() of the folders above what is allowed, so realpath() works; no listing.',
    ...rule('allow', 'file-read-metadata', metadata.map(literal)),
    '',
    '; The workspace and the private tmp, read-write.',
    ...rule('allow', 'file-read* file-write*', [subpath(workspace), subpath(tmp)]),
    '',
    "; The user's data files stay read-only (last rule wins).",
    ...rule('deny', 'file-write*', inputs.map(literal)),
    ...(mach.length
      ? ['', '; Mach services the run-time probe asked for.', ...rule('allow', 'mach-lookup', mach)]
      : []),
    '',
  ].join('\n');
}

/** `[command, args]` for spawn: append the program and its arguments to args. */
export function seatbeltCommand(layout: SeatbeltLayout, options: SeatbeltOptions): [string, string[]] {
  return [SANDBOX_EXEC, ['-p', seatbeltProfile(layout, options)]];
}

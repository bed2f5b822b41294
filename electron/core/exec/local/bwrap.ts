import { execFile } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readlinkSync } from 'node:fs';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { etcArgs, identityFiles, worldReadable } from './etc';
import { namespaceFilter, seccompArch, type SeccompArch } from './seccomp';
import { oneLine } from '../../../model/text/one-line';

export { ETC_ALLOWLIST, etcArgs } from './etc';

/** Host uid and gid the code runs as when the app itself runs as root (the Docker image's user too). */
export const SANDBOX_UID = 10001;
export const SANDBOX_GID = 10001;

export type BubblewrapStatus =
  | {
      available: true;
      path: string;
      version: string;
      /** `--disable-userns` exists (bubblewrap ≥ 0.8.0) and worked in the probe. */
      supportsDisableUserns: boolean;
      /** `--size` for `--tmpfs` (a bounded /dev/shm). */
      supportsSize: boolean;
      /** `--perms` (traversable folders and a 1777 /dev/shm when the code runs as another uid). */
      supportsPerms: boolean;
      /** The namespace filter can be built for this CPU (x86_64, aarch64), and `--seccomp` exists. */
      seccompArch: SeccompArch | null;
      /** The app runs as root and the code will run as this unprivileged host uid/gid via setpriv. */
      dropRoot: { setpriv: string; uid: number; gid: number } | null;
    }
  | { available: false; reason: string };
export type AvailableBubblewrap = Extract<BubblewrapStatus, { available: true }>;

/** /dev/shm when the layout gives no size (RAM the per-process memory limit does not count). */
export const DEFAULT_SHM_BYTES = 64 * 1024 * 1024;

/** Directories bound whole, read-only; the rest of the host (home, /var, /run, /srv, /mnt…) is absent. */
const SYSTEM_DIRS = ['/usr'];
const SYSTEM_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
let cached: Promise<BubblewrapStatus> | null = null;

function run(file: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000, env: { PATH: '/usr/bin:/bin' } }, (err, stdout, stderr) =>
      resolve({ ok: !err, out: (err ? stderr || err.message : stdout).trim() }),
    );
  });
}

/** 0.8.0 or later (--disable-userns), for when --help says nothing. */
const atLeast080 = (version: string) => {
  const [major = 0, minor = 0] = (version.match(/\d+/g) ?? []).map(Number);
  return major > 0 || minor >= 8;
};

/** Is bubblewrap installed, and can it create the namespaces we need here? What does it support? */
export function detectBubblewrap(fresh = false): Promise<BubblewrapStatus> {
  if (cached && !fresh) return cached;
  cached = (async (): Promise<BubblewrapStatus> => {
    if (process.platform !== 'linux')
      return { available: false, reason: `bubblewrap is Linux-only (this is ${process.platform})` };
    const file = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'].find((f) => existsSync(f));
    if (!file) return { available: false, reason: 'bubblewrap is not installed' };
    const version = (await run(file, ['--version'])).out.replace(/^bubblewrap\s*/, '');
    const help = (await run(file, ['--help'])).out;
    const has = (flag: string) => new RegExp(`^\\s*${flag}\\b`, 'm').test(help);
    const found = ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => existsSync(f));
    // As root, the code runs as SANDBOX_UID through setpriv; --perms keeps its folders traversable.
    const setpriv = process.getuid?.() === 0 && has('--perms') ? found : undefined;
    const base = ['--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev'];
    const user = ['--unshare-all', '--unshare-user', '--cap-drop', 'ALL'];
    const dropRoot = setpriv ? { setpriv, uid: SANDBOX_UID, gid: SANDBOX_GID } : null;
    const drop = setpriv ? ['--', ...setprivArgs(setpriv, SANDBOX_UID, SANDBOX_GID)] : [];
    const probe = await run(file, [
      ...(setpriv ? [...ROOT_NS, ...ROOT_CAPS] : user),
      ...base,
      ...drop,
      'true',
    ]);
    if (!probe.ok) {
      return {
        available: false,
        reason: `bubblewrap cannot create a sandbox here: ${oneLine(probe.out)}`,
      };
    }
    let disable = has('--disable-userns') || (!help && atLeast080(version));
    if (disable && !setpriv) disable = (await run(file, [...user, '--disable-userns', ...base, 'true'])).ok;
    return {
      available: true,
      path: file,
      version,
      supportsDisableUserns: disable,
      supportsSize: has('--size'),
      supportsPerms: has('--perms'),
      seccompArch: has('--seccomp') || !help ? seccompArch() : null,
      dropRoot,
    };
  })();
  return cached;
}

/** As root, bubblewrap creates these namespaces itself (no user namespace: setpriv drops to a plain uid). */
const ROOT_NS = '--unshare-ipc --unshare-pid --unshare-net --unshare-uts --unshare-cgroup-try'.split(' ');
/**
 * Only what the last steps need, all gone at setpriv's uid switch: DAC_READ_SEARCH for bubblewrap's
 * chdir into the workspace (0700, already the sandbox uid's), SETUID/SETGID/SETPCAP for setpriv.
 */
const ROOT_CAPS = [
  '--cap-drop',
  'ALL',
  ...['DAC_READ_SEARCH', 'SETUID', 'SETGID', 'SETPCAP'].flatMap((c) => ['--cap-add', `CAP_${c}`]),
];

/** setpriv as the sandbox's command: the uid switch clears every capability; nothing can be regained. */
const setprivArgs = (setpriv: string, uid: number, gid: number) => [
  ...[setpriv, `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--no-new-privs'],
  ...['--bounding-set=-all', '--inh-caps=-all', '--'],
];

export interface BwrapLayout {
  workspace: string;
  /** Host directory mounted as the sandbox's private /tmp. */
  tmp: string;
  /** Files inside the workspace that must stay read-only (the user's data). */
  readOnlyFiles: string[];
  /** Extra read-only directories: the interpreter's prefixes, site-packages, the kernel and helper. */
  roots: string[];
  /** The uid the code sees (when the app is root and drops, also its host uid; default SANDBOX_UID). */
  uid?: number;
  /** Size of the private /dev/shm tmpfs (default DEFAULT_SHM_BYTES); 0: /dev/shm is read-only. */
  shmBytes?: number;
  /** How nested user namespaces are refused; default both where available (root: always seccomp). */
  userns?: 'disable-flag' | 'seccomp' | 'both';
  /** HOME of the synthesized passwd entry (default the workspace). */
  home?: string;
  /**
   * Run the command as the PID namespace's init (`--as-pid-1`), so no bwrap process of the code's
   * uid stays inside. Ignored when dropping root: there bwrap's init is root's (out of the code's
   * reach), and it is what takes the namespace down when the app dies — the parent-death signal
   * cannot reach code of another uid, so code as pid 1 would outlive the app.
   */
  asPid1?: boolean;
}

/** What a plan needs to know about the installed bubblewrap (a subset of the available status). */
export type BwrapFeatures = Pick<
  AvailableBubblewrap,
  'path' | 'supportsDisableUserns' | 'supportsSize' | 'supportsPerms' | 'seccompArch' | 'dropRoot'
>;

export interface BwrapPlan {
  command: string;
  /** Ends with the command separator (and setpriv when dropping root): append the program and its args. */
  args: string[];
  /** Contents to hand to the child on fd `fd` (3, 4, … in order). */
  data: { fd: number; name: 'seccomp' | 'passwd' | 'group'; bytes: Buffer }[];
  /** The host uid the code runs as. */
  hostUid: number;
  /** What refuses nested user namespaces. */
  userns: { disableFlag: boolean; seccomp: boolean };
}

function under(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The whole bubblewrap invocation, pure (reads only the host's /etc and the layout's paths):
 * no network; /usr, the rebuilt /etc and the interpreter's roots read-only; the workspace
 * read-write with the inputs read-only on top; a private on-disk /tmp; a bounded /dev/shm; the
 * root and /dev read-only; own PID, IPC, UTS, network (and cgroup) namespaces; every capability
 * dropped; no new user namespaces. As root (status.dropRoot) the code runs as an unprivileged host uid.
 */
export function bwrapPlan(layout: BwrapLayout, features: BwrapFeatures): BwrapPlan {
  const drop = features.dropRoot;
  const uid = drop ? (layout.uid ?? drop.uid) : (layout.uid ?? process.getuid?.() ?? SANDBOX_UID);
  const gid = drop ? (layout.uid ?? drop.gid) : (layout.uid ?? process.getgid?.() ?? SANDBOX_GID);
  const want = layout.userns ?? 'both';
  const disableFlag = !drop && features.supportsDisableUserns && want !== 'seccomp';
  const seccomp = features.seccompArch !== null && (drop !== null || want !== 'disable-flag' || !disableFlag);
  const data: BwrapPlan['data'] = [];
  const fd = (name: BwrapPlan['data'][number]['name'], bytes: Buffer): string => {
    const at = 3 + data.length;
    data.push({ fd: at, name, bytes });
    return String(at);
  };

  const args = drop ? [...ROOT_NS] : ['--unshare-all', '--unshare-user'];
  if (disableFlag) args.push('--disable-userns');
  args.push('--die-with-parent', '--new-session', ...(drop ? ROOT_CAPS : ['--cap-drop', 'ALL']));
  if (!drop && layout.uid !== undefined) args.push('--uid', String(uid), '--gid', String(gid));
  args.push('--hostname', 'plotwright-sandbox');
  for (const dir of SYSTEM_DIRS) if (existsSync(dir)) args.push('--ro-bind', dir, dir);
  for (const link of SYSTEM_LINKS) {
    if (!existsSync(link)) continue;
    const st = lstatSync(link);
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(link), link);
    else args.push('--ro-bind', link, link);
  }
  args.push('--proc', '/proc', '--dev', '/dev');
  const shm = Math.floor(layout.shmBytes ?? DEFAULT_SHM_BYTES);
  if (shm > 0 && features.supportsSize) {
    if (features.supportsPerms) args.push('--perms', '1777');
    args.push('--size', String(shm), '--tmpfs', '/dev/shm');
  }
  args.push(...(features.supportsPerms ? ['--perms', '0755'] : []), '--dir', '/etc', ...etcArgs());
  const ids = identityFiles(uid, gid, layout.home ?? layout.workspace);
  const readable = features.supportsPerms ? ['--perms', '0444'] : []; // else 0600, the sandbox user's
  args.push(...readable, '--ro-bind-data', fd('passwd', ids.passwd), '/etc/passwd');
  args.push(...readable, '--ro-bind-data', fd('group', ids.group), '/etc/group');
  const workspace = path.resolve(layout.workspace);
  // The code owns what is inside the workspace: a symlink it planted there (.tmp → ~/.ssh) would be
  // followed by the next start's bind. So the tmp folder and the inputs must be what they claim.
  const own = (p: string, kind: 'folder' | 'file') => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    const real = under(path.resolve(p), workspace)
      ? path.join(realpathSync(workspace), path.relative(workspace, path.resolve(p)))
      : path.resolve(p);
    if (!st || (kind === 'file' ? !st.isFile() : !st.isDirectory()) || realpathSync(p) !== real)
      throw new Error(`refusing to bind ${p}: not a ${kind} of its own (a symlink or missing)`);
  };
  own(layout.tmp, 'folder');
  args.push('--bind', layout.tmp, '/tmp');

  // Folders above a bind that the sandbox does not have yet: bubblewrap would create them 0700,
  // which a dropped uid cannot cross, so create them 0755 first.
  const made = new Set(['/', '/etc', '/tmp', '/proc', '/dev']);
  const covered = [...SYSTEM_DIRS, ...SYSTEM_LINKS];
  const parents = (dest: string) => {
    // Under /tmp, bubblewrap creates folders inside layout.tmp, which the code owns: as root it would
    // follow a planted symlink out to the host (/oldroot), so every step must be a real folder.
    if (drop && under(dest, '/tmp')) {
      for (let d = dest; d !== '/tmp'; d = path.dirname(d)) {
        const st = lstatSync(path.join(layout.tmp, path.relative('/tmp', d)), { throwIfNoEntry: false });
        if (st && !st.isDirectory())
          throw new Error(`refusing to start: ${d} in the sandbox's /tmp is not a folder`);
      }
    }
    const missing: string[] = [];
    for (let d = path.dirname(dest); !made.has(d) && !covered.some((c) => under(d, c)); d = path.dirname(d))
      missing.unshift(d);
    for (const d of missing) {
      if (drop) args.push('--perms', '0755');
      args.push('--dir', d);
      made.add(d);
    }
  };
  const roots = [...new Set(layout.roots.map((r) => path.resolve(r)))].sort();
  for (const root of roots) {
    // Under /usr: already there; under /etc: only the allowlist may show.
    if (covered.some((c) => under(root, c)) || under(root, '/etc') || !existsSync(root)) continue;
    // A root above a system folder (/, /opt/..) would expose everything: refuse it.
    if (covered.some((c) => under(c, root)) || path.dirname(root) === root) {
      throw new Error(`refusing to expose ${root} to the sandbox: it contains system folders`);
    }
    if (drop && !worldReadable(lstatSync(root)))
      throw new Error(
        `${root} is not readable by the sandbox user ${uid}: make it world-readable (chmod o+rx)`,
      );
    parents(root);
    args.push('--ro-bind', root, root);
    covered.push(root);
    made.add(root);
  }
  parents(workspace);
  args.push('--bind', workspace, workspace);
  for (const file of layout.readOnlyFiles) {
    if (!under(path.resolve(file), workspace))
      throw new Error(`refusing to bind ${file}: not inside the workspace`);
    own(file, 'file');
    args.push('--ro-bind', file, file);
  }
  // Nothing below is writable except the workspace, /tmp and /dev/shm: no RAM-backed root, /etc or /dev.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  if (layout.asPid1 && !drop) args.push('--as-pid-1');
  if (seccomp) args.push('--seccomp', fd('seccomp', namespaceFilter([features.seccompArch!])));
  args.push('--chdir', workspace, '--', ...(drop ? setprivArgs(drop.setpriv, uid, gid) : []));
  return {
    command: features.path,
    args,
    data,
    hostUid: drop ? uid : (process.getuid?.() ?? uid),
    userns: { disableFlag, seccomp },
  };
}

export interface BwrapInvocation {
  command: string;
  /** Append the program and its arguments: `spawn(command, [...args, python, ...script])`. */
  args: string[];
  /** Append to spawn's stdio after the first three: they become the child's fds 3, 4, … */
  extraStdio: number[];
  /** Closes the parent's copies of those fds: call once spawn returned (or threw). Idempotent. */
  close(): void;
}

/** Opens a read-only fd on an unlinked private file holding `bytes` (Node has no memfd). */
function sealedFd(bytes: Buffer): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-bwrap-'));
  try {
    const file = path.join(dir, 'data');
    writeFileSync(file, bytes, { mode: 0o600 });
    return openSync(file, 'r');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plan with its data written to fds, ready for spawn. */
export function bwrapInvocation(layout: BwrapLayout, status: BwrapFeatures): BwrapInvocation {
  const plan = bwrapPlan(layout, status);
  const fds: number[] = [];
  try {
    for (const d of plan.data) fds.push(sealedFd(d.bytes));
  } catch (err) {
    for (const f of fds) closeSync(f);
    throw err;
  }
  let open = true;
  const close = () => {
    if (open) for (const f of fds) closeSync(f);
    open = false;
  };
  return { command: plan.command, args: plan.args, extraStdio: fds, close };
}

/**
 * Gives the workspace to the uid the code runs as (when the app is root): every folder and file
 * not already its own, except the read-only inputs, which stay the app's and become 0444.
 * Symlinks are never followed or changed, nor files with several links. Call it before the
 * kernel starts, while no sandboxed process can change the tree under it.
 */
export async function chownWorkspace(dir: string, uid: number, gid: number, readOnlyFiles: string[] = []) {
  const readOnly = new Set(readOnlyFiles.map((f) => path.resolve(f)));
  const walk = async (p: string): Promise<void> => {
    const st = await fs.lstat(p);
    if (st.isSymbolicLink()) return;
    if (readOnly.has(p)) {
      if (st.isFile()) await fs.chmod(p, 0o444);
      return;
    }
    if (st.isFile() && st.nlink > 1) return;
    if (st.uid !== uid || st.gid !== gid) await fs.lchown(p, uid, gid);
    if (st.isDirectory()) for (const name of await fs.readdir(p)) await walk(path.join(p, name));
  };
  await walk(path.resolve(dir));
}

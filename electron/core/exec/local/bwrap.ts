import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export type BubblewrapStatus =
  { available: true; path: string; version: string } | { available: false; reason: string };

/** System directories exposed read-only; everything else of the host (home, /var, /run, /srv, /mnt…) is absent. */
const SYSTEM_DIRS = ['/usr', '/etc'];
const SYSTEM_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Secrets that stay hidden even though /etc is visible. */
const HIDDEN_FILES = ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers'];
const HIDDEN_DIRS = ['/etc/ssh', '/etc/ssl/private', '/etc/sudoers.d'];

let cached: Promise<BubblewrapStatus> | null = null;

function run(file: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000, env: { PATH: '/usr/bin:/bin' } }, (err, stdout, stderr) =>
      resolve({ ok: !err, out: (err ? stderr || err.message : stdout).trim() }),
    );
  });
}

/** Is bubblewrap installed, and can it create the namespaces we need here? */
export function detectBubblewrap(fresh = false): Promise<BubblewrapStatus> {
  if (cached && !fresh) return cached;
  cached = (async (): Promise<BubblewrapStatus> => {
    if (process.platform !== 'linux')
      return { available: false, reason: `bubblewrap is Linux-only (this is ${process.platform})` };
    const file = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'].find((f) => existsSync(f));
    if (!file) return { available: false, reason: 'bubblewrap is not installed' };
    const version = await run(file, ['--version']);
    const probe = await run(file, [
      '--unshare-all',
      '--unshare-user',
      '--die-with-parent',
      '--cap-drop',
      'ALL',
      '--ro-bind',
      '/',
      '/',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      'true',
    ]);
    if (!probe.ok) {
      return {
        available: false,
        reason: `bubblewrap cannot create a sandbox here: ${probe.out.split('\n')[0]}`,
      };
    }
    return { available: true, path: file, version: version.out.replace(/^bubblewrap\s*/, '') };
  })();
  return cached;
}

export interface BwrapLayout {
  workspace: string;
  /** Host directory mounted as the sandbox's private /tmp. */
  tmp: string;
  /** Files inside the workspace that must stay read-only (the user's data). */
  readOnlyFiles: string[];
  /** Extra read-only directories: the interpreter's prefixes, site-packages, the kernel and helper. */
  roots: string[];
  /** Map the code to this uid inside the sandbox (used when the app runs as root). */
  uid?: number;
}

function under(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Arguments for `bwrap … -- COMMAND`: no network, read-only host, hidden home, private /tmp and PIDs. */
export function bwrapArgs(layout: BwrapLayout): string[] {
  const args = ['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  if (layout.uid !== undefined) args.push('--uid', String(layout.uid), '--gid', String(layout.uid));
  args.push('--hostname', 'plotwright-sandbox');
  for (const dir of SYSTEM_DIRS) if (existsSync(dir)) args.push('--ro-bind', dir, dir);
  for (const link of SYSTEM_LINKS) {
    if (!existsSync(link)) continue;
    const st = lstatSync(link);
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(link), link);
    else args.push('--ro-bind', link, link);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--bind', layout.tmp, '/tmp');
  const covered = [...SYSTEM_DIRS, ...SYSTEM_LINKS];
  const roots = [...new Set(layout.roots.map((r) => path.resolve(r)))].sort();
  for (const root of roots) {
    if (covered.some((c) => under(root, c)) || !existsSync(root)) continue;
    // A root above a system folder (/, /opt/..) would expose everything: refuse it.
    if (covered.some((c) => under(c, root)) || path.dirname(root) === root) {
      throw new Error(`refusing to expose ${root} to the sandbox: it contains system folders`);
    }
    args.push('--ro-bind', root, root);
    covered.push(root);
  }
  args.push('--bind', layout.workspace, layout.workspace);
  for (const file of layout.readOnlyFiles) args.push('--ro-bind', file, file);
  // Masks last, so no bind above can uncover them.
  for (const file of HIDDEN_FILES) if (existsSync(file)) args.push('--ro-bind', '/dev/null', file);
  for (const dir of HIDDEN_DIRS) if (existsSync(dir)) args.push('--tmpfs', dir);
  args.push('--chdir', layout.workspace);
  return args;
}

// The /etc the local sandbox shows (an allowlist, world-readable entries only) and the identity
// files bubblewrap writes in place of the host's passwd and group.
import { existsSync, lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * The only parts of /etc the code sees (found with `strace -f -e trace=%file` on pandas, numpy,
 * matplotlib, fc-list, subprocess, time zones, plus `find /usr -lname '/etc/*'`): the dynamic
 * loader's cache, Debian's alternatives (BLAS/LAPACK are reached through them), fonts and
 * matplotlibrc, Python's sitecustomize, name-service and time-zone files. passwd and group are
 * synthesized. Not here on purpose: shadow, ssh, ssl, machine-id, hostname, resolv.conf, ld.so.preload.
 */
export const ETC_ALLOWLIST = (
  'alternatives fonts host.conf hosts ld.so.cache ld.so.conf ld.so.conf.d locale.alias locale.conf ' +
  'localtime matplotlibrc mime.types nsswitch.conf os-release python3 timezone'
).split(' ');
const ETC_PATTERN = /^python3\.\d+$/;
/** A folder of /etc with more entries than this is left out rather than walked. */
const ETC_MAX_ENTRIES = 20_000;

export const worldReadable = (st: Stats) =>
  st.isDirectory() ? (st.mode & 0o005) === 0o005 : (st.mode & 0o004) !== 0;

/** Walks an allowlisted /etc folder and masks what "others" may not read (and stops there). */
function maskUnreadable(dir: string, dest: string, masks: string[], budget: { left: number }): void {
  for (const name of readdirSync(dir).sort()) {
    if (--budget.left < 0) throw new Error(`${dir}: too many entries`);
    const st = lstatSync(path.join(dir, name));
    const to = path.posix.join(dest, name);
    if (st.isSymbolicLink()) continue; // resolved inside the sandbox, against what it can see
    if (!worldReadable(st))
      masks.push(
        ...(st.isDirectory() ? ['--tmpfs', to, '--remount-ro', to] : ['--ro-bind', '/dev/null', to]),
      );
    else if (st.isDirectory()) maskUnreadable(path.join(dir, name), to, masks, budget);
  }
}

/** `/etc` rebuilt from the allowlist: world-readable entries only, symlinks recreated as symlinks. */
export function etcArgs(source = '/etc', dest = '/etc'): string[] {
  const args: string[] = [];
  const masks: string[] = [];
  const names = existsSync(source) ? readdirSync(source) : [];
  for (const name of names.filter((n) => ETC_ALLOWLIST.includes(n) || ETC_PATTERN.test(n)).sort()) {
    const from = path.join(source, name);
    const to = path.posix.join(dest, name);
    const st = lstatSync(from);
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(from), to);
    else if (!worldReadable(st) || !(st.isFile() || st.isDirectory())) continue;
    else if (st.isFile()) args.push('--ro-bind', from, to);
    else {
      const inner: string[] = [];
      try {
        maskUnreadable(from, to, inner, { left: ETC_MAX_ENTRIES });
      } catch {
        continue; // unreadable or huge: leave it out
      }
      args.push('--ro-bind', from, to);
      masks.push(...inner);
    }
  }
  return [...args, ...masks];
}

/** passwd and group with root, the sandbox user and nobody: no host account names or homes. */
export function identityFiles(uid: number, gid: number, home: string): { passwd: Buffer; group: Buffer } {
  const users = [`root:x:0:0:root:/:/usr/sbin/nologin`, `nobody:x:65534:65534:nobody:/:/usr/sbin/nologin`];
  const groups = ['root:x:0:', 'nogroup:x:65534:'];
  if (uid !== 0 && uid !== 65534)
    users.splice(1, 0, `sandbox:x:${uid}:${gid}:Plotwright sandbox:${home}:/bin/sh`);
  if (gid !== 0 && gid !== 65534) groups.splice(1, 0, `sandbox:x:${gid}:`);
  return { passwd: Buffer.from(`${users.join('\n')}\n`), group: Buffer.from(`${groups.join('\n')}\n`) };
}

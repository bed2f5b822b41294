// bwrapPlan: the mount and namespace plan of the local sandbox, checked argument by argument.
import { chmodSync, existsSync, fstatSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync } from 'node:fs';
import { readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bwrapInvocation,
  bwrapPlan,
  DEFAULT_SHM_BYTES,
  ETC_ALLOWLIST,
  etcArgs,
  type BwrapFeatures,
  type BwrapLayout,
} from '../../electron/core/exec/local/bwrap';
import { namespaceFilter } from '../../electron/core/exec/local/seccomp';

const BIND_FLAGS = new Set(['--bind', '--ro-bind', '--dev-bind']);

/** Every [flag, source, destination] mount of the argument list, in order. */
function mounts(args: string[]): { flag: string; src: string; dest: string; at: number }[] {
  const out: { flag: string; src: string; dest: string; at: number }[] = [];
  for (let i = 0; i < args.length; i++) {
    if (BIND_FLAGS.has(args[i]!)) {
      out.push({ flag: args[i]!, src: args[i + 1]!, dest: args[i + 2]!, at: i });
      i += 2;
    }
  }
  return out;
}

/** Index of `flag` followed by `values`, or -1. */
function find(args: string[], ...seq: string[]): number {
  for (let i = 0; i + seq.length <= args.length; i++) if (seq.every((s, j) => args[i + j] === s)) return i;
  return -1;
}

function under(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}

const USER: BwrapFeatures = {
  path: '/usr/bin/bwrap',
  supportsDisableUserns: true,
  supportsSize: true,
  supportsPerms: true,
  seccompArch: 'x86_64',
  dropRoot: null,
};
const ROOT: BwrapFeatures = { ...USER, dropRoot: { setpriv: '/usr/bin/setpriv', uid: 10001, gid: 10001 } };

let root: string;
let layout: BwrapLayout;
let extraRoot: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pw-bwrap-'));
  const workspace = path.join(root, 'ws');
  mkdirSync(path.join(workspace, '.tmp'), { recursive: true });
  writeFileSync(path.join(workspace, 'sales.csv'), 'a\n1\n');
  writeFileSync(path.join(workspace, 'other.csv'), 'b\n2\n');
  extraRoot = path.join(root, 'python-prefix');
  mkdirSync(extraRoot, { mode: 0o755 });
  chmodSync(extraRoot, 0o755);
  layout = {
    workspace,
    tmp: path.join(workspace, '.tmp'),
    readOnlyFiles: [path.join(workspace, 'sales.csv'), path.join(workspace, 'other.csv')],
    roots: [extraRoot],
  };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bwrapPlan, app not root', () => {
  it('unshares every namespace including the user one, refuses nested ones and drops all capabilities', () => {
    const { args, userns } = bwrapPlan(layout, USER);
    expect(args.slice(0, 7).join(' ')).toBe(
      '--unshare-all --unshare-user --disable-userns --die-with-parent --new-session --cap-drop ALL',
    );
    expect(userns).toEqual({ disableFlag: true, seccomp: true });
    expect(args).not.toContain('--share-net');
    expect(args).not.toContain('--uid');
    expect(find(args, '--proc', '/proc')).toBeGreaterThan(0);
    expect(find(args, '--dev', '/dev')).toBeGreaterThan(0);
    expect(args.slice(-3)).toEqual(['--chdir', layout.workspace, '--']);
  });

  it('binds /usr read-only and recreates the /bin, /lib… links', () => {
    const args = bwrapPlan(layout, USER).args;
    const m = mounts(args);
    expect(m.filter((x) => x.dest === '/usr')).toEqual([
      expect.objectContaining({ flag: '--ro-bind', src: '/usr' }),
    ]);
    for (const link of ['/bin', '/sbin', '/lib', '/lib64']) {
      if (!existsSync(link)) continue;
      if (lstatSync(link).isSymbolicLink()) {
        expect(find(args, '--symlink', readlinkSync(link), link), link).toBeGreaterThan(0);
      } else {
        expect(m).toContainEqual(expect.objectContaining({ flag: '--ro-bind', src: link, dest: link }));
      }
    }
  });

  it('never binds /etc whole, and shows nothing of it outside the allowlist', () => {
    const args = bwrapPlan(layout, USER).args;
    const m = mounts(args);
    expect(m.some((x) => x.src === '/etc' || x.dest === '/etc')).toBe(false);
    expect(find(args, '--dir', '/etc')).toBeGreaterThan(0);
    for (const { src, dest } of m.filter((x) => under(x.dest, '/etc'))) {
      const top = dest.split('/')[2]!;
      const allowed = ETC_ALLOWLIST.includes(top) || /^python3\.\d+$/.test(top) || src === '/dev/null';
      expect(allowed, dest).toBe(true);
    }
    for (const secret of [
      '/etc/shadow',
      '/etc/gshadow',
      '/etc/sudoers',
      '/etc/ssh',
      '/etc/docker',
      '/etc/ssl',
    ])
      expect(
        args.some((a) => under(a, secret)),
        secret,
      ).toBe(false);
  });

  it('synthesizes passwd and group (no host accounts) and passes them on fds 3 and 4', () => {
    const plan = bwrapPlan({ ...layout, uid: 1234, home: '/ws/.home' }, USER);
    expect(plan.data.map((d) => `${d.fd}:${d.name}`)).toEqual(['3:passwd', '4:group', '5:seccomp']);
    expect(find(plan.args, '--perms', '0444', '--ro-bind-data', '3', '/etc/passwd')).toBeGreaterThan(0);
    expect(find(plan.args, '--perms', '0444', '--ro-bind-data', '4', '/etc/group')).toBeGreaterThan(0);
    const passwd = plan.data[0]!.bytes.toString();
    expect(passwd.trim().split('\n')).toEqual([
      'root:x:0:0:root:/:/usr/sbin/nologin',
      'sandbox:x:1234:1234:Plotwright sandbox:/ws/.home:/bin/sh',
      'nobody:x:65534:65534:nobody:/:/usr/sbin/nologin',
    ]);
    expect(plan.data[1]!.bytes.toString()).toBe('root:x:0:\nsandbox:x:1234:\nnogroup:x:65534:\n');
  });

  it('passes the namespace seccomp filter for the architecture on the next fd', () => {
    const plan = bwrapPlan(layout, USER);
    expect(find(plan.args, '--seccomp', '5')).toBeGreaterThan(0);
    expect(plan.data[2]!.bytes.equals(namespaceFilter(['x86_64']))).toBe(true);
    const arm = bwrapPlan(layout, { ...USER, seccompArch: 'aarch64' });
    expect(arm.data[2]!.bytes.equals(namespaceFilter(['aarch64']))).toBe(true);
  });

  it('chooses how nested user namespaces are refused', () => {
    const only = (l: Partial<BwrapLayout>, f: Partial<BwrapFeatures> = {}) => {
      const p = bwrapPlan({ ...layout, ...l }, { ...USER, ...f });
      expect(p.args.includes('--disable-userns')).toBe(p.userns.disableFlag);
      expect(p.args.includes('--seccomp')).toBe(p.userns.seccomp);
      return p.userns;
    };
    expect(only({ userns: 'disable-flag' })).toEqual({ disableFlag: true, seccomp: false });
    expect(only({ userns: 'seccomp' })).toEqual({ disableFlag: false, seccomp: true });
    expect(only({ userns: 'both' })).toEqual({ disableFlag: true, seccomp: true });
    // an old bubblewrap: seccomp instead of the flag
    const old = only({ userns: 'disable-flag' }, { supportsDisableUserns: false });
    expect(old).toEqual({ disableFlag: false, seccomp: true });
    // an unknown CPU: no filter can be built
    expect(only({}, { seccompArch: null })).toEqual({ disableFlag: true, seccomp: false });
  });

  it('never exposes home folders, /var or /run', () => {
    const home = os.homedir();
    for (const { src, dest } of mounts(bwrapPlan(layout, USER).args)) {
      for (const p of [src, dest]) {
        for (const hidden of ['/home', '/root', '/var', '/run', home]) {
          expect(under(p, hidden), `${p} is under ${hidden}`).toBe(false);
        }
        expect(p).not.toBe('/');
      }
    }
  });

  it('binds the workspace and /tmp (the layout tmp) read-write, then each input read-only on top', () => {
    const m = mounts(bwrapPlan(layout, USER).args);
    expect(m.filter((x) => x.dest === '/tmp')).toEqual([
      expect.objectContaining({ flag: '--bind', src: layout.tmp }),
    ]);
    const ws = m.filter((x) => x.dest === layout.workspace);
    expect(ws).toEqual([expect.objectContaining({ flag: '--bind', src: layout.workspace })]);
    for (const file of layout.readOnlyFiles) {
      const ro = m.filter((x) => x.dest === file);
      expect(ro).toEqual([expect.objectContaining({ flag: '--ro-bind', src: file })]);
      expect(ro[0]!.at).toBeGreaterThan(ws[0]!.at);
    }
  });

  it('refuses an input that is a symlink, under a symlinked folder, or outside the workspace', () => {
    const link = path.join(layout.workspace, 'link.csv');
    symlinkSync('/etc/hostname', link);
    expect(() => bwrapPlan({ ...layout, readOnlyFiles: [link] }, USER)).toThrow(/not a file of its own/);
    symlinkSync(root, path.join(layout.workspace, 'dirlink'));
    const via = path.join(layout.workspace, 'dirlink', 'ws', 'sales.csv');
    expect(() => bwrapPlan({ ...layout, readOnlyFiles: [via] }, USER)).toThrow(/not a file of its own/);
    const outside = path.join(root, 'outside.csv');
    writeFileSync(outside, 'x');
    expect(() => bwrapPlan({ ...layout, readOnlyFiles: [outside] }, USER)).toThrow(/inside the workspace/);
  });

  it('refuses a tmp folder the code replaced by a symlink (the next start would bind its target)', () => {
    const ws = mkdtempSync(path.join(root, 'ws-'));
    symlinkSync(os.homedir(), path.join(ws, '.tmp'));
    const planted = { ...layout, workspace: ws, tmp: path.join(ws, '.tmp'), readOnlyFiles: [] };
    for (const f of [USER, ROOT]) expect(() => bwrapPlan(planted, f)).toThrow(/not a folder of its own/);
  });

  it('gives /dev/shm its own sized, sticky tmpfs after /dev', () => {
    const args = bwrapPlan({ ...layout, shmBytes: 128 * 1024 * 1024 }, USER).args;
    const shm = find(args, '--perms', '1777', '--size', String(128 * 1024 * 1024), '--tmpfs', '/dev/shm');
    expect(shm).toBeGreaterThan(find(args, '--dev', '/dev'));
    const byDefault = bwrapPlan(layout, USER).args;
    expect(find(byDefault, '--size', String(DEFAULT_SHM_BYTES), '--tmpfs', '/dev/shm')).toBeGreaterThan(0);
    // 0, or a bubblewrap without --size: no tmpfs, and /dev (with its shm folder) is read-only
    for (const args0 of [
      bwrapPlan({ ...layout, shmBytes: 0 }, USER).args,
      bwrapPlan(layout, { ...USER, supportsSize: false }).args,
    ]) {
      expect(args0).not.toContain('/dev/shm');
      expect(find(args0, '--remount-ro', '/dev')).toBeGreaterThan(0);
    }
  });

  it('remounts the root and /dev read-only after every mount, so no RAM-backed folder is writable', () => {
    const args = bwrapPlan(layout, USER).args;
    const ro = find(args, '--remount-ro', '/dev', '--remount-ro', '/');
    expect(ro).toBeGreaterThan(0);
    const creating = [
      '--bind',
      '--ro-bind',
      '--dir',
      '--tmpfs',
      '--symlink',
      '--ro-bind-data',
      '--proc',
      '--dev',
    ];
    const last = Math.max(...args.map((a, i) => (creating.includes(a) ? i : -1)));
    expect(ro).toBeGreaterThan(last);
  });

  it('binds extra roots read-only once, skipping those under /usr or /etc and missing ones', () => {
    const missing = path.join(root, 'does-not-exist');
    const nested = path.join(extraRoot, 'lib');
    mkdirSync(nested, { recursive: true });
    const m = mounts(
      bwrapPlan(
        {
          ...layout,
          roots: [extraRoot, `${extraRoot}/`, nested, '/usr/lib', '/usr/local/lib', '/etc/ssl', missing],
        },
        USER,
      ).args,
    );
    expect(m.filter((x) => x.dest === extraRoot)).toEqual([
      expect.objectContaining({ flag: '--ro-bind', src: extraRoot }),
    ]);
    for (const skipped of [nested, '/usr/lib', '/usr/local/lib', '/etc/ssl', missing]) {
      expect(
        m.some((x) => x.dest === skipped || x.src === skipped),
        skipped,
      ).toBe(false);
    }
    expect(m.filter((x) => x.dest === '/usr')).toHaveLength(1);
  });

  it('refuses a root that would expose the system folders, like / or /opt above /opt/x', () => {
    expect(() => bwrapPlan({ ...layout, roots: ['/'] }, USER)).toThrow('refusing to expose / to the sandbox');
    expect(() => bwrapPlan({ ...layout, roots: [path.dirname('/usr')] }, USER)).toThrow(/refusing to expose/);
  });

  it('maps the code to the requested uid and gid', () => {
    const args = bwrapPlan({ ...layout, uid: 1000 }, USER).args;
    const i = args.indexOf('--uid');
    expect(args.slice(i, i + 4)).toEqual(['--uid', '1000', '--gid', '1000']);
    expect(i).toBeGreaterThan(args.indexOf('--unshare-user'));
  });
});

describe('bwrapPlan, app running as root (dropRoot)', () => {
  it('creates the namespaces as root without a user namespace and runs the code through setpriv as 10001', () => {
    const plan = bwrapPlan(layout, ROOT);
    const { args } = plan;
    expect(args).not.toContain('--unshare-user');
    expect(args).not.toContain('--unshare-all');
    expect(args).not.toContain('--uid');
    for (const ns of ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts'])
      expect(args, ns).toContain(ns);
    const caps = args.flatMap((a, i) => (a === '--cap-add' ? [args[i + 1]] : []));
    expect(caps.sort()).toEqual(['CAP_DAC_READ_SEARCH', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SETUID']);
    expect(find(args, '--cap-drop', 'ALL')).toBeLessThan(args.indexOf('--cap-add'));
    const sep = args.indexOf('--');
    expect(args.slice(sep + 1).join(' ')).toBe(
      '/usr/bin/setpriv --reuid=10001 --regid=10001 --clear-groups --no-new-privs --bounding-set=-all --inh-caps=-all --',
    );
    expect(plan.hostUid).toBe(10001);
    expect(plan.data.find((d) => d.name === 'passwd')!.bytes.toString()).toContain(
      `sandbox:x:10001:10001:Plotwright sandbox:${layout.workspace}:/bin/sh`,
    );
  });

  it("keeps bubblewrap's root init as pid 1 even when asked for --as-pid-1", () => {
    expect(bwrapPlan({ ...layout, asPid1: true }, ROOT).args).not.toContain('--as-pid-1');
    const user = bwrapPlan({ ...layout, asPid1: true }, USER).args;
    expect(user.indexOf('--as-pid-1')).toBeGreaterThan(0);
    expect(user.indexOf('--as-pid-1')).toBeLessThan(user.indexOf('--'));
    expect(bwrapPlan(layout, USER).args).not.toContain('--as-pid-1');
  });

  it('always uses the seccomp filter (the flag needs a user namespace)', () => {
    for (const userns of ['disable-flag', 'seccomp', 'both'] as const) {
      const plan = bwrapPlan({ ...layout, userns }, ROOT);
      expect(plan.userns, userns).toEqual({ disableFlag: false, seccomp: true });
      expect(plan.args).not.toContain('--disable-userns');
    }
  });

  it('creates the folders above the workspace and roots 0755, so the dropped uid can cross them', () => {
    const args = bwrapPlan(layout, ROOT).args;
    const bind = find(args, '--bind', layout.workspace, layout.workspace);
    for (let d = path.dirname(layout.workspace); d !== '/' && d !== '/tmp'; d = path.dirname(d)) {
      const at = find(args, '--perms', '0755', '--dir', d);
      expect(at, d).toBeGreaterThan(0);
      expect(at).toBeLessThan(bind);
    }
    expect(find(args, '--perms', '0755', '--dir', '/etc')).toBeGreaterThan(0);
    expect(find(args, '--perms', '1777', '--size')).toBeGreaterThan(0);
  });

  it('refuses a workspace under /tmp when the sandbox /tmp holds a symlink on its way (root would follow it)', () => {
    const ws = mkdtempSync('/tmp/pw-bwrap-ws-');
    try {
      const tmp = path.join(ws, '.tmp');
      mkdirSync(tmp);
      const l = { ...layout, workspace: ws, tmp, readOnlyFiles: [] };
      expect(() => bwrapPlan(l, ROOT)).not.toThrow();
      // what the code could plant in its /tmp for the next start: the workspace's own path, as a link
      symlinkSync('../../../oldroot/etc', path.join(tmp, path.basename(ws)));
      expect(() => bwrapPlan(l, ROOT)).toThrow(/is not a folder/);
      expect(() => bwrapPlan(l, USER)).not.toThrow(); // unprivileged bwrap cannot do more than the code
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('refuses a root the dropped uid could not read', () => {
    const hidden = path.join(root, 'private-prefix');
    mkdirSync(hidden, { mode: 0o700 });
    chmodSync(hidden, 0o700);
    expect(() => bwrapPlan({ ...layout, roots: [hidden] }, ROOT)).toThrow(/not readable by the sandbox user/);
    expect(() => bwrapPlan({ ...layout, roots: [hidden] }, USER)).not.toThrow();
  });
});

describe('etcArgs', () => {
  let etc: string;
  beforeAll(() => {
    etc = path.join(root, 'etc');
    mkdirSync(path.join(etc, 'fonts', 'conf.d'), { recursive: true });
    mkdirSync(path.join(etc, 'fonts', 'secret.d'));
    mkdirSync(path.join(etc, 'docker'));
    mkdirSync(path.join(etc, 'python3.12'));
    for (const [file, mode] of [
      ['nsswitch.conf', 0o644],
      ['hosts', 0o640],
      ['shadow', 0o600],
      ['machine-id', 0o444],
      ['docker/key.json', 0o600],
      ['fonts/fonts.conf', 0o644],
      ['fonts/conf.d/10-a.conf', 0o644],
      ['fonts/private.conf', 0o600],
      ['python3.12/sitecustomize.py', 0o644],
    ] as const) {
      writeFileSync(path.join(etc, file), 'x');
      chmodSync(path.join(etc, file), mode);
    }
    chmodSync(path.join(etc, 'fonts', 'secret.d'), 0o750);
    symlinkSync('/usr/share/zoneinfo/Europe/Paris', path.join(etc, 'localtime'));
  });

  it('binds only allowlisted, world-readable entries and recreates symlinks', () => {
    const args = etcArgs(etc, '/etc');
    expect(
      find(args, '--ro-bind', path.join(etc, 'nsswitch.conf'), '/etc/nsswitch.conf'),
    ).toBeGreaterThanOrEqual(0);
    expect(find(args, '--ro-bind', path.join(etc, 'fonts'), '/etc/fonts')).toBeGreaterThanOrEqual(0);
    expect(find(args, '--ro-bind', path.join(etc, 'python3.12'), '/etc/python3.12')).toBeGreaterThanOrEqual(
      0,
    );
    expect(
      find(args, '--symlink', '/usr/share/zoneinfo/Europe/Paris', '/etc/localtime'),
    ).toBeGreaterThanOrEqual(0);
    const joined = args.join(' ');
    for (const absent of ['shadow', 'machine-id', 'docker', 'key.json', '/etc/hosts'])
      expect(joined).not.toContain(absent);
  });

  it('masks what others may not read inside an allowlisted folder, after binding it', () => {
    const args = etcArgs(etc, '/etc');
    const bind = find(args, '--ro-bind', path.join(etc, 'fonts'), '/etc/fonts');
    const file = find(args, '--ro-bind', '/dev/null', '/etc/fonts/private.conf');
    const dir = find(args, '--tmpfs', '/etc/fonts/secret.d', '--remount-ro', '/etc/fonts/secret.d');
    expect(file).toBeGreaterThan(bind);
    expect(dir).toBeGreaterThan(bind);
    expect(args.join(' ')).not.toContain('conf.d/10-a.conf');
  });

  it('finds the real /etc entries Python, numpy and matplotlib need on this machine', () => {
    const args = etcArgs();
    for (const need of ['/etc/ld.so.cache', '/etc/nsswitch.conf'])
      expect(args.includes(need), need).toBe(existsSync(need));
    if (existsSync('/etc/alternatives')) expect(args).toContain('/etc/alternatives');
  });
});

describe('bwrapInvocation', () => {
  it('hands each data blob to the child as a read-only fd of an already deleted file, closed by close()', () => {
    const plan = bwrapPlan(layout, USER);
    const inv = bwrapInvocation(layout, USER);
    expect(inv.args).toEqual(plan.args);
    expect(inv.extraStdio).toHaveLength(plan.data.length);
    inv.extraStdio.forEach((fd, i) => {
      const st = fstatSync(fd);
      expect(st.nlink).toBe(0);
      const buf = Buffer.alloc(plan.data[i]!.bytes.length + 16);
      const n = readSync(fd, buf, 0, buf.length, 0);
      expect(buf.subarray(0, n).equals(plan.data[i]!.bytes)).toBe(true);
    });
    inv.close();
    inv.close();
    for (const fd of inv.extraStdio) expect(() => fstatSync(fd)).toThrow(/EBADF/);
  });
});

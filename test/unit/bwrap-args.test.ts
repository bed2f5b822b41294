// bwrapArgs: the mount and namespace plan of the local sandbox, checked argument by argument.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bwrapArgs, type BwrapLayout } from '../../electron/core/exec/local/bwrap';

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

function under(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}

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
  mkdirSync(extraRoot);
  layout = {
    workspace,
    tmp: path.join(workspace, '.tmp'),
    readOnlyFiles: [path.join(workspace, 'sales.csv'), path.join(workspace, 'other.csv')],
    roots: [extraRoot],
  };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bwrapArgs', () => {
  it('unshares every namespace including the user one, and drops all capabilities', () => {
    const args = bwrapArgs(layout);
    expect(args.slice(0, 6)).toEqual([
      '--unshare-all',
      '--unshare-user',
      '--die-with-parent',
      '--new-session',
      '--cap-drop',
      'ALL',
    ]);
    expect(args).not.toContain('--share-net');
    expect(args).not.toContain('--uid');
    expect(args).toEqual(expect.arrayContaining(['--proc', '/proc', '--dev', '/dev']));
    expect(args.slice(-2)).toEqual(['--chdir', layout.workspace]);
  });

  it('binds /usr and /etc read-only and recreates the /bin, /lib… links', () => {
    const m = mounts(bwrapArgs(layout));
    for (const dir of ['/usr', '/etc']) {
      expect(m).toContainEqual(expect.objectContaining({ flag: '--ro-bind', src: dir, dest: dir }));
      expect(m.filter((x) => x.dest === dir)).toHaveLength(1);
    }
    const args = bwrapArgs(layout);
    for (const link of ['/bin', '/sbin', '/lib', '/lib64']) {
      if (!existsSync(link)) continue;
      if (lstatSync(link).isSymbolicLink()) {
        const i = args.indexOf(link);
        expect(args.slice(i - 2, i + 1)).toEqual(['--symlink', readlinkSync(link), link]);
      } else {
        expect(m).toContainEqual(expect.objectContaining({ flag: '--ro-bind', src: link, dest: link }));
      }
    }
  });

  it('never exposes home folders, /var or /run', () => {
    const home = os.homedir();
    for (const { src, dest } of mounts(bwrapArgs(layout))) {
      for (const p of [src, dest]) {
        for (const hidden of ['/home', '/root', '/var', '/run', home]) {
          expect(under(p, hidden), `${p} is under ${hidden}`).toBe(false);
        }
        expect(p).not.toBe('/');
      }
    }
  });

  it('hides shadow files behind /dev/null and secret folders behind a tmpfs', () => {
    const args = bwrapArgs(layout);
    const m = mounts(args);
    if (existsSync('/etc/shadow')) {
      const hide = m.find((x) => x.dest === '/etc/shadow');
      expect(hide).toEqual(expect.objectContaining({ flag: '--ro-bind', src: '/dev/null' }));
      // after /etc, or the /etc bind would cover it again
      expect(hide!.at).toBeGreaterThan(m.find((x) => x.dest === '/etc')!.at);
    }
    if (existsSync('/etc/ssh')) expect(args[args.indexOf('/etc/ssh') - 1]).toBe('--tmpfs');
  });

  it('binds the workspace read-write, then each input read-only on top of it', () => {
    const m = mounts(bwrapArgs(layout));
    const ws = m.filter((x) => x.dest === layout.workspace);
    expect(ws).toEqual([expect.objectContaining({ flag: '--bind', src: layout.workspace })]);
    for (const file of layout.readOnlyFiles) {
      const ro = m.filter((x) => x.dest === file);
      expect(ro).toEqual([expect.objectContaining({ flag: '--ro-bind', src: file })]);
      expect(ro[0]!.at).toBeGreaterThan(ws[0]!.at);
    }
  });

  it('mounts the layout tmp folder as /tmp, read-write', () => {
    const m = mounts(bwrapArgs(layout));
    expect(m.filter((x) => x.dest === '/tmp')).toEqual([
      expect.objectContaining({ flag: '--bind', src: layout.tmp }),
    ]);
  });

  it('binds extra roots read-only once, skipping those under /usr and missing ones', () => {
    const missing = path.join(root, 'does-not-exist');
    const nested = path.join(extraRoot, 'lib');
    mkdirSync(nested, { recursive: true });
    const m = mounts(
      bwrapArgs({
        ...layout,
        roots: [extraRoot, `${extraRoot}/`, nested, '/usr/lib', '/usr/local/lib', '/etc/ssl', missing],
      }),
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
    // the /usr bind is not repeated either
    expect(m.filter((x) => x.dest === '/usr')).toHaveLength(1);
  });

  it('refuses a root that would expose the system folders, like / or /opt above /opt/x', () => {
    expect(() => bwrapArgs({ ...layout, roots: ['/'] })).toThrow('refusing to expose / to the sandbox');
    const parentOfEtc = path.dirname('/etc');
    expect(() => bwrapArgs({ ...layout, roots: [parentOfEtc] })).toThrow(/refusing to expose/);
  });

  it('applies the secret masks after every bind, so no root can uncover them', () => {
    const m = mounts(bwrapArgs({ ...layout, roots: [extraRoot] }));
    const lastBind = Math.max(
      ...m.filter((x) => x.flag !== '--tmpfs' && x.src !== '/dev/null').map((x) => x.at),
    );
    for (const mask of m.filter(
      (x) => x.src === '/dev/null' || (x.flag === '--tmpfs' && x.dest.startsWith('/etc/')),
    )) {
      expect(mask.at, mask.dest).toBeGreaterThan(lastBind);
    }
  });

  it('maps the code to the requested uid and gid', () => {
    const args = bwrapArgs({ ...layout, uid: 1000 });
    const i = args.indexOf('--uid');
    expect(args.slice(i, i + 4)).toEqual(['--uid', '1000', '--gid', '1000']);
    expect(i).toBeGreaterThan(args.indexOf('--unshare-user'));
  });
});

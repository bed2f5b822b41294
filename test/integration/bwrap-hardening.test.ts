// The hardened bubblewrap plan against the real bwrap, real kernel and Debian's Python: no nested
// user namespaces (the --disable-userns flag and the seccomp filter, each on its own), /etc from
// the allowlist, a bounded /dev/shm, and — when the app runs as root — code that is not host root.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helperDir, kernelDir, KERNEL_SCRIPT } from '../../electron/core/resources';
import {
  bwrapInvocation,
  chownWorkspace,
  detectBubblewrap,
  ETC_ALLOWLIST,
  SANDBOX_UID,
  type AvailableBubblewrap,
  type BwrapFeatures,
  type BwrapLayout,
} from '../../electron/core/exec/local/bwrap';
import { descendantsOf } from '../../electron/core/exec/local/procs';
import { kernelArgs } from '../../electron/core/exec/sandbox-base';
import { processesMatching, waitFor } from './support/env';

const PYTHON = '/usr/bin/python3';
const isRoot = process.getuid?.() === 0;
let status: AvailableBubblewrap;
let base: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** A workspace (with .tmp, .home and sales.csv) inside a folder only its owner can cross. */
function makeWorkspace(owner?: number): BwrapLayout & { home: string } {
  const parent = mkdtempSync(path.join(base, 'p-'));
  chmodSync(parent, owner === undefined ? 0o700 : 0o755);
  const workspace = path.join(parent, 'ws');
  for (const d of ['.tmp', '.home']) mkdirSync(path.join(workspace, d), { recursive: true, mode: 0o700 });
  const csv = path.join(workspace, 'sales.csv');
  writeFileSync(csv, 'region,amount\nnorth,10\nsouth,32\n');
  chmodSync(csv, 0o444);
  if (owner !== undefined)
    for (const d of [workspace, ...['.tmp', '.home'].map((d) => path.join(workspace, d))])
      chownSync(d, owner, owner);
  const [tmp, home] = [path.join(workspace, '.tmp'), path.join(workspace, '.home')];
  return { workspace, tmp, home, readOnlyFiles: [csv], roots: [] };
}

/** As root here, "the app is not root" is played by bwrap run as 10001 through setpriv. */
const asUser = () =>
  isRoot ? [status.dropRoot!.setpriv, '--reuid=10001', '--regid=10001', '--clear-groups'] : [];

/** Runs `argv` in the sandbox the plan describes; `wrap` runs bwrap itself as another user. */
function sandboxed(
  layout: BwrapLayout,
  features: BwrapFeatures,
  argv: string[],
  o: { wrap?: string[]; whileRunning?: (pid: number) => void } = {},
): Promise<Run> {
  const inv = bwrapInvocation(layout, features);
  const [cmd, ...pre] = [...(o.wrap ?? []), inv.command];
  const child = spawn(cmd!, [...pre, ...inv.args, ...argv], {
    cwd: '/',
    env: { PATH: '/usr/bin:/bin', HOME: layout.home!, TMPDIR: '/tmp', MPLBACKEND: 'Agg', LANG: 'C.UTF-8' },
    stdio: ['pipe', 'pipe', 'pipe', ...inv.extraStdio],
  });
  inv.close();
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (o.whileRunning && out.includes('WAITING\n')) {
      o.whileRunning(child.pid!);
      o.whileRunning = undefined;
      child.stdin!.end('go\n');
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  if (!o.whileRunning) child.stdin!.end();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
}

const py = (code: string) => [PYTHON, '-c', code];

/** Each namespace attempt in its own child; prints one JSON line of errno names (or "ok"). */
const NAMESPACE_PROBE = `
import ctypes, errno, json, os, subprocess, threading
libc = ctypes.CDLL(None, use_errno=True)
NR = {"x86_64": (56, 435, 308), "aarch64": (220, 435, 268)}[os.uname().machine]
SIGCHLD, NEWUSER, NEWNET = 17, 0x10000000, 0x40000000
def attempt(fn):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        res = fn()
        if res == 0: os.write(w, b"ok")
        elif res > 0: os.waitpid(res, 0); os.write(w, b"ok")
        else: os.write(w, errno.errorcode.get(ctypes.get_errno(), "?").encode())
        os._exit(0)
    os.close(w); os.waitpid(pid, 0)
    out = os.read(r, 100).decode(); os.close(r); return out or "child-died"
def raw_clone(flags):
    pid = libc.syscall(NR[0], flags, 0, 0, 0, 0)
    if pid == 0: os._exit(0)
    return pid
res = {
  "unshare_user": attempt(lambda: libc.unshare(NEWUSER)),
  "unshare_net": attempt(lambda: libc.unshare(NEWNET)),
  "clone_user": attempt(lambda: raw_clone(NEWUSER | SIGCHLD)),
  "clone3": attempt(lambda: libc.syscall(NR[1], None, 0)),
  "setns": attempt(lambda: libc.setns(os.open("/proc/self/ns/user", os.O_RDONLY), 0)),
}
t = threading.Thread(target=lambda: res.__setitem__("thread", "ok")); t.start(); t.join()
res["subprocess"] = subprocess.run(["sh", "-c", "echo ok"], capture_output=True, text=True).stdout.strip()
pid = os.fork()
if pid == 0: os._exit(7)
res["fork"] = "ok" if os.waitpid(pid, 0)[1] >> 8 == 7 else "bad"
import multiprocessing
with multiprocessing.Pool(2) as pool: res["pool"] = "ok" if pool.map(abs, [-1, -2]) == [1, 2] else "bad"
print(json.dumps(res))
`;
const WORKS = { thread: 'ok', subprocess: 'ok', fork: 'ok', pool: 'ok' };

beforeAll(async () => {
  const s = await detectBubblewrap(true);
  if (!s.available) throw new Error(`bubblewrap is required for these tests: ${s.reason}`);
  status = s;
  base = mkdtempSync(path.join(os.tmpdir(), 'pw-harden-'));
  chmodSync(base, 0o755);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('detection', () => {
  it('reports what the installed bubblewrap supports', () => {
    const help = spawnSync(status.path, ['--help'], { encoding: 'utf8' }).stdout;
    expect(status.supportsDisableUserns).toBe(help.includes('--disable-userns'));
    expect(status.supportsSize).toBe(help.includes('--size'));
    expect(status.supportsPerms).toBe(help.includes('--perms'));
    expect(status.seccompArch).toBe(
      process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : null,
    );
    expect(status.dropRoot !== null).toBe(isRoot);
    if (isRoot) expect(status.dropRoot).toMatchObject({ uid: SANDBOX_UID, gid: SANDBOX_UID });
  });

  it.runIf(isRoot)('(as root) an unprivileged uid can create user namespaces here', () => {
    expect(Number(readFileSync('/proc/sys/user/max_user_namespaces', 'utf8'))).toBeGreaterThan(0);
    const [cmd, ...args] = [...asUser(), status.path, '--unshare-user', '--ro-bind', '/', '/', 'true'];
    const r = spawnSync(cmd!, args);
    expect(r.status, r.stderr?.toString()).toBe(0);
  });
});

describe('no nested user namespaces', () => {
  const userMode = () => ({ ...status, dropRoot: null });
  const probe = async (layout: BwrapLayout, features: BwrapFeatures, wrap?: string[]) => {
    const r = await sandboxed(layout, features, py(NAMESPACE_PROBE), { wrap });
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out.trim().split('\n').pop()!) as Record<string, string>;
  };

  it('without any barrier the probe does create a user namespace (so it can see the difference)', async () => {
    const res = await probe(makeWorkspace(), {
      ...userMode(),
      supportsDisableUserns: false,
      seccompArch: null,
    });
    expect(res.unshare_user).toBe('ok');
    expect(res.clone_user).toBe('ok');
    expect(res.clone3).not.toBe('ENOSYS');
  });

  it('the seccomp filter alone (no --disable-userns) refuses unshare, clone, clone3 and setns', async () => {
    const layout = { ...makeWorkspace(), userns: 'seccomp' as const };
    const res = await probe(layout, userMode());
    expect(res).toEqual({
      unshare_user: 'EPERM',
      unshare_net: 'EPERM',
      clone_user: 'EPERM',
      clone3: 'ENOSYS',
      setns: 'EPERM',
      ...WORKS,
    });
  });

  it('--disable-userns alone refuses a new user namespace', async (ctx) => {
    if (!status.supportsDisableUserns)
      return ctx.skip(`bubblewrap ${status.version} has no --disable-userns`);
    const res = await probe({ ...makeWorkspace(), userns: 'disable-flag' }, userMode());
    expect(res.unshare_user).not.toBe('ok');
    expect(res.clone_user).not.toBe('ok');
    expect(res).toMatchObject(WORKS);
  });

  it.runIf(isRoot)('(as root) the dropped uid cannot create one either', async () => {
    const res = await probe(makeWorkspace(SANDBOX_UID), status);
    expect(res).toMatchObject({ unshare_user: 'EPERM', clone_user: 'EPERM', clone3: 'ENOSYS', ...WORKS });
  });
});

const FS_PROBE = `
import errno, json, os, sys
def err(fn):
    try: fn(); return "ok"
    except OSError as e: return errno.errorcode[e.errno]
shm = int(sys.argv[1])
def fill():
    with open("/dev/shm/fill", "wb") as f:
        for _ in range(shm // (1 << 20) + 2): f.write(b"x" * (1 << 20))
print(json.dumps({
  "etc": sorted(os.listdir("/etc")),
  "passwd": open("/etc/passwd").read(),
  "root": err(lambda: open("/x", "w")), "dev": err(lambda: open("/dev/x", "w")),
  "etcw": err(lambda: open("/etc/x", "w")), "tmp": err(lambda: open("/tmp/x", "w")),
  "shm_mode": oct(os.stat("/dev/shm").st_mode & 0o7777), "shm_fill": err(fill),
  "input_write": err(lambda: open("sales.csv", "a")), "input_unlink": err(lambda: os.unlink("sales.csv")),
  "ws_write": err(lambda: open("new.txt", "w").write("x")),
}))
`;

function checkFs(r: Run) {
  expect(r.code, r.err).toBe(0);
  const res = JSON.parse(r.out);
  for (const name of res.etc) {
    const ok =
      ETC_ALLOWLIST.includes(name) || /^python3\.\d+$/.test(name) || ['passwd', 'group'].includes(name);
    expect(ok, `/etc/${name}`).toBe(true);
  }
  expect(res.etc).toContain('ld.so.cache');
  for (const line of res.passwd.trim().split('\n')) expect(line).toMatch(/^(root|nobody|sandbox):x:/);
  expect(res).toMatchObject({ root: 'EROFS', dev: 'EROFS', etcw: 'EROFS', tmp: 'ok', ws_write: 'ok' });
  expect(res.shm_mode).toBe('0o1777');
  expect(res.shm_fill).toBe('ENOSPC');
  expect(['EROFS', 'EACCES']).toContain(res.input_write);
  expect(['EBUSY', 'EROFS', 'EACCES']).toContain(res.input_unlink);
}

const SHM = 8 * 1024 * 1024;

describe('filesystem', () => {
  it('app not root: /etc from the allowlist, read-only root, /dev and /etc, a full /dev/shm stops at its size', async () => {
    const uid = isRoot ? SANDBOX_UID : undefined;
    const layout = { ...makeWorkspace(uid), shmBytes: SHM, uid };
    const wrap = asUser();
    checkFs(await sandboxed(layout, { ...status, dropRoot: null }, [...py(FS_PROBE), String(SHM)], { wrap }));
  });

  it.runIf(isRoot)(
    '(as root) the same with the dropped uid, workspace inside a root-only folder',
    async () => {
      const layout = { ...makeWorkspace(), shmBytes: SHM };
      await chownWorkspace(layout.workspace, SANDBOX_UID, SANDBOX_UID, layout.readOnlyFiles);
      checkFs(await sandboxed(layout, status, [...py(FS_PROBE), String(SHM)]));
    },
  );
});

describe.runIf(isRoot)('(as root) the code is not host root', () => {
  it('runs as 10001 on the host, sees an identity uid_map, and cannot read 0600 root files it can see', async () => {
    const layout = makeWorkspace();
    const visible = mkdtempSync(path.join(base, 'root-'));
    chmodSync(visible, 0o755);
    writeFileSync(path.join(visible, 'secret.txt'), 'root only');
    chmodSync(path.join(visible, 'secret.txt'), 0o600);
    writeFileSync(path.join(visible, 'public.txt'), 'everyone');
    chmodSync(path.join(visible, 'public.txt'), 0o644);
    await chownWorkspace(layout.workspace, SANDBOX_UID, SANDBOX_UID, layout.readOnlyFiles);
    const hostUids: string[] = [];
    const code = `
import os, sys
def read(p):
    try: return open(p).read()
    except OSError as e: return type(e).__name__
print(os.getuid(), os.getgid(), os.getgroups(), " ".join(open("/proc/self/uid_map").read().split()))
print(read("${visible}/secret.txt"), read("${visible}/public.txt"), read("sales.csv").splitlines()[0])
print(" ".join(l.split()[1] for l in open("/proc/self/status") if l.split(":")[0] in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp")))
print("WAITING", flush=True); sys.stdin.readline()`;
    const r = await sandboxed({ ...layout, roots: [visible] }, status, py(code), {
      whileRunning: (pid) => {
        for (const p of descendantsOf(pid)) {
          const st = readFileSync(`/proc/${p}/status`, 'utf8');
          if (readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('python'))
            hostUids.push(st.match(/^Uid:\s+(.*)$/m)![1]!);
        }
      },
    });
    expect(r.code, r.err).toBe(0);
    const [ids, reads, creds] = r.out.split('\n');
    expect(ids).toBe('10001 10001 [] 0 0 4294967295');
    expect(reads).toBe('PermissionError everyone region,amount');
    const zero = '0000000000000000';
    expect(creds).toBe(`${zero} ${zero} ${zero} ${zero} ${zero} 1 2`); // no capabilities at all, no_new_privs, a filter
    expect(hostUids).toEqual(['10001\t10001\t10001\t10001']);
  });

  it('chownWorkspace gives folders and files to the uid, keeps inputs read-only, never follows symlinks', async () => {
    const layout = makeWorkspace();
    const ws = layout.workspace;
    mkdirSync(path.join(ws, 'sub'));
    writeFileSync(path.join(ws, 'sub', 'made.txt'), 'x');
    const outside = path.join(base, `outside-${Date.now()}`);
    writeFileSync(outside, 'host file');
    symlinkSync(outside, path.join(ws, 'link'));
    linkSync(path.join(ws, 'sub', 'made.txt'), path.join(ws, 'hard.txt'));
    await chownWorkspace(ws, SANDBOX_UID, SANDBOX_UID, layout.readOnlyFiles);
    for (const p of [ws, path.join(ws, '.tmp'), path.join(ws, '.home'), path.join(ws, 'sub')])
      expect(statSync(p).uid, p).toBe(SANDBOX_UID);
    expect(statSync(outside).uid).toBe(0);
    expect(lstatSync(path.join(ws, 'link')).uid).toBe(0);
    expect(statSync(path.join(ws, 'hard.txt')).uid).toBe(0); // two links: left alone
    const input = statSync(layout.readOnlyFiles[0]!);
    expect([input.uid, input.mode & 0o777]).toEqual([0, 0o444]);
  });
});

/** Starts the sandbox from a shell that then exits (the app dying); returns the survivors after 3 s. */
async function survivorsOfDeadApp(
  layout: BwrapLayout,
  features: BwrapFeatures,
  o: { wrap?: string[]; forcePid1?: boolean } = {},
) {
  const inv = bwrapInvocation(layout, features);
  const args = [...inv.args];
  if (o.forcePid1) args.splice(args.indexOf('--'), 0, '--as-pid-1');
  const marker = `pw-orphan-${process.pid}-${Math.random()}`;
  const argv = [...(o.wrap ?? []), inv.command, ...args, ...py(`import time; time.sleep(60)  # ${marker}`)];
  const sh = spawn('/bin/sh', ['-c', '"$@" & sleep 1', 'sh', ...argv], {
    stdio: ['ignore', 'ignore', 'inherit', ...inv.extraStdio],
    detached: true,
  });
  inv.close();
  await new Promise((r) => sh.on('exit', r));
  try {
    const gone = () => processesMatching(marker).length === 0;
    await waitFor(gone, 3000, 'the sandbox to die').catch(() => undefined);
    return processesMatching(marker).length;
  } finally {
    for (const pid of processesMatching(marker)) process.kill(pid, 'SIGKILL');
  }
}

describe('the sandbox dies with the app', () => {
  it('app not root, the code as pid 1 (asPid1)', async () => {
    const layout = { ...makeWorkspace(isRoot ? SANDBOX_UID : undefined), asPid1: true };
    expect(await survivorsOfDeadApp(layout, { ...status, dropRoot: null }, { wrap: asUser() })).toBe(0);
  });

  it.runIf(isRoot)(
    "(as root) with asPid1 asked, which is ignored: bwrap's root init stays pid 1",
    async () => {
      const layout = { ...makeWorkspace(), asPid1: true };
      await chownWorkspace(layout.workspace, SANDBOX_UID, SANDBOX_UID, layout.readOnlyFiles);
      expect(await survivorsOfDeadApp(layout, status)).toBe(0);
    },
  );

  it.runIf(isRoot)('(as root) why: forced --as-pid-1, the dropped code would outlive the app', async () => {
    const layout = makeWorkspace();
    await chownWorkspace(layout.workspace, SANDBOX_UID, SANDBOX_UID, layout.readOnlyFiles);
    expect(await survivorsOfDeadApp(layout, status, { forcePid1: true })).toBe(1);
  });
});

describe('the real kernel', () => {
  it('runs pandas, numpy and a matplotlib figure through plotwright_kernel.py in the hardened sandbox', async () => {
    const layout = { ...makeWorkspace(), roots: [kernelDir(), helperDir()] };
    const charts = path.join(layout.workspace, '.plotwright', 'charts');
    mkdirSync(charts, { recursive: true });
    if (status.dropRoot)
      await chownWorkspace(layout.workspace, SANDBOX_UID, SANDBOX_UID, layout.readOnlyFiles);
    const options = {
      workspace: layout.workspace,
      chartsDir: charts,
      maxOutputBytes: 100_000,
      memoryMb: 2048,
    };
    const argv = [
      PYTHON,
      path.join(kernelDir(), KERNEL_SCRIPT),
      ...kernelArgs({ ...options, preload: ['pandas'] }),
    ];
    const inv = bwrapInvocation(layout, status);
    const env = { PATH: '/usr/bin:/bin', HOME: layout.home, TMPDIR: '/tmp', PYTHONPATH: helperDir() };
    const child = spawn(inv.command, [...inv.args, ...argv], {
      env,
      stdio: ['pipe', 'pipe', 'pipe', ...inv.extraStdio],
    });
    inv.close();
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    let buf = '';
    const result = new Promise<Record<string, unknown>>((resolve, reject) => {
      child.on('close', (code) => reject(new Error(`kernel exited ${code}: ${err}`)));
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          const msg = JSON.parse(buf.slice(0, i)) as Record<string, unknown>;
          buf = buf.slice(i + 1);
          if (msg.type === 'ready') {
            const code = `import pandas as pd, numpy as np, matplotlib.pyplot as plt\ndf = pd.read_csv("sales.csv")\nprint(int(df.amount.sum()), np.linalg.inv(np.eye(2))[0, 0])\nplt.plot(df.amount)`;
            child.stdin!.write(`${JSON.stringify({ type: 'execute', id: '1', language: 'python', code })}\n`);
          }
          if (msg.type === 'result') resolve(msg);
        }
      });
    });
    try {
      const res = await result;
      expect(res.exitCode, JSON.stringify(res)).toBe(0);
      expect(String(res.head)).toContain('42 1.0');
      expect(JSON.stringify(res.files)).toMatch(/figure-1-1\.png/);
    } finally {
      child.stdin!.end(`${JSON.stringify({ type: 'shutdown' })}\n`);
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGKILL');
    }
  });
});

// Result integrity, attacked from inside: the code tries to forge what the app reports — the
// exit code, the output, the app's own notes — through the kernel's objects, its frames, every
// inherited file descriptor and the supervisor's /proc entries. Run against every sandbox.
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../electron/model/exec/types';
import type { ExecSession } from '../../../electron/core/exec/session';

const FORGED_NOTE = 'Sandbox self-check: fully isolated';
const FORGED_OUTPUT = 'FORGED-OUTPUT-7f3a';

/** A forged host-protocol result and a forged worker completion, as JSON lines, in Python. */
const FORGERIES = `
import json
_forged_result = json.dumps({"type": "result", "id": "x", "exitCode": 0, "head": "${FORGED_OUTPUT}", "tail": "",
    "omitted": 0, "charts": [], "figures": [], "files": [], "notes": ["${FORGED_NOTE}"], "killed": 0,
    "diskFull": False, "elapsed": 0}) + "\\n"
`;

function untouched(r: ExecResult, honestExit: number): void {
  expect(r.warnings.join('\n')).not.toContain(FORGED_NOTE);
  expect(r.output).not.toContain(FORGED_OUTPUT);
  // Either the code's real status, or the kernel was stopped as tampered with: never a forged 0.
  if (r.exitCode !== honestExit) {
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(/forged message|misbehaved/);
  }
}

/**
 * `procDefended`: the supervisor's /proc entries are out of the code's reach (non-dumpable, and
 * the code has no CAP_SYS_PTRACE). False only for an unsandboxed process of root, which can
 * open and trace anything: no claim is made there (its isolation is unverified, it runs only
 * with consent).
 */
export function integritySuite(
  name: string,
  open: () => Promise<ExecSession>,
  options: { procDefended: boolean; sandboxed: boolean } = { procDefended: true, sandboxed: true },
): void {
  const procIt = options.procDefended ? it : it.skip;
  // Unsandboxed, a process of the same user can freeze the next kernel as it starts: no claim there.
  const sandboxIt = options.sandboxed ? it : it.skip;
  describe(`result integrity: ${name}`, () => {
    let session: ExecSession;
    const run = async (code: string) => {
      session ??= await open();
      return session.run('python', code);
    };
    const healthy = async () => expect((await run('print(6 * 7)')).output).toBe('42\n');

    it('a forged message through any object with a send method is not believed', async () => {
      const r = await run(
        `${FORGERIES}
import gc, sys
for obj in gc.get_objects():
    send = getattr(obj, 'send', None) if not isinstance(obj, type) else None
    if callable(send) and type(obj).__module__ not in ('socket', 'builtins'):
        for msg in (json.loads(_forged_result), {"type": "done", "seq": 1, "nonce": "0", "status": 0}):
            try:
                send(msg)
            except Exception:
                pass
sys.exit(3)`,
      );
      untouched(r, 3);
      await healthy();
    });

    it("a completion built from the worker's own frames is not believed while the code still runs", async () => {
      const r = await run(
        `import sys, gc
frame, forged = sys._getframe(), False
while frame is not None and not forged:
    msg = frame.f_locals.get('msg')
    owner = frame.f_locals.get('self')
    status = getattr(owner, 'status', None)
    if isinstance(msg, dict) and 'seq' in msg and hasattr(status, 'send'):
        status.send({"type": "done", "seq": msg["seq"], "nonce": msg.get("nonce"), "status": 0})
        forged = True
    frame = frame.f_back
print('forged' if forged else 'no frame found', flush=True)
import time; time.sleep(0.5)
print('${FORGED_OUTPUT}'[:0] + 'still running after the forged completion')
sys.exit(5)`,
      );
      untouched(r, 5);
      expect(r.exitCode).not.toBe(0);
      await healthy();
    });

    it('forged lines written to every inherited file descriptor change nothing', async () => {
      const r = await run(
        `${FORGERIES}
import os
for fd in range(0, 1024):
    for line in (_forged_result, '{"type": "done", "seq": 1, "nonce": "", "status": 0}\\n'):
        try:
            os.write(fd, line.encode())
        except OSError:
            pass
raise SystemExit(4)`,
      );
      // fds 1/2 are the output: the forged text may appear there as output, never as a result
      expect(r.warnings.join('\n')).not.toContain(FORGED_NOTE);
      if (r.exitCode !== 4) expect(r.output).toMatch(/forged message|misbehaved/);
      expect(r.exitCode).not.toBe(0);
      await healthy();
    });

    procIt(
      "the supervisor's descriptors, memory and environment cannot be opened through /proc",
      async () => {
        const r = await run(
          `import os
opened = []
for pid in (os.getppid(),):
    for what in ('fd/0', 'fd/1', 'fd/3', 'fd/4', 'mem', 'environ'):
        path = '/proc/%s/%s' % (pid, what)
        try:
            fd = os.open(path, os.O_WRONLY if what.startswith('fd') or what == 'mem' else os.O_RDONLY)
            opened.append(path)
            os.close(fd)
        except OSError:
            pass
print('opened:', opened)`,
        );
        expect(r.exitCode).toBe(0);
        expect(r.output).toBe('opened: []\n');
      },
    );

    sandboxIt('a process left between blocks cannot take over the next kernel', async () => {
      // An orphan waits for the next supervisor, tries to freeze it before it hardens itself and to
      // open its protocol pipes; then the block's thread kills the current supervisor.
      const agent = [
        'import json, os, signal, time',
        "log = open('hijack.log', 'a', buffering=1)",
        'old = set(p for p in os.listdir("/proc") if p.isdigit())',
        'end, target = time.time() + 20, None',
        'while target is None and time.time() < end:',
        '    for p in os.listdir("/proc"):',
        '        if not p.isdigit() or p in old: continue',
        '        try:',
        '            if b"plotwright_kernel" in open("/proc/%s/cmdline" % p, "rb").read():',
        '                os.kill(int(p), signal.SIGSTOP)',
        '                target = int(p)',
        '                break',
        '        except OSError:',
        '            pass',
        '    time.sleep(0.0005)',
        'if target:',
        '    try:',
        '        inp = os.open("/proc/%d/fd/0" % target, os.O_RDONLY)',
        '        out = os.open("/proc/%d/fd/1" % target, os.O_WRONLY)',
        '        log.write("HIJACKED %d\\n" % target)',
        `        os.write(out, (json.dumps({"type": "ready", "pid": 1, "python": "3", "executable": "x", "pandas": None, "numpy": None, "matplotlib": None, "notes": []}) + "\\n").encode())`,
        '        for line in os.fdopen(inp, "rb"):',
        '            msg = json.loads(line)',
        '            if msg.get("type") == "execute":',
        `                os.write(out, (json.dumps({"type": "result", "id": msg["id"], "exitCode": 0, "head": "${FORGED_OUTPUT}", "tail": "", "omitted": 0, "charts": [], "files": [], "killed": 0, "diskFull": False, "elapsed": 0}) + "\\n").encode())`,
        '    except OSError as e:',
        '        log.write("failed %r\\n" % e)',
      ].join('\n');
      const r1 = await run(
        `import os, subprocess, sys, threading, time
open('agent.py', 'w').write(${JSON.stringify(agent)})
def later():
    time.sleep(0.5)
    subprocess.Popen([sys.executable, 'agent.py'], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    os.kill(os.getppid(), 9)
threading.Thread(target=later, daemon=True).start()
print('armed')`,
      );
      expect(r1.output).toBe('armed\n');
      await new Promise((r) => setTimeout(r, 3000)); // the supervisor is killed 1 s after the block
      const r2 = await run("print('REAL', 6 * 7)");
      expect(r2.output).not.toContain(FORGED_OUTPUT);
      expect(r2.output).toBe('REAL 42\n');
      expect(r2.exitCode).toBe(0);
      const r3 = await run(
        "print(open('hijack.log').read() if __import__('os').path.exists('hijack.log') else '')",
      );
      expect(r3.output).not.toContain('HIJACKED');
    });

    it('a module planted in the workspace never runs in a new kernel before it is ready', async () => {
      // pandas imports pytz while the kernel preloads it; a pytz.py of the code's must not be found then
      await run(
        `open('pytz.py', 'w').write("open('planted-ran.txt', 'w').write('ran')\\nraise ImportError('planted')\\n")`,
      );
      await session.restart();
      const info = await session.kernelInfo();
      expect(info?.pandas).toMatch(/^\d/);
      const r = await run("import os\nprint(os.path.exists('planted-ran.txt'))\nos.remove('pytz.py')");
      expect(r.output).toBe('False\n');
    });

    procIt('the supervisor cannot be ptraced by the code', async () => {
      const r = await run(
        `import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
ppid = os.getppid()
rc = libc.ptrace(16, ppid, 0, 0)  # PTRACE_ATTACH
print('attach', rc, ctypes.get_errno() != 0)`,
      );
      expect(r.output).toMatch(/^attach -1 True/);
    });
  });
}

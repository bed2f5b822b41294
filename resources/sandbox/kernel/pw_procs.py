"""Process housekeeping for the kernel supervisor.

On Linux the supervisor makes itself a child subreaper, so a grandchild that
detaches (double fork, setsid) is re-parented to it instead of init and stays
findable.  At the end of every block all descendants but the worker are killed:
nothing a block starts outlives it.  The supervisor is also made non-dumpable,
so the worker (same user) cannot ptrace it or open its protocol descriptors.
"""
import os
import signal
import subprocess
import sys


def _prctl(option, value):
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except Exception:
        return False


def set_undumpable():
    """PR_SET_DUMPABLE 0: a process of the same user (the worker) can then neither ptrace this one
    nor open its /proc/<pid>/fd, mem or environ; only CAP_SYS_PTRACE could, and the sandbox has none."""
    return _prctl(4, 0)


def become_subreaper():
    return _prctl(36, 1)  # PR_SET_CHILD_SUBREAPER


def _parents_linux():
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may contain spaces and parentheses: split after the last ')'
        rest = stat[stat.rfind(b")") + 2:].split()
        if len(rest) >= 2:
            parents[int(name)] = int(rest[1])
    return parents


def _parents_ps():
    try:
        out = subprocess.run(["ps", "-A", "-o", "pid=,ppid="], capture_output=True, timeout=5).stdout
    except Exception:
        return {}
    parents = {}
    for line in out.decode(errors="replace").splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0].isdigit() and fields[1].isdigit():
            parents[int(fields[0])] = int(fields[1])
    return parents


def descendants(root=None):
    root = root or os.getpid()
    parents = _parents_linux() if os.path.isdir("/proc/self") else _parents_ps()
    children = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def reap(spare=None):
    """Collects exited children (orphans re-parented to a subreaper included), never `spare`:
    its status belongs to whoever waits for it."""
    if spare is None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
    me = os.getpid()
    parents = _parents_linux() if os.path.isdir("/proc/self") else _parents_ps()
    for pid, ppid in parents.items():
        if ppid == me and pid != spare:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def kill_descendants(spare=None):
    """SIGKILL every descendant but `spare` (several rounds: a fork bomb keeps forking); returns how many."""
    killed = set()
    for _ in range(20):
        pids = [p for p in descendants() if p != spare and (p not in killed or _alive(p))]
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except ProcessLookupError:
                pass
            except PermissionError:
                pass
        reap(spare)
    reap(spare)
    return len(killed)


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            return b") Z " not in f.read()
    except OSError:
        return False

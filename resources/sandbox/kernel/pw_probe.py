#!/usr/bin/env python3
"""Plotwright isolation probe: run inside a sandbox, by the same runner as the kernel, before
any user code.  It tries what an attacker would and prints what it managed, as one JSON line;
the host (electron/core/exec/isolation/) sets the traps and decides, from what it observes
itself (its listener, its canary tokens, its sentinel process, files it finds afterwards),
which checks passed.  Standard library only.

stdin: JSON {"port", "sentinel": {"pid", "marker"}, "token", "read": [paths],
             "write": [paths], "rootOnly": [paths]}
(on stdin, not in argv: a parent's command line, visible in /proc, must not carry the marker)
"""
import json
import os
import signal
import socket
import sys

LINUX = sys.platform.startswith("linux")


def try_connect(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return "connected"
    except OSError as exc:
        return type(exc).__name__


def interfaces():
    try:
        return sorted(name for _, name in socket.if_nameindex())
    except (OSError, AttributeError):
        try:
            return sorted(os.listdir("/sys/class/net"))
        except OSError:
            return []


def try_read(path, limit=256):
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", "replace")
    except OSError as exc:
        return {"error": type(exc).__name__}


def try_write(path):
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, b"plotwright probe")
        os.close(fd)
        return True
    except OSError:
        return False


def processes(marker, token):
    """Which visible processes carry the sentinel's marker (command line) or token (environment)."""
    seen, environ = [], False
    if os.path.isdir("/proc/self"):
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) == os.getpid():
                continue
            for what in ("cmdline", "environ"):
                try:
                    with open("/proc/%s/%s" % (name, what), "rb") as f:
                        data = f.read(1 << 20)
                except OSError:
                    continue
                if what == "cmdline" and marker.encode() in data:
                    seen.append(int(name))
                if what == "environ" and token.encode() in data:
                    environ = True
    else:  # macOS: ps, which the sandbox may refuse
        import subprocess

        try:
            out = subprocess.run(["ps", "-axwwE", "-o", "pid=,command="], capture_output=True, timeout=5).stdout
        except Exception:
            out = b""
        for line in out.decode("utf-8", "replace").splitlines():
            fields = line.split(None, 1)
            if len(fields) == 2 and marker in fields[1] and fields[0].isdigit():
                seen.append(int(fields[0]))
            if token in line:
                environ = True
    return seen, environ


def try_signal(pid, seen):
    """Signal the sentinel only where its pid is known to be it (no PID namespace hides it)."""
    if pid not in seen and os.path.isdir("/proc/self"):
        return "not visible"
    try:
        os.kill(pid, signal.SIGUSR2 if hasattr(signal, "SIGUSR2") else signal.SIGTERM)
        return "sent"
    except OSError as exc:
        return type(exc).__name__


def try_userns():
    if not LINUX:
        return "not applicable"
    pid = os.fork()
    if pid == 0:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            os._exit(0 if libc.unshare(0x10000000) == 0 else 1)  # CLONE_NEWUSER
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    return "created" if code == 0 else "refused"


def outside_uid():
    """The host uid this process runs as (through a user namespace's map), or None if unknown."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        with open("/proc/self/uid_map") as f:
            for line in f:
                inside, outside, count = (int(x) for x in line.split())
                if uid is not None and inside <= uid < inside + count:
                    return outside + uid - inside
    except (OSError, ValueError):
        pass
    return uid


def main():
    spec = json.loads(sys.stdin.read())
    seen, environ = processes(spec["sentinel"]["marker"], spec["token"])
    result = {
        "connect": try_connect(spec["port"]),
        "interfaces": interfaces() if LINUX else None,
        "read": {path: try_read(path) for path in spec["read"]},
        "wrote": {path: try_write(path) for path in spec["write"]},
        "seen": seen,
        "environToken": environ,
        "envNames": sorted(os.environ),
        "signal": try_signal(spec["sentinel"]["pid"], seen),
        "userns": try_userns(),
        "outsideUid": outside_uid(),
        "rootOnly": [p for p in spec.get("rootOnly", []) if not isinstance(try_read(p, 1), dict)],
        "platform": sys.platform,
    }
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

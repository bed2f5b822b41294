"""Pipes of the kernel supervisor: the host protocol channel, the readers that turn the worker's
pipes into events, and the worker's status pipe (read by the supervisor's main thread only).
Standard library only; runs in the sandbox."""
import json
import os
import sys
import threading

MAX_STATUS_LINE = 64 * 1024
READ_SYSCALL = {"x86_64": 0, "amd64": 0, "aarch64": 63, "arm64": 63}.get(os.uname().machine if hasattr(os, "uname") else "")


class Channel:
    """The protocol channel: private duplicates of the original stdin/stdout; 0/1/2 become /dev/null."""

    def __init__(self):
        self.inp = os.fdopen(os.dup(0), "rb", buffering=0)
        self.out_fd = os.dup(1)
        self.diag = os.fdopen(os.dup(2), "w", buffering=1)  # the supervisor's own errors, for the host's log
        for fd in (self.inp.fileno(), self.out_fd, self.diag.fileno()):
            os.set_inheritable(fd, False)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
        self.lock = threading.Lock()

    def send(self, msg):
        data = (json.dumps(msg, ensure_ascii=True, default=str) + "\n").encode("ascii")
        with self.lock:
            view = memoryview(data)
            while view:
                view = view[os.write(self.out_fd, view):]


def pump_lines(stream, events, tag, limit):
    while True:
        line = stream.readline(limit + 1)
        if not line:
            events.put((tag, None))
            return
        events.put((tag, line if len(line) <= limit else b"\0oversized"))


def pump_bytes(fd, events):
    while True:
        try:
            data = os.read(fd, 65536)
        except InterruptedError:
            continue
        except OSError:
            data = b""
        events.put(("out", data or None))
        if not data:
            return


def blocked_in_read(path, fd):
    """True when the thread behind `path` (/proc/…/syscall) is blocked in read(fd); None: unreadable."""
    try:
        with open(path) as f:
            fields = f.read().split()
    except OSError:
        return None
    try:
        return len(fields) > 1 and int(fields[0]) == READ_SYSCALL and int(fields[1], 16) == fd
    except ValueError:
        return False


class StatusPipe:
    """The worker's status pipe, read by the main thread only (so nothing is ever "in flight" in a
    reader thread): a watcher thread just says when it is readable.  Where select() cannot wait on
    a pipe (Windows), a reader thread queues lines instead."""

    def __init__(self, fd, events):
        self.fd, self.events, self.buf, self.eof = fd, events, b"", False
        self.rearm = threading.Event()
        if sys.platform == "win32":
            stream = os.fdopen(fd, "rb", buffering=0)
            threading.Thread(target=pump_lines, args=(stream, events, "status", MAX_STATUS_LINE), daemon=True).start()
            self.direct = False
            return
        self.direct = True
        os.set_blocking(fd, False)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self):
        import select

        while not self.eof:
            try:
                select.select([self.fd], [], [])
            except (OSError, ValueError):
                return
            self.rearm.clear()
            self.events.put(("status-ready", None))
            self.rearm.wait()

    def drain(self):
        """Complete lines available now (an oversized one as a marker that fails validation)."""
        lines = []
        while self.direct and not self.eof:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            except OSError:
                data = b""
            if not data:
                self.eof = True
                break
            self.buf += data
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            lines.append(line)
        if len(self.buf) > MAX_STATUS_LINE:
            lines.append(b"\0oversized")
            self.buf = b""
        self.rearm.set()
        return lines

"""Output capture, both sides of the capture pipe.

Worker side: fds 1 and 2 of the worker are one pipe to the supervisor, so stdout,
stderr, C extensions and subprocesses interleave in their real order.  Python's
sys.stdout/sys.stderr share one buffer over it, flushed often for live output.

Supervisor side (`OutputCapture`): keeps a bounded head and tail of a block's bytes
(the middle is counted, not stored), streams the head to the host as it arrives and
sends tail snapshots while output is being truncated.  A block's output ends at the
per-block marker the worker writes after flushing, or when the worker dies.
"""
import codecs
import io
import os
import subprocess
import sys
import threading
import time

_state = {"write_fd": None, "buffer": None, "streams": None}


class _SharedBuffer(io.BufferedWriter):
    """The buffer behind both sys.stdout and sys.stderr; user code cannot close it."""

    def close(self):
        self.flush()


def _wrapper(buffer):
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="backslashreplace", write_through=True)


def open_inherited(value, flags):
    """A pipe end the supervisor passed: an inherited fd (POSIX) or an inherited handle (Windows)."""
    if sys.platform == "win32":
        import msvcrt

        return msvcrt.open_osfhandle(value, flags)
    return value


def install_std():
    """Worker: a private handle on the capture pipe (fd 1) and Python-level streams over it."""
    write_fd = os.dup(1)
    os.set_inheritable(write_fd, False)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    buffer = _SharedBuffer(io.FileIO(1, "w", closefd=False), buffer_size=65536)
    _state.update(write_fd=write_fd, buffer=buffer, streams=(_wrapper(buffer), _wrapper(buffer)))
    restore_std()
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    _patch_spawners()
    threading.Thread(target=_flusher, name="pw-flusher", daemon=True).start()


def restore_std():
    """Re-point fds 1/2 and sys.stdout/stderr at the capture pipe (a block may have changed them)."""
    write_fd = _state["write_fd"]
    for fd in (1, 2):
        try:
            if os.fstat(fd).st_ino != os.fstat(write_fd).st_ino:
                os.dup2(write_fd, fd)
        except OSError:
            os.dup2(write_fd, fd)
    sys.stdout, sys.stderr = _state["streams"]
    sys.__stdout__ = sys.stdout
    sys.__stderr__ = sys.stderr


def flush_std():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    try:
        _state["buffer"].flush()
    except Exception:
        pass


def write_marker(marker):
    """Worker: the end of a block's output, on the private handle (the block may have closed fd 1)."""
    if not marker:
        return
    try:
        os.write(_state["write_fd"], marker)
    except OSError:
        pass


def _flusher():
    while True:
        time.sleep(0.1)
        try:
            _state["buffer"].flush()
        except Exception:
            pass


def _patch_spawners():
    """Flush buffered Python output before a child process writes to the same pipe."""
    original_system = os.system
    original_execute = subprocess.Popen._execute_child

    def system(command):
        flush_std()
        return original_system(command)

    def execute_child(self, *args, **kwargs):
        flush_std()
        return original_execute(self, *args, **kwargs)

    os.system = system
    subprocess.Popen._execute_child = execute_child


class OutputCapture:
    """Supervisor: one block's output, head + tail, streamed to the host."""

    TAIL_INTERVAL = 0.5

    def __init__(self, send, max_output):
        self.send = send
        self.head_max = max(1024, int(max_output * 0.8))
        self.tail_max = max(256, int(max_output) - self.head_max)
        self.active = None

    def begin(self, eid, marker):
        self.active = eid
        self.marker = marker
        self.ended = False
        self.carry = b""
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.last_tail_sent = 0.0

    def receive(self, data):
        """Feeds bytes from the pipe; returns True once the block's end marker has been seen."""
        if self.active is None or self.ended:
            return self.ended
        buf = self.carry + data
        idx = buf.find(self.marker)
        if idx >= 0:
            self._feed(buf[:idx])
            self.carry = b""
            self.ended = True
            return True
        keep = _partial_suffix(buf, self.marker)
        self.carry = buf[len(buf) - keep:] if keep else b""
        self._feed(buf[: len(buf) - keep])
        return False

    def finish(self):
        self.total += len(self.carry)
        self.active = None
        omitted = self.total - len(self.head) - len(self.tail)
        if omitted == 0:
            return {"head": _decode(self.head + self.tail), "tail": "", "omitted": 0}
        return {"head": _decode(self.head), "tail": _decode(_trim_start(self.tail)), "omitted": omitted}

    def _feed(self, data):
        if not data:
            return
        self.total += len(data)
        room = self.head_max - len(self.head)
        if room > 0:
            part = data[:room]
            self.head += part
            text = self.decoder.decode(bytes(part))
            if text:
                self.send({"type": "stream", "id": self.active, "text": text})
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > self.tail_max:
                del self.tail[: len(self.tail) - self.tail_max]
            now = time.monotonic()
            if now - self.last_tail_sent >= self.TAIL_INTERVAL:
                self.last_tail_sent = now
                omitted = self.total - len(self.head) - len(self.tail)
                self.send({"type": "tail", "id": self.active, "omitted": omitted,
                           "tail": _decode(_trim_start(self.tail))})


def _partial_suffix(buf, marker):
    """Length of the longest suffix of buf that is a proper prefix of marker."""
    for k in range(min(len(marker) - 1, len(buf)), 0, -1):
        if marker.startswith(buf[-k:]):
            return k
    return 0


def _trim_start(data):
    """Drop UTF-8 continuation bytes at the start of a tail cut mid-character."""
    i = 0
    while i < 3 and i < len(data) and 0x80 <= data[i] <= 0xBF:
        i += 1
    return data[i:]


def _decode(data):
    return bytes(data).decode("utf-8", "replace")

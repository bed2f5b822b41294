"""Output capture for the kernel driver.

fds 1 and 2 both point at one pipe, so stdout, stderr, C extensions and
subprocesses interleave in their real order.  A reader thread keeps a bounded
head and tail of the bytes (the middle is counted, not stored), streams the
head to the host as it arrives, and sends tail snapshots while output is being
truncated, so a timeout still leaves the newest output behind.
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


def install_std(max_output):
    """Point fds 0/1/2 at /dev/null and the capture pipe; install Python-level streams."""
    read_fd, write_fd = os.pipe()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(write_fd, 1)
    os.dup2(write_fd, 2)
    os.set_inheritable(read_fd, False)
    os.set_inheritable(write_fd, False)
    buffer = _SharedBuffer(io.FileIO(1, "w", closefd=False), buffer_size=65536)
    _state.update(read_fd=read_fd, write_fd=write_fd, buffer=buffer, streams=(_wrapper(buffer), _wrapper(buffer)))
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


class Capture:
    TAIL_INTERVAL = 0.5

    def __init__(self, channel, max_output):
        self.channel = channel
        self.head_max = max(1024, int(max_output * 0.8))
        self.tail_max = max(256, int(max_output) - self.head_max)
        self.lock = threading.Lock()
        self.active = None
        self.done = threading.Event()
        threading.Thread(target=self._reader, name="pw-reader", daemon=True).start()

    def begin(self, eid):
        restore_std()
        with self.lock:
            self.active = eid
            self.sentinel = b"\0PW-END-" + os.urandom(12).hex().encode() + b"\0"
            self.carry = b""
            self.head = bytearray()
            self.tail = bytearray()
            self.total = 0
            self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self.last_tail_sent = 0.0
            self.done.clear()

    def finish(self):
        flush_std()
        os.write(_state["write_fd"], self.sentinel)
        drained = self.done.wait(10)
        with self.lock:
            self.active = None
            if not drained:  # keep what arrived; the rest is reported, not waited for forever
                self.total += len(self.carry)
            omitted = self.total - len(self.head) - len(self.tail)
            if omitted == 0:
                return {"head": _decode(self.head + self.tail), "tail": "", "omitted": 0}
            return {"head": _decode(self.head), "tail": _decode(_trim_start(self.tail)), "omitted": omitted}

    def _reader(self):
        read_fd = _state["read_fd"]
        while True:
            try:
                data = os.read(read_fd, 65536)
            except InterruptedError:
                continue
            if not data:
                return
            with self.lock:
                if self.active is not None:
                    self._receive(data)

    def _receive(self, data):
        buf = self.carry + data
        idx = buf.find(self.sentinel)
        if idx >= 0:
            self._feed(buf[:idx])
            self.carry = b""
            self.active = None
            self.done.set()
            return
        keep = _partial_suffix(buf, self.sentinel)
        self.carry = buf[len(buf) - keep:] if keep else b""
        self._feed(buf[: len(buf) - keep])

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
                self.channel.send({"type": "stream", "id": self.active, "text": text})
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > self.tail_max:
                del self.tail[: len(self.tail) - self.tail_max]
            now = time.monotonic()
            if now - self.last_tail_sent >= self.TAIL_INTERVAL:
                self.last_tail_sent = now
                omitted = self.total - len(self.head) - len(self.tail)
                self.channel.send({"type": "tail", "id": self.active, "omitted": omitted,
                                   "tail": _decode(_trim_start(self.tail))})


def _partial_suffix(buf, sentinel):
    """Length of the longest suffix of buf that is a proper prefix of sentinel."""
    for k in range(min(len(sentinel) - 1, len(buf)), 0, -1):
        if sentinel.startswith(buf[-k:]):
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

#!/usr/bin/env python3
"""Plotwright kernel supervisor.

Speaks JSON lines with the host over its original stdin/stdout (docs/execution.md,
"The kernel") and runs the user's code in a separate worker process (pw_worker.py),
which never has the protocol channel.  Everything in a result is observed here, not
claimed by the worker: the output (read from the worker's capture pipe), the files
the block changed, the chart specs and results it left in the inbox (read after the
block, never from its output), the background processes stopped, the disk limit.
The worker only says "block <seq> finished with status N", on a pipe the code could
also write to: any message there that is not exactly that, for the
running block, stops the kernel as tampered with; and (on Linux) a completion counts
only once the worker's main thread is seen waiting for its next command, so code
that claims to be done while it keeps running is caught too.

This process is non-dumpable, so the worker (same user, no capabilities) can neither
ptrace it nor open its /proc/<pid>/fd.  Standard library only; runs in the sandbox.
"""
import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pw_capture  # noqa: E402
from pw_channels import READ_SYSCALL, Channel, StatusPipe, blocked_in_read, pump_bytes, pump_lines  # noqa: E402
import pw_disk  # noqa: E402
import pw_files  # noqa: E402
import pw_procs  # noqa: E402

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pw_worker.py")
POLL = 0.1
IDLE_CHECK = 0.0002  # the worker is normally back in its loop within microseconds
DONE_GRACE = 2.0  # a completion must be followed by the worker really waiting for its next command
SYSCALL_VISIBLE = False
IDLE_POLL = 1.0  # a thread left running between blocks is still held to the disk limit
MARKER_GRACE = 2.0


class Supervisor:
    def __init__(self, args, channel, notes):
        self.args = args
        self.channel = channel
        self.notes = notes
        self.events = queue.Queue(maxsize=256)  # back-pressure on a flood of output
        self.capture = pw_capture.OutputCapture(channel.send, args.max_output)
        self.inbox = pw_files.Inbox(args.charts_dir)
        self.workspace = os.path.realpath(args.workspace)
        self.disk = pw_disk.DiskWatch(args.disk_mb, [self.workspace] + args.disk_path, args.disk_exclude)
        self.seq = 0
        self.block = None
        self.disk_stop = False
        self.command_fd = None
        self.ready = False
        self.strict = SYSCALL_VISIBLE
        self.worker = self.start_worker()

    def start_worker(self):
        capture_r, capture_w = os.pipe()
        status_r, status_w = os.pipe()
        command_r, command_w = os.pipe()
        cmd = [sys.executable, WORKER, "--workspace", self.args.workspace, "--charts-dir", self.args.charts_dir,
               "--memory-mb", str(self.args.memory_mb), "--nproc", str(self.args.nproc),
               "--fsize-mb", str(self.args.disk_mb or self.args.fsize_mb), "--preload", self.args.preload]
        extra = {}
        if sys.platform == "win32":
            import msvcrt

            handles = [msvcrt.get_osfhandle(status_w), msvcrt.get_osfhandle(command_r)]
            for handle in handles:
                os.set_handle_inheritable(handle, True)
            info = subprocess.STARTUPINFO()
            info.lpAttributeList = {"handle_list": handles}
            extra["startupinfo"] = info
            cmd += ["--status-fd", str(handles[0]), "--command-fd", str(handles[1])]
        else:
            # the same numbers in the worker: the supervisor knows which descriptor its command pipe
            # is there (to see the worker waiting on it), without the worker telling it
            extra["pass_fds"] = (status_w, command_r)
            cmd += ["--status-fd", str(status_w), "--command-fd", str(command_r)]
            self.command_fd = command_r
        worker = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=capture_w, stderr=capture_w,
                                  close_fds=True, cwd=self.args.workspace, **extra)
        for fd in (capture_w, status_w, command_r):
            os.close(fd)
        self.commands = os.fdopen(command_w, "wb", buffering=0)
        self.status = StatusPipe(status_r, self.events)
        threading.Thread(target=pump_bytes, args=(capture_r, self.events), daemon=True).start()
        threading.Thread(target=lambda: self.events.put(("exit", worker.wait())), daemon=True).start()
        return worker

    def run(self):
        threading.Thread(target=pump_lines, args=(self.channel.inp, self.events, "host", 256 * 1024 * 1024),
                         daemon=True).start()
        while True:
            timeout = POLL if self.block else IDLE_POLL
            try:
                kind, value = self.events.get(timeout=timeout)
            except queue.Empty:
                kind, value = "tick", None
            if kind == "host":
                if value is None or not self.on_host(value):
                    return self.shutdown()
            elif kind in ("status", "status-ready"):
                lines = self.status.drain() if kind == "status-ready" else [value] if value is not None else []
                if not self.on_status(lines):
                    return self.tampered()
            elif kind == "out":
                if value is not None and self.block and self.capture.receive(value):
                    self.block["marker_seen"] = True
            elif kind == "exit":
                return self.worker_died(value)
            if self.block:
                self.tick()
            elif kind == "tick":
                self.enforce_disk()

    def on_status(self, lines):
        """False when a line is anything but the ready message (once) or the running block's completion."""
        for line in lines:
            msg = self.parse_status(line)
            if not self.ready and msg and msg.get("type") == "ready":
                self.ready = True  # sent before any user code ran
                self.channel.send(dict(msg, notes=list(self.notes) + list(msg.get("notes") or [])))
            elif not self.on_done(msg):
                return False
        return True

    @staticmethod
    def parse_status(line):
        try:
            msg = json.loads(line)
        except ValueError:
            return None
        return msg if isinstance(msg, dict) else None

    def on_host(self, line):
        try:
            msg = json.loads(line)
        except ValueError:
            return True
        if not isinstance(msg, dict):
            return True
        if msg.get("type") == "shutdown":
            return False
        if msg.get("type") == "execute" and self.block is None:
            self.begin(msg)
        return True

    def begin(self, msg):
        self.seq += 1
        nonce = os.urandom(16).hex()
        marker = ("\0PW-END-%s\0" % os.urandom(12).hex()).encode("ascii")
        self.block = {"id": msg.get("id"), "seq": self.seq, "nonce": nonce, "done": None,
                      "marker_seen": False, "started": time.monotonic(), "done_at": None,
                      "before": pw_files.snapshot(self.workspace)}
        self.inbox.clear()  # only what this block hands over is reported with it
        self.capture.begin(msg.get("id"), marker)
        command = {"type": "execute", "seq": self.seq, "nonce": nonce, "marker": marker.decode("ascii"),
                   "language": msg.get("language", "python"), "code": msg.get("code", "")}
        try:
            self.commands.write((json.dumps(command) + "\n").encode("utf-8"))
        except OSError:
            pass  # the worker is gone: its exit event ends the block
        self.enforce_disk()

    def on_done(self, msg):
        """A valid completion of the running block; anything else on the status pipe is tampering."""
        block = self.block
        if (block is None or not msg or msg.get("type") != "done" or block["done"] is not None
                or msg.get("seq") != block["seq"] or msg.get("nonce") != block["nonce"]
                or not isinstance(msg.get("status"), int) or isinstance(msg.get("status"), bool)
                or not 0 <= msg["status"] <= 255 or set(msg) != {"type", "seq", "nonce", "status"}):
            return False
        block["done"] = msg["status"]
        block["done_at"] = time.monotonic()
        block["idle"] = False
        return True

    def tick(self):
        block = self.block
        if block["done"] is None:
            self.enforce_disk()
            return
        if not block["idle"]:
            idle = self.settled()
            if idle == "tampered":
                return self.tampered()
            if idle is None or idle:
                block["idle"] = True
            elif time.monotonic() - block["done_at"] > DONE_GRACE:
                return self.tampered()  # "done" while the block's code is still running: forged
            else:
                time.sleep(IDLE_CHECK)
                try:
                    self.events.put_nowait(("tick", None))
                except queue.Full:
                    pass  # events are waiting; each one ticks again
                return
        if block["marker_seen"] or time.monotonic() - block["done_at"] > MARKER_GRACE:
            self.finish()

    def settled(self):
        """Is the block really over? The worker's main thread waits for its next command, and nothing
        more arrived on the status pipe (read here, by this thread: a second completion after a forged
        one is seen now). A completion forged while the code keeps running fails this. None: can't tell."""
        if READ_SYSCALL is None or self.command_fd is None or not self.status.direct or not self.strict:
            return None
        # unreadable now (it was readable at start): not idle, never "can't tell"
        if not blocked_in_read("/proc/%d/syscall" % self.worker.pid, self.command_fd):
            return False
        if not self.on_status(self.status.drain()):
            return "tampered"
        return True

    def enforce_disk(self):
        if not self.disk.enabled:
            return
        pids = lambda: [self.worker.pid] + pw_procs.descendants(self.worker.pid)  # noqa: E731
        if self.disk.check(pids) == "stop":
            self.disk_stop = True
            pw_procs.kill_descendants()

    def finish(self):
        block, self.block = self.block, None
        killed = pw_procs.kill_descendants(spare=self.worker.pid)
        output = self.capture.finish()
        charts, results = self.inbox.collect()
        self.channel.send({
            "type": "result",
            "id": block["id"],
            "exitCode": block["done"],
            "head": output["head"],
            "tail": output["tail"],
            "omitted": output["omitted"],
            "charts": charts,
            "results": results,
            "files": pw_files.changed(self.workspace, block["before"]),
            "killed": killed,
            "diskFull": self.disk.after_block(self.worker.pid),
            "elapsed": time.monotonic() - block["started"],
        })

    def worker_died(self, returncode):
        block = self.block
        pw_procs.kill_descendants(spare=self.worker.pid)
        deadline = time.monotonic() + 0.5
        while block and time.monotonic() < deadline:  # the last output still in the pipe
            try:
                kind, value = self.events.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if kind == "out" and value is None:
                break
            if kind == "out":
                self.capture.receive(value)
        code = 128 - returncode if returncode < 0 else returncode
        reason = "disk" if self.disk_stop else None
        self.channel.send({"type": "died", "id": block["id"] if block else None, "code": code,
                           "signal": -returncode if returncode < 0 else None, "reason": reason})
        os._exit(code or 1)

    def tampered(self):
        block = self.block
        pw_procs.kill_descendants()
        self.channel.send({"type": "tampered", "id": block["id"] if block else None})
        os._exit(70)

    def shutdown(self):
        pw_procs.kill_descendants()
        os._exit(0)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="plotwright_kernel")
    p.add_argument("--workspace", required=True)
    p.add_argument("--charts-dir", required=True)
    p.add_argument("--memory-mb", type=int, default=0)
    p.add_argument("--nproc", type=int, default=0)
    p.add_argument("--fsize-mb", type=int, default=0)
    p.add_argument("--disk-mb", type=int, default=0)
    p.add_argument("--disk-path", action="append", default=[])
    p.add_argument("--disk-exclude", action="append", default=[])
    p.add_argument("--max-output", type=int, default=100000)
    p.add_argument("--preload", default="")
    return p.parse_args(argv)


def main(argv):
    global SYSCALL_VISIBLE
    # can a process's syscall be seen here (asked before this process becomes non-dumpable, which
    # hides its own /proc entries from itself)? If so, a worker whose state is unreadable is not idle.
    SYSCALL_VISIBLE = READ_SYSCALL is not None and blocked_in_read("/proc/self/syscall", -1) is not None
    notes = []
    if not pw_procs.set_undumpable() and sys.platform.startswith("linux"):
        notes.append("could not make the supervisor non-dumpable")
    args = parse_args(argv)
    channel = Channel()
    sys.excepthook = lambda *exc: __import__("traceback").print_exception(*exc, file=channel.diag)
    if not pw_procs.become_subreaper():
        notes.append("not a subreaper: detached processes are stopped by the host, not by the kernel")
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.makedirs(args.charts_dir, exist_ok=True)
    Supervisor(args, channel, notes).run()


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Plotwright kernel driver.

Runs code blocks in one persistent namespace and speaks JSON lines over its
original stdin/stdout (see docs/execution.md, "Kernel protocol").  The user's
code never sees the protocol channel: fd 0 is /dev/null and fds 1 and 2 are a
capture pipe shared by both streams, so output keeps its real order.

Standard library only; this file runs inside the sandbox (local or Docker).
"""
import argparse
import ast
import json
import os
import signal
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pw_capture  # noqa: E402
import pw_procs  # noqa: E402
import pw_files  # noqa: E402

DRIVER_FILES = {os.path.abspath(__file__), pw_capture.__file__, pw_procs.__file__, pw_files.__file__}


class Channel:
    """The protocol channel: private duplicates of the original stdin/stdout."""

    def __init__(self):
        self.inp = os.fdopen(os.dup(0), "rb", buffering=0)
        self.out_fd = os.dup(1)
        self.diag = os.fdopen(os.dup(2), "w", buffering=1)  # the driver's own errors, for the host's log
        self.lock = threading.Lock()
        for fd in (self.inp.fileno(), self.out_fd, self.diag.fileno()):
            os.set_inheritable(fd, False)

    def send(self, msg):
        data = (json.dumps(msg, ensure_ascii=True, default=str) + "\n").encode("ascii")
        with self.lock:
            view = memoryview(data)
            while view:
                n = os.write(self.out_fd, view)
                view = view[n:]

    def receive(self):
        line = self.inp.readline()
        if not line:
            return None
        return json.loads(line)


def set_limits(args, notes):
    try:
        import resource
    except ImportError:
        notes.append("resource limits unavailable on this platform")
        return
    def lim(name, value):
        what = getattr(resource, name, None)
        if what is None or value is None or value <= 0:
            return
        try:
            resource.setrlimit(what, (value, value))
        except (ValueError, OSError) as exc:
            notes.append("could not set %s: %s" % (name, exc))
    lim("RLIMIT_AS", args.memory_mb * 1024 * 1024 if args.memory_mb else None)
    lim("RLIMIT_NPROC", args.nproc)
    lim("RLIMIT_FSIZE", args.fsize_mb * 1024 * 1024 if args.fsize_mb else None)
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass


def versions():
    info = {"python": sys.version.split()[0], "executable": sys.executable}
    for mod in ("pandas", "numpy", "matplotlib"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:
            info[mod] = None
    return info


class Kernel:
    def __init__(self, args, channel):
        self.args = args
        self.channel = channel
        self.workspace = os.path.realpath(args.workspace)
        self.count = 0
        self.pid = os.getpid()
        self.ns = {"__name__": "__main__", "__builtins__": __builtins__}
        self.capture = pw_capture.Capture(channel, args.max_output)
        self.figures = pw_files.FigureSaver(self.workspace)
        self.charts = pw_files.ChartInbox(args.charts_dir)

    def execute(self, msg):
        self.count += 1
        eid = msg.get("id")
        language = msg.get("language", "python")
        code = msg.get("code", "")
        notes = []
        before = pw_files.snapshot(self.workspace)
        self.capture.begin(eid)
        self.figures.block = self.count
        started = time.monotonic()
        exit_code = 1
        try:
            target = pw_files.filename_directive(code, self.workspace)
            if target is not None:
                pw_files.write_code_file(self.workspace, target, code)
            if language == "python":
                exit_code = self.run_python(code, target)
            elif language == "sh":
                exit_code = self.run_sh(code)
            else:
                print("unsupported language %s" % language, file=sys.stderr)
                exit_code = 1
        except pw_files.DirectiveError as exc:
            print(str(exc), file=sys.stderr)
            exit_code = 1
        finally:
            if os.getpid() != self.pid:  # a fork of the kernel made by the block: never speak the protocol
                pw_capture.flush_std()
                os._exit(exit_code)
            killed = pw_procs.kill_descendants()
            if killed:
                notes.append("stopped %d background process(es) left by the block" % killed)
        figures = self.figures.save_open()
        output = self.capture.finish()
        self.channel.send({
            "type": "result",
            "id": eid,
            "exitCode": exit_code,
            "head": output["head"],
            "tail": output["tail"],
            "omitted": output["omitted"],
            "charts": self.charts.collect(),
            "figures": figures,
            "files": pw_files.changed(self.workspace, before),
            "notes": notes,
            "elapsed": time.monotonic() - started,
        })

    def run_python(self, code, target):
        name = target or "<block %d>" % self.count
        pw_files.register_source(name, code)
        try:
            tree = ast.parse(code, name, "exec")
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, name, "exec"), self.ns)
            if last is not None:
                value = eval(compile(last, name, "eval"), self.ns)
                if value is not None:
                    self.ns["_"] = value
                    if type(value).__name__ != "ChartSpec":  # chart() already printed its summary
                        print(repr(value))
            return 0
        except SystemExit as exc:
            return self.exit_status(exc.code)
        except MemoryError:
            self.print_exception(sys.exc_info())
            print("MemoryError: the block hit the sandbox memory limit (%s MB)" % (self.args.memory_mb or "?"),
                  file=sys.stderr)
            return 1
        except BaseException:
            self.print_exception(sys.exc_info())
            return 1
        finally:
            pw_capture.flush_std()

    @staticmethod
    def exit_status(code):
        if code is None:
            return 0
        if isinstance(code, int):
            return code & 0xFF
        print(code, file=sys.stderr)
        return 1

    @staticmethod
    def print_exception(exc_info):
        etype, value, tb = exc_info
        frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) not in DRIVER_FILES]
        lines = ["Traceback (most recent call last):\n"] if frames else []
        lines += traceback.format_list(frames)
        lines += traceback.format_exception_only(etype, value)
        sys.stderr.write("".join(lines))

    def run_sh(self, code):
        import subprocess
        shell = "/bin/bash" if os.path.exists("/bin/bash") else "/bin/sh"
        pw_capture.flush_std()
        proc = subprocess.run([shell, "-c", code], stdin=subprocess.DEVNULL, cwd=self.workspace)
        rc = proc.returncode
        return 128 - rc if rc < 0 else rc


def seed_matplotlib_cache():
    """Copy a prebuilt font cache (read-only in the image) into the writable MPLCONFIGDIR."""
    seed, target = os.environ.get("PLOTWRIGHT_MPL_SEED"), os.environ.get("MPLCONFIGDIR")
    if not seed or not target or not os.path.isdir(seed):
        return
    import shutil

    os.makedirs(target, exist_ok=True)
    for name in os.listdir(seed):
        if name.startswith("fontlist") and not os.path.exists(os.path.join(target, name)):
            shutil.copyfile(os.path.join(seed, name), os.path.join(target, name))


def parse_args(argv):
    p = argparse.ArgumentParser(prog="plotwright_kernel")
    p.add_argument("--workspace", required=True)
    p.add_argument("--charts-dir", required=True)
    p.add_argument("--memory-mb", type=int, default=0)
    p.add_argument("--nproc", type=int, default=0)
    p.add_argument("--fsize-mb", type=int, default=0)
    p.add_argument("--max-output", type=int, default=100000)
    p.add_argument("--preload", default="")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    channel = Channel()
    sys.excepthook = lambda *exc: traceback.print_exception(*exc, file=channel.diag)
    notes = []
    set_limits(args, notes)
    if not pw_procs.become_subreaper():
        notes.append("not a subreaper: detached processes are stopped by the host, not by the kernel")
    pw_capture.install_std(args.max_output)
    seed_matplotlib_cache()
    os.makedirs(args.charts_dir, exist_ok=True)
    os.chdir(args.workspace)
    sys.path.insert(0, os.path.realpath(args.workspace))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    kernel = Kernel(args, channel)
    for mod in filter(None, args.preload.split(",")):
        try:
            __import__(mod)
        except Exception as exc:  # reported, not fatal: the block will say it too
            notes.append("preload %s failed: %s" % (mod, exc))
    info = versions()
    info.update({"type": "ready", "pid": os.getpid(), "notes": notes})
    channel.send(info)
    while True:
        msg = channel.receive()
        if msg is None or msg.get("type") == "shutdown":
            break
        if msg.get("type") == "execute":
            kernel.execute(msg)
    pw_procs.kill_descendants()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])

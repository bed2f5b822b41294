#!/usr/bin/env python3
"""Plotwright kernel worker: the process that runs the user's code.

Started by the supervisor (plotwright_kernel.py), never by the host.  It keeps one
namespace across blocks.  It cannot reach the host protocol: that channel belongs to
the supervisor, a separate (non-dumpable) process.  What it tells the supervisor is
only "block <seq> finished with status N" on a private pipe; everything else the
host reports (output, files, charts, results, notes) the supervisor observes itself.
The code's namespace starts with the prelude (pw_prelude.py): `chart` and `record_result`.

fd 0 is /dev/null, fds 1 and 2 are the supervisor's capture pipe.

Standard library only; this file runs inside the sandbox (local or Docker).
"""
import argparse
import ast
import json
import os
import signal
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pw_capture  # noqa: E402
import pw_files  # noqa: E402
import pw_prelude  # noqa: E402
import pw_procs  # noqa: E402

DRIVER_FILES = {os.path.abspath(__file__), pw_capture.__file__, pw_procs.__file__, pw_files.__file__,
                pw_prelude.__file__}


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


class Status:
    """The one thing the worker says: which block finished, with which status."""

    def __init__(self, fd):
        self.fd = fd
        os.set_inheritable(fd, False)

    def send(self, msg):
        data = (json.dumps(msg, ensure_ascii=True) + "\n").encode("ascii")
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]


class Worker:
    def __init__(self, args, status, notes):
        self.args = args
        self.status = status
        self.workspace = os.path.realpath(args.workspace)
        self.count = 0
        self.pid = os.getpid()
        self.ns = {"__name__": "__main__", "__builtins__": __builtins__}
        self.figures = pw_files.FigureSaver(self.workspace)
        pw_files.Inbox.announce(args.charts_dir)
        pw_prelude.install_number_format()
        self.ns.update(pw_prelude.helpers(notes))

    def execute(self, msg):
        self.count += 1
        pw_procs.reap()
        pw_capture.restore_std()
        self.figures.block = self.count
        code, language = msg.get("code", ""), msg.get("language", "python")
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
        except pw_files.DirectiveError as exc:
            print(str(exc), file=sys.stderr)
        except Exception as exc:  # e.g. the shell could not be started (process limit)
            print("%s: %s" % (type(exc).__name__, exc), file=sys.stderr)
        finally:
            if os.getpid() != self.pid:  # a fork of the worker made by the block: never report
                pw_capture.flush_std()
                os._exit(exit_code)
        self.figures.save_open()
        pw_capture.flush_std()
        pw_capture.write_marker(msg.get("marker", "").encode("ascii", "replace"))
        self.status.send({"type": "done", "seq": msg.get("seq"), "nonce": msg.get("nonce"), "status": exit_code})

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
                    if type(value).__name__ != "ChartSpec":  # a chart is shown as a chart, not as text
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
    p = argparse.ArgumentParser(prog="pw_worker")
    p.add_argument("--workspace", required=True)
    p.add_argument("--charts-dir", required=True)
    p.add_argument("--status-fd", type=int, required=True)
    p.add_argument("--command-fd", type=int, required=True)
    p.add_argument("--memory-mb", type=int, default=0)
    p.add_argument("--nproc", type=int, default=0)
    p.add_argument("--fsize-mb", type=int, default=0)
    p.add_argument("--preload", default="")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    commands = os.fdopen(pw_capture.open_inherited(args.command_fd, os.O_RDONLY), "rb", buffering=0)
    os.set_inheritable(commands.fileno(), False)
    status = Status(pw_capture.open_inherited(args.status_fd, os.O_WRONLY))
    notes = []
    set_limits(args, notes)
    pw_capture.install_std()
    seed_matplotlib_cache()
    os.chdir(args.workspace)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker = Worker(args, status, notes)
    for mod in filter(None, args.preload.split(",")):
        try:
            __import__(mod)
        except Exception as exc:  # reported, not fatal: the block will say it too
            notes.append("preload %s failed: %s" % (mod, exc))
    info = versions()
    info.update({"type": "ready", "pid": os.getpid(), "notes": notes})
    status.send(info)
    # Only now may the code's own modules be imported (import pandas never finds a planted pytz.py in
    # the workspace before `ready`: nothing the code left behind runs before the kernel is ready).
    sys.path.insert(0, os.path.realpath(args.workspace))
    while True:
        line = commands.readline()
        if not line:
            break
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("type") == "execute":
            worker.execute(msg)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Workspace files for the kernel driver: artifacts, figures, the inbox (chart specs, results), `# filename:`."""
import importlib.abc
import importlib.util
import json
import linecache
import os
import re
import sys

MAX_SCAN = 5000
MAX_DEPTH = 4
MAX_CHARTS = 20
MAX_CHART_BYTES = 4 * 1024 * 1024
MAX_RESULTS = 20
MAX_RESULT_BYTES = 64 * 1024
MAX_DEPTH_JSON = 64  # results and chart specs nest a few levels; a deeper one is a JSON bomb
DIRECTIVE = re.compile(r"^\s*(?:#|//|--)\s*filename:\s*(\S+)\s*$")


class DirectiveError(Exception):
    pass


def snapshot(workspace):
    """relative path -> (mtime_ns, size) of regular files, skipping dot-directories and symlinks."""
    seen = {}
    stack = [(workspace, 0)]
    while stack and len(seen) < MAX_SCAN:
        folder, depth = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        stack.append((entry.path, depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    seen[os.path.relpath(entry.path, workspace)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                continue
    return seen


def changed(workspace, before):
    after = snapshot(workspace)
    return [{"path": path.replace(os.sep, "/"), "size": stat[1]}
            for path, stat in sorted(after.items()) if before.get(path) != stat]


def register_source(name, code):
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)


def filename_directive(code, workspace):
    """The workspace-relative target of a leading `# filename: X` line, or None; refuses escapes."""
    for line in code.splitlines():
        if not line.strip():
            continue
        match = DIRECTIVE.match(line)
        if not match:
            return None
        name = match.group(1)
        refuse = "refused `# filename: %s`: the file must stay inside the workspace" % name
        if "\0" in name or os.path.isabs(name) or re.match(r"^[A-Za-z]:", name):
            raise DirectiveError(refuse)
        norm = os.path.normpath(name)
        if norm == ".." or norm.startswith(".." + os.sep) or norm in (".", ""):
            raise DirectiveError(refuse)
        real_ws = os.path.realpath(workspace)
        real_dir = os.path.realpath(os.path.join(real_ws, os.path.dirname(norm)))
        if real_dir != real_ws and not real_dir.startswith(real_ws + os.sep):
            raise DirectiveError(refuse)
        return norm
    return None


def write_code_file(workspace, relpath, code):
    folder = os.path.join(workspace, os.path.dirname(relpath))
    os.makedirs(folder, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(os.path.join(workspace, relpath), flags, 0o644)
    except OSError as exc:
        raise DirectiveError("could not write %s: %s" % (relpath, exc.strerror or exc))
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(code)


class Inbox:
    """What the code hands over out of band, as JSON files in one folder: chart specs written by
    `chart()` (chart-*.json) and results written by `record_result()` (result-*.json), in the worker
    or a child process.

    The worker only announces the folder; the supervisor empties it before each block and collects
    after it: each file opened once without following symlinks, checked on the handle (regular, not
    too large), read from it, then removed. A result must be one JSON object. This is untrusted data
    from the sandbox, and the host validates it again: it is never taken from the block's output.
    """

    def __init__(self, folder):
        self.folder = folder

    @staticmethod
    def announce(folder):
        os.environ["PLOTWRIGHT_CHARTS_DIR"] = folder
        os.environ["PLOTWRIGHT_RESULTS_DIR"] = folder

    def _names(self):
        try:
            return sorted(n for n in os.listdir(self.folder) if n.endswith(".json"))
        except OSError:
            return []

    def clear(self):
        """Drops anything left from before the block (e.g. by a block whose kernel was stopped)."""
        for name in self._names():
            try:
                os.unlink(os.path.join(self.folder, name))
            except OSError:
                pass

    def collect(self):
        """-> (charts, results): the first MAX_CHARTS charts, the last MAX_RESULTS results."""
        charts, results = [], []
        names = self._names()
        # only the last MAX_RESULTS results are read (the rest are removed unread): thousands of
        # files left by the code never become thousands of parsed objects in this process
        kept = set([n for n in names if n.startswith("result-")][-MAX_RESULTS:])
        for name in names:
            path = os.path.join(self.folder, name)
            try:
                if name.startswith("result-") and name not in kept:
                    continue
                if name.startswith("result-"):
                    data = read_regular(path, MAX_RESULT_BYTES)
                    value = json.loads(data.decode("utf-8")) if data is not None else None
                    if isinstance(value, dict) and shallow(value):
                        results.append(value)
                elif len(charts) < MAX_CHARTS:
                    data = read_regular(path, MAX_CHART_BYTES)
                    value = json.loads(data.decode("utf-8")) if data is not None else None
                    if data is not None and shallow(value):
                        charts.append(value)
            except (OSError, ValueError, RecursionError):  # nesting too deep: a JSON bomb, dropped
                pass
            finally:
                try:
                    os.unlink(path)
                except OSError:
                    pass
        return charts, results


def shallow(value, limit=MAX_DEPTH_JSON):
    """True when `value` nests at most `limit` lists/objects deep (checked without recursion): what
    the code hands over is sent on as JSON, and a deeper value could fail to serialise."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return False
            stack.extend((x, depth + 1) for x in (item.values() if isinstance(item, dict) else item))
    return True


def read_regular(path, max_bytes):
    """The bytes of a regular file at path (never through a symlink), or None."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            return None
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= max_bytes else None
    finally:
        os.close(fd)


class FigureSaver:
    """Saves open matplotlib figures as PNG files after each block and on plt.show()."""

    def __init__(self, workspace):
        self.workspace = workspace
        self.pending = []
        self.block = 0
        self.counts = {}
        sys.meta_path.insert(0, AfterImport("matplotlib.pyplot", self._patch))
        if "matplotlib.pyplot" in sys.modules:
            self._patch(sys.modules["matplotlib.pyplot"])

    def _patch(self, plt):
        import matplotlib.figure

        original_savefig = matplotlib.figure.Figure.savefig

        def savefig(fig, *args, **kwargs):
            fig._plotwright_saved = True
            return original_savefig(fig, *args, **kwargs)

        def show(*_args, **_kwargs):
            self.pending += self._save_all(plt, self.block)

        matplotlib.figure.Figure.savefig = savefig
        plt.show = show

    def save_open(self):
        saved, self.pending = self.pending, []
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is not None:
            saved += self._save_all(plt, self.block)
        return saved

    def _save_all(self, plt, block):
        saved = []
        for num in plt.get_fignums():
            fig = plt.figure(num)
            if getattr(fig, "_plotwright_saved", False) or not fig.get_axes():
                continue
            self.counts[block] = self.counts.get(block, 0) + 1
            name = self._free_name("figure-%d-%d.png" % (block, self.counts[block]))
            try:
                fig.savefig(os.path.join(self.workspace, name), dpi=100, bbox_inches="tight", facecolor="white")
                saved.append(name)
            except Exception as exc:
                print("could not save figure %s: %s" % (num, exc), file=sys.stderr)
        plt.close("all")
        return saved

    def _free_name(self, name):
        stem, ext = os.path.splitext(name)
        candidate, n = name, 1
        while os.path.lexists(os.path.join(self.workspace, candidate)):
            n += 1
            candidate = "%s-%d%s" % (stem, n, ext)
        return candidate


class AfterImport(importlib.abc.MetaPathFinder):
    """Calls `on_load(module)` right after module `fullname` is first imported."""

    def __init__(self, fullname, on_load):
        self.fullname = fullname
        self.on_load = on_load
        self.busy = False

    def find_spec(self, fullname, path, target=None):
        if fullname != self.fullname or self.busy:
            return None
        self.busy = True
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self.busy = False
        if spec is None or spec.loader is None:
            return spec
        loader, on_load = spec.loader, self.on_load

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                on_load(module)

        spec.loader = Loader()
        return spec

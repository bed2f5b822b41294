"""The disk limit: what the code writes (workspace, its temporary space, /dev/shm).

No file system quota is available without privileges, so the supervisor enforces it:
the worker starts with RLIMIT_FSIZE at the limit (no single file can pass it), and
while a block runs the supervisor measures what is used.  At the limit it lowers the
soft RLIMIT_FSIZE of the worker and its children to 0, so every further write to a
file fails inside the code ("File too large"); if usage still grows past a margin (the
code raised its soft limit back), the worker is stopped.  After the block the soft
limit is restored when usage is below the limit again.
"""
import os
import stat
import sys

MAX_ENTRIES = 100000
# Every file costs at least a block, so a million empty files cannot pass unnoticed.
MIN_FILE_BYTES = 4096


class DiskWatch:
    def __init__(self, limit_mb, paths, exclude):
        self.limit = int(limit_mb) * 1024 * 1024 if limit_mb else 0
        self.margin = max(64 * 1024 * 1024, self.limit // 10)
        self.paths = [p for p in paths if p]
        self.excluded = set()
        for path in exclude:
            try:
                st = os.lstat(path)
                self.excluded.add((st.st_dev, st.st_ino))
            except OSError:
                pass
        self.lowered = set()
        self.hit = False
        self.too_many = False
        self.hidden = None  # a folder that could not be listed: what it holds cannot be measured

    @property
    def enabled(self):
        return self.limit > 0

    def usage(self):
        """Bytes used under the watched paths (each inode once), or the limit when too many entries."""
        seen, total, entries = set(), 0, 0
        stack = list(self.paths)
        self.hidden = None
        while stack:
            folder = stack.pop()
            try:
                it = os.scandir(folder)
            except FileNotFoundError:
                continue  # removed while we looked
            except OSError:
                if folder in self.paths:
                    continue
                # the code made a folder unreadable (chmod 0300): what is inside is not seen, so it
                # counts as the whole limit until the folder is readable again
                self.hidden = folder
                return max(total, self.limit)
            with it:
                for entry in it:
                    entries += 1
                    if entries > MAX_ENTRIES:
                        self.too_many = True
                        return max(total, self.limit)
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    key = (st.st_dev, st.st_ino)
                    if key in seen or key in self.excluded:
                        continue
                    seen.add(key)
                    used = getattr(st, "st_blocks", 0) * 512 or st.st_size
                    total += max(used, MIN_FILE_BYTES) if stat.S_ISREG(st.st_mode) else 4096
                    if stat.S_ISDIR(st.st_mode):
                        stack.append(entry.path)
        return total

    def reclaim(self):
        """Frees space reserved past the end of files (fallocate with KEEP_SIZE, which the file size
        limit does not stop): a same-size truncate releases it. Never through a symlink."""
        stack = list(self.paths)
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(st.st_mode):
                        stack.append(entry.path)
                    elif stat.S_ISREG(st.st_mode) and getattr(st, "st_blocks", 0) * 512 > st.st_size + (1 << 20):
                        fd = os.open(entry.path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
                        try:
                            os.ftruncate(fd, os.fstat(fd).st_size)
                        finally:
                            os.close(fd)
                except OSError:
                    continue

    def check(self, pids):
        """-> 'ok', 'limited' (writes now fail) or 'stop' (kill the worker); `pids()` lists the processes."""
        if not self.enabled:
            return "ok"
        used = self.usage()
        if used >= self.limit and self.hidden is None:
            self.reclaim()
            used = self.usage()
        if used >= self.limit + self.margin and self.hit:
            return "stop"
        if used >= self.limit:
            self.hit = True
            if not self._lower(pids()):
                return "stop"  # no way to make writes fail here: stopping is the enforcement
            return "limited"
        self._restore()  # files were deleted: room again
        return "ok"

    def _restore(self):
        if not self.lowered:
            return
        import resource

        for pid in list(self.lowered):
            try:
                _soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
                resource.prlimit(pid, resource.RLIMIT_FSIZE, (hard, hard))
            except (OSError, ValueError):
                pass
            self.lowered.discard(pid)

    def _lower(self, pids):
        prlimit = getattr(__import__("resource"), "prlimit", None) if sys.platform != "win32" else None
        if prlimit is None:
            return False
        import resource

        for pid in pids:
            try:
                _soft, hard = prlimit(pid, resource.RLIMIT_FSIZE)
                prlimit(pid, resource.RLIMIT_FSIZE, (0, hard))
                self.lowered.add(pid)
            except (OSError, ValueError):
                pass
        return True

    def after_block(self, worker_pid):
        """Restores the worker's soft limit when usage is back under the limit; -> the block hit it."""
        hit, self.hit = self.hit, False
        if not self.enabled:
            return hit
        self.lowered &= {worker_pid}  # the block's other processes are gone
        if self.usage() < self.limit:
            self._restore()
        return hit

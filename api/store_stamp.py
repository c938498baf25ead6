"""A cheap test of whether an on-disk store changed: a few ``stat`` calls a query, not a folder scan.

A query worker asks before every job whether the store it has open is still the latest
(``szkg load`` may have committed meanwhile). Scanning the folder and ``stat``-ing its
40-odd files cost ~0.14 ms a job, about 5% of a worker's time under load. RocksDB never
rewrites a file in place: a commit creates files (which changes the folder's mtime) or
appends to the write-ahead log and the MANIFEST. So the stamp is the folder's mtime plus
the size and mtime of those appendable files, and the folder is scanned again only when
its mtime moves.
"""

import os


def files_fingerprint(path: str) -> tuple:
    """Name, size and mtime of every file of the store: changes with every committed write."""
    entries = []
    for entry in os.scandir(path):
        try:
            stat = entry.stat()
        except FileNotFoundError:  # compacted away since the listing: the folder's mtime moved too
            continue
        entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def _appendable(name: str) -> bool:
    """Files RocksDB appends to: write-ahead logs, the MANIFEST, CURRENT (rewritten by rename)."""
    return name.endswith(".log") or name.startswith("MANIFEST-") or name == "CURRENT"


class StoreStamp:
    """``current()`` returns a value that changes whenever the store at ``path`` changes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._folder_mtime: int | None = None
        self._watched: tuple[str, ...] = ()

    def current(self) -> tuple:
        """The stamp now: the folder's mtime and the state of its appendable files."""
        folder_mtime = os.stat(self.path).st_mtime_ns
        if folder_mtime != self._folder_mtime:
            self._watched = tuple(name for name, _, _ in files_fingerprint(self.path) if _appendable(name))
            self._folder_mtime = folder_mtime
        files = []
        for name in self._watched:
            try:
                stat = os.stat(os.path.join(self.path, name))
            except FileNotFoundError:  # removed since the scan: the folder changed, scan again next time
                self._folder_mtime = None
                files.append((name, -1, -1))
                continue
            files.append((name, stat.st_size, stat.st_mtime_ns))
        return folder_mtime, tuple(files)

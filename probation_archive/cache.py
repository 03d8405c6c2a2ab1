"""A folder of pickled results, keyed by a file's content and a digest of the code that made them.

    cache = ParseCache(Path(".cache/parse"), code_digest="3f2a…")
    key = cache.key(path)            # "<sha256 of the file>-<code digest>", None if unreadable
    value = cache.get(key)           # None when missing or unreadable
    cache.put(key, value)
    cache.put_slot("gathered", key, value)   # one value under a fixed name, with the key it was made for
    value = cache.get_slot("gathered", key)  # None unless the slot holds `key`'s value

Reading freezes what was read, for the garbage collector (`collector_paused`). It knows nothing of
what it stores or of who computes it: the pipeline asks it first, then the
reader. Entries are written atomically (a reader never sees half a file); an entry that cannot be
loaded is treated as missing. The folder is disposable: delete it at any time. It is local build
state: never point it at a folder others can write to (unpickling runs code).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ParseCache:
    folder: Path
    code_digest: str

    def key(self, path: Path) -> str | None:
        """`<sha256 of the file's bytes>-<code digest>`, or None if the file cannot be read."""
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        return f"{content}-{self.code_digest}"

    def get(self, key: str) -> object | None:
        try:
            with (self.folder / f"{key}.pickle").open("rb") as file:
                return pickle.load(file)
        except Exception:  # missing, truncated, or written by another version: compute it again
            return None

    def put(self, key: str, value: object) -> None:
        self._write(f"{key}.pickle", value)

    def get_slot(self, name: str, key: str) -> object | None:
        """The value in slot `name` if it was stored for `key` (the key is read first: a slot holding
        another key's value is not unpickled), else None."""
        try:
            with (self.folder / f"{name}.slot.pickle").open("rb") as file, collector_paused():
                if pickle.load(file) != key:
                    return None
                return pickle.load(file)
        except Exception:  # missing, truncated, or written by another version: compute it again
            return None

    def put_slot(self, name: str, key: str, value: object) -> None:
        """Store `value` for `key` in slot `name`, replacing what the slot held: one file however
        often its key changes."""
        self._write(f"{name}.slot.pickle", key, value)

    def _write(self, filename: str, *values: object) -> None:
        """Pickle `values` one after the other into `filename`, atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{filename}.", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as file:
                for value in values:
                    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / filename)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while many objects are read (unpickled) at once, and what is
    then in memory frozen (`gc.freeze`): the collector, which runs every few hundred new objects and ever
    more often over all of them, would take most of the time (at 2,000 plans 0.75 of the 0.95 s one report
    takes to load, and another 0.3 s walking them all once it is on again). Objects read from a cache
    live for the whole build and hold no cycles (refcounting still frees them); a build gives them back to
    the collector with `gc.unfreeze()` when it ends (`site.run`). Left on only if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()

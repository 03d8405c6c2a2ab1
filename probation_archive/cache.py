"""A folder of pickled results, keyed by a file's content and a digest of the code that made them.

    cache = ParseCache(Path(".cache/parse"), code_digest="3f2a…")
    key = cache.key(path)            # "<sha256 of the file>-<code digest>", None if unreadable
    value = cache.get(key)           # None when missing or unreadable
    cache.put(key, value)

It knows nothing of what it stores or of who computes it: the pipeline asks it first, then the
reader. Entries are written atomically (a reader never sees half a file); an entry that cannot be
loaded is treated as missing. The folder is disposable: delete it at any time. It is local build
state: never point it at a folder others can write to (unpickling runs code).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
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
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

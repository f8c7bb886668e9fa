"""The cache folder: Django's file-based cache that stays small and does not slow down.

Django's `FileBasedCache` lists the whole folder on every write (`_cull`, to count its files)
and only removes an expired entry when somebody reads it, so a folder with many dead entries
makes every write slower. `FolderCache` is a small subclass (it keeps Django's file format,
reads and writes) that changes three things:

- **Generation folders.** A key made by `leitai.core.cache.generation_key` starts with the
  global generation (`gen:<token>:...`) and is stored in `generations/<token>/` instead of the
  folder itself; a key that also holds a jurisdiction's generation
  (`gen:<token>:j<id>-<token>:...`) is stored in `generations/<token>/j<id>-<token>/`.
  `forget_generations(keep)` removes every other global generation's folder (and so every
  jurisdiction folder inside it) in one sweep; `forget_generations(keep, jurisdiction=id)`
  removes only that jurisdiction's folders whose token is not in `keep`, leaving the other
  jurisdictions' folders alone. `leitai.core.cache` sweeps each time it starts a new
  generation: entries of a generation that is no longer current cannot be read again, so they
  must not stay.
- **Culling every N writes.** The folder is listed once per `CULL_EVERY` writes of a process
  (option, default 100) instead of on every write. Expired entries are removed when the folder
  holds `MAX_ENTRIES` files or more, and otherwise once every `EXPIRY_SWEEP` seconds (option,
  default 600) of a process, since reading every entry's expiry costs ~30 µs a file; if
  `MAX_ENTRIES` files or more are still left, one in `CULL_FREQUENCY` of them, chosen at random,
  is removed, as Django does.
- **Counting and clearing** include the generation folders.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

GENERATIONS = "generations"
GENERATION_PREFIX = "gen:"
# The tokens leitai.core.cache makes (secrets.token_hex(8)); anything else stays in the folder.
TOKEN = re.compile(r"gen:([0-9a-f]{16}):(?:(j[0-9]+-[0-9a-f]{16}):)?")


def generation_of(key: str) -> str | None:
    """Return the global generation token a key belongs to, or None for an ordinary key."""
    match = TOKEN.match(key)
    return match.group(1) if match else None


def generation_folders(key: str) -> tuple[str, ...]:
    """Return the folders (global token, then `j<id>-<token>` if any) a key is kept in."""
    match = TOKEN.match(key)
    if match is None:
        return ()
    return tuple(part for part in match.groups() if part)


def jurisdiction_folder(jurisdiction_id: int, token: str) -> str:
    """Return the name of a jurisdiction generation's folder (inside its global generation's)."""
    return f"j{jurisdiction_id}-{token}"


class FolderCache(FileBasedCache):
    """FileBasedCache with generation folders and a cull every `CULL_EVERY` writes."""

    def __init__(self, dir, params):
        options = params.get("OPTIONS", {})
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))
        self._expiry_sweep = float(options.get("EXPIRY_SWEEP", 600))
        self._writes = 0
        self._swept_at = time.monotonic()
        super().__init__(dir, params)

    def _key_to_file(self, key, version=None):
        path = super()._key_to_file(key, version)
        folders = generation_folders(key)
        if not folders:
            return path
        return os.path.join(self._dir, GENERATIONS, *folders, os.path.basename(path))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        folder = os.path.dirname(self._key_to_file(key, version))
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            super().set(key, value, timeout, version)
        except FileNotFoundError:
            if folder == self._dir:
                raise
            # Another process swept this generation meanwhile: it is no longer current, so
            # there is nothing to keep (Django's `set` has removed its temporary file).

    def _cull(self):
        self._writes += 1
        if self._writes % self._cull_every:
            return
        files = self._list_cache_files()
        due = time.monotonic() - self._swept_at >= self._expiry_sweep
        if len(files) >= self._max_entries or due:
            self._swept_at = time.monotonic()
            files = [name for name in files if not self._expired(name)]
        if len(files) < self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        for name in random.sample(files, len(files) // self._cull_frequency):
            self._delete(name)

    def _expired(self, name: str) -> bool:
        """Tell whether the entry in `name` has expired (and remove it if so)."""
        try:
            with open(name, "rb") as f:
                return self._is_expired(f)
        except FileNotFoundError:
            return True

    def _list_cache_files(self):
        found = []
        folders = [self._dir]
        while folders:
            try:
                entries = list(os.scandir(folders.pop()))
            except FileNotFoundError:
                continue
            for entry in entries:
                if entry.name.endswith(self.cache_suffix):
                    found.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
        return found

    def clear(self):
        super().clear()
        shutil.rmtree(os.path.join(self._dir, GENERATIONS), ignore_errors=True)

    def forget_generations(self, keep: set[str], *, jurisdiction: int | None = None) -> int:
        """Remove the folders of every generation not in `keep`; return how many went.

        Without `jurisdiction`, `keep` holds global tokens and whole global generations go;
        with it, `keep` holds that jurisdiction's tokens and only its folders go.
        """
        root = os.path.join(self._dir, GENERATIONS)
        if jurisdiction is None:
            return _remove_except(root, keep)
        names = {jurisdiction_folder(jurisdiction, token) for token in keep if token}
        prefix = jurisdiction_folder(jurisdiction, "")
        gone = 0
        for folder in _subfolders(root):
            gone += _remove_except(folder, names, prefix=prefix)
        return gone


def _subfolders(root: str) -> list[str]:
    try:
        return [entry.path for entry in os.scandir(root) if entry.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def _remove_except(folder: str, keep: set[str], *, prefix: str = "") -> int:
    """Remove the sub-folders of `folder` named with `prefix` and not in `keep`; count them."""
    gone = 0
    for path in _subfolders(folder):
        name = os.path.basename(path)
        if name.startswith(prefix) and name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            gone += 1
    return gone

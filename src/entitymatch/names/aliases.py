"""Known other names of an entity (brand, product, translated name), from a CSV file.

Each row `name,alias` says two names denote one entity. Links are transitive (PixVerse ~
爱诗科技 and 爱诗科技 ~ AI Sphere make PixVerse ~ AI Sphere) and apply after normalisation, so
an alias written in traditional characters, in another case or in pinyin also catches the
simplified or hanzi form.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable

from entitymatch.errors import InputError
from entitymatch.names.normalize import normalize_name
from entitymatch.names.normalized import Kind, NormalizedName


def alias_keys(name: NormalizedName) -> set[str]:
    """The forms under which a name is looked up: its key, its core, its romanised readings."""
    keys = {f"k:{name.key}"}
    if name.core:
        keys.add(f"k:{name.core}")
    distinctive = "".join(t.text for t in name.terms if t.role in ("brand", "gloss"))
    if distinctive:  # 北京智象未来科技有限公司 and 智象未来 share 智象未来
        keys.add(f"k:{distinctive}")
    for reading, _ in name.romanisations[:2]:
        compact = reading.replace(" ", "").replace("-", "")
        if len(compact) >= 4:  # short readings ("li") would join unrelated names
            keys.add(f"r:{compact}")
    return keys


class AliasTable:
    """Groups of names that denote one entity; `link(a, b)` says whether two names share one."""

    def __init__(
        self, pairs: Iterable[tuple[str, str]] = (), *, kinds: tuple[Kind, ...] = ("person", "org")
    ) -> None:
        self._parent: dict[str, str] = {}
        self._label: dict[str, str] = {}
        self._kinds = kinds
        self.pairs: list[tuple[str, str]] = []
        for name, alias in pairs:
            self.add(name, alias)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, encoding: str | None = None) -> AliasTable:
        """Read a CSV with the columns `name,alias` (UTF-8, with or without a BOM)."""
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as error:
            raise InputError(f"cannot read alias file: {error.strerror}", path=str(path)) from None
        try:
            text = raw.decode(encoding or "utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            raise InputError(
                f"cannot decode alias file as {encoding or 'UTF-8'}",
                path=str(path),
                line=line,
                column=column,
            ) from None
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if header is None:
            raise InputError("alias file is empty", path=str(path), line=1)
        columns = [h.strip().lower() for h in header]
        if "name" not in columns or "alias" not in columns:
            raise InputError(
                f"alias file needs the columns name,alias; found {','.join(header)}",
                path=str(path),
                line=1,
            )
        i, j = columns.index("name"), columns.index("alias")
        table = cls()
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(i, j):
                raise InputError(
                    f"expected {len(columns)} fields, found {len(row)}",
                    path=str(path),
                    line=reader.line_num,
                    column=len(row) + 1,
                )
            table.add(row[i], row[j])
        return table

    def add(self, name: str, alias: str) -> None:
        """Record that `name` and `alias` denote one entity."""
        if not name.strip() or not alias.strip():
            return
        self.pairs.append((name, alias))
        keys = set()
        for kind in self._kinds:
            for text in (name, alias):
                keys |= alias_keys(normalize_name(text, kind))
        first, *rest = sorted(keys)
        self._label.setdefault(self._find(first), name)
        for key in rest:
            self._union(first, key)

    def _find(self, key: str) -> str:
        parent = self._parent.setdefault(key, key)
        if parent != key:
            parent = self._parent[key] = self._find(parent)
        return parent

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[rb] = ra
            self._label.setdefault(ra, self._label.get(rb, ""))

    def group_of(self, name: NormalizedName) -> str | None:
        """The group a name belongs to, or None when the table does not know it."""
        for key in alias_keys(name):
            if key in self._parent:
                return self._find(key)
        return None

    def link(self, a: NormalizedName, b: NormalizedName) -> str | None:
        """A short description of the group when both names are in the same group."""
        group = self.group_of(a)
        if group is not None and group == self.group_of(b):
            return f"same entity as {self._label.get(group, '')!r}"
        return None

    def __len__(self) -> int:
        return len(self.pairs)

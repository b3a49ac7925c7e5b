"""Deduplicate one table or link two: blocking, comparison, scoring and clustering, end to end.

`Deduplicator(settings).fit(df).cluster(df)` gives `df` back, every column untouched, plus
`cluster_id` and `cluster_size`; `predict(df)` gives the scored pairs above the threshold with
each field's level and contribution. `Linker` does the same for two tables. Both follow
scikit-learn's conventions: configured in `__init__`, `fit` returns self, fitted state ends in
an underscore (`model_`, `summary_`).

How the work is bounded: each comparator prepares a column once (per distinct value); the
blocker streams candidate pairs in chunks of row positions; every chunk is compared by whole
arrays; Fellegi-Sunter EM runs on counts of level patterns; only pairs above the threshold are
kept. When `fit` and `predict` see the same DataFrame object (as `cluster` after `fit` does),
the levels computed while fitting (and the name fields' similarities, for the pairs table) are
reused instead of compared again.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from entitymatch import parallel
from entitymatch.blocking import (
    Blocker,
    BlockingReport,
    ExactRule,
    NameKeyRule,
    Rule,
    SortedNeighbourhoodRule,
)
from entitymatch.clustering import Guard, cluster_ids, cluster_pairs
from entitymatch.compare.levels import (
    Comparator,
    ExplainedComparison,
    FieldComparison,
    KeyedComparator,
    Level,
)
from entitymatch.compare.name_fields import PreparedNames
from entitymatch.compare.registry import make_comparator
from entitymatch.errors import InputError, SettingsError
from entitymatch.names import AliasTable, NormalizedName
from entitymatch.names.normalize import gc_paused
from entitymatch.scoring import (
    FellegiSunterModel,
    Model,
    PatternCounter,
    Session,
    SupervisedModel,
    WeightedModel,
    load_model,
)
from entitymatch.settings import NAME_KINDS, BlockingRuleSettings, Settings, load_settings
from entitymatch.text import clean_text, fold_case, prepare_simplified, to_simplified

SettingsLike = Settings | Mapping[str, Any] | str | os.PathLike[str]
ModelLike = Model | str | os.PathLike[str]
Progress = Callable[..., Any]
IntArray = npt.NDArray[np.int64]
Positions = npt.NDArray[np.integer[Any]]  # row positions; int32 when kept for long

DEFAULT_CHUNK_SIZE = 500_000
# Random pairs of the u sample per part handed to a free process: 50,000 take some 0.1 s.
_U_RUN = 50_000
_RUNS_PER_SHARE = 8  # of a batch's pairs, per comparing process
OUTPUT_COLUMNS = ("cluster_id", "cluster_size")
_LABELS = {int(level): level.label for level in Level}
_NEGATIVES_PER_MATCH = 20  # unlabelled candidates drawn as non-matches per labelled match


@dataclass
class RunSummary:
    """What a run did, for the summary printed at its end."""

    records: int = 0
    blocking: BlockingReport | None = None
    matches: int = 0
    clusters: int | None = None
    linked_clusters: int | None = None
    seconds: float = 0.0

    def lines(self, *, blocking: bool = True) -> list[str]:
        """The summary as lines of plain text (without blocking when it was logged already)."""
        out = [f"records: {self.records:,}"]
        if blocking and self.blocking is not None:
            out.append(f"blocking: {self.blocking.summary()}")
        out.append(f"matching pairs: {self.matches:,}")
        if self.clusters is not None:
            out.append(
                f"clusters: {self.clusters:,} ({self.linked_clusters or 0:,} with more than "
                "one record)"
            )
        out.append(f"time: {self.seconds:.1f} s")
        return out


def _ignore(message: str) -> None:
    return None


def _no_progress(iterable: Any = None, **_: Any) -> Any:
    return _Silent(iterable)


class _Silent:
    def __init__(self, iterable: Any) -> None:
        self.iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        return iter(self.iterable)

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None


@dataclass
class _Data:
    """Records ready for comparison: one table, or two numbered left first."""

    frames: tuple[pd.DataFrame, ...]
    ids: npt.NDArray[np.object_]
    prepared: list[Any]
    tf: dict[int, npt.NDArray[np.float64]]

    @property
    def n_left(self) -> int:
        return len(self.frames[0])

    @property
    def link(self) -> bool:
        return len(self.frames) == 2

    @property
    def total_pairs(self) -> int:
        n = self.n_left
        return n * len(self.frames[1]) if self.link else n * (n - 1) // 2


@dataclass
class _Candidates:
    """Candidate pairs (joint positions) with their levels, kept between fit and predict, and
    the similarities of the `costly` fields (names: the pairs a prediction keeps are mostly
    full comparisons) as float32, so the pairs table need not compare them again."""

    chunks: list[tuple[Positions, Positions, npt.NDArray[np.int8], npt.NDArray[np.float32]]]
    report: BlockingReport
    costly: list[int]


@dataclass(frozen=True)
class _Recalled:
    """What fitting found for the pairs a prediction keeps (see `_Candidates`)."""

    levels: npt.NDArray[np.int8]
    similarity: npt.NDArray[np.float32]  # of the costly fields, in their order
    costly: list[int]


class _Engine:
    """What deduplication and linkage share; `Deduplicator` and `Linker` are thin fronts."""

    def __init__(
        self,
        settings: SettingsLike,
        *,
        model: ModelLike | None = None,
        progress: Progress | None = None,
        log: Callable[[str], None] | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        jobs: int | None = None,
    ) -> None:
        self.settings = load_settings(settings)
        self.progress = progress or _no_progress
        self.log = log or _ignore
        self.chunk_size = chunk_size
        self.jobs = parallel.resolve_jobs(jobs)
        fields = self.settings.fields
        self.field_names = [f.name for f in fields]
        self._implied = [
            (f, self.field_names.index(spec.implied_by))
            for f, spec in enumerate(fields)
            if spec.implied_by is not None
        ]
        # Their levels after comparing are not their own where the implying field agrees.
        self._implied_fields = frozenset(f for f, _ in self._implied)
        aliases = _load_aliases(self.settings)
        self.comparators: list[Comparator] = [
            make_comparator(f.kind, f.options, aliases=aliases) for f in fields
        ]
        self.model_: Model | None = None
        if model is not None:
            loaded = model if isinstance(model, Model) else load_model(model)
            loaded.check_fields(self.field_names, source=self.settings.source)
            self.model_ = loaded
        elif self.settings.scoring.model == "weighted":
            self.model_ = self._weighted_model()
        self.summary_ = RunSummary()
        self._data: _Data | None = None
        self._candidates: _Candidates | None = None

    # -- public helpers ---------------------------------------------------------------------

    def save_model(self, path: str | os.PathLike[str]) -> None:
        """Save the fitted model as JSON, to score other files with `model=path`."""
        self._fitted_model().save(path)

    def describe(self) -> list[str]:
        """Each field's comparison levels in plain words."""
        lines = [
            f"{name}: {c.describe()}"
            for name, c in zip(self.field_names, self.comparators, strict=True)
        ]
        for f, by in self._implied:
            lines[f] += f"; null where {self.field_names[by]} agrees at medium or better"
        return lines

    # -- preparation -----------------------------------------------------------------------

    def _check_frame(self, df: pd.DataFrame, role: str) -> None:
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"{role} must be a pandas DataFrame")
        path = df.attrs.get("source_path")
        keys = self.settings.column_keys()
        for column in self.settings.columns():
            if column not in df.columns:
                available = ", ".join(repr(str(c)) for c in df.columns)
                raise InputError(
                    f"no column {column!r} (named by settings key {keys[column]}); the "
                    f"columns are: {available}",
                    path=path,
                )
        for column in OUTPUT_COLUMNS:
            if column in df.columns:
                raise InputError(
                    f"the input already has a column {column!r}; rename it, the output adds it",
                    path=path,
                )
        # Work on the distinct ids: a million rows cost one factorize.
        codes, distinct = pd.factorize(df[self.settings.id_column].astype(str))
        blank_id = np.array([not str(v).strip() for v in distinct], dtype=bool)
        missing = df[self.settings.id_column].isna().to_numpy() | blank_id[codes]
        if missing.any():
            row = int(np.flatnonzero(missing)[0])
            raise InputError(
                f"row {row + 1} has no value in the id column {self.settings.id_column!r}",
                path=path,
            )
        counts = np.bincount(codes, minlength=len(distinct))
        if (counts > 1).any():
            rows = np.flatnonzero(counts[codes] > 1)
            same = rows[codes[rows] == codes[rows[0]]][:2]
            raise InputError(
                f"id {distinct[codes[rows[0]]]!r} appears more than once in column "
                f"{self.settings.id_column!r} (rows {same[0] + 1} and {same[1] + 1}); ids must "
                "be unique",
                path=path,
            )

    def _prepare(self, frames: tuple[pd.DataFrame, ...]) -> _Data:
        cached = self._data
        if (
            cached is not None
            and len(cached.frames) == len(frames)
            and all(a is b for a, b in zip(cached.frames, frames, strict=True))
        ):
            return cached
        ids = np.concatenate([f[self.settings.id_column].astype(str).to_numpy() for f in frames])
        fields = self.settings.fields
        # News before each long silent step: a million records take minutes before scoring.
        self.log(f"preparing {ids.size:,} records (each distinct value once)")
        columns = [
            _strings(pd.concat([f[spec.column] for f in frames], ignore_index=True))
            for spec in fields
        ]
        # For big tables, people's names are prepared here while a forked process prepares
        # the rest (organisation names, phone numbers, dates...): the costliest column against
        # the others. That process sends back its columns and the comparators of its name
        # fields, whose vocabularies number the keys those columns hold. Without people's
        # names, the name columns stay here.
        names = [f for f, spec in enumerate(fields) if spec.kind in NAME_KINDS]
        people = [f for f in names if fields[f].kind == "person_name"]
        here = people if people else names
        there = [f for f in range(len(fields)) if f not in here]
        split = parallel.processes_for(ids.size, self.jobs) > 1 and bool(here and there)
        groups = [here, there] if split else [here + there]
        sent_back = [f for f in there if f in names] if split else []  # with their comparators
        counted = [f for f, spec in enumerate(fields) if spec.tf_adjustment]

        def prepare(group: int) -> tuple[list[Any], dict[int, npt.NDArray[np.float64]], list[Any]]:
            prepared = [self.comparators[f].prepare(columns[f]) for f in groups[group]]
            # Term frequencies need only the values: the last group counts them (with two,
            # the forked process's).
            last = group == len(groups) - 1
            shipped = [self.comparators[f] for f in sent_back] if group else []
            return prepared, {f: _term_frequencies(columns[f]) for f in counted if last}, shipped

        with gc_paused(promote=True):  # the shipped names live on: not worth scanning
            parts = parallel.map_parts(prepare, len(groups), self.jobs)
        for f, comparator in zip(sent_back, parts[-1][2], strict=True):
            self.comparators[f] = comparator
        order = [f for group in groups for f in group]
        by_field = dict(zip(order, (p for part, _, _ in parts for p in part), strict=True))
        prepared = [by_field[f] for f in range(len(fields))]
        tf = parts[-1][1]
        self._data = _Data(tuple(frames), ids.astype(object), prepared, tf)
        self._candidates = None
        return self._data

    def _blocker(self, data: _Data) -> Blocker:
        # Name keys start from the names the comparators normalised, by kind and text.
        known: dict[str, dict[str, NormalizedName]] = {}
        # Exact rules on a phone, e-mail, web address or code key on its standard form.
        codes: dict[str, npt.NDArray[np.int64]] = {}
        exact = {c for r in self.settings.blocking if r.method == "exact" for c in r.columns}
        for spec, column, comparator in zip(
            self.settings.fields, data.prepared, self.comparators, strict=True
        ):
            if isinstance(column, PreparedNames):
                known.setdefault(spec.kind, {}).update((n.original, n) for n in column.names)
            if isinstance(comparator, KeyedComparator) and spec.column in exact.difference(codes):
                codes[spec.column] = comparator.blocking_codes(column)
        rules = [_rule(r, known, codes) for r in self.settings.blocking]
        return Blocker(rules, chunk_size=self.chunk_size, jobs=self.jobs)

    def _candidate_chunks(
        self, data: _Data, blocker: Blocker | None = None
    ) -> tuple[list[tuple[Positions, Positions]], Blocker]:
        """All candidate pairs (joint positions), collected so their count is known up front;
        by `blocker` if given (its rules compiled already)."""
        if blocker is None:
            blocker = self._blocker(data)
            self.log(f"blocking by {len(self.settings.blocking)} rule(s)")
        frames = data.frames
        chunks: list[tuple[Positions, Positions]] = []
        offset = data.n_left if data.link else 0
        # Candidates are kept until scored: half the memory as int32 when positions fit.
        dtype = np.int32 if len(data.ids) < 2**31 else np.int64
        batch: list[tuple[Positions, Positions]] = []
        for left, right in blocker.pairs(frames[0], frames[1] if data.link else None):
            # Rules and their filters leave chunks of any size: packed back into batches of
            # about chunk_size, each process compares its share of one batch at a time.
            if batch and sum(a.size for a, _ in batch) + left.size > self.chunk_size:
                chunks.append(_concatenated(batch))
                batch = []
            batch.append((left.astype(dtype), (right + offset).astype(dtype)))
        if batch:
            chunks.append(_concatenated(batch))
        self.log(f"blocking: {blocker.report.summary()}")
        return chunks, blocker

    def _compare(
        self, data: _Data, left: Positions, right: Positions, *, results: bool = False
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64], list[FieldComparison]]:
        """Every field's levels and similarities for the pairs (left[k], right[k]), and with
        `results` each field's whole result, explained where the comparator can (else an
        empty list): in `jobs` processes for big batches, each taking a share of the pairs."""
        parts = parallel.processes_for(left.size, self.jobs)
        if parts == 1:
            levels, similarity, found = self._compare_here(data, left, right, explain=results)
            return levels, similarity, found if results else []
        shares = _shares(left.size, parts)
        # The processes write their shares' levels and similarities straight into these.
        width = len(self.comparators)
        levels = parallel.shared_empty((left.size, width), np.int8)
        similarity = parallel.shared_empty((left.size, width), np.float64)

        def part(k: int) -> list[FieldComparison]:
            share = shares[k]
            levels[share], similarity[share], found = self._compare_here(
                data, left[share], right[share], explain=results
            )
            return found if results else []

        pieces = parallel.map_parts(part, parts, self.jobs)
        self._remember(data, left, right, levels, similarity, range(width))
        if not results:
            return levels, similarity, []
        restore = np.argsort(np.concatenate(shares))
        return levels, similarity, [_joined([p[f] for p in pieces], restore) for f in range(width)]

    def _compare_chunks(
        self,
        data: _Data,
        chunks: Sequence[tuple[Positions, Positions]],
        kept: Sequence[int],
        blocker: Blocker | None = None,
    ) -> list[tuple[npt.NDArray[np.int8], npt.NDArray[np.float64], IntArray | None]]:
        """Each chunk's levels, the similarities of its `kept` fields and, with `blocker`, its
        pairs' rule memberships, in `jobs` processes forked once for all the chunks, each
        taking its share of every chunk. A forked process copies each page of names whose
        reference counts it changes: once, not once per chunk (at a million records, forking
        per chunk cost 9 s of system time)."""
        total = sum(a.size for a, _ in chunks)
        parts = parallel.processes_for(total, self.jobs)
        width = len(self.comparators)
        empty = parallel.shared_empty if parts > 1 else np.empty
        out = [
            (
                empty((a.size, width), np.int8),
                empty((a.size, len(kept)), np.float64),
                empty((a.size,), np.int64) if blocker is not None else None,
            )
            for a, _ in chunks
        ]

        def part(k: int) -> None:
            for (a, b), (levels, similarity, rules) in zip(chunks, out, strict=True):
                share = _shares(a.size, parts)[k]
                left, right = a[share].astype(np.int64), b[share].astype(np.int64)
                levels[share], found, _ = self._compare_here(data, left, right)
                similarity[share] = found[:, kept]
                if rules is not None and blocker is not None:
                    rules[share] = blocker.memberships(left, right)
                if k == 0:  # the other processes keep about the same pace
                    bar.update(a.size)

        with self.progress(total=total, desc="comparing", unit="pair") as bar:
            parallel.map_parts(part, parts, self.jobs)
        if parts > 1:
            for (a, b), (levels, similarity, _) in zip(chunks, out, strict=True):
                self._remember(data, a, b, levels, similarity, kept)
        return out

    def _remember(
        self,
        data: _Data,
        left: Positions,
        right: Positions,
        levels: npt.NDArray[np.int8],
        similarity: npt.NDArray[np.float64],
        fields: Iterable[int],
    ) -> None:
        """What worker processes compared, the comparators of `fields` (their similarities
        the columns of `similarity`, in order) may keep for later batches."""
        left64, right64 = left.astype(np.int64), right.astype(np.int64)
        for column, f in enumerate(fields):
            remember = getattr(self.comparators[f], "remember", None)
            if remember is not None and f not in self._implied_fields:
                compared = FieldComparison(levels[:, f], similarity[:, column])
                remember(data.prepared[f], left64, right64, compared)

    def _compare_here(
        self, data: _Data, left: Positions, right: Positions, *, explain: bool = False
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64], list[FieldComparison]]:
        """Every field compared here, in this process; with `explain`, by the comparators'
        `compare_explained` where they have one."""
        width = len(self.comparators)
        levels = np.empty((left.size, width), dtype=np.int8)
        similarity = np.empty((left.size, width), dtype=np.float64)
        left64, right64 = left.astype(np.int64), right.astype(np.int64)
        results = self._compare_into(
            data, left64, right64, levels, similarity, range(width), explain
        )
        self._drop_implied(levels, similarity)
        return levels, similarity, results

    def _compare_into(
        self,
        data: _Data,
        left: IntArray,
        right: IntArray,
        levels: npt.NDArray[np.int8],
        similarity: npt.NDArray[np.float64],
        fields: Iterable[int],
        explain: bool = False,
    ) -> list[FieldComparison]:
        """Compare `fields` of the pairs into their columns of `levels` and `similarity`;
        with `explain`, by the comparators' `compare_explained` where they have one."""
        results = []
        for f in fields:
            comparator, column = self.comparators[f], data.prepared[f]
            compare = getattr(comparator, "compare_explained", None) if explain else None
            result = (compare or comparator.compare)(column, column, left, right)
            levels[:, f] = result.levels
            similarity[:, f] = result.similarity
            results.append(result)
        return results

    def _levels_here(self, data: _Data, left: Positions, right: Positions) -> npt.NDArray[np.int8]:
        """Every field's levels for the pairs, compared in this process."""
        return self._compare_here(data, left, right)[0]

    def _drop_implied(
        self, levels: npt.NDArray[np.int8], similarity: npt.NDArray[np.float64]
    ) -> None:
        """A field implied by another one that agrees adds nothing to it (settings'
        `implied_by`): NULL there, in place."""
        implied = [(f, levels[:, by] >= Level.MEDIUM) for f, by in self._implied]
        for f, agree in implied:
            levels[agree, f] = Level.NULL
            similarity[agree, f] = 0.0

    def _costly_fields(self, data: _Data) -> list[int]:
        """The fields whose similarities fitting keeps for the pairs table: the name fields,
        whose pairs there are mostly compared in full; not one that another field implies,
        whose kept levels would not be its own."""
        return [
            f
            for f, column in enumerate(data.prepared)
            if isinstance(column, PreparedNames) and f not in self._implied_fields
        ]

    def _pair_tf(
        self, data: _Data, left: Positions, right: Positions
    ) -> dict[int, npt.NDArray[np.float64]]:
        return {f: np.maximum(freq[left], freq[right]) for f, freq in data.tf.items()}

    # -- fitting ---------------------------------------------------------------------------

    def _fit(self, frames: tuple[pd.DataFrame, ...], labels: pd.DataFrame | None) -> None:
        started = time.perf_counter()
        kind = self.settings.scoring.model
        if kind == "supervised" and labels is None:
            raise SettingsError(
                "the supervised model needs labelled pairs: fit(..., labels=pairs)",
                key="scoring.model",
                path=self.settings.source,
            )
        data = self._prepare(frames)
        if kind == "weighted":
            self.model_ = self._weighted_model()
        elif kind == "fellegi_sunter":
            self.model_ = self._fit_fellegi_sunter(data)
        else:
            assert labels is not None  # checked above, before the long preparation
            self.model_ = self._fit_supervised(data, labels)
        self.summary_ = RunSummary(
            records=sum(len(f) for f in frames),
            blocking=self._candidates.report if self._candidates else None,
            seconds=time.perf_counter() - started,
        )

    def _weighted_model(self) -> WeightedModel:
        fields = self.settings.fields
        return WeightedModel(
            self.field_names, [f.weight for f in fields], [f.level_weights for f in fields]
        )

    def _fit_fellegi_sunter(self, data: _Data) -> FellegiSunterModel:
        scoring = self.settings.scoring
        model = FellegiSunterModel(
            self.field_names, [f.tf_adjustment for f in self.settings.fields]
        )
        left, right = _random_pairs(data, scoring.u_sample_pairs, scoring.seed)
        # The u sample needs no blocking: its runs of pairs go to whichever process is free
        # while the other compiles the blocking rules (one slow rule no longer idles a core).
        self.log(
            f"blocking by {len(self.settings.blocking)} rule(s) and estimating u from "
            f"{left.size:,} random pairs"
        )
        blocker = self._blocker(data)
        runs = [slice(b, b + _U_RUN) for b in range(0, left.size, _U_RUN)]
        random_levels = np.concatenate(
            [
                np.zeros((0, len(self.field_names)), dtype=np.int8),
                *blocker.compile(
                    data.frames[0],
                    data.frames[1] if data.link else None,
                    alongside=[
                        functools.partial(self._levels_here, data, left[run], right[run])
                        for run in runs
                    ],
                    alongside_items=left.size,
                ),
            ]
        )
        model.fit_u(random_levels)

        counter = PatternCounter(len(self.field_names))
        chunks, blocker = self._candidate_chunks(data, blocker)
        kept = []
        costly = self._costly_fields(data)
        for (a, b), (levels, similarity, rules) in zip(
            chunks, self._compare_chunks(data, chunks, costly, blocker), strict=True
        ):
            assert rules is not None
            counter.add(levels, rules)
            kept.append((a, b, levels, similarity.astype(np.float32)))
        self._candidates = _Candidates(kept, blocker.report, costly)
        patterns, groups, counts = counter.result()
        # One EM session per blocking rule: its own pairs, without the fields its columns fix,
        # against the non-matches it would let through (the random pairs it produces).
        random_groups = blocker.memberships(left, right)
        sessions = []
        for k, rule in enumerate(self.settings.blocking):
            in_rule = ((random_groups >> k) & 1).astype(bool)
            on_columns = [
                f
                for f, spec in enumerate(self.settings.fields)
                if spec.column in rule.columns and not _leaves_level_free(rule, spec.kind)
            ]
            sessions.append(
                Session(
                    rows=((groups >> k) & 1).astype(bool),
                    excluded=on_columns,
                    u=model.conditional_u(random_levels[in_rule]),
                )
            )
        model.fit_m(
            patterns,
            counts,
            sessions=sessions,
            total_pairs=data.total_pairs,
            max_iterations=scoring.max_iterations,
            convergence=scoring.convergence,
        )
        return model

    def _fit_supervised(self, data: _Data, labels: pd.DataFrame) -> SupervisedModel:
        left, right, is_match = self._label_positions(data, labels)
        if not (~is_match).any():
            # Only matches were listed: the other candidate pairs are taken as non-matches.
            chunks, blocker = self._candidate_chunks(data)
            self._candidates = _Candidates([], blocker.report, [])
            width = np.int64(len(data.ids))
            la, lb = _unordered(left, right, data.link)
            listed = la * width + lb
            pool_a = np.concatenate([a for a, _ in chunks]) if chunks else np.zeros(0, np.int32)
            pool_b = np.concatenate([b for _, b in chunks]) if chunks else np.zeros(0, np.int32)
            a, b = _unordered(pool_a.astype(np.int64), pool_b.astype(np.int64), data.link)
            unlisted = ~np.isin(a * width + b, listed)
            a, b = a[unlisted], b[unlisted]
            wanted = min(a.size, max(1000, _NEGATIVES_PER_MATCH * left.size))
            pick = np.random.default_rng(self.settings.scoring.seed).choice(
                a.size, wanted, replace=False
            )
            left = np.concatenate([left, a[np.sort(pick)]])
            right = np.concatenate([right, b[np.sort(pick)]])
            is_match = np.concatenate([is_match, np.zeros(pick.size, dtype=bool)])
        levels, similarity, _ = self._compare(data, left, right)
        model = SupervisedModel(self.field_names, self.settings.scoring.regularisation)
        try:
            model.fit(levels, similarity, is_match)
        except ValueError as error:
            raise InputError(f"labelled pairs: {error}") from None
        return model

    def _label_positions(
        self, data: _Data, labels: pd.DataFrame
    ) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
        path = labels.attrs.get("source_path")
        for column in ("id_l", "id_r"):
            if column not in labels.columns:
                raise InputError(
                    f"labelled pairs need columns id_l and id_r (and optionally match); "
                    f"no column {column!r}",
                    path=path,
                )
        n_left = data.n_left
        left_index = pd.Index(data.ids[:n_left] if data.link else data.ids)
        right_index = pd.Index(data.ids[n_left:]) if data.link else left_index
        left = left_index.get_indexer(labels["id_l"].astype(str))
        right = right_index.get_indexer(labels["id_r"].astype(str))
        for positions, column in ((left, "id_l"), (right, "id_r")):
            if (positions < 0).any():
                row = int(np.flatnonzero(positions < 0)[0])
                raise InputError(
                    f"labelled pair on row {row + 1}: id {labels[column].iloc[row]!r} in "
                    f"column {column} is not in the records",
                    path=path,
                )
        if data.link:
            right = right + n_left
        if "match" in labels.columns:
            is_match = np.array([_truth(v, path, i) for i, v in enumerate(labels["match"])])
        else:
            is_match = np.ones(len(labels), dtype=bool)
        return left.astype(np.int64), right.astype(np.int64), is_match

    # -- prediction ------------------------------------------------------------------------

    def _fitted_model(self) -> Model:
        if self.model_ is None or not self.model_.is_fitted:
            raise ValueError("the model is not fitted: call fit first, or pass model=")
        return self.model_

    def _threshold(self, threshold: float | None) -> float:
        if threshold is None:
            return self.settings.scoring.threshold
        if not 0 <= threshold <= 1:
            raise ValueError("the threshold must be from 0 to 1")
        return float(threshold)

    def _predict(
        self, frames: tuple[pd.DataFrame, ...], threshold: float | None, explain: bool = True
    ) -> pd.DataFrame:
        started = time.perf_counter()
        model = self._fitted_model()
        cut = self._threshold(threshold)
        data = self._prepare(frames)
        kept_left, kept_right = [], []
        cached = self._candidates
        recalled = None
        if cached is not None and cached.chunks and not model.needs_similarity:
            report = cached.report
            kept_levels, kept_similarity = [], []
            for a, b, levels, costly_similarity in cached.chunks:
                scores = model.score(levels, None, self._pair_tf(data, a, b))
                keep = scores.score >= cut
                kept_left.append(a[keep])
                kept_right.append(b[keep])
                kept_levels.append(levels[keep])
                kept_similarity.append(costly_similarity[keep])
            recalled = _Recalled(
                np.concatenate(kept_levels), np.concatenate(kept_similarity), cached.costly
            )
        else:
            chunks, blocker = self._candidate_chunks(data)
            report = blocker.report
            every = list(range(len(self.comparators)))
            for (a, b), (levels, similarity, _) in zip(
                chunks, self._compare_chunks(data, chunks, every), strict=True
            ):
                scores = model.score(levels, similarity, self._pair_tf(data, a, b))
                keep = scores.score >= cut
                kept_left.append(a[keep])
                kept_right.append(b[keep])
        left = np.concatenate(kept_left).astype(np.int64) if kept_left else np.zeros(0, np.int64)
        right = np.concatenate(kept_right).astype(np.int64) if kept_right else np.zeros(0, np.int64)
        pairs = self._pairs_frame(data, model, left, right, explain, recalled)
        self.summary_ = RunSummary(
            records=sum(len(f) for f in frames),
            blocking=report,
            matches=len(pairs),
            seconds=time.perf_counter() - started,
        )
        return pairs

    def _recall(
        self, data: _Data, left: IntArray, right: IntArray, recalled: _Recalled
    ) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64]]:
        """Levels and similarities of pairs compared while fitting: the costly fields as they
        were kept, the others compared again by whole arrays (cheap, in this process)."""
        levels = recalled.levels.copy()
        similarity = np.zeros(levels.shape, dtype=np.float64)
        similarity[:, recalled.costly] = recalled.similarity
        cheap = [f for f in range(len(self.comparators)) if f not in recalled.costly]
        self._compare_into(data, left, right, levels, similarity, cheap)
        self._drop_implied(levels, similarity)
        return levels, similarity

    def _pairs_frame(
        self,
        data: _Data,
        model: Model,
        left: IntArray,
        right: IntArray,
        explain: bool = True,
        recalled: _Recalled | None = None,
    ) -> pd.DataFrame:
        """The pairs table: ids, score(s), and per field level, similarity, weight, and (with
        `explain`) the name fields' explanations. `recalled`: what fitting found for these
        pairs, so that only the cheap fields are compared again (unless explaining)."""
        results: list[FieldComparison] = []
        if recalled is not None and not explain:
            levels, similarity = self._recall(data, left, right, recalled)
        else:
            levels, similarity, results = self._compare(data, left, right, results=explain)
        scores = model.score(levels, similarity, self._pair_tf(data, left, right))
        if not data.link:  # the smaller id on the left, whichever record came first
            swap = data.ids[left] > data.ids[right]
            left, right = np.where(swap, right, left), np.where(swap, left, right)
        columns: dict[str, Any] = {"id_l": data.ids[left], "id_r": data.ids[right]}
        if scores.match_weight is not None:
            columns["match_weight"] = scores.match_weight
        columns[model.score_column] = scores.score
        for f, name in enumerate(self.field_names):
            columns[f"{name}_level"] = pd.Categorical.from_codes(
                levels[:, f].astype(np.int64) + 1,
                categories=[_LABELS[level] for level in sorted(_LABELS)],
            )
            columns[f"{name}_similarity"] = similarity[:, f]
            columns[f"{name}_weight"] = scores.contributions[:, f]
            explanation = getattr(results[f], "explanation", None) if explain else None
            if explanation is not None:
                columns[f"{name}_explanation"] = list(explanation)
        frame = pd.DataFrame(columns)
        frame = frame.sort_values(
            [model.score_column, "id_l", "id_r"], ascending=[False, True, True], kind="stable"
        )
        return frame.reset_index(drop=True)

    # -- clustering ------------------------------------------------------------------------

    def _clusters(
        self,
        frames: tuple[pd.DataFrame, ...],
        pairs: pd.DataFrame,
        threshold: float | None,
    ) -> tuple[npt.NDArray[np.object_], IntArray]:
        data = self._prepare(frames)
        cut = self._threshold(threshold)
        score_column = next((c for c in ("match_probability", "score") if c in pairs.columns), None)
        if score_column is None:
            raise InputError("the pairs have neither a match_probability nor a score column")
        n_left = data.n_left
        if data.link:
            left = pd.Index(data.ids[:n_left]).get_indexer(pairs["id_l"].astype(str))
            right = pd.Index(data.ids[n_left:]).get_indexer(pairs["id_r"].astype(str))
            right = np.where(right >= 0, right + n_left, -1)
        else:
            index = pd.Index(data.ids)
            left = index.get_indexer(pairs["id_l"].astype(str))
            right = index.get_indexer(pairs["id_r"].astype(str))
        known = (left >= 0) & (right >= 0)
        if not known.all():
            raise InputError("the pairs name ids that are not in the records")
        # Rank records by (table, id) so neither tie-breaks nor ids depend on row order.
        side = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
        id_order, _ = pd.factorize(pd.Series(data.ids, dtype=object), sort=True)
        rank = np.lexsort((id_order, side)).argsort().astype(np.int64)
        clustering = self.settings.clustering
        labels = cluster_pairs(
            len(data.ids),
            left.astype(np.int64),
            right.astype(np.int64),
            pairs[score_column].to_numpy(dtype=np.float64),
            threshold=cut,
            guard=Guard(clustering.guard_size, clustering.resolve_guard(cut)),
            rank=rank,
        )
        named = data.ids
        if data.link:
            prefix = np.where(side == 0, "left:", "right:").astype(object)
            named = prefix + data.ids
        ids, sizes = cluster_ids(labels, named, rank)
        self.summary_.clusters = int(labels.max()) + 1 if labels.size else 0
        self.summary_.linked_clusters = int(np.unique(labels[sizes > 1]).size)
        return ids, sizes


class Deduplicator(_Engine):
    """Finds records of one table that describe the same entity.

    `settings`: a `Settings`, a mapping, or the path of a TOML/JSON settings file. `model`: a
    fitted model (or the path of a saved one) to score with instead of fitting. `progress`: a
    callable like `entitymatch.io.progress` to show progress on long runs. `log`: called with
    a line of news as the run goes (the candidate pairs per blocking rule, before scoring).
    `jobs`: processes comparing big batches of pairs, forked from this one on Linux (None or
    0: every core; 1: this process alone; see `entitymatch.parallel.resolve_jobs`). Results
    do not depend on it.
    """

    def fit(self, df: pd.DataFrame, labels: pd.DataFrame | None = None) -> Deduplicator:
        """Fit the settings' model on `df` (and `labels`, pairs id_l, id_r[, match], for the
        supervised model). Returns self."""
        self._check_frame(df, "df")
        self._fit((df,), labels)
        return self

    def predict(
        self, df: pd.DataFrame, threshold: float | None = None, *, explain: bool = True
    ) -> pd.DataFrame:
        """Scored pairs at or above the threshold: id_l < id_r, the score, and per field
        `<name>_level`, `<name>_similarity`, `<name>_weight`; strongest first. With `explain`,
        name fields add `<name>_explanation` (why the names matched or not), which costs time
        on big tables (about twice the rest of `predict`): `explain=False` leaves it out."""
        self._check_frame(df, "df")
        return self._predict((df,), threshold, explain)

    def fit_predict(self, df: pd.DataFrame, threshold: float | None = None) -> pd.DataFrame:
        """`fit(df)` then `predict(df)`, comparing every candidate pair once."""
        return self.fit(df).predict(df, threshold)

    def cluster(
        self,
        df: pd.DataFrame,
        pairs: pd.DataFrame | None = None,
        threshold: float | None = None,
    ) -> pd.DataFrame:
        """`df` unchanged plus `cluster_id` (the smallest id in the cluster) and
        `cluster_size`. Uses `pairs` if given, else `predict(df, threshold)`."""
        self._check_frame(df, "df")
        started = time.perf_counter()
        if pairs is None:
            # Pairs only the clustering reads need no explanations.
            pairs = self._predict((df,), threshold, explain=False)
        ids, sizes = self._clusters((df,), pairs, threshold)
        out = df.copy()
        out["cluster_id"] = ids
        out["cluster_size"] = sizes
        self.summary_.seconds = time.perf_counter() - started
        return out


class Linker(_Engine):
    """Finds records of a right table that describe the same entity as records of a left one.

    Configured like `Deduplicator`; pairs are (left record, right record) only.
    """

    def fit(
        self, left: pd.DataFrame, right: pd.DataFrame, labels: pd.DataFrame | None = None
    ) -> Linker:
        """Fit the settings' model on the two tables (and `labels` for supervised). Returns
        self."""
        self._check_frame(left, "left")
        self._check_frame(right, "right")
        self._fit((left, right), labels)
        return self

    def predict(
        self,
        left: pd.DataFrame,
        right: pd.DataFrame,
        threshold: float | None = None,
        *,
        explain: bool = True,
    ) -> pd.DataFrame:
        """Scored pairs at or above the threshold: id_l from left, id_r from right, the
        score and per-field columns (with `explain`, the name fields' explanations); strongest
        first."""
        self._check_frame(left, "left")
        self._check_frame(right, "right")
        return self._predict((left, right), threshold, explain)

    def fit_predict(
        self, left: pd.DataFrame, right: pd.DataFrame, threshold: float | None = None
    ) -> pd.DataFrame:
        """`fit(left, right)` then `predict(left, right)`."""
        return self.fit(left, right).predict(left, right, threshold)

    def cluster(
        self,
        left: pd.DataFrame,
        right: pd.DataFrame,
        pairs: pd.DataFrame | None = None,
        threshold: float | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Both tables unchanged plus `cluster_id` and `cluster_size`; a cluster is named
        after its smallest left id ('left:<id>'), or its smallest right id if it has no left
        record ('right:<id>')."""
        self._check_frame(left, "left")
        self._check_frame(right, "right")
        started = time.perf_counter()
        if pairs is None:
            pairs = self._predict((left, right), threshold, explain=False)
        ids, sizes = self._clusters((left, right), pairs, threshold)
        n = len(left)
        out_left, out_right = left.copy(), right.copy()
        out_left["cluster_id"], out_left["cluster_size"] = ids[:n], sizes[:n]
        out_right["cluster_id"], out_right["cluster_size"] = ids[n:], sizes[n:]
        self.summary_.seconds = time.perf_counter() - started
        return out_left, out_right


# -- helpers ------------------------------------------------------------------------------


def _shares(n: int, parts: int) -> list[IntArray]:
    """Positions 0..n-1 dealt to `parts` shares in runs, run k to share k % parts: costly
    pairs come together (one big block, one rule's pairs), so each share gets some of them,
    while a run keeps the repeats of a pair of names together for the comparator to cache."""
    if parts == 1:
        return [np.arange(n)]
    runs = np.array_split(np.arange(n), parts * _RUNS_PER_SHARE)
    return [np.concatenate(runs[k::parts]) for k in range(parts)]


def _joined(results: Sequence[FieldComparison], restore: IntArray) -> FieldComparison:
    """One field's results of the shares of a batch as one result: concatenated, then
    `restore` puts them in the batch's order."""
    levels = np.concatenate([r.levels for r in results])[restore]
    similarity = np.concatenate([r.similarity for r in results])[restore]
    explanations = [getattr(r, "explanation", None) for r in results]
    if any(e is None for e in explanations):
        return FieldComparison(levels, similarity)
    texts = [str(e) for ex in explanations for e in ex or ()]
    return ExplainedComparison(levels, similarity, [texts[i] for i in restore])


def _concatenated(pairs: list[tuple[Positions, Positions]]) -> tuple[Positions, Positions]:
    if len(pairs) == 1:
        return pairs[0]
    return np.concatenate([a for a, _ in pairs]), np.concatenate([b for _, b in pairs])


def _rule(
    spec: BlockingRuleSettings,
    known: Mapping[str, Mapping[str, NormalizedName]],
    codes: Mapping[str, npt.NDArray[np.int64]],
) -> Rule:
    if spec.method == "exact":
        return ExactRule(spec.columns, spec.prefix, spec.name, spec.max_block_size, known=codes)
    if spec.method == "name_keys":
        return NameKeyRule(
            spec.columns[0],
            spec.kind or "person_name",
            spec.name,
            spec.max_block_size,
            given=spec.given,
            also=tuple(zip(spec.columns[1:], spec.other_kinds, strict=True)),
            known=known,
        )
    return SortedNeighbourhoodRule(spec.columns, spec.window or 5, spec.name)


def _leaves_level_free(rule: BlockingRuleSettings, kind: str) -> bool:
    """Whether a rule on a field's column leaves that field's level free to vary, so the
    field may stay in the rule's EM session. A person name keyed by its surname alone is:
    colleagues who share a surname differ in their given names. Other rules fix the level of
    their columns' fields closely, so those fields are left out of their sessions."""
    return rule.method == "name_keys" and rule.given == "none" and kind == "person_name"


def _load_aliases(settings: Settings) -> AliasTable | None:
    if settings.aliases is None:
        return None
    if not os.path.exists(settings.aliases):
        raise SettingsError(
            f"alias file not found: {settings.aliases}", key="aliases", path=settings.source
        )
    return AliasTable.from_csv(settings.aliases)


def _strings(series: pd.Series) -> list[str | None]:
    """A column as text, None where missing; non-text values (numbers) become their str()."""
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        values = np.array([str(v) for v in values], dtype=object)
    values[missing] = None
    out: list[str | None] = values.tolist()
    return out


def _term_frequencies(values: Sequence[str | None]) -> npt.NDArray[np.float64]:
    """Each record's share of the records holding its (normalised) value; NaN if missing."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    cleaned = [clean_text(str(u)) for u in uniques]
    prepare_simplified(cleaned)  # in one call to OpenCC: a third of the time
    forms = [fold_case(to_simplified(text)) for text in cleaned]
    form_codes, _ = pd.factorize(pd.Series(forms, dtype=object))
    empty = np.array([not f for f in forms], dtype=bool)
    per_row = np.where(codes >= 0, form_codes[np.maximum(codes, 0)], -1)
    if empty.any():
        per_row = np.where((codes >= 0) & empty[np.maximum(codes, 0)], -1, per_row)
    present = per_row >= 0
    counts = np.bincount(per_row[present], minlength=len(forms) or 1).astype(np.float64)
    out = np.full(len(values), np.nan)
    if present.any():
        out[present] = counts[per_row[present]] / present.sum()
    return out


def _random_pairs(data: _Data, wanted: int, seed: int) -> tuple[IntArray, IntArray]:
    """Pairs drawn uniformly from all pairs of records (all of them when there are few)."""
    n_left = data.n_left
    n_right = len(data.frames[1]) if data.link else n_left
    rng = np.random.default_rng(seed)
    if data.total_pairs <= wanted:
        if data.link:
            grid_a, grid_b = np.meshgrid(np.arange(n_left), np.arange(n_right), indexing="ij")
            return grid_a.ravel().astype(np.int64), (grid_b.ravel() + n_left).astype(np.int64)
        upper_a, upper_b = np.triu_indices(n_left, k=1)
        return upper_a.astype(np.int64), upper_b.astype(np.int64)
    if data.link:
        a = rng.integers(0, n_left, wanted)
        b = rng.integers(0, n_right, wanted) + n_left
        return a.astype(np.int64), b.astype(np.int64)
    a = rng.integers(0, n_left, wanted)
    b = rng.integers(0, n_left - 1, wanted)
    b = b + (b >= a)  # never a record with itself
    return a.astype(np.int64), b.astype(np.int64)


def _unordered(left: IntArray, right: IntArray, link: bool) -> tuple[IntArray, IntArray]:
    if link:
        return left, right
    return np.minimum(left, right), np.maximum(left, right)


_TRUE = {"1", "true", "yes", "y", "t", "match"}
_FALSE = {"0", "false", "no", "n", "f", "non-match", "nonmatch", ""}


def _truth(value: object, path: str | None, row: int) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(
        f"labelled pair on row {row + 1}: match value {value!r} is not 1/0 or true/false",
        path=path,
    )

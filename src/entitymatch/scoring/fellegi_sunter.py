"""Fellegi-Sunter scoring, unsupervised: u from random pairs, m and λ by EM, tf adjustment.

For each field and level, m is the chance a true match shows that level and u the chance a
random pair does; log2(m / u) is the level's match weight, the bits of evidence it adds. u is
counted on pairs drawn at random from the records (not from the candidates, whose agreement
blocking has inflated). m is then found by expectation maximisation over the candidate pairs
with u held fixed, and the prior λ, the chance that two random records match, from the expected
number of matches among the candidates. EM runs on level *patterns* with their counts, never on
pairs: a million pairs over eight fields rarely show more than a few thousand distinct patterns.

Blocking biases EM: the non-matches a rule lets through agree on what the rule keys on (a
surname, a name key) far more often than random pairs do, and EM with plain u would take them
for matches. So m is estimated in one session per blocking rule (as with Splink's training
rules): a session leaves out the fields on the rule's own columns, and describes the
non-matches of the other fields by the random pairs that the rule itself would have produced
(`Session.u`). That carries any correlation between the rule's key and the other fields: a rule
on a full-name column makes agreement on the surname field common among its non-matches.

Term-frequency adjustment (as in Splink): agreeing on a common value is weaker evidence than
agreeing on a rare one. For an agreeing pair (level exact or equal after normalisation) on a
field with the adjustment on, the weight gains log2(u_agree / tf), where u_agree is the chance
two random records agree on the field and tf the frequency of the pair's value: positive for a
rare surname, negative for 王 or "smith".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from entitymatch.compare.levels import Level
from entitymatch.scoring.base import (
    LEVEL_NAMES,
    FloatArray,
    FloatMatrix,
    LevelMatrix,
    Model,
    Scores,
    sigmoid,
)

N_LEVELS = len(Level)  # table index = level + 1; index 0 is null
_AGREE = (Level.NORMALISED + 1, Level.EXACT + 1)
# Starting m per level (else, medium, high, normalised, exact): matches mostly agree.
_M_PRIOR = np.array([0.05, 0.05, 0.1, 0.2, 0.6])
_INITIAL_MATCH_RATE = 0.1
_M_PSEUDO_COUNT = 1.0
# Random pairs a rule produces are few; they count as much as this many pairs drawn from u.
_U_PRIOR_PAIRS = 100.0
_FLOOR = 1e-9  # keeps every weight finite when a level was never seen
_MAX_CODED_FIELDS = 24  # 6**24 < 2**63: patterns of up to 24 fields fit one int64


@dataclass(frozen=True)
class Session:
    """One EM session: the pattern rows of one blocking rule's pairs, the fields to leave out,
    and the level distribution of its non-matches (None: the model's u)."""

    rows: npt.NDArray[np.bool_]
    excluded: Sequence[int] = ()
    u: FloatMatrix | None = None


@dataclass(frozen=True)
class EMResult:
    """How the EM run went: iterations used, whether it converged, the final λ."""

    iterations: int
    converged: bool
    match_rate: float


class PatternCounter:
    """Counts distinct level patterns (rows of a level matrix) over chunks of pairs.

    Each pair may carry a group (an int64, e.g. the bit mask of the blocking rules that produce
    it); patterns are counted per (pattern, group).
    """

    def __init__(self, n_fields: int) -> None:
        self.n_fields = n_fields
        self._rows: list[npt.NDArray[np.int64]] = []
        self._counts: list[npt.NDArray[np.int64]] = []

    def add(self, levels: LevelMatrix, groups: npt.NDArray[np.int64] | None = None) -> None:
        """Count the patterns of one chunk."""
        if levels.shape[0] == 0:
            return
        if groups is None:
            groups = np.zeros(levels.shape[0], dtype=np.int64)
        if self.n_fields <= _MAX_CODED_FIELDS:
            table = np.stack([encode_patterns(levels), groups], axis=1)
        else:
            table = np.concatenate([levels.astype(np.int64), groups[:, None]], axis=1)
        # Sorting one int64 is much faster than a row-wise unique: use it when it fits.
        if (
            self.n_fields <= _MAX_CODED_FIELDS
            and groups.max(initial=0) < 2**20
            and (N_LEVELS**self.n_fields < 2**42)
        ):
            combined = table[:, 0] * (2**20) + table[:, 1]
            keys, counts = np.unique(combined, return_counts=True)
            rows = np.stack([keys // (2**20), keys % (2**20)], axis=1)
        else:
            rows, counts = np.unique(table, axis=0, return_counts=True)
        self._rows.append(rows)
        self._counts.append(counts.astype(np.int64))

    def result(
        self,
    ) -> tuple[LevelMatrix, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The distinct (pattern, group) rows: levels, groups, and how often each occurred."""
        if not self._counts:
            empty = np.zeros(0, dtype=np.int64)
            return np.zeros((0, self.n_fields), dtype=np.int8), empty, empty
        rows, inverse = np.unique(np.concatenate(self._rows), axis=0, return_inverse=True)
        counts = np.bincount(inverse.ravel(), weights=np.concatenate(self._counts))
        if self.n_fields <= _MAX_CODED_FIELDS:
            levels = decode_patterns(rows[:, 0], self.n_fields)
        else:
            levels = rows[:, :-1].astype(np.int8)
        return levels, rows[:, -1].copy(), counts.astype(np.int64)


def encode_patterns(levels: LevelMatrix) -> npt.NDArray[np.int64]:
    """One int64 per row of levels (base-6 digits)."""
    powers = np.int64(N_LEVELS) ** np.arange(levels.shape[1], dtype=np.int64)
    codes: npt.NDArray[np.int64] = (levels.astype(np.int64) + 1) @ powers
    return codes


def decode_patterns(codes: npt.NDArray[np.int64], n_fields: int) -> LevelMatrix:
    """Rows of levels back from `encode_patterns`."""
    out = np.empty((codes.size, n_fields), dtype=np.int8)
    rest = codes.copy()
    for f in range(n_fields):
        out[:, f] = rest % N_LEVELS - 1
        rest //= N_LEVELS
    return out


class FellegiSunterModel(Model):
    """Match weights per field and level, from u (random pairs) and m, λ (EM on candidates).

    `fit_u` and `fit_m` are the two steps; `weights_table()` shows what was learned; `score`
    gives match weights (bits) and match probabilities.
    """

    kind = "fellegi_sunter"

    def __init__(self, fields: Sequence[str], tf_adjustment: Sequence[bool] | None = None) -> None:
        super().__init__(fields)
        n = len(self.fields)
        self.tf_adjustment = tuple(bool(t) for t in (tf_adjustment or [False] * n))
        if len(self.tf_adjustment) != n:
            raise ValueError("give tf_adjustment for every field")
        self.m: FloatMatrix | None = None
        self.u: FloatMatrix | None = None
        self.match_rate: float | None = None
        self.em_result: EMResult | None = None
        self.session_results: list[EMResult] = []

    @property
    def is_fitted(self) -> bool:
        return self.m is not None and self.u is not None and self.match_rate is not None

    # -- estimation -----------------------------------------------------------------------

    def fit_u(self, levels: LevelMatrix) -> FellegiSunterModel:
        """Estimate u from the levels of pairs drawn at random from the records.

        Each level gets a pseudo-count of one, so a level never seen among random pairs (exact
        agreement on an identity number) has a small but finite u.
        """
        counts = _level_counts(levels, len(self.fields))
        counts[:, 1:] += 1.0
        self.u = counts / counts.sum(axis=1, keepdims=True)
        return self

    def conditional_u(self, levels: LevelMatrix) -> FloatMatrix:
        """u among the random pairs a blocking rule produces (their levels), shrunk towards the
        model's u as if it were backed by a hundred more pairs, so a handful of pairs moves it
        only a little."""
        if self.u is None:
            raise ValueError("estimate u first (fit_u)")
        counts = _level_counts(levels, len(self.fields))
        counts[:, 1:] += _U_PRIOR_PAIRS * self.u[:, 1:]
        u: FloatMatrix = counts / counts.sum(axis=1, keepdims=True)
        return u

    def fit_m(
        self,
        patterns: LevelMatrix,
        counts: npt.NDArray[np.int64],
        *,
        sessions: Sequence[Session] | None = None,
        total_pairs: int | None = None,
        max_iterations: int = 100,
        convergence: float = 1e-6,
    ) -> FellegiSunterModel:
        """Estimate m by EM over distinct level patterns of the candidate pairs, u fixed; then
        the share of matches among the candidates (λ) with m and u fixed.

        `sessions` split the estimation by blocking rule (see the module docstring); each
        session's expected counts of matches per level are pooled per field. A field left out
        of every session is estimated from all candidates. Without sessions, one session covers
        every row and field. Deterministic: no randomness, fixed starting priors.

        λ, the prior, is then the expected number of matches among the candidates (each
        candidate counted in the first session holding it, with m and that session's u fixed)
        over `total_pairs`, every pair of records: the chance that two random records match,
        as Splink's prior. A candidate's probability is then the posterior for a pair with its
        levels, which blocking on the same fields does not change; blocking is assumed to miss
        few matches. Without `total_pairs`, λ is the share of matches among the candidates.
        """
        if self.u is None:
            raise ValueError("estimate u first (fit_u)")
        n = len(self.fields)
        index = patterns.astype(np.int64) + 1
        weights = counts.astype(np.float64)
        if sessions is None:
            sessions = [Session(np.ones(index.shape[0], dtype=bool))]
        log_u = _log_table(self.u)
        pooled = np.zeros((n, N_LEVELS))
        results = []
        for session in sessions:
            session_index = index[session.rows].copy()
            session_index[:, list(session.excluded)] = 0
            session_log_u = log_u if session.u is None else _log_table(session.u)
            observed, result = _em(
                session_index, weights[session.rows], session_log_u, max_iterations, convergence
            )
            pooled += observed
            results.append(result)
        missing = pooled[:, 1:].sum(axis=1) == 0
        if missing.any():
            observed, result = _em(index, weights, log_u, max_iterations, convergence)
            pooled[missing] = observed[missing]
            results.append(result)
        # One pseudo-match per level: EM drives a level no match showed to m = 0, which would
        # make that level veto any pair (-30 bits) on the strength of not having seen it.
        pooled[:, 1:] += _M_PSEUDO_COUNT
        m = np.zeros((n, N_LEVELS))
        m[:, 1:] = pooled[:, 1:] / pooled[:, 1:].sum(axis=1, keepdims=True)
        self.m = m
        expected = 0.0
        counted = np.zeros(index.shape[0], dtype=bool)
        for session in sessions:
            rows = session.rows & ~counted
            counted |= rows
            session_index = index[rows].copy()
            session_index[:, list(session.excluded)] = 0
            session_log_u = log_u if session.u is None else _log_table(session.u)
            expected += _expected_matches(
                session_index,
                weights[rows],
                _log_table(m) - session_log_u,
                max_iterations,
                convergence,
            )
        pairs = float(total_pairs) if total_pairs else float(weights.sum())
        self.match_rate = float(np.clip(expected / max(pairs, 1.0), 1e-12, 0.5))
        self.em_result = EMResult(
            iterations=sum(r.iterations for r in results),
            converged=all(r.converged for r in results),
            match_rate=self.match_rate,
        )
        self.session_results = results
        return self

    # -- weights and scores ----------------------------------------------------------------

    def level_weights(self) -> FloatMatrix:
        """log2(m / u) per field (rows) and level + 1 (columns); null weighs nothing."""
        if self.m is None or self.u is None:
            raise ValueError("the model is not fitted yet")
        weights = _log_table(self.m) - _log_table(self.u)
        bits: FloatMatrix = weights / np.log(2.0)
        return bits

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds that two records match."""
        if self.match_rate is None:
            raise ValueError("the model is not fitted yet")
        return float(np.log2(self.match_rate / (1.0 - self.match_rate)))

    def weights_table(self) -> list[dict[str, Any]]:
        """m, u and match weight of each field's levels, for reading what the model learned."""
        table = self.level_weights()
        assert self.m is not None and self.u is not None
        rows = []
        for f, name in enumerate(self.fields):
            for label, level in LEVEL_NAMES.items():
                i = level + 1
                rows.append(
                    {
                        "field": name,
                        "level": label,
                        "m": float(self.m[f, i]),
                        "u": float(self.u[f, i]),
                        "match_weight": float(table[f, i]),
                        "tf_adjustment": self.tf_adjustment[f] and i in _AGREE,
                    }
                )
        return rows

    def score(
        self,
        levels: LevelMatrix,
        similarity: FloatMatrix | None = None,
        tf: Mapping[int, FloatArray] | None = None,
    ) -> Scores:
        """Match weight (bits) and probability per pair; contributions are per-field bits."""
        table = self.level_weights()
        assert self.u is not None
        index = levels.astype(np.int64) + 1
        contributions = np.empty(levels.shape, dtype=np.float64)
        for f in range(len(self.fields)):
            contributions[:, f] = table[f, index[:, f]]
            if self.tf_adjustment[f] and tf is not None and f in tf:
                contributions[:, f] += self._tf_bits(f, index[:, f], tf[f])
        match_weight = self.prior_weight + contributions.sum(axis=1)
        probability = sigmoid(match_weight * np.log(2.0))
        return Scores(probability, contributions, match_weight)

    def _tf_bits(self, f: int, index: npt.NDArray[np.int64], frequency: FloatArray) -> FloatArray:
        assert self.u is not None
        u_agree = float(self.u[f, _AGREE[0]] + self.u[f, _AGREE[1]])
        agree = np.isin(index, _AGREE) & np.isfinite(frequency) & (frequency > 0)
        out = np.zeros(index.shape, dtype=np.float64)
        out[agree] = np.log2(u_agree / frequency[agree])
        return out

    # -- persistence ----------------------------------------------------------------------

    def _parameters(self) -> dict[str, Any]:
        assert self.m is not None and self.u is not None
        return {
            "match_rate": self.match_rate,
            "tf_adjustment": list(self.tf_adjustment),
            "m": [_named(row) for row in self.m],
            "u": [_named(row) for row in self.u],
        }

    @classmethod
    def _from_parameters(cls, fields: Sequence[str], parameters: Mapping[str, Any]) -> Model:
        model = cls(fields, parameters["tf_adjustment"])
        model.m = np.array([_unnamed(row) for row in parameters["m"]])
        model.u = np.array([_unnamed(row) for row in parameters["u"]])
        if model.m.shape != (len(model.fields), N_LEVELS) or model.u.shape != model.m.shape:
            raise ValueError("m and u must list every field")
        rate = float(parameters["match_rate"])
        if not 0 < rate < 1:
            raise ValueError("match_rate must be between 0 and 1")
        model.match_rate = rate
        return model


def _em(
    index: npt.NDArray[np.int64],
    weights: FloatArray,
    log_u: FloatMatrix,
    max_iterations: int,
    convergence: float,
) -> tuple[FloatMatrix, EMResult]:
    """EM for m and λ with u fixed; returns the expected count of matches at each field level
    (index 0, null, left at zero) and how the run went."""
    n = index.shape[1]
    m = np.zeros((n, N_LEVELS))
    m[:, 1:] = _M_PRIOR
    rate = _INITIAL_MATCH_RATE
    observed = np.zeros((n, N_LEVELS))
    iterations, converged = 0, False
    if weights.sum() <= 0:
        return observed, EMResult(0, True, rate)
    while iterations < max_iterations and not converged:
        iterations += 1
        logit = np.log(rate / (1 - rate)) + _pattern_sum(_log_table(m) - log_u, index)
        share = weights * sigmoid(logit)
        new_m = m.copy()
        for f in range(n):
            observed[f] = np.bincount(index[:, f], weights=share, minlength=N_LEVELS)
            observed[f, 0] = 0.0
            total = observed[f].sum()
            if total > 0:
                new_m[f] = observed[f] / total
        new_rate = float(np.clip(share.sum() / weights.sum(), 1e-9, 1 - 1e-9))
        change = max(float(np.abs(new_m - m).max()), abs(new_rate - rate))
        m, rate = new_m, new_rate
        converged = change < convergence
    return observed, EMResult(iterations, converged, rate)


def _expected_matches(
    index: npt.NDArray[np.int64],
    weights: FloatArray,
    bits: FloatMatrix,
    max_iterations: int,
    convergence: float,
) -> float:
    """How many of the pairs match, by EM on their share with m and u fixed."""
    total = float(weights.sum())
    if total <= 0:
        return 0.0
    evidence = _pattern_sum(bits, index)
    rate = _INITIAL_MATCH_RATE
    for _ in range(max_iterations):
        share = float((weights * sigmoid(np.log(rate / (1 - rate)) + evidence)).sum())
        new_rate = float(np.clip(share / total, 1e-9, 1 - 1e-9))
        converged = abs(new_rate - rate) < convergence
        rate = new_rate
        if converged:
            break
    return rate * total


def _level_counts(levels: LevelMatrix, n_fields: int) -> FloatMatrix:
    """How many rows show each level, per field (index level + 1; null counted at 0, then
    dropped)."""
    counts = np.zeros((n_fields, N_LEVELS), dtype=np.float64)
    for f in range(n_fields):
        counts[f] = np.bincount(levels[:, f].astype(np.int64) + 1, minlength=N_LEVELS)
    counts[:, 0] = 0.0
    return counts


def _log_table(probabilities: FloatMatrix) -> FloatMatrix:
    out = np.log(np.maximum(probabilities, _FLOOR))
    out[:, 0] = 0.0  # null: no evidence either way
    return out


def _pattern_sum(table: FloatMatrix, index: npt.NDArray[np.int64]) -> FloatArray:
    total = np.zeros(index.shape[0], dtype=np.float64)
    for f in range(index.shape[1]):
        total += table[f, index[:, f]]
    return total


def _named(row: FloatArray) -> dict[str, float]:
    return {label: float(row[level + 1]) for label, level in LEVEL_NAMES.items()}


def _unnamed(row: Mapping[str, float]) -> list[float]:
    out = [0.0] * N_LEVELS
    for label, level in LEVEL_NAMES.items():
        value = float(row[label])
        if not 0 <= value <= 1:
            raise ValueError(f"{label}: {value} is not a probability")
        out[level + 1] = value
    return out

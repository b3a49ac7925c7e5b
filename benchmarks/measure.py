"""Run one benchmark step in a process of its own and report its wall time and peak memory.

A step is a function named `module:function` that takes keyword arguments (JSON) and returns a
JSON-able dict. It runs in a fresh interpreter, so the peak resident memory (VmHWM) is that
step's alone (its input, the tool and its imports; never another tool's leftovers), and a step
that runs past its time limit is killed with its whole process group. The step times the part
that belongs to the tool itself (`seconds`, and `peak_rss_mb` read at the same moment) and may
do untimed work afterwards, such as scoring every candidate pair for a threshold curve; when it
does not, the wrapper's own timing of the call is used.

Also here, because every section of the report needs them: Markdown tables, number formats, the
machine description and the versions of every tool.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_MARKER = "@@benchmark-step@@ "
DEFAULT_TIMEOUT = 600.0  # ten minutes: a run past it is reported as "did not finish"


@dataclass(frozen=True)
class Measurement:
    """How one step went: `status` is "ok", "timeout" or "failed"."""

    status: str
    seconds: float | None = None
    peak_rss_mb: float | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    timeout: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def describe_failure(self) -> str:
        """A table cell for a step that gave no figures."""
        if self.status == "timeout":
            limit = self.timeout or 0.0
            return (
                f"did not finish in {limit / 60:g} min"
                if limit >= 60
                else f"did not finish in {limit:g} s"
            )
        last = self.error.strip().splitlines()[-1] if self.error.strip() else "no output"
        return f"failed: {last[:120]}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started, in MB, with what its worker
    processes held beside it (sampled inside `TreeMemory`, as `measure` runs every step).

    Linux's VmHWM, not ru_maxrss: ru_maxrss survives fork and exec, so a child started by a
    parent holding a million records would report the parent's size as its own.
    """
    sampled = _SAMPLER.peak_kb / 1024 if _SAMPLER is not None else 0.0
    status = Path("/proc/self/status")
    if status.exists():
        return max(_proc_kb(status, "VmHWM:") / 1024, sampled)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(peak / 1024 if sys.platform != "darwin" else peak / 2**20, sampled)


class TreeMemory:
    """The most memory this process and its worker processes held at once, sampled.

    A forked worker shares its parent's pages until it writes to them, so the tree holds the
    parent's resident set plus each worker's private pages (smaps_rollup). VmHWM alone would
    miss the workers; adding their whole resident sets would count shared pages twice.
    Sampling is not free: reading smaps_rollup walks a worker's page tables on a core the
    tool is using. Every 50 ms it slowed a 100k-record run on 2 cores by about 10%; every
    200 ms (the default) much less, and a worker lives for a second or more.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        global _SAMPLER
        _SAMPLER = self  # what `peak_rss_mb` adds, from now on
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_kb = max(self.peak_kb, _tree_kb())


def _tree_kb() -> int:
    own = _proc_kb(Path("/proc/self/status"), "VmRSS:")
    workers = 0
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text(encoding="ascii", errors="replace").split():
            workers += _private_kb(Path(f"/proc/{pid}/smaps_rollup"))
    return own + workers


def _proc_kb(path: Path, field: str) -> int:
    """A `field:  N kB` line of a /proc file, in kB (0 if the file or line is missing)."""
    try:
        for line in path.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _private_kb(path: Path) -> int:
    return _proc_kb(path, "Private_Clean:") + _proc_kb(path, "Private_Dirty:")


def measure(
    target: str,
    kwargs: Mapping[str, Any] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Measurement:
    """Run `target` ("package.module:function") with `kwargs` in a child interpreter."""
    with tempfile.TemporaryDirectory(prefix="em-bench-") as tmp:
        args_path = Path(tmp) / "kwargs.json"
        args_path.write_text(json.dumps(dict(kwargs or {})), encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH", "")])])
        started = time.perf_counter()
        # A session of its own, so a timeout can end the step and anything it started.
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.measure", "--child", target, str(args_path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return Measurement("timeout", seconds=time.perf_counter() - started, timeout=timeout)
    lines = [line for line in stdout.splitlines() if line.startswith(_MARKER)]
    if process.returncode != 0 or not lines:
        return Measurement("failed", error=stderr or stdout or f"exit {process.returncode}")
    report = json.loads(lines[-1][len(_MARKER) :])
    return Measurement(
        "ok",
        seconds=report.pop("seconds"),
        peak_rss_mb=report.pop("peak_rss_mb"),
        result=report,
        timeout=timeout,
    )


_SAMPLER: TreeMemory | None = None


def _resolve(target: str) -> Callable[..., dict[str, Any]]:
    module, _, name = target.partition(":")
    function: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module), name)
    return function


def _child(target: str, args_path: str) -> None:
    function = _resolve(target)
    kwargs = json.loads(Path(args_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    with TreeMemory():
        result = dict(function(**kwargs))
    elapsed = time.perf_counter() - started
    result.setdefault("seconds", elapsed)
    result.setdefault("peak_rss_mb", peak_rss_mb())
    print(_MARKER + json.dumps(result), flush=True)


# -- report helpers ----------------------------------------------------------------------------


@dataclass
class Section:
    """A part of RESULTS.md: its Markdown, its rows of the headline table, the figures behind.

    A headline row is (what was measured, entitymatch's figure, the best peer's figure).
    """

    title: str
    body: str
    headline: list[tuple[str, str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    plots: list[Path] = field(default_factory=list)


def markdown_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, numeric: Sequence[int] = ()
) -> str:
    """A GitHub Markdown table; columns listed in `numeric` are right-aligned."""
    if any(len(row) != len(headers) for row in rows):
        raise ValueError("every row needs one cell per header")

    def cell(value: object) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    aligns = ["---:" if i in set(numeric) else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join(aligns) + "|"]
    lines.extend("| " + " | ".join(cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines)


def fmt_ratio(value: float | None) -> str:
    """Precision, recall, F1 and accuracies: four decimals, so 0.9985 and 0.9944 differ."""
    return "" if value is None else f"{value:.4f}"


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def fmt_mb(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f} MB" if value < 1024 else f"{value / 1024:.2f} GB"


def fmt_count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def machine_info() -> dict[str, str]:
    """CPU model and count, memory, operating system: what the timings depend on."""
    info = {"CPUs (nproc)": str(os.cpu_count() or "?")}
    if hasattr(os, "sched_getaffinity"):
        info["CPUs (nproc)"] = str(len(os.sched_getaffinity(0)))
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                info["CPU model"] = line.split(":", 1)[1].strip()
                break
    memory_kb = _proc_kb(Path("/proc/meminfo"), "MemTotal:")
    if memory_kb:
        info["memory"] = f"{memory_kb / 2**20:.1f} GB"
    info["system"] = f"{platform.system()} {platform.release()} ({platform.machine()})"
    return info


TOOLS = (
    "entitymatch",
    "recordlinkage",
    "splink",
    "duckdb",
    "pandas",
    "numpy",
    "rapidfuzz",
    "pypinyin",
    "scikit-learn",
    "matplotlib",
)


def tool_versions(tools: Sequence[str] = TOOLS) -> dict[str, str]:
    """Installed version of each distribution ("not installed" when absent), and Python's."""
    versions = {"python": platform.python_version()}
    for name in tools:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def memory_total_mb() -> float | None:
    """Total memory of the machine, for capping a tool that would otherwise take most of it."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")) / 2**20
    except (ValueError, OSError, AttributeError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one benchmark step (internal).")
    parser.add_argument("--child", nargs=2, metavar=("TARGET", "KWARGS_JSON"), required=True)
    args = parser.parse_args(argv)
    _child(*args.child)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""malicli's benchmark: start-up against a minimal program and sqlite-utils, scale, memory.

    python benchmarks/run.py            # full: seeds, 1k, 10k and 100k events (several minutes)
    python benchmarks/run.py --quick    # seeds, 1k and 10k events, fewer runs (about a minute)

Run it with the Python of the environment malicli is installed in (the
``malicli`` and ``sqlite-utils`` console scripts are taken from that
interpreter's folder). It prints tables and writes them to
``benchmarks/results.md``; see ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from minimal import SQL  # noqa: E402

BATTLE = "Second Battle of Kidal"
ACTOR = "JNIM"
WORD = "Timbuktu"
BIN = Path(sys.executable).parent

TARGETS = {
    "battle_vs_minimal": 1.15,
    "battle_vs_sqlite_utils": 0.35,
    "terminal_vs_minimal": 1.6,
    "search_scale": 1.2,
    "rss_mib": 35.0,
    "seed_build_s": 1.0,
    "docs_per_min": 5000.0,
    "one_document_s": 2.0,
    "one_document_share": 0.1,
    # peak RSS of a full build at 100k events before incremental builds (main at ee47f02,
    # measured on 2026-11-30 as this benchmark does): 716 MiB; within 1.5x of it
    "full_build_rss_mib": 1.5 * 716,
}


# ---------------------------------------------------------------- running one command


class Rebuilt(Exception):
    """malicli rebuilt its database during a timed run (its sources or code changed)."""


def script(name: str) -> list[str]:
    path = BIN / name
    if path.exists():
        return [str(path)]
    found = shutil.which(name)
    if found:
        return [found]
    if name == "malicli":
        return [sys.executable, "-m", "malicli"]
    sys.exit(f"benchmark: the {name} command was not found next to {sys.executable}")


def run_once(argv: list[str], env: dict, scratch: Path, output: bool = True) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MiB, stderr) of one run; output goes to a file.

    ``os.wait4`` gives the resource usage of exactly this child, so the peak
    RSS is the command's own, not the largest of every child so far.
    """
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = err_path.read_text("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{stderr[-2000:]}")
    if output and out_path.stat().st_size == 0:
        raise RuntimeError(f"{' '.join(argv)} printed nothing")
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, rss, stderr


def measure(
    commands: dict[str, tuple[list[str], dict]], runs: int, scratch: Path, notes: list[str]
) -> dict[str, dict]:
    """Median wall time and peak RSS of each command, interleaved round by round.

    The first round warms the caches and is not counted. A malicli run that
    rebuilt its database is thrown away and its round is run again.
    """
    samples: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, float] = {k: 0.0 for k in commands}
    keys = list(commands)
    rounds, extra = 0, 0
    while min(len(v) for v in samples.values()) < runs:
        order = keys[rounds % len(keys) :] + keys[: rounds % len(keys)]
        for key in order:
            if len(samples[key]) >= runs:
                continue
            argv, env = commands[key]
            wall, peak, stderr = run_once(argv, env, scratch, output=key != "python")
            if "building the database" in stderr or "updating the database" in stderr:
                notes.append(
                    f"{key}: malicli rebuilt its database during a run (its sources "
                    f"or code changed); that run was discarded"
                )
                extra += 1
                if extra > 5:
                    raise Rebuilt(stderr)
                continue
            if rounds > 0:
                samples[key].append(wall)
                rss[key] = max(rss[key], peak)
        rounds += 1
    return {k: {"ms": statistics.median(v) * 1000, "rss": rss[k], "n": len(v)} for k, v in samples.items()}


def base_env(work: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "MALICLI_DB",
            "MALICLI_SOURCES",
            "NO_COLOR",
            "FORCE_COLOR",
            "COLUMNS",
            "MALICLI_DEBUG",
            "PYTHONPROFILEIMPORTTIME",
            "PYTHONDONTWRITEBYTECODE",
        )
    }
    env["XDG_DATA_HOME"] = str(work / "xdg")  # never the user's own database
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def lookup_commands(db: Path, work: Path, word: str) -> dict[str, tuple[list[str], dict]]:
    env = base_env(work) | {"MALICLI_DB": str(db), "TERM": "xterm-256color"}
    terminal = env | {"FORCE_COLOR": "1", "COLUMNS": "100"}
    m, su = script("malicli"), script("sqlite-utils")
    mini = [sys.executable, str(HERE / "minimal.py"), "--db", str(db)]
    return {
        "python": ([sys.executable, "-c", "pass"], env),
        "m_battle": (m + ["battle", "show", BATTLE, "--json"], env),
        "m_terminal": (m + ["battle", "show", BATTLE], terminal),
        "m_actor": (m + ["search", "--actor", ACTOR, "--json"], env),
        "m_text": (m + ["search", word, "--json"], env),
        "min_battle": (mini + ["battle", BATTLE], env),
        "min_actor": (mini + ["actor", ACTOR], env),
        "min_text": (mini + ["text", word], env),
        "su_battle": (su + ["query", str(db), SQL["battle"], "-p", "name", BATTLE], env),
        "su_actor": (su + ["query", str(db), SQL["actor"], "-p", "name", ACTOR], env),
        "su_text": (su + ["query", str(db), SQL["text"], "-p", "word", word], env),
    }


# ---------------------------------------------------------------- building


def db_facts(db: Path) -> dict:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        battles = conn.execute("SELECT COUNT(*) FROM events WHERE event_type = 'battle'").fetchone()[0]
        docs = conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    finally:
        conn.close()
    return {"events": events, "battles": battles, "docs": docs, "mib": db.stat().st_size / (1024 * 1024)}


def build(db: Path, source: Path | None, work: Path, scratch: Path, runs: int = 1) -> dict:
    argv = script("malicli") + ["db", "build", "--db", str(db)]
    if source is not None:
        argv += ["--source", str(source)]
    walls, peak = [], 0.0
    for _ in range(runs):
        wall, rss, _ = run_once(argv, base_env(work), scratch, output=False)
        walls.append(wall)
        peak = max(peak, rss)
    facts = db_facts(db)
    seconds = statistics.median(walls)
    return facts | {"build_s": seconds, "build_rss": peak, "docs_per_min": facts["docs"] / seconds * 60}


def _edit_overview(folder: Path) -> str:
    """A sentence added at the end of the first overview article (about 150 events)."""
    path = sorted(folder.glob("synthetic-overview-*.txt"))[0]
    path.write_text(
        path.read_text("utf-8") + "\nOn 3 March 2014, fighters attacked a convoy near Gao.\n", "utf-8"
    )
    return f"edit: a sentence added to {path.name}"


def _add_infobox(folder: Path) -> str:
    (folder / "added-infobox-article.txt").write_text(generate.one_document("infobox", 4242), "utf-8")
    return "add: a new infobox article"


def _remove_mirror(folder: Path) -> str:
    path = sorted(folder.glob("synthetic-mirror-*.txt"))[0]
    path.unlink()
    return f"remove: {path.name}"


STEPS = [("add", _add_infobox), ("edit", _edit_overview), ("remove", _remove_mirror)]


def incremental(db: Path, folder: Path, work: Path, scratch: Path, compare: bool) -> list[dict]:
    """One document added, edited, removed: each update timed, and compared row for row with
    a full build of the same documents (also timed)."""
    out = []
    base = script("malicli") + ["db", "build"]
    for step, change in STEPS:
        what = change(folder)
        wall, rss, err = run_once(
            base + ["--db", str(db), "--source", str(folder)], base_env(work), scratch, False
        )
        row = {"step": step, "what": what, "s": wall, "rss": rss, "said": err.strip().splitlines()[-1]}
        if compare:
            ref = work / f"{db.stem}-full-{step}.db"
            argv = base + ["--full", "--db", str(ref), "--source", str(folder)]
            row["full_s"] = run_once(argv, base_env(work), scratch, False)[0]
            # in another process: the comparison's memory would count in every later child's peak RSS
            cmp = subprocess.run(
                [sys.executable, str(HERE / "compare.py"), str(db), str(ref)], capture_output=True, text=True
            )
            row["differences"] = [] if cmp.returncode == 0 else cmp.stdout.strip().splitlines()
            ref.unlink()
        out.append(row)
    return out


def parse_rates(folder: Path) -> dict[str, dict]:
    """In-process: detect + parse time of each document format (no database, no start-up)."""
    sys.path.insert(0, str(ROOT))
    from malicli.build import read_document
    from malicli.sources import detect

    out: dict[str, dict] = {}
    for path in sorted(folder.glob("*.txt")):
        text = read_document(path)
        t0 = time.perf_counter()
        parser = detect(text)
        t1 = time.perf_counter()
        doc = parser.parse(text)
        t2 = time.perf_counter()
        row = out.setdefault(doc.format, {"docs": 0, "events": 0, "detect": 0.0, "parse": 0.0})
        row["docs"] += 1
        row["events"] += len(doc.events) + sum(len(e.children) for e in doc.events)
        row["detect"] += t1 - t0
        row["parse"] += t2 - t1
    return out


# ---------------------------------------------------------------- tables


class Report:
    """Collects tables; prints them as text and writes them as Markdown."""

    def __init__(self):
        self.parts: list[tuple[str, object]] = []

    def heading(self, text: str) -> None:
        self.parts.append(("heading", text))
        print(f"\n{text}\n{'-' * len(text)}", flush=True)

    def para(self, text: str) -> None:
        self.parts.append(("para", text))
        print(text, flush=True)

    def table(self, columns: list[str], rows: list[list[str]]) -> None:
        self.parts.append(("table", (columns, rows)))
        widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(columns)]
        line = "  ".join(
            f"{c:<{w}}" if i == 0 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(columns, widths))
        )
        print(line)
        print("  ".join("-" * w for w in widths))
        for r in rows:
            print(
                "  ".join(
                    f"{str(c):<{w}}" if i == 0 else f"{str(c):>{w}}"
                    for i, (c, w) in enumerate(zip(r, widths))
                )
            )
        sys.stdout.flush()

    def markdown(self) -> str:
        out = []
        for kind, value in self.parts:
            if kind == "heading":
                out.append(f"## {value}\n")
            elif kind == "para":
                out.append(f"{value}\n")
            else:
                columns, rows = value
                out.append("| " + " | ".join(columns) + " |")
                out.append("| " + " | ".join(["---"] + ["---:"] * (len(columns) - 1)) + " |")
                for r in rows:
                    out.append("| " + " | ".join(str(c) for c in r) + " |")
                out.append("")
        return "\n".join(out)


def report_updates(report: "Report", scales: list, updates: dict[str, list[dict]]) -> None:
    """The table of incremental builds, and any difference from a full build."""
    report.heading("Incremental builds: one document added, edited, removed")
    rows = []
    for label, _db, facts, _ in scales:
        for u in updates.get(label, []):
            full_s = u.get("full_s")
            same = "not compared" if full_s is None else "identical" if not u["differences"] else "DIFFERENT"
            rows.append(
                [
                    f"{label}: {u['what']}",
                    f"{u['s']:.2f}",
                    f"{u['rss']:.0f}",
                    f"{facts['build_s']:.2f}",
                    ratio(u["s"], facts["build_s"]),
                    "" if full_s is None else f"{full_s:.2f}",
                    same,
                ]
            )
    report.table(
        [
            "change",
            "update s",
            "update RSS",
            "first full build s",
            "share",
            "full build after s",
            "row for row",
        ],
        rows,
    )
    report.para(
        "Each update is `malicli db build` on the database of that size after the change "
        "(a new process, Python start-up included); it is compared row for row "
        "(`benchmarks/compare.py`) with a full build of the same documents (`db build --full` "
        "into another file, timed in the last column)."
    )
    for label, ups in updates.items():
        for u in ups:
            for line in u.get("differences", [])[:10]:
                report.para(f"Difference at {label} after {u['step']}: {line}")


def update_checks(ups: list[dict], label: str, largest: dict) -> list[tuple]:
    """The targets of incremental builds and of the full build's memory, at the largest size."""
    checks: list[tuple] = []
    worst = max(ups, key=lambda u: u["s"]) if ups else None
    if worst is not None:
        checks += [
            (
                f"one document changed at {label} ({worst['step']}, the slowest) under 2 s",
                worst["s"],
                TARGETS["one_document_s"],
                " s",
            ),
            (
                f"one document changed at {label} under a tenth of the full build",
                worst["s"] / largest["build_s"],
                TARGETS["one_document_share"],
                "x",
            ),
        ]
    if label == "100k":
        checks.append(
            (
                "peak RSS of the full build at 100k within 1.5x of the build before incremental builds",
                largest["build_rss"],
                TARGETS["full_build_rss_mib"],
                " MiB",
            )
        )
    return checks


def ms(v: float) -> str:
    return f"{v:.1f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"


# ---------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="malicli benchmark (see benchmarks/README.md)")
    ap.add_argument(
        "--quick", action="store_true", help="5 runs per command, 1k and 10k events only (about a minute)"
    )
    ap.add_argument("--runs", type=int, help="timed runs per command (default 11; quick: 5)")
    ap.add_argument("--sizes", help="comma-separated event counts (default 1000,10000,100000)")
    ap.add_argument("--word", default=WORD, help=f"the full-text search word (default {WORD})")
    ap.add_argument("--work", type=Path, help="keep the generated documents and databases here")
    ap.add_argument(
        "--no-compare",
        action="store_true",
        help="do not compare each incremental build with a full build (three full builds fewer a size)",
    )
    ap.add_argument(
        "--results",
        type=Path,
        default=HERE / "results.md",
        help="where to write the Markdown results (default benchmarks/results.md)",
    )
    args = ap.parse_args(argv)
    runs = args.runs or (5 if args.quick else 11)
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else [1000, 10000]
        if args.quick
        else [1000, 10000, 100000]
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="malicli-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    scratch = work / "scratch"
    scratch.mkdir(exist_ok=True)
    notes: list[str] = []
    report = Report()
    started = time.perf_counter()
    version = subprocess.run(
        script("malicli") + ["--version"], capture_output=True, text=True, env=base_env(work)
    ).stdout.strip()
    report.para(
        f"`python benchmarks/run.py{' --quick' if args.quick else ''}` on "
        f"{dt.date.today().isoformat()}: {version}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs. Wall times are medians of {runs} runs (after one "
        f"warm-up run), in milliseconds; RSS is the peak resident memory of the "
        f"command, in MiB."
    )

    try:
        # ---- builds
        seed_db = work / "seeds.db"
        seed = build(seed_db, None, work, scratch, runs=3 if args.quick else 5)
        scales = [("seeds", seed_db, seed, None)]
        updates: dict[str, list[dict]] = {}
        for n in sizes:
            folder = work / f"docs-{n}"
            db = work / f"events-{n}.db"
            generate.generate(folder, max(n - seed["events"], 50), seed=n)
            print(f"building {n:,} events from {folder} ...", flush=True)
            label = f"{n // 1000}k" if n >= 1000 else str(n)
            scales.append((label, db, build(db, folder, work, scratch), folder))
            print(f"updating {n:,} events: one document added, edited, removed ...", flush=True)
            updates[label] = incremental(db, folder, work, scratch, not args.no_compare)

        # ---- ingestion of article-sized documents only (no long overview articles)
        n_articles = 300 if args.quick else 1000
        articles = work / "articles"
        generate.generate_articles(articles, n_articles, seed=7)
        print(f"building {n_articles:,} article-sized documents ...", flush=True)
        article_build = build(work / "articles.db", articles, work, scratch)

        # ---- lookups on each database
        results = {}
        for label, db, facts, _ in scales:
            print(f"timing lookups on {label} ({facts['events']:,} events) ...", flush=True)
            results[label] = measure(lookup_commands(db, work, args.word), runs, scratch, notes)

        s = results["seeds"]
        report.heading(
            "Lookups on the seeds database, against a minimal click + sqlite3 program and sqlite-utils query"
        )
        rows = []
        lookups = [
            ("battle show --json", "m_battle", "battle"),
            ("battle show on a terminal (FORCE_COLOR=1, COLUMNS=100)", "m_terminal", "battle"),
            (f"search --actor {ACTOR} --json", "m_actor", "actor"),
            (f"search {args.word} --json", "m_text", "text"),
        ]
        for title, key, kind in lookups:
            m, mn, su = s[key], s[f"min_{kind}"], s[f"su_{kind}"]
            rows.append(
                [
                    title,
                    ms(m["ms"]),
                    ms(mn["ms"]),
                    ms(su["ms"]),
                    ratio(m["ms"], mn["ms"]),
                    ratio(m["ms"], su["ms"]),
                    f"{m['rss']:.1f}",
                    f"{mn['rss']:.1f}",
                    f"{su['rss']:.1f}",
                ]
            )
        report.table(
            [
                "lookup",
                "malicli",
                "minimal",
                "sqlite-utils",
                "malicli/minimal",
                "malicli/sqlite-utils",
                "RSS malicli",
                "RSS minimal",
                "RSS sqlite-utils",
            ],
            rows,
        )
        report.para(
            f"The bare interpreter (`python -c pass`) takes {ms(s['python']['ms'])} ms "
            f"and {s['python']['rss']:.1f} MiB. The minimal program is "
            f"`benchmarks/minimal.py`; it and sqlite-utils run the same SQL "
            f"(`benchmarks/minimal.py`, `SQL`). The terminal row is compared with the "
            f"minimal program's JSON lookup of the same battle."
        )

        report.heading("Scale: build, size and lookups by number of events")
        rows = []
        for label, _db, facts, _ in scales:
            r = results[label]
            rows.append(
                [
                    label,
                    f"{facts['events']:,}",
                    f"{facts['battles']:,}",
                    f"{facts['docs']:,}",
                    f"{facts['build_s']:.2f}",
                    f"{facts['docs_per_min']:,.0f}",
                    f"{facts['build_rss']:.0f}",
                    f"{facts['mib']:.1f}",
                    ms(r["m_battle"]["ms"]),
                    ms(r["m_terminal"]["ms"]),
                    ms(r["m_actor"]["ms"]),
                    ms(r["m_text"]["ms"]),
                ]
            )
        report.table(
            [
                "database",
                "events",
                "battles",
                "documents",
                "build s",
                "docs/min",
                "build RSS",
                "DB MiB",
                "battle --json",
                "battle terminal",
                f"--actor {ACTOR}",
                f"search {args.word}",
            ],
            rows,
        )
        a = article_build
        report.para(
            f"Each size is built from the seeds plus generated documents, a quarter of "
            f"them overview articles of {generate.OVERVIEW_SENTENCES} dated sentences "
            f"(most of the events). Article-sized documents only (infobox articles, "
            f"mirror pages, news-wire items; {a['docs']:,} documents, {a['events']:,} "
            f"events): built in {a['build_s']:.2f} s, {a['docs_per_min']:,.0f} documents "
            f"a minute, peak RSS {a['build_rss']:.0f} MiB."
        )

        report_updates(report, scales, updates)

        report.heading("Lookups by size, against the minimal program and sqlite-utils (ms)")
        rows = []
        for label, _, _facts, _ in scales:
            r = results[label]
            for title, key, kind in lookups:
                if key == "m_terminal":
                    continue
                rows.append(
                    [
                        f"{label}: {title}",
                        ms(r[key]["ms"]),
                        ms(r[f"min_{kind}"]["ms"]),
                        ms(r[f"su_{kind}"]["ms"]),
                        ratio(r[key]["ms"], s[key]["ms"]),
                        ratio(r[f"min_{kind}"]["ms"], s[f"min_{kind}"]["ms"]),
                        f"{r[key]['rss']:.1f}",
                    ]
                )
        report.table(
            [
                "lookup",
                "malicli",
                "minimal",
                "sqlite-utils",
                "malicli vs seeds",
                "minimal vs seeds",
                "RSS malicli",
            ],
            rows,
        )

        # ---- parse rate by format, in-process (explains the ingestion rate)
        folder = [f for _, _, _, f in scales if f is not None][min(1, len(sizes) - 1)]
        rates = parse_rates(folder)
        report.heading(f"Ingestion by document format (in-process, {folder.name}, no database)")
        rows = []
        for fmt, r in sorted(rates.items()):
            total = r["detect"] + r["parse"]
            rows.append(
                [
                    fmt,
                    r["docs"],
                    f"{r['events'] / r['docs']:.0f}",
                    f"{r['detect'] / r['docs'] * 1000:.1f}",
                    f"{r['parse'] / r['docs'] * 1000:.1f}",
                    f"{r['docs'] / total * 60:,.0f}",
                ]
            )
        report.table(["format", "documents", "events/doc", "detect ms/doc", "parse ms/doc", "docs/min"], rows)

        # ---- targets
        largest_label, _, largest, _ = scales[-1]
        big = results[largest_label]
        malicli_keys = ["m_battle", "m_terminal", "m_actor", "m_text"]
        rss_worst = max((results[lb][k]["rss"], f"{lb} {k}") for lb in results for k in malicli_keys)
        rss_json = max(results[lb][k]["rss"] for lb in results for k in ("m_battle", "m_actor", "m_text"))
        checks = [
            (
                "battle show --json within 1.15x of the minimal program",
                s["m_battle"]["ms"] / s["min_battle"]["ms"],
                TARGETS["battle_vs_minimal"],
                "x",
            ),
            (
                "battle show --json at most 0.35x sqlite-utils query",
                s["m_battle"]["ms"] / s["su_battle"]["ms"],
                TARGETS["battle_vs_sqlite_utils"],
                "x",
            ),
            (
                "battle show on a terminal (colour, panels) within 1.6x of the minimal program",
                s["m_terminal"]["ms"] / s["min_battle"]["ms"],
                TARGETS["terminal_vs_minimal"],
                "x",
            ),
            (
                f"search --actor {ACTOR} at {largest_label} within 1.2x of the seeds",
                big["m_actor"]["ms"] / s["m_actor"]["ms"],
                TARGETS["search_scale"],
                "x",
            ),
            (
                f"search {args.word} at {largest_label} within 1.2x of the seeds",
                big["m_text"]["ms"] / s["m_text"]["ms"],
                TARGETS["search_scale"],
                "x",
            ),
            ("peak RSS of --json lookups (all sizes) at most 35 MiB", rss_json, TARGETS["rss_mib"], " MiB"),
            (
                f"peak RSS of every lookup, the terminal view included (worst: {rss_worst[1]}) at most 35 MiB",
                rss_worst[0],
                TARGETS["rss_mib"],
                " MiB",
            ),
            ("full build from the seeds under 1 s", seed["build_s"], TARGETS["seed_build_s"], " s"),
        ]
        checks += update_checks(updates.get(largest_label, []), largest_label, largest)
        report.heading("Targets")
        rows = []
        for title, value, target, unit in checks:
            ok = value < target if unit == " s" else value <= target
            rows.append(
                [
                    title,
                    f"{value:.2f}{unit}",
                    f"{target:g}{unit}",
                    "PASS" if ok else "MISS",
                    f"{(value / target - 1) * 100:+.0f}%",
                ]
            )
        for title, rate in [
            (
                f"ingestion at {largest_label} (mixed corpus) at least 5,000 documents a minute",
                largest["docs_per_min"],
            ),
            (
                "ingestion of article-sized documents at least 5,000 documents a minute",
                article_build["docs_per_min"],
            ),
        ]:
            rows.append(
                [
                    title,
                    f"{rate:,.0f}/min",
                    "5,000/min",
                    "PASS" if rate >= TARGETS["docs_per_min"] else "MISS",
                    f"{(rate / TARGETS['docs_per_min'] - 1) * 100:+.0f}%",
                ]
            )
        report.table(["target", "measured", "target", "result", "vs target"], rows)
        if args.quick:
            report.para("Quick mode: the scale targets are judged at 10k events, not 100k.")
        for note in dict.fromkeys(notes):
            report.para(f"Note: {note}")
        report.para(f"The benchmark took {time.perf_counter() - started:.0f} s.")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    args.results.write_text("# malicli benchmark results\n\n" + report.markdown(), "utf-8")
    print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

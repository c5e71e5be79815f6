"""The `marsad` command: run the pipeline, parse files, tag and evaluate NER."""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import logging
import os
import sys
import time
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from marsad.settings import Settings, worker_count
from marsad.sql import sql


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


EXIT_REFUSED = 2  # nothing changed: missing landing/folder, mass removal, foreign WAL
EXIT_BUSY = 75  # another run holds the warehouse lock (EX_TEMPFAIL: try again later)
_noop_seconds: dict[str, float] = {}  # what the quick no-op answer spent, per question
_started = [time.time()]  # when the command started: the summary's time counts Dagster's import


def _user_error(error: BaseException) -> BaseException:
    """The exception an asset raised, out of Dagster's wrapper."""
    return getattr(error, "user_exception", None) or error


class _WarningsToLog(logging.Handler):
    """Python warnings (Dagster's BetaWarnings, "superseded" notices) kept off the console and
    appended to the run's event log file once it is known."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        logging.captureWarnings(True)
        target = logging.getLogger("py.warnings")
        target.propagate = False
        target.handlers[:] = [self]

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage().strip())

    def flush_to(self, log: str | Path | None) -> None:
        if log and self.lines and Path(log).exists():
            with open(log, "a", encoding="utf-8") as handle:
                handle.writelines(f"python warning: {line}\n" for line in self.lines)
        self.lines.clear()


def _console_level(args: argparse.Namespace) -> str:
    return "DEBUG" if args.verbose else "CRITICAL"


class StageBars:
    """One progress bar per stage (rich), fed by `marsad.stages.progress` reports."""

    UNITS = {"raw": "files", "publish": "build"}

    def __init__(self, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        from marsad.stages.status import STAGES

        self.progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=28),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]:<5} {task.fields[extra]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=not enabled,
        )
        self.tasks = {
            stage: self.progress.add_task(
                stage, total=None, start=False, unit=self.UNITS.get(stage, "days"), extra=""
            )
            for stage in STAGES
        }
        self.seen: set[str] = set()

    def __call__(self, report) -> None:
        task = self.tasks.get(report.stage)
        if task is None:
            return
        if report.stage not in self.seen:
            self.seen.add(report.stage)
            self.progress.start_task(task)
        extra = f"{report.articles:,} articles" if report.articles else ""
        if report.total == 0:
            extra = "nothing to do"
        self.progress.update(task, completed=report.done, total=report.total, extra=extra)

    def __enter__(self) -> StageBars:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        for stage, task in self.tasks.items():
            if stage not in self.seen:
                self.progress.update(task, total=0, completed=0, extra="nothing to do")
        self.progress.stop()


def _run_guarded(settings: Settings, args: argparse.Namespace, warned: _WarningsToLog, work) -> int:
    """Run `work()` with progress bars and a summary; map refusals to exit codes."""
    from marsad.pipelines.local_run import WarehouseFolderMissing
    from marsad.stages.landing_guard import LandingMissing, MassRemoval
    from marsad.stages.lock import WarehouseBusy
    from marsad.stages.progress import listening
    from marsad.stages.runlog import run_records
    from marsad.stages.warehouse import ForeignWal

    started = time.time()
    bars = StageBars(enabled=not args.quiet and not args.verbose)
    collect_again()  # the run's imports are done
    try:
        with bars, listening(bars):
            outcome = work()
    except Exception as wrapped:
        records = run_records(settings.stages) if settings.stages.is_dir() else []
        log = records[-1].get("log") if records else None
        warned.flush_to(log)
        error = _user_error(wrapped)
        if isinstance(error, WarehouseBusy):
            print(f"marsad: {error}", file=sys.stderr)
            return EXIT_BUSY
        if isinstance(error, LandingMissing | MassRemoval | ForeignWal | WarehouseFolderMissing):
            print(f"marsad: {error}", file=sys.stderr)
            print(f"marsad: the warehouse {settings.warehouse} was not changed", file=sys.stderr)
            return EXIT_REFUSED
        if log and Path(log).exists():
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(traceback.format_exc())
        print(f"marsad: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"marsad: FAILED; the traceback and Dagster's event log: {log}", file=sys.stderr)
        return 1
    seconds = time.time() - _started[0]
    warned.flush_to(outcome.log)
    if args.quiet:
        window = f"days {outcome.window[0]}..{outcome.window[1]}" if outcome.window else "no change"
        state = "published" if outcome.published else "up to date"
        print(f"marsad: OK {state}, {window}, {seconds:.1f} s; log {outcome.log}")
    else:
        print_run_summary(settings, outcome, started, seconds, landing=args.command == "run")
    return 0


def _nothing_to_do(settings: Settings, workers: int) -> bool:
    """The quick answer for a run with nothing new, before Dagster is even imported; any doubt
    (no stages yet, a landing folder that cannot be read, a run holding the lock) says no, and
    the full run decides. `workers` (0: one per core): whether the run will use pools."""
    from marsad.stages.commit import JOURNAL_DIR
    from marsad.stages.lock import is_locked
    from marsad.stages.plan import up_to_date
    from marsad.stages.store import StageStore

    if not settings.stages.is_dir() or not settings.warehouse.exists():
        return False
    if is_locked(settings.warehouse) or any(settings.stages.glob(f"*/{JOURNAL_DIR}/*.json")):
        return False  # a run is going on, or one crashed and the next must finish its commit
    try:
        store = StageStore(settings.stages, settings.shards)
        pools = worker_count(workers) > 1
        return up_to_date(
            settings.landing, store, settings.warehouse, _noop_seconds, hand_on=True, pools=pools
        )
    except Exception:  # noqa: BLE001 - the full run reports what is wrong
        return False


def _report_up_to_date(settings: Settings, args: argparse.Namespace) -> int:
    from marsad.stages.runlog import now, record_run

    seconds = time.time() - _started[0]
    record_run(
        settings.stages,
        {
            "command": "run",
            "landing": str(settings.landing),
            "started": datetime.fromtimestamp(_started[0], UTC).isoformat(),
            "seconds": round(seconds, 3),
            "outcome": "ok",
            "published": False,
            "window": None,
            "note": "up to date: nothing new in the landing folder, no Dagster run",
            "check_seconds": _noop_seconds,
            "finished": now().isoformat(),
        },
    )
    if args.quiet:
        print(f"marsad: OK up to date, no change, {seconds:.1f} s; no Dagster run")
    else:
        print(f"landing {settings.landing} -> warehouse {settings.warehouse}")
        print("nothing new in the landing folder; every stage and the warehouse are up to date")
        print(f"Done in {seconds:.1f} s; warehouse unchanged (no Dagster run was needed).")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(args.landing, args.warehouse, args.stages)
    if not args.full and _nothing_to_do(settings, args.workers):
        return _report_up_to_date(settings, args)
    warned = _WarningsToLog()
    from marsad.pipelines.local_run import run_all  # Dagster only needed here

    def work():
        return run_all(
            settings,
            workers=args.workers,
            full=args.full,
            allow_removals=args.allow_removals,
            removal_share=args.max_removals,
            wait=args.wait,
            create=args.create,
            console_level=_console_level(args),
        )

    return _run_guarded(settings, args, warned, work)


def cmd_backfill(args: argparse.Namespace) -> int:
    settings = Settings.from_env(warehouse=args.warehouse, stages=args.stages)
    start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    if end < start:
        print("marsad backfill: --to is before --from", file=sys.stderr)
        return EXIT_REFUSED
    if not settings.stages.is_dir():
        print(
            f"marsad backfill: no stages at {settings.stages}; run `marsad run` first",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    from marsad.stages.pipeline import DAY_STAGES

    unknown = set(args.stage or []) - {s.name for s in DAY_STAGES}
    if unknown:
        names = ", ".join(s.name for s in DAY_STAGES)
        print(
            f"marsad backfill: unknown stage {', '.join(sorted(unknown))} (one of {names})",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    warned = _WarningsToLog()
    from marsad.pipelines.local_run import backfill

    def work():
        return backfill(
            settings,
            start,
            end,
            stages=args.stage or None,
            workers=args.workers,
            wait=args.wait,
            console_level=_console_level(args),
        )

    return _run_guarded(settings, args, warned, work)


def print_run_summary(
    settings: Settings, outcome, started: float, seconds: float, landing: bool = True
) -> None:
    """dbt-style: one line per stage (rows written, quarantined, time), then the totals."""
    from marsad.stages.status import MAIN_TABLE, STAGES, last_runs

    runs = last_runs(settings.stages)
    ran = [
        s
        for s in STAGES
        if s in runs
        and runs[s].finished.timestamp() >= started - 1
        and runs[s].counts.get("days", 1) > 0
    ]
    print(
        (f"landing {settings.landing} -> " if landing else "") + f"warehouse {settings.warehouse}"
    )
    if outcome.window:
        print(f"days recomputed: {outcome.window[0]}..{outcome.window[1]}")
    for i, stage in enumerate(STAGES, 1):
        run = runs.get(stage)
        if stage in ran:
            what = f"{run.rows:,} {MAIN_TABLE[stage]}"
            if stage != "raw" and "days" in run.counts:
                what += f" in {run.counts['days']} day(s)"
            what += f", {run.quarantined:,} quarantined"
            status, clock = "OK  ", f"[{run.seconds:.1f} s]"
        else:
            what, status, clock = "up to date", "SKIP", ""
        print(f"{i} of {len(STAGES)} {status} {stage:<9} {what} ".ljust(70, ".") + f" {clock}")
    if settings.warehouse.exists():
        print_accounting(settings.warehouse)
    print(
        f"Done in {seconds:.1f} s. OK={len(ran)} SKIP={len(STAGES) - len(ran)} ERROR=0; "
        f"{'published' if outcome.published else 'warehouse unchanged'}."
    )
    print(f"Dagster event log: {outcome.log}  (marsad status: what is stale, row counts)")


def print_accounting(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        found, parsed, quarantined, duplicates = con.execute(sql("queries/accounting")).fetchall()[
            0
        ]
        reasons = con.execute(sql("queries/quarantine_by_reason")).fetchall()
    finally:
        con.close()
    print(
        f"records found {found:,} = parsed {parsed:,} + quarantined {quarantined:,} "
        f"+ duplicates {duplicates:,}"
    )
    if reasons:
        print(
            "quarantined by reason: "
            + ", ".join(f"{stage}/{reason} {count:,}" for stage, reason, count in reasons)
        )


def _last_landing(settings: Settings) -> str | None:
    """The landing folder the warehouse's last recorded run read, if any."""
    from marsad.stages.runlog import run_records

    records = run_records(settings.stages) if settings.stages.is_dir() else []
    return next((r["landing"] for r in reversed(records) if r.get("landing")), None)


def cmd_status(args: argparse.Namespace) -> int:
    from marsad.stages.status import status

    settings = Settings.from_env(args.landing, args.warehouse, args.stages)
    if args.landing is None and not os.environ.get("MARSAD_LANDING"):
        # staleness against the folder the warehouse is fed from, not the bundled sample
        last = _last_landing(settings)
        if last:
            settings = Settings.from_env(last, args.warehouse, args.stages)
    report = status(settings)
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1, default=_json_default))
        return 0
    print(f"landing {report['landing']} -> warehouse {report['warehouse']}")
    print(f"{'stage':<9} {'stale':<6} {'what':<40} last run")
    for stage in report["stages"]:
        run = stage["last_run"]
        last = "never"
        if run and run.get("outcome") == "failed":
            last = f"FAILED at {run['failed_at'][:19]}"
        elif run:
            last = (
                f"{run['finished'][:19]} ({run['seconds']:.1f} s, {run['rows']:,} rows written, "
                f"{run['quarantined']:,} quarantined)"
            )
        flag = "yes" if stage["stale"] else "no"
        print(f"{stage['stage']:<9} {flag:<6} {stage['detail']:<40} {last}")
    if report["tables"]:
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in report["tables"].items()))
    else:
        print("rows: no warehouse yet")
    last = report["last_run"]
    if last:
        print(
            f"last command: marsad {last['command']} at {last['started'][:19]} "
            f"({last.get('seconds', 0):.1f} s): {last['outcome']}; "
            + (f"log {last['log']}" if last.get("log") else "no Dagster run")
        )
    error = report["last_error"]
    if error:
        print(
            f"last error: marsad {error['command']} at {error['started'][:19]}: {error.get('error')}"
        )
        print(f"  log: {error.get('log')}")
    else:
        print("last error: none recorded")
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from marsad.records import Rejection
    from marsad.sources import parse_record, read_landing_file
    from marsad.sources.identity import article_id
    from marsad.stages.parsed import article_row

    status = 0
    for name in args.files:
        path = Path(name).resolve()
        records, rejections = read_landing_file(path, path.parent)
        for rejection in rejections:
            print(f"{name}: {rejection.reason}: {rejection.message}", file=sys.stderr)
            status = 1
        for record in records:
            result = parse_record(record)
            if isinstance(result, Rejection):
                print(
                    f"{name}#{record.record_no}: {result.reason}: {result.message}", file=sys.stderr
                )
                status = 1
                continue
            row = article_row(
                {
                    "article_id": article_id(record),
                    "source_file": record.source_file,
                    "record_no": record.record_no,
                    "layout": record.layout,
                    "encoding": record.encoding,
                    "partition_date": result.published_date,
                },
                result,
            )
            print(json.dumps(row, ensure_ascii=False, default=_json_default))
    return status


def cmd_ner_tag_conll(args: argparse.Namespace) -> int:
    from marsad.ner import load_model, tag_conll

    tokens = tag_conll(Path(args.input), Path(args.output), load_model(args.model))
    print(f"tagged {tokens:,} tokens -> {args.output}", file=sys.stderr)
    return 0


def cmd_ner_eval(args: argparse.Namespace) -> int:
    from marsad.ner import eval_conll, format_scores, load_model

    print(format_scores(eval_conll(Path(args.gold), load_model(args.model))))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from marsad import queries

    if args.list:
        for query in queries.library():
            params = ", ".join(f"{k}={v}" for k, v in query.params.items())
            print(f"{query.name:<28} {query.description}" + (f"  [{params}]" if params else ""))
        return 0
    overrides = dict(p.partition("=")[::2] for p in args.param)
    if args.query:
        try:
            query = queries.library_query(args.query)
            statement, params = query.text, queries.bind(query, overrides)
        except KeyError as error:
            print(f"marsad sql: {error.args[0]}", file=sys.stderr)
            return 2
    elif args.statement:
        statement, params = args.statement, overrides
    else:
        print("marsad sql: give a statement, --query NAME or --list", file=sys.stderr)
        return 2
    warehouse = Settings.from_env(warehouse=args.warehouse).warehouse
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns, rows = queries.run(con, statement, params)
    except duckdb.Error as error:
        print(f"marsad sql: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.format == "parquet":
        if not args.out:
            print("marsad sql: --format parquet needs --out FILE", file=sys.stderr)
            return 2
        queries.as_frame(columns, rows).write_parquet(args.out)
        print(f"{len(rows):,} rows -> {args.out}", file=sys.stderr)
        return 0
    render = {"csv": queries.as_csv, "json": queries.as_json}.get(args.format)
    text = render(columns, rows) if render else queries.as_table(columns, rows, args.limit)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from marsad.stages.report import build_report

    warehouse = Settings.from_env(warehouse=args.warehouse).warehouse
    out = Path(args.out) if args.out else warehouse.with_name(warehouse.stem + ".report")
    start = date.fromisoformat(args.start) if args.start else None
    end = date.fromisoformat(args.end) if args.end else None
    report = build_report(warehouse, out, start, end)
    print(f"report: {report.html} ({report.start} .. {report.end}, {report.seconds:.1f} s)")
    for path in report.charts.values():
        print(f"  {path}")
    return 0


def _output_flags(parser: argparse.ArgumentParser) -> None:
    out = parser.add_mutually_exclusive_group()
    out.add_argument(
        "--verbose", action="store_true", help="show Dagster's event log live instead of progress"
    )
    out.add_argument(
        "--quiet", action="store_true", help="for cron: print only errors and one final line"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="marsad", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest a landing folder and publish the warehouse")
    run.add_argument(
        "--landing", help="folder of raw article files (default: $MARSAD_HOME/data/sample)"
    )
    run.add_argument(
        "--warehouse", help="DuckDB file to publish (default: $MARSAD_HOME/data/warehouse.duckdb)"
    )
    run.add_argument("--stages", help="folder for stage outputs (default: beside the warehouse)")
    run.add_argument("--workers", type=int, default=0, help="processes (default: one per core)")
    run.add_argument(
        "--full", action="store_true", help="recompute every day, not only changed ones"
    )
    run.add_argument(
        "--allow-removals",
        action="store_true",
        help="publish even if files vanished taking more than --max-removals of the articles",
    )
    run.add_argument(
        "--max-removals",
        type=float,
        default=None,
        metavar="SHARE",
        help="share of articles a run may remove (default: MARSAD_MAX_REMOVAL_SHARE or 0.10)",
    )
    run.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="wait this long for another run on the same warehouse (default: refuse at once)",
    )
    run.add_argument(
        "--create", action="store_true", help="create the warehouse folder if it is missing"
    )
    _output_flags(run)
    run.set_defaults(func=cmd_run)

    backfill = sub.add_parser(
        "backfill", help="recompute a range of publication days in one run, then publish"
    )
    backfill.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    backfill.add_argument(
        "--stage",
        action="append",
        metavar="STAGE",
        help="parsed, cleaned, tagged or entities: recompute only this stage's days (repeat for several; the later stages then "
        "recompute what that changes); default: every dated stage",
    )
    backfill.add_argument("--warehouse", help="DuckDB file (default: data/warehouse.duckdb)")
    backfill.add_argument(
        "--stages", help="folder of stage outputs (default: beside the warehouse)"
    )
    backfill.add_argument(
        "--workers", type=int, default=0, help="processes (default: one per core)"
    )
    backfill.add_argument(
        "--wait", type=float, default=0, metavar="SECONDS", help="wait for another run"
    )
    _output_flags(backfill)
    backfill.set_defaults(func=cmd_backfill)

    stat = sub.add_parser(
        "status", help="what is stale, each stage's last run, row counts, the last error"
    )
    stat.add_argument(
        "--landing",
        help="landing folder (default: $MARSAD_LANDING, else the one the warehouse's last run "
        "read, else $MARSAD_HOME/data/sample)",
    )
    stat.add_argument("--warehouse", help="DuckDB file (default: data/warehouse.duckdb)")
    stat.add_argument("--stages", help="folder of stage outputs (default: beside the warehouse)")
    stat.add_argument("--format", choices=["text", "json"], default="text")
    stat.set_defaults(func=cmd_status)

    query = sub.add_parser(
        "sql", help="query the published warehouse (read-only): a statement or a library query"
    )
    query.add_argument("statement", nargs="?", help='e.g. "SELECT count(*) FROM articles"')
    query.add_argument("--query", help="a library query by name (see --list)")
    query.add_argument(
        "--param", action="append", default=[], metavar="K=V", help="a query parameter ($K)"
    )
    query.add_argument("--list", action="store_true", help="list the library queries")
    query.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    query.add_argument("--out", help="write to FILE (required for parquet)")
    query.add_argument("--limit", type=int, default=50, help="rows shown as a table (default 50)")
    query.add_argument("--warehouse", help="DuckDB file (default: data/warehouse.duckdb)")
    query.set_defaults(func=cmd_sql)

    report = sub.add_parser("report", help="an HTML coverage report and its charts as PNG files")
    report.add_argument("--out", help="folder (default: <warehouse>.report beside the warehouse)")
    report.add_argument("--from", dest="start", help="first publication day, YYYY-MM-DD")
    report.add_argument("--to", dest="end", help="last publication day, YYYY-MM-DD")
    report.add_argument("--warehouse", help="DuckDB file (default: data/warehouse.duckdb)")
    report.set_defaults(func=cmd_report)

    parse = sub.add_parser("parse", help="print one JSON object per article found in FILEs")
    parse.add_argument("files", nargs="+")
    parse.set_defaults(func=cmd_parse)

    ner = sub.add_parser("ner", help="tag or evaluate CoNLL files with the NER model")
    ner_sub = ner.add_subparsers(dest="ner_command", required=True)
    tag = ner_sub.add_parser(
        "tag-conll", help="IN: one token per line, blank lines between sentences"
    )
    tag.add_argument("input")
    tag.add_argument("output")
    tag.add_argument(
        "--model", help="crf, cnn, a model JSON or folder (default: the committed default)"
    )
    tag.set_defaults(func=cmd_ner_tag_conll)
    evaluate = ner_sub.add_parser("eval", help="per-type and micro/macro P/R/F1 (CoNLL exact span)")
    evaluate.add_argument("gold")
    evaluate.add_argument(
        "--model", help="crf, cnn, a model JSON or folder (default: the committed default)"
    )
    evaluate.set_defaults(func=cmd_ner_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    _started[0] = time.time()
    args = build_parser().parse_args(argv)
    if args.command not in ("run", "backfill"):
        collect_again()  # (run and backfill: in `_run_guarded`, once Dagster is imported)
    return args.func(args)


# `entry` starts the `marsad` process with the cyclic collector off: the imports of a run
# (Dagster, its storage, the assets: ~1.5 s) only make objects that stay alive, and the
# collector's full passes over them while they were made cost 0.2-0.45 s of every run's start.
_collector_off = [False]


def collect_again() -> None:
    """Turn the collector back on, once a command's imports are done, with what they made
    hidden from it (`gc.freeze`): later full passes walk only what the run itself makes."""
    if _collector_off[0]:
        _collector_off[0] = False
        gc.freeze()
        gc.enable()


# Tools that write their results when the interpreter ends: with one of them loaded the
# command ends the ordinary way, so `python -m pyinstrument -m marsad.cli run ...` still reports.
EXIT_WATCHERS = ("pyinstrument", "coverage", "cProfile", "profile", "yappi")


def exit_now(code: int) -> None:
    """End the `marsad` process once its work is done and written: the exit handlers run (log
    files flushed, pools joined), then the process ends without the interpreter's teardown,
    which took 0.9 s after a run (extension modules' destructors, freeing every object): a
    third of a no-op run's time, for nothing a finished command needs."""
    if any(name in sys.modules for name in EXIT_WATCHERS):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say
            pass
    os._exit(code)


def entry() -> None:
    """The `marsad` command (and `python -m marsad.cli`); `main` is what tests call."""
    if gc.isenabled():
        gc.disable()
        _collector_off[0] = True
    try:
        code = main()
    except SystemExit as stop:  # argparse's usage errors and --help
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, int | None):
            print(stop.code, file=sys.stderr)
    exit_now(code)


if __name__ == "__main__":
    entry()

"""The `marsad` command: run the pipeline, parse files, tag and evaluate NER."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb

from marsad.settings import Settings
from marsad.sql import sql


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


EXIT_REFUSED = 2  # nothing changed: missing landing/folder, mass removal, foreign WAL
EXIT_BUSY = 75  # another run holds the warehouse lock (EX_TEMPFAIL: try again later)


def _user_error(error: BaseException) -> BaseException:
    """The exception an asset raised, out of Dagster's wrapper."""
    return getattr(error, "user_exception", None) or error


def cmd_run(args: argparse.Namespace) -> int:
    from marsad.pipelines.local_run import (  # Dagster only needed here
        WarehouseFolderMissing,
        run_all,
    )
    from marsad.stages.landing_guard import LandingMissing, MassRemoval
    from marsad.stages.lock import WarehouseBusy
    from marsad.stages.warehouse import ForeignWal

    settings = Settings.from_env(args.landing, args.warehouse, args.stages)
    try:
        outcome = run_all(
            settings,
            workers=args.workers,
            full=args.full,
            allow_removals=args.allow_removals,
            removal_share=args.max_removals,
            wait=args.wait,
            create=args.create,
        )
    except Exception as wrapped:
        error = _user_error(wrapped)
        if isinstance(error, WarehouseBusy):
            print(f"marsad: {error}", file=sys.stderr)
            return EXIT_BUSY
        if isinstance(error, LandingMissing | MassRemoval | ForeignWal | WarehouseFolderMissing):
            print(f"marsad: {error}", file=sys.stderr)
            print(f"marsad: the warehouse {settings.warehouse} was not changed", file=sys.stderr)
            return EXIT_REFUSED
        raise
    print(f"landing:   {settings.landing}")
    print(f"warehouse: {settings.warehouse}")
    print(
        f"days recomputed: {outcome.window[0]}..{outcome.window[1]}"
        if outcome.window
        else "days recomputed: none (up to date)"
    )
    print_summary(settings.warehouse)
    return 0


def print_summary(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        print("rows per table:")
        for (table,) in con.execute(sql("queries/base_tables")).fetchall():
            count = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
            print(f"  {table:<20} {count:>9,}")
        found, parsed, quarantined, duplicates = con.execute(sql("queries/accounting")).fetchall()[
            0
        ]
        print(
            f"records found {found:,} = parsed {parsed:,} + quarantined {quarantined:,} "
            f"+ duplicates {duplicates:,}"
        )
        reasons = con.execute(sql("queries/quarantine_by_reason")).fetchall()
        if reasons:
            print("quarantined by reason:")
            for stage, reason, count in reasons:
                print(f"  {stage:<8} {reason:<20} {count:>7,}")
    finally:
        con.close()


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
    run.set_defaults(func=cmd_run)

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
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())

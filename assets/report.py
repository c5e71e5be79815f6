"""The coverage report: an HTML page and PNG charts built from the published warehouse's marts."""

import dagster as dg

from marsad.assets.marts import MART_SPECS
from marsad.assets.metadata import preview
from marsad.assets.resources import MarsadResource
from marsad.stages.report import build_report


def report_folder(marsad: MarsadResource):
    warehouse = marsad.settings().warehouse
    return warehouse.with_name(warehouse.stem + ".report")


@dg.asset(
    key=["report", "coverage_report"],
    deps=[spec.key for spec in MART_SPECS],
    group_name="report",
    kinds={"duckdb", "html"},
)
def coverage_report(marsad: MarsadResource) -> dg.MaterializeResult:
    """A self-contained HTML report (charts embedded) and the same charts as PNG files, beside the
    warehouse in `<warehouse>.report/`: coverage over time of the top actors, a map of places,
    the co-occurrence network of the top actors, coverage by outlet and section, quoted speakers.
    Read from the published file only; nothing is downloaded."""
    report = build_report(marsad.settings().warehouse, report_folder(marsad))
    return dg.MaterializeResult(
        metadata={
            "html": dg.MetadataValue.path(str(report.html)),
            "charts": dg.MetadataValue.json({k: str(v) for k, v in report.charts.items()}),
            "period": f"{report.start} .. {report.end}",
            "top_actors": preview(
                report.top_actors, ["name_ar", "name_en", "type", "articles", "mentions"], rows=10
            ),
            "seconds": round(report.seconds, 1),
        }
    )

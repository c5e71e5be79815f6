"""`marsad report` and the report asset on the sample warehouse."""

from __future__ import annotations

import dagster as dg

from marsad.assets.report import coverage_report
from marsad.assets.resources import MarsadResource
from marsad.cli import main
from marsad.stages.report import CHARTS


def test_report_builds_html_and_pngs_on_the_sample(sample_warehouse, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", "--warehouse", str(sample_warehouse), "--out", str(out)]) == 0
    assert "report.html" in capsys.readouterr().out
    for name in CHARTS:
        png = out / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == len(CHARTS)
    assert "http" not in page.replace("http-equiv", "")  # self-contained: nothing fetched
    assert "<table>" in page and "articles" in page


def test_report_respects_the_period(sample_warehouse, tmp_path, capsys):
    out = tmp_path / "r"
    args = ["report", "--warehouse", str(sample_warehouse), "--out", str(out)]
    assert main([*args, "--from", "2023-06-01", "--to", "2023-06-30"]) == 0
    assert "2023-06-01 .. 2023-06-30" in capsys.readouterr().out


def test_report_asset_links_the_html(sample_warehouse):
    resources = {"marsad": MarsadResource(warehouse=str(sample_warehouse), workers=1)}
    result = dg.materialize([coverage_report], resources=resources)
    assert result.success
    (event,) = result.get_asset_materialization_events()
    metadata = event.materialization.metadata
    assert metadata["html"].value.endswith("report.html")
    assert "articles" in metadata["top_actors"].value

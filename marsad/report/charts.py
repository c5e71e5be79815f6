"""The report's charts: polars frames in, matplotlib figures out (no files, no warehouse).

Every Arabic label goes through `shape` so it renders joined and right to left.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

import polars as pl

from marsad.report.arabic import shape
from marsad.report.outlines import borders, coastlines

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@cache
def pyplot():
    """matplotlib, imported when a chart is first drawn: the two seconds its import takes are
    not paid by every run that loads the pipeline's assets."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"  # ships with matplotlib and has Arabic glyphs
    return plt


def _empty(title: str) -> Figure:
    fig, ax = pyplot().subplots(figsize=(8, 3))
    ax.text(0.5, 0.5, "no data in this period", ha="center", va="center")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def actors_over_time(weekly: pl.DataFrame) -> Figure:
    """Weekly articles of the top actors. In: week, name_ar, articles."""
    title = "Coverage over time: top actors (articles per ISO week)"
    if weekly.height == 0:
        return _empty(title)
    weeks = pl.DataFrame(
        {"week": pl.date_range(weekly["week"].min(), weekly["week"].max(), "1w", eager=True)}
    )
    fig, ax = pyplot().subplots(figsize=(11, 5))
    for name in weekly["name_ar"].unique(maintain_order=True).to_list():
        # a week without an article is a zero, not a line drawn across the gap
        series = weeks.join(weekly.filter(pl.col("name_ar") == name), on="week", how="left")
        counts = series["articles"].fill_null(0).to_list()
        ax.plot(series["week"].to_list(), counts, lw=1.1, label=shape(name))
    ax.set_ylabel("articles")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=9, ncols=2)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def places_map(places: pl.DataFrame, labels: int = 10) -> Figure:
    """Places as points sized by articles on country outlines. In: name_ar, latitude, longitude,
    articles."""
    fig, ax = pyplot().subplots(figsize=(12, 5.6))
    for ring in coastlines():
        ax.plot(ring[:, 0], ring[:, 1], lw=0.4, color="#555555")
    for line in borders():
        ax.plot(line[:, 0], line[:, 1], lw=0.3, color="#aaaaaa")
    if places.height:
        top = places.sort("articles", descending=True)
        biggest = max(top["articles"].max(), 1)
        sizes = [8 + 600 * math.sqrt(a / biggest) for a in top["articles"].to_list()]
        ax.scatter(
            top["longitude"].to_list(),
            top["latitude"].to_list(),
            s=sizes,
            color="#c0392b",
            alpha=0.5,
            edgecolors="#7b241c",
            linewidths=0.5,
            zorder=3,
        )
        for row in top.head(labels).iter_rows(named=True):
            ax.annotate(
                shape(row["name_ar"]),
                (row["longitude"], row["latitude"]),
                fontsize=8,
                xytext=(4, 4),
                textcoords="offset points",
                zorder=4,
            )
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("Places covered (points sized by articles)")
    fig.tight_layout()
    return fig


def cooccurrence_network(pairs: pl.DataFrame, edges: int = 150) -> Figure:
    """The top actors as nodes, edges where they share articles (width = shared articles).
    In: name_a, name_b, together."""
    title = "Who appears with whom: co-occurrence of the top actors"
    if pairs.height == 0:
        return _empty(title)
    import networkx as nx

    graph = nx.Graph()
    for row in pairs.sort("together", descending=True).head(edges).iter_rows(named=True):
        graph.add_edge(shape(row["name_a"]), shape(row["name_b"]), weight=row["together"])
    fig, ax = pyplot().subplots(figsize=(11, 8))
    layout = nx.spring_layout(graph, seed=7, k=2.2 / math.sqrt(max(graph.number_of_nodes(), 1)))
    weights = [graph[u][v]["weight"] for u, v in graph.edges]
    biggest = max(weights)
    nx.draw_networkx_edges(
        graph,
        layout,
        ax=ax,
        width=[0.5 + 5 * w / biggest for w in weights],
        edge_color="#7f8c8d",
        alpha=0.6,
    )
    degree = dict(graph.degree(weight="weight"))
    top_degree = max(degree.values())
    nx.draw_networkx_nodes(
        graph,
        layout,
        ax=ax,
        node_color="#2e86c1",
        alpha=0.8,
        node_size=[80 + 900 * degree[n] / top_degree for n in graph.nodes],
    )
    nx.draw_networkx_labels(graph, layout, ax=ax, font_size=9, font_family="DejaVu Sans")
    ax.set_axis_off()
    ax.set_title(title)
    fig.tight_layout()
    return fig


def coverage_by_source(sections: pl.DataFrame, top_sections: int = 8) -> Figure:
    """Articles per outlet, stacked by section. In: source, section, articles."""
    title = "Coverage by outlet and section (articles)"
    if sections.height == 0:
        return _empty(title)
    keep = (
        sections.group_by("section")
        .agg(pl.col("articles").sum())
        .sort("articles", descending=True)
        .head(top_sections)["section"]
        .to_list()
    )
    frame = (
        sections.with_columns(
            pl.when(pl.col("section").is_in(keep))
            .then(pl.col("section"))
            .otherwise(pl.lit("other"))
            .alias("section")
        )
        .group_by("source", "section")
        .agg(pl.col("articles").sum())
    )
    sources = (
        frame.group_by("source")
        .agg(pl.col("articles").sum())
        .sort("articles", descending=True)["source"]
        .to_list()
    )
    fig, ax = pyplot().subplots(figsize=(11, 5))
    bottom = [0] * len(sources)
    for section in [*keep, "other"]:
        counts = dict(
            frame.filter(pl.col("section") == section).select("source", "articles").rows()
        )
        values = [counts.get(s, 0) for s in sources]
        if any(values):
            ax.bar([shape(s) for s in sources], values, bottom=bottom, label=shape(section))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("articles")
    ax.set_title(title)
    ax.legend(fontsize=8, ncols=3)
    fig.tight_layout()
    return fig


def quoted_speakers(speakers: pl.DataFrame) -> Figure:
    """Who is quoted most. In: name_ar, quotes."""
    title = "Quoted speakers (quotes attributed)"
    if speakers.height == 0:
        return _empty(title)
    frame = speakers.sort("quotes")
    fig, ax = pyplot().subplots(figsize=(9, 0.35 * frame.height + 1.5))
    ax.barh(
        [shape(n) for n in frame["name_ar"].to_list()], frame["quotes"].to_list(), color="#16a085"
    )
    ax.set_xlabel("quotes")
    ax.set_title(title)
    fig.tight_layout()
    return fig

"""Saved HTML article pages: trafilatura finds the main text, the page's metadata the rest.

The main text comes from trafilatura (navigation, footers, share buttons and «اقرأ أيضا»
blocks removed). Metadata is read in the order news sites state it most reliably:

- title: `og:title`, JSON-LD `headline`, the first `<h1>`, then trafilatura's title;
- published_at: `article:published_time` (and the usual meta names), JSON-LD `datePublished`,
  `<time datetime>`, then the last date `marsad.text.dates` finds in the visible text above the
  main text (the byline area). Not htmldate: it guesses «2020-01-01» from a copyright footer
  where an Arabic date is written, and a wrong date is worse than none;
- author, section, source, url: meta tags, JSON-LD, then trafilatura.

The page is one record. Its raw_text is what was extracted, as one JSON object
(`{"title": …, "published_at": …, "body": …}`), made in the raw stage so the page is parsed
once; spans index that object, and the page itself stays in the landing folder (source_file).
"""

from __future__ import annotations

import json
from typing import Any

from marsad.sources.fielded import HTML_PAGE
from marsad.sources.fields import BLANK
from marsad.text.dates import find_dates

LAYOUT = HTML_PAGE
SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle"}
)  # fmt: skip
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.date",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
)  # fmt: skip
_TITLE_META = ("og:title", "twitter:title", "headline")
_AUTHOR_META = ("author", "article:author", "byl", "dc.creator", "parsely-author")
_SECTION_META = ("article:section", "section", "category", "parsely-section")
_SOURCE_META = ("og:site_name", "application-name", "publisher")
_URL_META = ("og:url",)


def looks_like(text: str) -> bool:
    """An HTML document: a doctype or <html> tag near the top."""
    head = text[:4096].lstrip(BLANK).lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<html" in head[:1024]


def _meta(tree: Any) -> dict[str, str]:
    """name/property/itemprop (lower-cased) -> content, first occurrence wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip(BLANK)
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (element.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, content)
    return found


def _first(found: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((found[n] for n in names if found.get(n)), None)


def _json_ld(tree: Any) -> dict[str, Any]:
    """The first JSON-LD object whose @type is an article type (also inside @graph)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                return item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
    return {}


def _name(value: Any) -> str | None:
    """A JSON-LD person/organisation/section as text («{"name": …}», a list, or a string)."""
    if isinstance(value, str):
        return value.strip(BLANK) or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "، ".join(names) or None
    return None


def _text_of(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _visible_date(tree: Any, first_paragraph: str | None) -> str | None:
    """The last dated text (with a year) the page shows before its main text starts."""
    for element in list(tree.iter("script", "style", "noscript", "template")):
        if element.getparent() is not None:
            element.drop_tree()
    visible = " ".join(tree.text_content().split())
    if first_paragraph:
        cut = visible.find(" ".join(first_paragraph.split())[:40])
        visible = visible[:cut] if cut > 0 else visible
    dated = [m for m in find_dates(visible) if m.year_known]
    return dated[-1].text if dated else None


def extract(page: str) -> dict[str, str]:
    """The article fields of an HTML page (keys as in JSON Lines; absent fields left out)."""
    import lxml.html
    import trafilatura

    document = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    try:
        tree = lxml.html.document_fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        tree = None
    meta = _meta(tree) if tree is not None else {}
    ld = _json_ld(tree) if tree is not None else {}
    h1 = next(iter(tree.iter("h1")), None) if tree is not None else None
    head_title = next(iter(tree.iter("title")), None) if tree is not None else None
    time_tag = (
        next((t for t in tree.iter("time") if t.get("datetime")), None)
        if tree is not None
        else None
    )
    canonical = None
    if tree is not None:
        canonical = next(
            (link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"),
            None,
        )

    def doc(name: str) -> Any:
        return getattr(document, name, None) if document is not None else None

    categories = doc("categories") or []
    fields = {
        "title": _first(meta, _TITLE_META)
        or _name(ld.get("headline"))
        or (_text_of(h1) if h1 is not None else None)
        or doc("title")
        or (_text_of(head_title) if head_title is not None else None),
        "published_at": _first(meta, _DATE_META)
        or _name(ld.get("datePublished"))
        or (time_tag.get("datetime") if time_tag is not None else None),
        "author": _first(meta, _AUTHOR_META) or _name(ld.get("author")) or doc("author"),
        "section": _first(meta, _SECTION_META)
        or _name(ld.get("articleSection"))
        or (categories[0] if categories else None),
        "source": _first(meta, _SOURCE_META) or _name(ld.get("publisher")) or doc("sitename"),
        "url": canonical or _first(meta, _URL_META) or _name(ld.get("url")) or doc("url"),
    }
    out = {k: v.strip(BLANK) for k, v in fields.items() if isinstance(v, str) and v.strip(BLANK)}
    lines = [line.strip(BLANK) for line in (doc("text") or "").split("\n")]
    lines = [line for line in lines if line]
    title = " ".join(out.get("title", "").split())
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # trafilatura keeps the <h1> as the text's first line
    if lines:
        out["body"] = "\n".join(lines)
    if "published_at" not in out and tree is not None:
        written = _visible_date(tree, lines[0] if lines else None)
        if written:
            out["published_at"] = written
    return out


def record_text(page: str) -> str:
    """The raw_text of a page's record: its extracted fields as one JSON object."""
    return json.dumps(extract(page), ensure_ascii=False)

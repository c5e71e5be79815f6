"""Who, where, when for many articles: linked mentions, date mentions, roles and quotes.

`link_many(articles, mentions, tokens)` is the batch entry point the pipeline calls:

* `articles` — one row per article: article_id, published_date (Date, nullable: relative
  dates then stay unresolved), display_text;
* `mentions` — the tagged stage's entity_mentions (article_id, start, end, type, confidence
  …); None or empty when no NER model ran: the rules then find names on their own;
* `tokens` — the cleaned stage's tokens frame (article_id, sentence_no, token_no, start, end,
  kind, proclitics, stem, match).

It returns the frames "linked_mentions", "date_mentions", "roles" and "quotes" (schemas
below; all spans are in display text).  `analyse_article` does the same for one article.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import polars as pl

from marsad.entities.context import disambiguate
from marsad.entities.date_mentions import DateMention, find_date_mentions, is_date_cue
from marsad.entities.index import AliasIndex, alias_index
from marsad.entities.lexicon import SITE_HEADS
from marsad.entities.link import (
    COMMON_MIN,
    COMMON_SHARE,
    Mention,
    ModelMention,
    can_start,
    coreference,
    dictionary_mentions,
    flag_metonymy,
    merge,
    model_mention,
    name_support,
    phrase_mentions,
)
from marsad.entities.names import match_counts
from marsad.entities.orgs import ALL_HEADS, describes, find_phrases
from marsad.entities.persons import join_people
from marsad.entities.quotes import Quote, find_quotes
from marsad.entities.roles import Role, find_roles, one_per_person
from marsad.entities.tokens import ArticleTokens, from_cleaned, from_columns, split_by_article
from marsad.entities.variants import join_names
from marsad.schema import display_schema
from marsad.text.clean import clean_article

ACCUSATIVE_MIN = 30  # corpus count of a noun's bare and definite forms («ظهير», «الظهير»)

# The published tables' columns (their DDL) less the raw-text span the stage adds afterwards.
LINKED_SCHEMA = display_schema("entities/mentions")
DATE_SCHEMA = display_schema("entities/date_mentions")
ROLE_SCHEMA = display_schema("entities/roles")
QUOTE_SCHEMA = display_schema("entities/quotes")


@dataclass(slots=True)
class ArticleEntities:
    mentions: list[Mention]
    dates: list[DateMention]
    roles: list[Role]  # one per person
    quotes: list[Quote]


def analyse_article(
    art: ArticleTokens, published: date | None, model: list[ModelMention] | None = None
) -> ArticleEntities:
    """Mentions (dictionary + rules + model, merged, coreference, metonymy), dates, roles
    and quotes of one article."""
    ix = alias_index()
    ran = model is not None  # the tagger ran (it may have found nothing here)
    model = model or []
    found = dictionary_mentions(art, ix)
    from_model = [model_mention(art, ix, m) for m in model]
    from_model = [_retyped(art, m) for m in from_model if not _model_noise(art, m, ix)]
    spans = [(m.first, m.last) for m in from_model if m.type == "person"] if ran else None
    roles = find_roles(art, found, ix, spans)
    # a title followed by no name: «نائب في البرلمان تعلم درسا», «مديرة مكتب مكافحة …»
    bodies = [r.person for r in roles if r.person.row is None and _body(art, r.person)]
    roles = [
        r
        for r in roles
        if r.supported and (r.person.row is not None or not _not_a_person(art, r.person, ix))
    ]
    people = [r.person for r in roles if r.person.row is None] + bodies
    phrases = phrase_mentions(
        art, ix, find_phrases(art, name_support(art, from_model), ix.gentilics)
    )
    candidates = found + people + phrases + from_model
    mentions = merge(candidates, art)
    mentions += _gentilics_inside(mentions, phrases, found)
    mentions = disambiguate(art, sorted(mentions, key=lambda m: m.first), ix)
    mentions = sorted(mentions + coreference(art, mentions, ix), key=lambda m: m.first)
    join_people(art, mentions, ix)
    join_names(art, mentions, ix)
    flag_metonymy(art, mentions, ix)
    return ArticleEntities(
        mentions,
        find_date_mentions(art.text, published, art),
        one_per_person(roles),
        find_quotes(art, mentions),
    )


def _model_noise(art: ArticleTokens, m: Mention, ix: AliasIndex) -> bool:
    """A model mention no catalogue knows that is no name: a head and a chain that only
    describes («النادي الإنجليزي»), or one common word (`common_word`)."""
    if m.row is not None or m.link_source != "name":
        return False
    if m.type == "organisation" and describes(art, m.first, m.last, ix.gentilics):
        return True
    if m.type == "person":
        words = [i for i in range(m.first, m.last) if art.kind[i] == "word"]
        if any(accusative_noun(art.match[i], ix) for i in words):
            return True  # «تعلم درسا واحدا», «ظهيرا أيمن»
        if len(words) > 1 and all(
            common_word(art, i, m.type) or art.match[i] in ix.gentilics for i in words
        ):
            return True  # «الصحفي البيلاروسي», «تحرير صحيفة»
    return m.last - m.first == 1 and common_word(art, m.first, m.type)


def _not_a_person(art: ArticleTokens, m: Mention, ix: AliasIndex) -> bool:
    return m.type != "person" or _model_noise(art, m, ix)


def _body(art: ArticleTokens, m: Mention) -> bool:
    """A span found as a person that is an organisation (retyped in place)."""
    return _retyped(art, m).type == "organisation"


def accusative_noun(word: str, ix: AliasIndex) -> bool:
    """A common noun with the accusative «ا» («خطابا», «درسا»): its stem is a word the corpus
    writes often both bare and with ال, and more often than in this form — a name ending in
    «ا» is not («سيلفا», «زخاروفا», «كوريا»)."""
    stem = word[:-1]
    if len(word) < 4 or not word.endswith("ا") or stem in ix.gentilics:
        return False
    counts = match_counts()
    bare = counts.get(stem, 0)
    return (
        bare >= ACCUSATIVE_MIN
        and counts.get("ال" + stem, 0) >= ACCUSATIVE_MIN
        and counts.get(word, 0) <= COMMON_SHARE * bare  # «كوريا» is more than «كوري»'s case
    )


def _retyped(art: ArticleTokens, m: Mention) -> Mention:
    """A person span the model found that starts with an organisation's head noun is the
    organisation («مكتب مكافحة جرائم المعلوماتية»)."""
    if m.type == "person" and m.row is None and m.last - m.first > 1:
        if art.bare[m.first] in ALL_HEADS and art.bare[m.first] not in SITE_HEADS:
            m.type = "organisation"
            m.entity_id = "name:organisation:" + m.entity_id.rsplit(":", 1)[1]  # same name
    return m


def common_word(art: ArticleTokens, i: int, etype: str) -> bool:
    """A word the corpus mostly uses as a common noun: an organisation's head alone
    («حزب», «محطة»), a bare word the corpus also writes with ال often («سنة», «دبلوماسية»:
    names rarely take it), or, for people and places, a definite word whose bare form is
    as common («النفس», «الرد»; not «الأسد», «الشرقية»)."""
    w = art.bare[i]
    if w in ALL_HEADS:
        return True
    counts = match_counts()
    if not art.definite[i]:
        bare = counts.get(w, 0)
        return bare >= COMMON_MIN and counts.get("ال" + w, 0) >= COMMON_SHARE * bare
    if etype == "organisation":
        return False  # «الوحدة», «العين»: clubs
    with_al = counts.get("ال" + w, 0)
    return with_al >= COMMON_MIN and counts.get(w, 0) >= COMMON_SHARE * with_al


def _gentilics_inside(
    mentions: list[Mention], phrases: list[Mention], found: list[Mention]
) -> list[Mention]:
    """Country adjectives inside a kept organisation phrase («الشرطة العراقية»): the
    phrase names the body, the adjective still says which country (as a gentilic)."""
    kept = {id(p) for p in phrases}
    spans = [(m.first, m.last) for m in mentions if id(m) in kept]
    if not spans:
        return []
    return [g for g in found if g.gentilic and any(a <= g.first and g.last <= b for a, b in spans)]


def _model_mentions(mentions: pl.DataFrame | None) -> dict[str, list[ModelMention]]:
    out: dict[str, list[ModelMention]] = defaultdict(list)
    if mentions is None or mentions.height == 0:
        return out
    for aid, s, e, t, c in mentions.select(
        "article_id", "start", "end", "type", "confidence"
    ).iter_rows():
        out[aid].append(ModelMention(s, e, t, float(c) if c is not None else 0.0))
    return out


def link_many(
    articles: pl.DataFrame, mentions: pl.DataFrame | None = None, tokens: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """The four frames for a batch of articles (see the module docstring)."""
    if tokens is None:
        raise ValueError("link_many needs the cleaned stage's tokens frame")
    model = _model_mentions(mentions)
    meta = {
        aid: (text, pub)
        for aid, text, pub in articles.select(
            "article_id", "display_text", "published_date"
        ).iter_rows()
    }
    wanted = tokens.filter(pl.col("article_id").is_in(list(meta)))
    out = _Columns()
    seen: set[str] = set()
    texts = {aid: text for aid, (text, _) in meta.items()}
    for art in split_by_article(wanted, texts, can_start, is_date_cue):
        seen.add(art.article_id)
        found = model.get(art.article_id, [] if mentions is not None else None)
        out.add(art, meta[art.article_id][1], analyse_article(art, meta[art.article_id][1], found))
    for aid, (text, published) in meta.items():  # articles without tokens still have dates
        if aid not in seen:
            art = from_columns(aid, text, [], [], [], [], [], [])
            out.add(art, published, analyse_article(art, published, None))
    return {
        "linked_mentions": pl.DataFrame(out.linked, schema=LINKED_SCHEMA),
        "date_mentions": pl.DataFrame(out.dates, schema=DATE_SCHEMA),
        "roles": pl.DataFrame(out.roles, schema=ROLE_SCHEMA),
        "quotes": pl.DataFrame(out.quotes, schema=QUOTE_SCHEMA),
    }


class _Columns:
    """The four frames' rows as column lists (one list per column, in schema order): cheaper
    to fill and to hand to polars than a dict per row."""

    def __init__(self) -> None:
        self.linked: dict[str, list] = {c: [] for c in LINKED_SCHEMA}
        self.dates: dict[str, list] = {c: [] for c in DATE_SCHEMA}
        self.roles: dict[str, list] = {c: [] for c in ROLE_SCHEMA}
        self.quotes: dict[str, list] = {c: [] for c in QUOTE_SCHEMA}

    def add(self, art: ArticleTokens, published: date | None, result: ArticleEntities) -> None:
        aid, text, sentence = art.article_id, art.text, art.sentence
        ms = result.mentions
        c = self.linked
        c["article_id"] += [aid] * len(ms)
        c["mention_no"] += range(len(ms))
        c["sentence_no"] += [sentence[m.first] for m in ms]
        c["start"] += [m.start for m in ms]
        c["end"] += [m.end for m in ms]
        c["surface"] += [text[m.start : m.end] for m in ms]
        c["entity_id"] += [m.entity_id for m in ms]
        c["type"] += [m.type for m in ms]
        c["link_source"] += [m.link_source for m in ms]
        c["gentilic"] += [m.gentilic for m in ms]
        c["metonymy"] += [m.metonymy for m in ms]
        c["from_model"] += [m.from_model for m in ms]
        c["confidence"] += [m.confidence for m in ms]
        c["in_boilerplate"] += [None] * len(ms)  # set by the stage
        c = self.dates
        ds = result.dates
        c["article_id"] += [aid] * len(ds)
        for name in ("start", "end", "text", "value", "resolution", "kind"):
            c[name] += [getattr(d, name) for d in ds]
        c = self.roles
        rs = result.roles
        c["article_id"] += [aid] * len(rs)
        c["person_entity_id"] += [r.person.entity_id for r in rs]
        for name in ("person_name", "title", "org_entity_id", "org_name", "country_code"):
            c[name] += [getattr(r, name) for r in rs]
        c["start"] += [r.start for r in rs]
        c["end"] += [r.end for r in rs]
        c["published_date"] += [published] * len(rs)
        c = self.quotes
        qs = result.quotes
        c["article_id"] += [aid] * len(qs)
        for name in ("start", "end", "text", "verb", "speaker_text", "speaker_entity_id"):
            c[name] += [getattr(q, name) for q in qs]


def analyse_text(
    text: str, published: date | None = None, model: list[ModelMention] | None = None
) -> tuple[str, ArticleEntities]:
    """Clean one text (one paragraph per line) and analyse it: (display text, results).
    For quick use and tests; the pipeline goes through `link_many`."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    cleaned = clean_article(text, spans)
    return cleaned.display_text, analyse_article(from_cleaned("", cleaned), published, model)

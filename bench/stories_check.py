"""`python -m bench.stories_check WAREHOUSE`: recall and precision of `stories` against hand checks.

`bench/stories_checked.json` holds, as article ids only, 20 cross-outlet pairs of one wire story
found by hand (recall: how many pairs the warehouse puts in one story) and 50 multi-article
stories read by hand with a verdict (precision: how many were one report). After a change to
the grouping, the precision sample is re-checked as far as the same groups still exist; groups
that changed need reading again, and the script lists them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

CHECKED = Path(__file__).with_name("stories_checked.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse")
    args = parser.parse_args(argv)
    checked = json.loads(CHECKED.read_text(encoding="utf-8"))
    con = duckdb.connect(args.warehouse, read_only=True)
    story = dict(con.execute("SELECT article_id, story_id FROM story_articles").fetchall())
    members: dict[str, list[str]] = {}
    for article, story_id in story.items():
        members.setdefault(story_id, []).append(article)
    multi = sum(1 for m in members.values() if len(m) > 1)

    pairs = checked["recall_pairs"]["pairs"]
    found = [(a, b) for a, b in pairs if story.get(a) is not None and story.get(a) == story.get(b)]
    print(f"multi-article stories: {multi:,}")
    print(f"recall: {len(found)} of {len(pairs)} hand-found syndicated pairs in one story")
    for a, b in pairs:
        if (a, b) not in found:
            print(f"  missed: {a} {b}")

    same = unchanged = 0
    changed = []
    for item in checked["precision_stories"]["stories"]:
        ids = sorted(item["articles"])
        if sorted(members.get(story.get(ids[0], ""), [])) == ids:
            unchanged += 1
            same += item["same_story"]
        else:
            changed.append(ids)
    stories = checked["precision_stories"]["stories"]
    print(f"precision: {same} of {unchanged} hand-checked stories are one report "
          f"({len(stories) - unchanged} of {len(stories)} grouped differently now)")  # fmt: skip
    for ids in changed:
        print(f"  read again: {' '.join(ids)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

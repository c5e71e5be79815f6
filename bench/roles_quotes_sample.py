"""Print a seeded sample of `roles` and `quotes` rows with their sentence, to hand-check.

`python -m bench.roles_quotes_sample WAREHOUSE [N [SEED]]`: the same N rows of each table for the
same warehouse and seed (default 14, the issue-14 draw) (rows are ordered by a hash of article id and start, so the draw needs no RNG state).
The verdicts of the issue-14 check are in `bench/roles_quotes_check.tsv` (ids only, no text);
round 2 (70 rows of seed 14 and 30 of seed fresh2, before and after its rules) in
`bench/roles_quotes_check-round2-*.tsv`.
"""

from __future__ import annotations

import sys

import duckdb

ROLES = """
SELECT r.article_id, r.start, r."end", r.person_entity_id, r.person_name, r.title, r.org_name,
       r.org_entity_id, r.country_code,
       (SELECT string_agg(s.text, ' ‖ ') FROM sentences s
        WHERE s.article_id = r.article_id AND s."end" >= r.start AND s.start <= r."end") AS context
FROM roles r ORDER BY hash(r.article_id || r.start::VARCHAR || 'roles' || $seed) LIMIT $n
"""
QUOTES = """
SELECT q.article_id, q.start, q."end", q.speaker_entity_id, q.verb, q.speaker_text, e.name_ar,
       e.type, q.text,
       (SELECT string_agg(s.text, ' ‖ ') FROM sentences s
        WHERE s.article_id = q.article_id AND s."end" >= q.start AND s.start <= q.start) AS context
FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
ORDER BY hash(q.article_id || q.start::VARCHAR || 'quotes' || $seed) LIMIT $n
"""


def main(argv: list[str]) -> int:
    warehouse, n = argv[0], int(argv[1]) if len(argv) > 1 else 30
    params = {"n": n, "seed": argv[2] if len(argv) > 2 else "14"}
    with duckdb.connect(warehouse, read_only=True) as con:
        for i, r in enumerate(con.execute(ROLES, params).fetchall()):
            print(f"R{i:02d} {r[0]} {r[1]}-{r[2]} person={r[4]} ({r[3]}) title={r[5]}")
            print(f"    org={r[6]} ({r[7]}) country={r[8]}\n    {r[9]}")
        for i, q in enumerate(con.execute(QUOTES, params).fetchall()):
            print(f"Q{i:02d} {q[0]} {q[1]}-{q[2]} verb={q[4]} speaker={q[5]} -> {q[6]} ({q[7]})")
            print(f"    quote={q[8]}\n    {q[9]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

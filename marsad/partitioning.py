"""Which publication day an article belongs to (the partition key of every dated stage).

An article goes to the day it was published. An article with no publication date, or with one
outside the partition range (before 2000-01-01 or after tomorrow), goes to the day its file
landed (the file's modification time, UTC): it stays visible in the run that brought it, and its
`published_date` stays NULL (or it is quarantined as `date_out_of_range`) in the warehouse.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

PARTITION_START = date(2000, 1, 1)


def partition_end() -> date:
    return datetime.now(UTC).date() + timedelta(days=1)


def in_range(day: date | None) -> bool:
    return day is not None and PARTITION_START <= day <= partition_end()


def landed_day(mtime_ns: int) -> date:
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).date()


def partition_day(published: date | None, mtime_ns: int) -> date:
    return published if in_range(published) else landed_day(mtime_ns)

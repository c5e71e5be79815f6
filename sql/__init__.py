"""The project's SQL, one statement per file, shipped inside the package as `marsad.sql`.

The top-level `sql/` folder is installed as the `marsad.sql` package (see `package_dir` in
pyproject.toml), so the files are found the same way in a checkout and in an installed wheel.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def sql(name: str) -> str:
    """The text of `sql/<name>.sql`, e.g. sql("parsed/articles")."""
    return files(__name__).joinpath(f"{name}.sql").read_text(encoding="utf-8")

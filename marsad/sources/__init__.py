"""Landing-file readers (scraped pages, TREC XML, JSON Lines and arrays, CSV, Parquet, HTML, .gz and .zip) and the article parser."""

from marsad.sources.encoding import Decoded, decode_bytes
from marsad.sources.layouts import JSONL, LAYOUTS, SCRAPED_PAGE, TREC_XML, detect_layout
from marsad.sources.parse import parse_many, parse_record, published_date_hint
from marsad.sources.reader import read_landing_file

__all__ = [
    "JSONL",
    "LAYOUTS",
    "SCRAPED_PAGE",
    "TREC_XML",
    "Decoded",
    "decode_bytes",
    "detect_layout",
    "parse_many",
    "parse_record",
    "published_date_hint",
    "read_landing_file",
]

"""Packing the archive: index.xlsx and one PDF per item, named by its number, in one ZIP."""
from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

from workflow.archive.pdf import render_item_pdf
from workflow.archive.record import ItemRecord
from workflow.archive.workbook import render_index
from workflow.domain.archive import item_file_name


def write_zip(target: Path, items: Iterable[ItemRecord]) -> int:
    """Write the ZIP to `target` item by item (hundreds of PDFs need not sit in memory at once);
    returns how many items it holds."""
    indexed: list[tuple[ItemRecord, str]] = []
    taken: set[str] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for item in items:
            name = item_file_name(item.number, taken)
            package.writestr(name, render_item_pdf(item))
            indexed.append((item, name))
            taken.add(name)
        package.writestr("index.xlsx", render_index(indexed))
    return len(indexed)

"""How long masking takes where it runs: when a reply is previewed or published (never per page view;
the portal reads the masked snapshot). Pure functions, no database.

    .venv/bin/python bench/masking_bench.py [--runs 11]

Measures, median and minimum of --runs runs each:
- the first call in a process (jieba builds its prefix dictionary, cached in the temp directory);
- masking letters of 3,000, 10,000 and 50,000 characters built from the samples, with three
  listed names occurring every 500 characters, mobiles, ID numbers and e-mail addresses;
- masked copies of a DOCX (40 paragraphs and a table) and of a 20-page PDF with text.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402

from tests.files_support import pdf_with_personal_data  # noqa: E402
from workflow.domain.masking import MaskingRules, find_spans, mask  # noqa: E402
from workflow.domain.publication import text_masker  # noqa: E402
from workflow.masked_copies import masked_copy  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "workflow" / "demo" / "samples"
RULES = MaskingRules(person_names=("杨文艳", "何明", "戴培红"), contact_names=("邵军",))
INSERTS = ("杨文艳委员", "与何明代表沟通", "如何明确", "手机138 1234 5678", "身份证号330282199003071238",
           "邮箱heming@163.com", "联系人：邵军", "任何明显")


def letter(size: int) -> str:
    base = "".join(path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt")))
    text, i = [], 0
    while sum(map(len, text)) < size:
        text.append(base[(i * 500) % len(base):(i * 500) % len(base) + 500])
        text.append(INSERTS[i % len(INSERTS)])
        i += 1
    return "".join(text)[:size]


def docx_bytes() -> bytes:
    document = Document()
    body = letter(12_000)
    for i in range(40):
        document.add_paragraph(body[i * 300:(i + 1) * 300])
    table = document.add_table(rows=20, cols=3)
    for row in table.rows:
        row.cells[0].text, row.cells[1].text, row.cells[2].text = "杨文艳", "13812345678", "330282199003071238"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    start = time.perf_counter()
    mask("何明代表", RULES)
    print(f"first call (jieba's dictionary): {(time.perf_counter() - start) * 1000:.0f} ms")
    for size in (3_000, 10_000, 50_000):
        text = letter(size)
        spans = len(find_spans(text, RULES))
        median, best = timed(lambda text=text: mask(text, RULES), args.runs)
        print(f"letter {size:>6} chars, {spans:>4} spans: median {median:7.1f} ms  min {best:7.1f} ms")
    spans_of = text_masker(RULES, ["转贷资金池"])
    docx, pdf = docx_bytes(), pdf_with_personal_data(pages=20)
    for kind, data in (("docx", docx), ("pdf", pdf)):
        median, best = timed(lambda kind=kind, data=data: masked_copy(kind, data, spans_of), args.runs)
        print(f"masked copy of a {kind} ({len(data) // 1024} KB): median {median:7.1f} ms  min {best:7.1f} ms")


if __name__ == "__main__":
    main()

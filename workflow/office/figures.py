"""/office/figures: the office's figures (SPEC 6) as tables, charts and an XLSX download.

The filter comes by GET. A value that names nothing (an unknown session, a word where a number
belongs) is left out and the page says so, rather than failing or quietly showing other figures.
"""
from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.domain.figures import show_number, show_percent
from workflow.domain.lifecycle import Channel
from workflow.office import charts
from workflow.office.figure_columns import CO_COLUMNS, DAYS, PERCENT, columns, describe
from workflow.office.figures_workbook import workbook
from workflow.office.routes import bp
from workflow.services import figures, figures_cache
from workflow.services.figures import FigureFilter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_template_filter("figure")
def show_figure(value, kind: str) -> str:
    """A cell of the figures' tables: "85.7%", "8.0", "12", or "—" where nothing was measured."""
    if kind == PERCENT:
        return show_percent(value)
    return show_number(value) if kind == DAYS else str(value)


def _read_filter(choices: dict[str, list]) -> tuple[FigureFilter, list[str]]:
    ignored: list[str] = []
    known = {name: {row.id for row in rows} for name, rows in choices.items()}

    def pick(param: str, pool: str, label: str) -> int | None:
        raw = request.args.get(param, "").strip()
        if not raw:
            return None
        if raw.isascii() and raw.isdigit() and int(raw) in known[pool]:
            return int(raw)
        ignored.append(label)
        return None

    session = pick("session", "sessions", _("session"))
    bureau = pick("bureau", "bureaus", _("bureau"))
    category = pick("category", "categories", _("category"))
    channel = request.args.get("channel", "").strip() or None
    if channel is not None and channel not in set(Channel):
        ignored.append(_("channel"))
        channel = None
    key = request.args.get("key", "").strip()
    if key not in ("", "1"):
        ignored.append(_("key items"))
    return FigureFilter(session, channel, bureau, category, key == "1"), ignored


def _names(choices: dict[str, list]) -> dict[str, dict[int, str]]:
    return {
        "sessions": {s.id: s.name for s in choices["sessions"]},
        "bureaus": {b.id: b.name for b in choices["bureaus"]},
        "categories": {c.id: c.name for c in choices["categories"]},
    }


def _load():
    choices = figures.filter_choices()
    f, ignored = _read_filter(choices)
    return figures_cache.figures_for(current_user, f, utcnow()), choices, ignored


@bp.get("/figures")
def figures_page():
    result, choices, ignored = _load()
    share_labels = [c.code for c in result.categories]
    return render_template(
        "office/figures.html", result=result, choices=choices, ignored=ignored,
        columns=columns(result.categories), co_columns=CO_COLUMNS, today=local_date(result.at),
        on_time_chart=charts.bars([(r.bureau.label, r.counts.on_time_rate) for r in result.rows]),
        satisfaction_chart=charts.bars([(r.bureau.label, r.counts.satisfaction_rate) for r in result.rows]),
        share_segments=charts.stacked([(code, result.totals.share(code)) for code in share_labels]),
        bar_space=charts.BAR_SPACE, label_width=charts.LABEL_WIDTH,
    )


@bp.get("/figures.xlsx")
def figures_xlsx():
    result, choices, _ignored = _load()
    content = workbook(result, describe(result, _names(choices)))
    filename = f"figures-{local_date(result.at).isoformat()}.xlsx"
    return Response(content, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

"""The public portal (SPEC 3.5, issue 5): published replies for anyone, no login.

Stable URLs: /public/ (list and search), /public/replies/<id> (one reply, the id of its
publication), /public/replies/<id>/letter.docx|.pdf (the masked letter), /public/feed.atom,
/sitemap.xml. An id that was never published answers 404, exactly like one that does not exist;
a withdrawn one 410 with a page that says so and when, and nothing of its text.
"""
from __future__ import annotations

import io
from math import ceil

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for
from flask_babel import gettext as _

from workflow.domain.lifecycle import Channel
from workflow.domain.publication import DISCLOSURE_SCOPE, INFORMATION_CLASS
from workflow.domain.reply_text import DISCLOSURE_TEXT
from workflow.labels import CHANNEL_LABELS
from workflow.letters.docx import render_docx
from workflow.letters.pdf import render_pdf
from workflow.public.forms import PortalSearchForm
from workflow.services import publication, publication_files, search, uploads
from workflow.services.search import Gone, PublicFilter
from workflow.web_forms import int_arg

bp = Blueprint("public", __name__)

FEED_SIZE = 50
SITEMAP_SIZE = 50_000  # the sitemap protocol's limit per file
LETTERS = {
    "docx": (render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (render_pdf, "application/pdf"),
}


def portal_filter() -> PublicFilter:
    """The list's filters from the query string; anything unreadable is left out, never an error."""
    def text(name: str, limit: int) -> str | None:
        return (request.args.get(name) or "").strip()[:limit] or None

    channel = request.args.get("channel")
    return PublicFilter(
        q=request.args.get("q"),
        year=int_arg("year"), session=int_arg("session"), bureau=int_arg("bureau"),
        channel=channel if channel in set(Channel) else None,
        topic=text("topic", 64), resolution=text("resolution", 8),
        page=int_arg("page") or 1,
    )


@bp.get("/public/")
def index():
    filters = portal_filter()
    results = search.search(filters)
    return render_template("public/index.html", results=results, form=_search_form(), filters=filters)


@bp.get("/public/replies/<int:publication_id>")
def show(publication_id: int):
    try:
        row = search.get_published(publication_id)
    except Gone as gone:
        return render_template("public/withdrawn.html", row=gone.publication), 410
    return render_template("public/show.html", row=row, files=publication_files.of(row),
                           disclosure_text=DISCLOSURE_TEXT["public"], scope=DISCLOSURE_SCOPE,
                           information_class=INFORMATION_CLASS.get(row.channel, ""))


@bp.get("/public/replies/<int:publication_id>/letter.<any(docx, pdf):fmt>")
def letter(publication_id: int, fmt: str):
    try:
        row = search.get_published(publication_id)
    except Gone as gone:
        return render_template("public/withdrawn.html", row=gone.publication), 410
    render, mimetype = LETTERS[fmt]
    data = render(publication.public_letter(row))
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{row.doc_number or row.index_number}.{fmt}")


@bp.get("/public/replies/<int:publication_id>/files/<int:attachment_id>")
def attachment(publication_id: int, attachment_id: int):
    """The masked copy of an attachment (named by the original's id); never the original."""
    try:
        row = search.get_published(publication_id)
    except Gone as gone:
        return render_template("public/withdrawn.html", row=gone.publication), 410
    copy = publication_files.get(row, attachment_id)
    if copy is None:
        abort(404)
    return send_file(uploads.path_for(copy.storage_name), mimetype=copy.mimetype, as_attachment=True,
                     download_name=copy.filename)


@bp.get("/public/feed.atom")
def feed():
    rows = search.newest(FEED_SIZE)
    body = render_template("public/feed.xml", rows=rows, updated=rows[0].published_at if rows else None)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/sitemap.xml")
def sitemap():
    count = search.published_count()
    if count <= SITEMAP_SIZE:
        return _sitemap(search.published_ids(0, SITEMAP_SIZE), home=True)
    body = render_template("public/sitemap_index.xml", pages=range(1, ceil(count / SITEMAP_SIZE) + 1))
    return Response(body, mimetype="application/xml")


@bp.get("/sitemap-<int:page>.xml")
def sitemap_page(page: int):
    entries = search.published_ids((page - 1) * SITEMAP_SIZE, SITEMAP_SIZE) if page >= 1 else []
    if not entries:
        abort(404)
    return _sitemap(entries, home=page == 1)


def _sitemap(entries, home: bool) -> Response:
    # One url_for, then plain concatenation: a sitemap holds up to 50,000 addresses.
    base = url_for("public.show", publication_id=1, _external=True).removesuffix("1")
    body = render_template("public/sitemap.xml", entries=entries, home=home, base=base)
    return Response(body, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /api/", "Allow: /public/", f"Sitemap: {url_for('public.sitemap', _external=True)}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def _search_form() -> PortalSearchForm:
    form = PortalSearchForm(request.args)
    facets = search.facets()
    every = [("", _("All"))]
    form.year.choices = every + [(str(y), str(y)) for y in facets["year"]]
    form.channel.choices = every + [(c, str(CHANNEL_LABELS.get(c, c))) for c in facets["channel"]]
    form.topic.choices = every + [(t, t) for t in facets["topic"]]
    form.resolution.choices = every + [(code, f"{code} {label or ''}".strip()) for code, label in facets["resolution"]]
    form.session.choices = every + [(str(s.id), s.name) for s in facets["session"]]
    form.bureau.choices = every + [(str(b.id), b.name) for b in facets["bureau"]]
    return form

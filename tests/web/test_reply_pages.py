"""Issue 3 through the real pages (test client), as each role, with bad input."""
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.handling_support import (
    BODY,
    LATER,
    PDF,
    add_contact,
    approved,
    awaiting_approval,
    co_of,
    draft,
    lead_of,
    received,
    sent,
    submit_opinion,
)
from tests.letters.format_checks import assert_letter_format
from tests.web.admin_support import field_error
from workflow.extensions import db
from workflow.models import Contact, CoOpinion, ExtensionRequest, Proposal, Reply
from workflow.services import feedback
from workflow.services.feedback import FeedbackInput


@pytest.fixture
def en(login):
    """A client logged in as `username`, reading English."""

    def _en(username):
        client = login(username)
        client.post("/lang/en", data={"next": "/"})
        return client

    return _en


def reload(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


FORM = {
    "title": "关于对测试cppcc会议第1号提案答复的函", "salutation": "杨文艳委员：", "body": BODY, "resolution": "A",
    "disclosure": "public", "contact_name": "邵军", "contact_phone": "0579-82468101", "copy_to": "市财政局\n市政协提案委",
}


# -- the bureau's handling page -------------------------------------------------------------------

def test_the_clerk_records_a_contact_with_an_attachment(en, w):
    p = received(w)
    lead = lead_of(p)
    clerk = en("clerk")
    page = clerk.get(f"/bureau/assignments/{lead.id}").text
    assert 'data-testid="contact-form"' in page and "No contact recorded yet." in page
    response = clerk.post(f"/bureau/assignments/{lead.id}/contacts", data={
        "contacted_on": "2026-03-10", "way": "in_person", "participants": "杨文艳", "notes": "面商办理方案",
        "attachments": (io.BytesIO(PDF), "纪要.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    page = clerk.get(f"/bureau/assignments/{lead.id}").text
    assert "面商办理方案" in page and "纪要.pdf" in page
    contact = db.session.execute(select(Contact)).scalar_one()
    assert contact.way == "in_person"
    # On the proposal page too, for the bureaus and the office; not for the proposer.
    assert "面商办理方案" in en("office").get(f"/proposals/{p.id}").text
    assert "面商办理方案" not in en("proposer").get(f"/proposals/{p.id}").text


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"contacted_on": "2099-01-01", "way": "phone"}, "contacted_on", "once it has happened"),
    ({"contacted_on": "2026-03-10", "way": ""}, "way", "Choose how"),
])
def test_bad_contacts_are_answered_next_to_the_field(en, w, data, field, message):
    p = received(w)
    response = en("clerk").post(f"/bureau/assignments/{lead_of(p).id}/contacts", data=data)
    assert response.status_code == 400
    assert message in field_error(response.text, field)
    assert db.session.execute(select(Contact)).first() is None


def test_an_upload_of_the_wrong_type_is_refused_on_the_page(en, w):
    p = received(w)
    response = en("clerk").post(f"/bureau/assignments/{lead_of(p).id}/contacts", data={
        "contacted_on": "2026-03-10", "way": "phone", "attachments": (io.BytesIO(b"MZ\x90\x00"), "scan.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "“scan.pdf” is not a file of an allowed type" in response.text
    assert db.session.execute(select(Contact)).first() is None


def test_the_co_clerk_writes_and_submits_the_opinion(en, w):
    p = received(w)
    co = co_of(p)
    coclerk = en("coclerk")
    page = coclerk.get(f"/bureau/assignments/{co.id}").text
    assert 'data-testid="opinion-form"' in page and 'data-testid="contact-form"' not in page
    coclerk.post(f"/bureau/assignments/{co.id}/opinion", data={"body": "财政资金予以保障。", "then": "save"})
    opinion = db.session.execute(select(CoOpinion)).scalar_one()
    assert opinion.state == "draft"
    response = coclerk.post(f"/bureau/assignments/{co.id}/opinion", data={
        "body": "财政资金予以保障。", "then": "submit", "version": opinion.version,
    }, follow_redirects=True)
    assert "Opinion submitted." in response.text
    assert reload(CoOpinion, opinion.id).state == "submitted"
    # The lead bureau sees it beside its draft.
    editor = en("clerk").get(f"/bureau/assignments/{lead_of(p).id}/reply").text
    assert 'data-testid="opinions-beside"' in editor and "财政资金予以保障。" in editor
    # The lead bureau does not open the co bureau's handling page.
    assert en("clerk").get(f"/bureau/assignments/{co.id}").status_code == 404


def test_extension_request_leader_and_office_on_the_pages(en, w):
    p = received(w)
    lead = lead_of(p)
    clerk = en("clerk")
    bad = clerk.post(f"/bureau/assignments/{lead.id}/extension", data={"reason": "x", "asked_due": "2026-12-31"})
    assert bad.status_code == 400 and "At most 2026-09-10" in field_error(bad.text, "asked_due")
    clerk.post(f"/bureau/assignments/{lead.id}/extension", data={"reason": "需多部门会商", "asked_due": "2026-07-31"})
    row = db.session.execute(select(ExtensionRequest)).scalar_one()
    assert row.state == "awaiting_leader"
    en("approver").post(f"/bureau/extension-requests/{row.id}/endorse", data={})
    assert reload(ExtensionRequest, row.id).state == "awaiting_office"
    office = en("office")
    assert 'data-testid="action-grant"' in office.get(f"/bureau/assignments/{lead.id}").text
    response = office.post(f"/bureau/extension-requests/{row.id}/grant", data={"due": "2026-07-20", "note": "同意"},
                           follow_redirects=True)
    assert "Extension granted" in response.text
    assert reload(ExtensionRequest, row.id).granted_due == date(2026, 7, 20)
    assert en("coclerk").post(f"/bureau/extension-requests/{row.id}/grant", data={}).status_code == 404


# -- the reply editor and the reply page -----------------------------------------------------------

def test_the_clerk_drafts_in_the_editor_pre_filled(en, w):
    p = received(w)
    clerk = en("clerk")
    page = clerk.get(f"/bureau/assignments/{lead_of(p).id}/reply").text
    assert 'value="关于对测试cppcc会议第1号提案答复的函"' in page and 'value="杨文艳委员："' in page
    assert 'data-rich="1"' in page
    form = dict(FORM, body="<p>一、关于<b>融资</b></p><script>alert('x')</script><img src=x onerror=alert(1)>")
    response = clerk.post(f"/bureau/assignments/{lead_of(p).id}/reply", data=form)
    reply = db.session.execute(select(Reply)).scalar_one()
    assert response.headers["Location"].endswith(f"/replies/{reply.id}")
    assert reply.body == "<p>一、关于<b>融资</b></p>" and reply.copy_to == ["市财政局", "市政协提案委"]
    page = clerk.get(f"/replies/{reply.id}").text
    assert "<p>一、关于<b>融资</b></p>" in page and "alert(" not in page and "onerror" not in page
    assert "Version 1" in page
    # A second visit to "write the reply" opens the same draft.
    assert clerk.get(f"/bureau/assignments/{lead_of(p).id}/reply").headers["Location"].endswith(f"/replies/{reply.id}/edit")


def test_a_stale_save_keeps_the_text_and_says_so(en, w):
    p = received(w)
    reply = draft(w, p)
    clerk = en("clerk")
    old = reply.version
    first = clerk.post(f"/replies/{reply.id}/edit", data=dict(FORM, body="甲的修改", version=old))
    assert first.status_code == 302
    second = clerk.post(f"/replies/{reply.id}/edit", data=dict(FORM, body="乙的修改", version=old))
    assert second.status_code == 409
    assert "Someone else changed this item" in second.text and 'data-testid="stale"' in second.text
    assert "乙的修改" in second.text  # still on the page, not lost
    assert reload(Reply, reply.id).body == "<p>甲的修改</p>"


def test_submit_warns_about_the_missing_opinion_and_takes_a_confirmation(en, w):
    p = received(w)
    add_contact(w, p)
    reply = draft(w, p)
    clerk = en("clerk")
    page = clerk.get(f"/replies/{reply.id}").text
    assert "No co-handling opinion yet from: 市财政局." in page and 'data-testid="confirm-missing"' in page
    refused = clerk.post(f"/replies/{reply.id}/submit", data={"version": reply.version}, follow_redirects=True)
    assert "Confirm that the reply goes to approval without it." in refused.text
    assert reload(Reply, reply.id).state == "draft"
    clerk.post(f"/replies/{reply.id}/submit", data={"version": reply.version, "confirm_missing_opinions": "y"})
    assert reload(Reply, reply.id).state == "awaiting_approval"


def test_the_approver_returns_then_approves(en, w):
    reply = awaiting_approval(w)
    approver = en("approver")
    page = approver.get(f"/replies/{reply.id}").text
    assert 'data-testid="action-approve"' in page and 'data-testid="action-edit"' not in page
    no_note = approver.post(f"/replies/{reply.id}/return", data={"note": "", "version": reply.version},
                            follow_redirects=True)
    assert "the clerk sees your comments" in no_note.text
    approver.post(f"/replies/{reply.id}/return", data={"note": "请补充数据", "version": reply.version})
    returned = reload(Reply, reply.id)
    assert returned.state == "returned"
    assert "请补充数据" in en("clerk").get(f"/replies/{reply.id}/edit").text
    en("clerk").post(f"/replies/{reply.id}/submit", data={"version": returned.version})
    response = approver.post(f"/replies/{reply.id}/approve", data={"version": reload(Reply, reply.id).version},
                             follow_redirects=True)
    assert "The document number is assigned" in response.text
    assert reload(Reply, reply.id).doc_number in response.text
    assert en("clerk").post(f"/replies/{reply.id}/approve", data={}, follow_redirects=True).status_code == 200
    assert "You may not do this" in en("clerk").post(f"/replies/{reply.id}/return", data={"note": "x"},
                                                      follow_redirects=True).text


def test_compare_two_versions_side_by_side(en, w):
    p = received(w)
    reply = draft(w, p, body="<p>第一段</p><p>旧的第二段</p>")
    from tests.handling_support import complete
    from workflow.services import drafting

    drafting.save(w.clerk, reply.id, complete(body="<p>第一段</p><p>新的第二段</p><p>第三段</p>"), LATER, reply.version)
    page = en("clerk").get(f"/replies/{reply.id}/compare?a=1&b=2").text
    assert '<tr class="changed" data-kind="changed"><td><mark>旧</mark>的第二段</td><td><mark>新</mark>的第二段</td></tr>' in page
    assert 'data-kind="added"><td></td><td><mark>第三段</mark></td>' in page
    assert en("clerk").get(f"/replies/{reply.id}/compare?a=1&b=9", follow_redirects=True).status_code == 200


def test_the_proposer_downloads_the_letter_and_rates(en, w):
    reply = sent(w)
    proposer = en("proposer")
    page = proposer.get(f"/replies/{reply.id}").text
    assert reply.doc_number in page and 'data-testid="feedback-form"' in page
    assert 'data-testid="versions"' not in page  # the drafts are the bureau's
    docx = proposer.get(f"/replies/{reply.id}/letter.docx")
    assert docx.status_code == 200 and docx.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = proposer.get(f"/replies/{reply.id}/letter.pdf")
    assert pdf.data.startswith(b"%PDF") and "attachment" in pdf.headers["Content-Disposition"]
    assert_letter_format(pdf.data, docx.data, reply.doc_number)
    bad = proposer.post(f"/replies/{reply.id}/feedback", data={"rating": "unsatisfied", "attitude": "satisfied",
                                                               "result": "unsatisfied"}, follow_redirects=True)
    assert "Say what you are not satisfied with" in bad.text
    proposer.post(f"/replies/{reply.id}/feedback", data={"rating": "unsatisfied", "attitude": "satisfied",
                                                         "result": "unsatisfied", "comments": "资金池未落实"})
    assert reload(Reply, reply.id).feedback_outcome == "unsatisfied"
    # Another proposer sees neither the reply nor its letter.
    other = en("proposer2")
    assert other.get(f"/replies/{reply.id}").status_code == 404
    assert other.get(f"/replies/{reply.id}/letter.pdf").status_code == 404


def test_the_office_decides_on_unsatisfied_feedback(en, w):
    reply = sent(w)
    office = en("office")
    assert 'data-testid="decide-feedback"' not in office.get(f"/proposals/{reply.proposal_id}").text
    feedback.rate(w.proposer, reply.id, FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", "未解决"), LATER)
    page = office.get(f"/proposals/{reply.proposal_id}").text
    assert 'data-testid="decide-feedback"' in page and "未解决" in page
    refused = office.post(f"/office/proposals/{reply.proposal_id}/close", data={"note": ""}, follow_redirects=True)
    assert "Write the note that closes the item" in refused.text
    office.post(f"/office/proposals/{reply.proposal_id}/rehandle", data={"note": "请再沟通"})
    assert reload(Proposal, reply.proposal_id).state == "rehandling"
    assert "write-reply" in en("clerk").get(f"/bureau/assignments/{reply.assignment_id}").text


def test_the_office_corrects_the_category(en, w):
    reply = sent(w)
    office = en("office")
    assert 'data-testid="action-correct-category"' in office.get(f"/replies/{reply.id}").text
    office.post(f"/replies/{reply.id}/category", data={"resolution": "C", "note": "应为C类"})
    assert reload(Reply, reply.id).resolution == "C"
    refused = en("clerk").post(f"/replies/{reply.id}/category", data={"resolution": "B", "note": "x"},
                               follow_redirects=True)
    assert "You may not do this" in refused.text and reload(Reply, reply.id).resolution == "C"


def test_attachments_download_only_for_those_who_see_them(en, w):
    p = received(w)
    from workflow.services.contacts import ContactInput
    from workflow.services.contacts import add_contact as add
    from workflow.services.uploads import Upload

    contact = add(w.clerk, lead_of(p).id, ContactInput(date(2026, 3, 12), "phone", attachments=[
        Upload("会议纪要.pdf", PDF)]), LATER)
    [file] = contact.attachments
    response = en("clerk").get(f"/files/{file.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%E4%BC%9A" in response.headers["Content-Disposition"]
    assert en("office").get(f"/files/{file.id}").status_code == 200
    assert en("proposer").get(f"/files/{file.id}").status_code == 404
    assert en("otherclerk").get(f"/files/{file.id}").status_code == 404


def test_the_timeline_shows_the_proposer_the_steps_that_concern_them(en, w):
    reply = approved(w)
    from workflow.services import approval

    approval.send(w.clerk, reply.id, LATER)
    office_page = en("office").get(f"/proposals/{reply.proposal_id}").text
    proposer_page = en("proposer").get(f"/proposals/{reply.proposal_id}").text
    assert "Approved the reply (签发)" in office_page and "Saved the reply draft" in office_page
    assert "Sent the reply" in proposer_page and "Every reply sent" in proposer_page
    assert "Approved the reply" not in proposer_page and "Saved the reply draft" not in proposer_page


def test_the_work_list_links_to_the_handling_page(en, w):
    p = received(w)
    page = en("clerk").get("/").text
    assert 'data-task="draft_reply"' in page and "Write the reply" in page
    assert f'href="/bureau/assignments/{lead_of(p).id}"' in page
    submit_opinion(w, p)
    assert 'data-task="write_opinion"' not in en("coclerk").get("/").text


def test_another_bureau_gets_404_everywhere(en, w):
    reply = awaiting_approval(w)
    other = en("otherclerk")
    for url in (f"/replies/{reply.id}", f"/replies/{reply.id}/edit", f"/replies/{reply.id}/compare",
                f"/bureau/assignments/{reply.assignment_id}", f"/bureau/assignments/{reply.assignment_id}/reply"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/replies/{reply.id}/approve", data={}).status_code == 302
    assert reload(Reply, reply.id).state == "awaiting_approval"
    assert re.search(r"No such reply", other.get(f"/replies/{reply.id}").text)


def test_proposers_do_not_open_the_bureaus_handling_pages(en, w):
    p = received(w)
    from workflow.services import opinions
    from workflow.services.opinions import OpinionInput

    opinions.save(w.coclerk, co_of(p).id, OpinionInput("内部草稿：资金尚未落实"), LATER)
    proposer = en("proposer")
    for assignment in (lead_of(p), co_of(p)):
        response = proposer.get(f"/bureau/assignments/{assignment.id}")
        assert response.status_code == 404 and "内部草稿" not in response.text
    assert proposer.get(f"/bureau/assignments/{lead_of(p).id}/reply").status_code == 302


def test_no_new_reply_once_the_item_is_replied(en, w):
    reply = sent(w)
    response = en("clerk").get(f"/bureau/assignments/{reply.assignment_id}/reply", follow_redirects=True)
    assert response.request.path == f"/replies/{reply.id}"  # the sent reply, not a new draft
    feedback.rate(w.proposer, reply.id, FeedbackInput("satisfied", "satisfied", "satisfied"), LATER)
    page = en("clerk").get(f"/bureau/assignments/{reply.assignment_id}/reply?kind=follow_up", follow_redirects=True)
    assert "The item does not wait for a reply now." in page.text  # category A: no follow-up

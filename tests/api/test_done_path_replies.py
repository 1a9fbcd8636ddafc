"""Issue 3's done path through the API alone: contact, co-opinion, a draft revised, returned once
and approved, the letters, an unsatisfied rating, re-handling, a second reply rated satisfied,
the item closed, every step on the timeline."""
from __future__ import annotations

from tests.handling_support import BODY, co_of, lead_of
from tests.letters.format_checks import assert_letter_format

DRAFT = {
    "body": BODY, "resolution": "B", "disclosure": "public", "contact_name": "邵军", "contact_phone": "0579-82468101",
}


def test_from_handling_to_closed(api, world):
    p = world.proposal("in_handling")
    lead, co = lead_of(p).id, co_of(p).id
    clerk, coclerk, approver = api(world.clerk), api(world.coclerk), api(world.approver)
    proposer, office = api(world.proposer), api(world.office)

    clerk.act("assignments", lead, "receive")
    coclerk.act("assignments", co, "receive")
    clerk.act("assignments", lead, "add-contact", {"contacted_on": "2026-03-10", "way": "in_person",
                                                    "participants": "杨文艳", "notes": "面商"})
    coclerk.act("assignments", co, "submit-opinion", {"body": "财政资金予以保障。"})

    # The clerk drafts, revises and submits; the leader returns it once, then approves.
    [reply_id] = clerk.act("assignments", lead, "save-draft", DRAFT)["reply_ids"]
    reply = clerk.get(f"replies/{reply_id}").get_json()
    assert reply["title"] == "关于对测试cppcc会议第1号提案答复的函" and reply["salutation"] == "杨文艳委员："
    reply = clerk.act("replies", reply_id, "save", {"body": BODY + "<p>二、下步打算</p>", "version": reply["version"]})
    reply = clerk.act("replies", reply_id, "submit", {"version": reply["version"]})
    assert reply["state"] == "awaiting_approval"
    reply = approver.act("replies", reply_id, "return", {"note": "请补充资金数额", "version": reply["version"]})
    assert (reply["state"], reply["return_note"]) == ("returned", "请补充资金数额")
    reply = clerk.act("replies", reply_id, "save", {"body": BODY + "<p>资金池规模5000万元。</p>",
                                                     "version": reply["version"]})
    reply = clerk.act("replies", reply_id, "submit", {"version": reply["version"]})
    reply = approver.act("replies", reply_id, "approve", {"version": reply["version"]})
    number = reply["doc_number"]
    assert reply["state"] == "approved" and number == f"{world.lead.prefix_cppcc}〔2026〕1号"
    assert [v["number"] for v in reply["versions"]] == [1, 2, 3] and reply["approved_version"] == 3
    assert clerk.act("replies", reply_id, "send")["state"] == "sent"

    # The proposer reads, downloads and rates it unsatisfied.
    mine = proposer.get(f"replies/{reply_id}").get_json()
    docx = proposer.get(mine["letter"]["docx"]).data
    pdf = proposer.get(mine["letter"]["pdf"]).data
    assert_letter_format(pdf, docx, number)
    proposer.act("replies", reply_id, "feedback", {"rating": "unsatisfied", "attitude": "basically_satisfied",
                                                   "result": "unsatisfied", "comments": "资金数额偏小"})
    assert office.get(f"proposals/{p.id}").get_json()["state"] == "replied"

    # The office orders re-handling; the second reply goes the same way.
    assert office.act("proposals", p.id, "order-rehandling", {"note": "请再与委员沟通"})["state"] == "rehandling"
    second = clerk.act("assignments", lead, "save-draft", dict(DRAFT, body="<p>经再次研究，资金池扩大至1亿元。</p>"))
    assert second["round"] == 2
    second_id = next(r for r in second["reply_ids"] if r != reply_id)
    again = clerk.act("replies", second_id, "submit", {"version": clerk.get(f"replies/{second_id}").get_json()["version"]})
    again = approver.act("replies", second_id, "approve", {"version": again["version"]})
    assert again["doc_number"] == f"{world.lead.prefix_cppcc}〔2026〕2号" and again["round"] == 2
    clerk.act("replies", second_id, "send")
    proposer.act("replies", second_id, "feedback", {"rating": "satisfied", "attitude": "satisfied",
                                                    "result": "satisfied"})

    final = office.get(f"proposals/{p.id}").get_json()
    assert (final["state"], final["close_reason"]) == ("closed", "satisfied")
    assert [(r["round"], r["feedback_outcome"]) for r in final["replies"]] == [(1, "unsatisfied"), (2, "satisfied")]
    steps = [e["action"] for e in final["timeline"]]
    expected = [
        "receive", "receive", "add-contact", "opinion-submit", "reply-save", "reply-save", "reply-submit",
        "reply-return", "reply-save", "reply-submit", "reply-approve", "reply-send", "replied", "reply-rated",
        "rehandle", "order-rehandling", "reply-save", "reply-submit", "reply-approve", "reply-send", "replied",
        "reply-rated", "closed-satisfied",
    ]
    remaining = iter(steps)
    assert all(step in remaining for step in expected), steps  # in this order, others between
    # The proposer's timeline leaves out the bureau's working steps.
    theirs = [e["action"] for e in proposer.get(f"proposals/{p.id}").get_json()["timeline"]]
    assert "reply-return" not in theirs and "reply-send" in theirs and "closed-satisfied" in theirs

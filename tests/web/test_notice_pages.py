"""Event notices under the bell: counted as unread, named for what happened, linked to what waits."""
import re

from tests.handling_support import LATER, add_contact, draft, received, sent, submit_opinion
from workflow.services import approval, settings


def html(response) -> str:
    return response.get_data(as_text=True)


def unread_badge(page: str) -> str | None:
    match = re.search(r'data-testid="unread-count">(\d+)<', page)
    return match.group(1) if match else None


def notices(page: str) -> list[str]:
    return [" ".join(text.split()) for text in re.findall(r'data-testid="notice">(.*?)</span>', page, re.S)]


def test_the_bell_tells_a_clerk_of_a_new_assignment(login, w):
    proposal = w.proposal("in_handling")
    lead = next(a for a in proposal.assignments if a.bureau_id == w.lead.id)
    client = login("clerk")
    page = html(client.get("/notifications/"))
    assert unread_badge(page) == "1" and notices(page) == ["新交办"]
    assert f'href="/bureau/assignments/{lead.id}"' in page and proposal.title in page
    client.post("/lang/en")
    page = html(client.get("/notifications/"))
    assert notices(page) == ["New assignment"] and "Sign for assignment" in page and "2026-03-13" in page
    client.post("/notifications/read", data={"all": "1"})
    assert unread_badge(html(client.get("/"))) is None
    assert unread_badge(html(login("approver").get("/"))) is None  # an approver has nothing to sign for


def test_the_bell_leads_the_proposer_to_rate_the_sent_reply(login, w):
    reply = sent(w)
    client = login("proposer")
    client.post("/lang/en")
    page = html(client.get("/notifications/"))
    # Newest first: the reply, then the bureau's contact person, the bureaus and the filing (issue 9 §3).
    assert notices(page) == ["Reply received: please rate it", "Signed for: your contact person",
                             "Handling bureaus assigned", "Filed"]
    assert unread_badge(page) == "4"
    link = re.search(r'<a href="(/replies/\d+)">', page).group(1)
    assert link == f"/replies/{reply.id}"
    assert 'data-testid="feedback-form"' in html(client.get(link))  # where the proposer rates it


def test_the_bell_asks_a_co_bureau_to_co_sign_the_reply(login, w):
    settings.put("co_signature_before_approval", True)
    proposal = received(w)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = approval.submit(w.clerk, draft(w, proposal).id, LATER)
    client = login("coclerk")
    page = html(client.get("/notifications/"))
    assert notices(page) == ["答复待会签", "新交办"] and "2026-06-10" in page  # the reply's due date
    link = f'href="/replies/{reply.id}"'
    assert link in page
    assert 'data-testid="action-cosign"' in html(client.get(f"/replies/{reply.id}"))  # where it co-signs
    client.post("/lang/en")
    assert notices(html(client.get("/notifications/"))) == ["Reply awaits your co-signature", "New assignment"]

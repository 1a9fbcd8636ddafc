"""Issue 9 §3: every event that the services record maps to the notices it sends, or to an explicit
"nobody, because …" (workflow/domain/notices.py EVENT_NOTICES). A new event without an entry fails
here, so nobody who must act on it is left unaware by oversight."""
import re
from pathlib import Path

from workflow.domain.notices import EVENT_NOTICES, RULES, Nobody, Notice
from workflow.labels import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2] / "workflow"
# The ways the services write an event: events.record("x", …), move_proposal(p, S.X, "x", …),
# a machine's _move(row, S.X, "x", …), and the names put together from a fixed part.
CALLS = re.compile(r'(?:events\.record|record|move_proposal|_move)\(\s*(?:[\w.\[\]]+\s*,\s*){0,2}f?"([a-z{][a-z{}_-]*)"')
PATTERNS = {
    "closed-{reason}": ("closed-satisfied", "closed-no-feedback"),
    "{action}-extension": ("decline-extension", "refuse-extension"),
    **{f"{{kind}}-{step}": (f"category-{step}", f"reason-{step}") for step in ("create", "update", "move")},
}


# Hyphenated names in the services that are no events: a password-check word, a thread's name.
NOT_EVENTS = {"not-a-password", "notification-lease"}


def _machine_actions() -> set[str]:
    from workflow.domain import archive, assignment, clues, extension, lifecycle, opinion, publication, reply

    machines = (archive.ARCHIVE, assignment.ASSIGNMENT, clues.CLUE, extension.EXTENSION, lifecycle.PROPOSAL,
                opinion.OPINION, publication.PUBLICATION, reply.REPLY)
    return {t.action for machine in machines for t in machine.transitions}


def _clue_actions() -> set[str]:
    from workflow.domain.clues import CLUE

    return {t.action for t in CLUE.transitions}


def recorded_events() -> set[str]:
    """The event names in the services: the first argument of the calls that write an event, and
    every other hyphenated name there that is not merely a transition's (a check, not an event)."""
    found: set[str] = set()
    hyphenated: set[str] = set()
    for path in (ROOT / "services").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in CALLS.findall(text):
            if path.name == "clues.py" and not name.startswith("clue-"):
                name = f"clue-{name}"  # clues._move records f"clue-{action}"
            if name == "clue-{action}":  # ... of every step of a clue's machine
                found.update(f"clue-{action}" for action in _clue_actions())
                continue
            found.update(PATTERNS.get(name, (name,)))
        hyphenated.update(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', text))
        found.update(re.findall(r'^[A-Z_]*ACTION\s*=\s*"([a-z][a-z-]*)"', text, re.M))  # IMPORT_ACTION = "import"
    found |= hyphenated - _machine_actions() - NOT_EVENTS
    # Named by a decision at run time: the office's on a reassignment request, a co-signer's answer.
    found.update({"approve-reassignment", "refuse-reassignment", "confirm-cosign", "decline-cosign", "close",
                  "closed-satisfied", "closed-no-feedback", "reminder"})
    found.update(f"{kind}-{step}" for kind in ("category", "reason") for step in ("activate", "deactivate"))
    return found


def test_the_scan_finds_the_events_of_every_kind_of_service():
    found = recorded_events()
    assert {"file", "reject", "merge", "assign", "receive", "request-reassignment", "reply-send",
            "request-extension", "grant-extension", "user-create", "publish"} <= found


def test_every_recorded_event_has_an_entry():
    missing = sorted(recorded_events() - set(EVENT_NOTICES))
    assert missing == [], f"events without a notice entry (add notices or Nobody(because …)): {missing}"


def test_every_event_on_the_timeline_has_an_entry():
    """The timeline labels every event the log may hold; each of those needs an entry too."""
    machine_steps = {"approve", "close", "cosign", "decline", "endorse", "feedback", "grant", "object", "refuse",
                     "return", "save", "send", "add-contact", "save-draft", "save-opinion", "submit-opinion",
                     "approve-opinion", "return-opinion", "confirm-cosign", "decline-cosign"}
    # Labels of actions on a page (buttons), not events in the log.
    missing = sorted(set(ACTION_LABELS) - machine_steps - set(EVENT_NOTICES) - {"reminder"})
    assert missing == []


def test_each_entry_sends_known_notices_or_says_why_nobody_is_told():
    for action, entry in EVENT_NOTICES.items():
        if isinstance(entry, Nobody):
            assert len(entry.because) > 10, action
        else:
            assert entry and all(notice in RULES for notice in entry), action


def test_every_notice_is_sent_by_some_event():
    sent = {n for entry in EVENT_NOTICES.values() if not isinstance(entry, Nobody) for n in entry}
    assert sent == set(Notice)


def test_the_cases_issue_9_names_reach_someone():
    """A rejected deputy, an invited co-signer, the office with a reassignment or extension
    request: before, each heard nothing."""
    for action in ("reject", "file", "merge", "assign", "receive", "submit", "request-reassignment",
                   "endorse-extension", "request-extension"):
        assert not isinstance(EVENT_NOTICES[action], Nobody), action

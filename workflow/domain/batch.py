"""Acting on several items at once (issue 10, batch work): each item is still checked and logged
on its own by its use case; the batch says which items were refused and why. The user chooses
what a partial refusal does: save the others (`save_rest`), or save nothing (`all_or_nothing`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

MAX_ITEMS = 500  # a session's worth; more in one click is a mistake


class BatchMode(StrEnum):
    SAVE_REST = "save_rest"
    ALL_OR_NOTHING = "all_or_nothing"


@dataclass(frozen=True)
class Refusal:
    item_id: int
    message: str


@dataclass
class BatchOutcome:
    mode: BatchMode
    done: list[int] = field(default_factory=list)  # ids the use case accepted, in order
    refused: list[Refusal] = field(default_factory=list)

    @property
    def saved(self) -> list[int]:
        """What is in the database now: in all-or-nothing mode one refusal keeps every item out."""
        if self.mode == BatchMode.ALL_OR_NOTHING and self.refused:
            return []
        return list(self.done)


def item_ids(values: list[str] | list[int], limit: int = MAX_ITEMS) -> list[int]:
    """The chosen ids from a form: whole positive numbers, each once, in the order given."""
    found = []
    for value in values:
        text = str(value).strip()
        if text.isascii() and text.isdigit() and 0 < len(text) < 10:
            found.append(int(text))
    return list(dict.fromkeys(found))[:limit]

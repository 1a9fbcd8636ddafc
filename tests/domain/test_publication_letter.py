"""The masked letter (SPEC 3.5): one document, masked, split back into its parts; hand-marked
phrases; the publication's transition table."""
from __future__ import annotations

import pytest

from workflow.domain.machine import WrongRole, WrongState
from workflow.domain.masking import MaskingRules
from workflow.domain.publication import (
    OFFICE,
    PUBLICATION,
    PUBLISHER,
    REDACTOR,
    LetterText,
    PublicationState,
    clean_phrases,
    cut_at_lines,
    mask_letter,
    phrase_spans,
)

LETTER = LetterText.of(
    "关于对政协第1号提案答复的函",
    "杨文艳委员：",
    ["您提出的建议收悉。经与杨 文艳委员沟通（手机138-5801-2345），现答复如下：", "", "  一、关于融资难问题。\n张三丰另有来信。 "],
    "联系人：邵军，联系电话：0579-82468101",
)
RULES = MaskingRules(person_names=("杨文艳",), contact_names=("邵军",))


def test_parts_are_single_lines_without_empty_paragraphs() -> None:
    assert LETTER.paragraphs == (
        "您提出的建议收悉。经与杨 文艳委员沟通（手机138-5801-2345），现答复如下：",
        "一、关于融资难问题。 张三丰另有来信。",
    )
    assert LETTER.document.count("\n") == 4  # title, salutation, two paragraphs, contact
    assert LETTER.body == "\n".join(LETTER.paragraphs)


def test_mask_letter_masks_every_part_and_keeps_the_landline() -> None:
    result = mask_letter(LETTER, RULES)
    assert result.masked.title == LETTER.title
    assert result.masked.salutation == "杨**委员："
    assert result.masked.paragraphs[0] == "您提出的建议收悉。经与杨**委员沟通（手机138-****-2345），现答复如下："
    assert result.masked.contact == "联系人：邵 *，联系电话：0579-82468101"
    assert result.original == LETTER  # the original is never touched
    assert {s.kind for s in result.spans} == {"person", "contact", "mobile"}


def test_hand_marked_phrases_are_masked_everywhere_and_reported_when_absent() -> None:
    manual, missing = phrase_spans(LETTER.document, ["张三丰", "不存在的词"])
    assert missing == ("不存在的词",)
    result = mask_letter(LETTER, MaskingRules(person_names=("杨文艳",), manual=manual))
    assert result.masked.paragraphs[1] == "一、关于融资难问题。 ***另有来信。"
    assert result.manual_spans == manual


def test_a_marked_span_across_lines_is_cut_at_the_line_end() -> None:
    document = LETTER.document
    start = document.index("现答复如下")
    end = document.index("关于融资")
    cut = cut_at_lines(document, [(start, end)])
    assert len(cut) == 2 and all("\n" not in document[s:e] for s, e in cut)
    result = mask_letter(LETTER, MaskingRules(manual=cut))
    assert len(result.masked.lines) == len(LETTER.lines)  # nothing merged or lost


def test_switched_off_masking_applies_only_the_hand_marks() -> None:
    manual, _ = phrase_spans(LETTER.document, ["融资难"])
    result = mask_letter(LETTER, MaskingRules(person_names=("杨文艳",), manual=manual), enabled=False)
    assert result.masked.salutation == "杨文艳委员："
    assert "***问题" in result.masked.paragraphs[1]
    assert "138-5801-2345" in result.masked.paragraphs[0]


def test_clean_phrases() -> None:
    assert clean_phrases(" 张三丰 \n\n李  四\n张三丰\n") == ["张三丰", "李 四"]
    assert clean_phrases(None) == []


@pytest.mark.parametrize(
    ("action", "state", "roles", "outcome"),
    [
        ("publish", PublicationState.UNPUBLISHED, {PUBLISHER}, None),
        ("publish", PublicationState.UNPUBLISHED, {REDACTOR, OFFICE}, WrongRole),
        ("publish", PublicationState.PUBLISHED, {PUBLISHER}, WrongState),
        ("publish", PublicationState.WITHDRAWN, {PUBLISHER}, WrongState),
        ("mark", PublicationState.UNPUBLISHED, {REDACTOR}, None),
        ("mark", PublicationState.PUBLISHED, {REDACTOR}, WrongState),
        ("mark", PublicationState.UNPUBLISHED, set(), WrongRole),
        ("withdraw-publication", PublicationState.PUBLISHED, {OFFICE}, None),
        ("withdraw-publication", PublicationState.PUBLISHED, {PUBLISHER}, None),
        ("withdraw-publication", PublicationState.PUBLISHED, {REDACTOR}, WrongRole),
        ("withdraw-publication", PublicationState.WITHDRAWN, {OFFICE}, WrongState),
        ("withdraw-publication", PublicationState.UNPUBLISHED, {OFFICE}, WrongState),
        ("mark", PublicationState.WITHDRAWN, {REDACTOR}, None),  # the marks corrected before republishing
        ("republish", PublicationState.WITHDRAWN, {PUBLISHER}, None),
        ("republish", PublicationState.WITHDRAWN, {REDACTOR, OFFICE}, WrongRole),
        ("republish", PublicationState.PUBLISHED, {PUBLISHER}, WrongState),
        ("republish", PublicationState.UNPUBLISHED, {PUBLISHER}, WrongState),
    ],
)
def test_transitions(action, state, roles, outcome) -> None:
    if outcome is None:
        PUBLICATION.check(action, state, roles)
    else:
        with pytest.raises(outcome):
            PUBLICATION.check(action, state, roles)

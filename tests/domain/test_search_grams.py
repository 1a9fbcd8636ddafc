"""The characters and character pairs that answer search words of one or two characters."""
import pytest

from workflow.domain.search_grams import as_tokens, gram, grams


def test_a_text_gives_its_characters_and_adjacent_pairs() -> None:
    assert grams("融资难") == {"融", "资", "难", "融资", "资难"}


def test_other_characters_break_runs_and_form_no_gram() -> None:
    # The comma and the space stand between 难 and 问, so 难问 is no gram; neither are they.
    assert grams("融资难，问题 5G") == {"融", "资", "难", "融资", "资难", "问", "题", "问题", "5", "g", "5g"}
    assert grams("（）、。！ ＡＢ１２") == set()  # punctuation and full-width forms are outside


def test_ascii_letters_are_lowered_and_nothing_else_is() -> None:
    assert grams("Smart") >= {"sm", "ma", "ar", "rt", "s"}
    assert "S" not in grams("Smart")
    assert grams("É") == set()  # not lowered into the alphabet


def test_cjk_extension_a_is_in_the_alphabet() -> None:
    assert grams("㐀丁") == {"㐀", "丁", "㐀丁"}


def test_tokens_are_sorted_and_space_separated() -> None:
    assert as_tokens("资融") == "融 资 资融" and as_tokens(None) == ""


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("融资", "融资"), ("税", "税"), ("5G", "5g"), ("g", "g"), ("㐀", "㐀"),
        ("融资难", None),  # three characters: the trigram index
        ("、", None), ("５", None), ("%", None), ("a_", None), ("é", None), ("", None),
    ],
)
def test_the_gram_of_a_search_word(term, expected) -> None:
    assert gram(term) == expected


@pytest.mark.parametrize("term", ["融资", "资难", "税", "g", "5g"])
def test_a_gram_word_occurs_exactly_when_it_is_a_gram(term) -> None:
    for text in ["融资难，问题 5G", "资难融", "税", "GG", "5 G", "5G"]:
        assert (gram(term) in grams(text)) == (term.lower() in text.lower()), (term, text)

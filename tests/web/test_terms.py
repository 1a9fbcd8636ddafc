"""Each channel's words come from one table, in the current language; the office's name is configurable."""
import pytest
from flask_babel import force_locale

from workflow.extensions import db
from workflow.services import settings
from workflow.terms import TERMS, term


@pytest.mark.parametrize(("channel", "word", "chinese"), [
    ("cppcc", "item", "提案"), ("npc", "item", "建议"), (None, "item", "提案建议"),
    ("cppcc", "person", "委员"), ("npc", "person", "代表"),
    ("cppcc", "key_item", "重点提案"), ("npc", "key_item", "重点建议"),
    ("cppcc", "office", "提案委"), ("npc", "office", "代表工委"),
    ("cppcc", "group", "界别"), ("npc", "group", "代表团"),
])
def test_chinese_words_per_channel(ctx, channel, word, chinese):
    with ctx.test_request_context(), force_locale("zh_Hans"):
        assert term(channel, word) == chinese


def test_every_word_has_both_channels_and_a_combined_form():
    for word, row in TERMS.items():
        assert set(row) == {"cppcc", "npc", None}, word


def test_configured_office_name_wins_in_every_language(ctx):
    settings.put("office_name.npc", "市人大常委会代表工作委员会")
    db.session.commit()
    for locale in ("zh_Hans", "en"):
        with ctx.test_request_context(), force_locale(locale):
            assert term("npc", "office") == "市人大常委会代表工作委员会"
            assert term("cppcc", "office") != "市人大常委会代表工作委员会"

"""Every text message template fits in one message with the signature, in every language and for
both channels, with the longest values; a short item is never cut."""
import pytest
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.domain import sms
from workflow.sms.texts import OFFICE_MAX, TEMPLATES, compose

LONG_TITLE = "关于进一步加强城乡结合部小微企业融资担保体系建设和优化营商环境的建议" * 3
LONGEST = {
    "item": "第2027-0123号 " + LONG_TITLE,
    "what": "",  # filled per clock below
    "date": "",
    "office": "某" * OFFICE_MAX,
}


@pytest.mark.parametrize("locale", ["zh_Hans", "en"])
@pytest.mark.parametrize("kind", sorted(str(k) for k in TEMPLATES))
def test_every_template_fits_one_message_with_the_longest_values(ctx, locale, kind):
    from workflow.due_label import due_label
    from workflow.labels import CLOCK_LABELS
    from workflow.terms import term

    with force_locale(locale):
        whats = [str(v) for v in CLOCK_LABELS.values()]
        offices = [term(channel, "office") for channel in ("cppcc", "npc")] + [LONGEST["office"]]
        for what in whats:
            for office in offices:
                params = {**LONGEST, "what": what, "date": due_label("2027-02-09", True), "office": office[:OFFICE_MAX]}
                message = compose(kind, params, "13800138000", "提案办理")
                text = sms.signed("提案办理", message.body)
                assert len(text) <= sms.UCS2_LIMIT, (kind, locale, text)
                assert message.body.endswith(("…", "。", ".", "…。", "….")) or "…" in message.body
                assert message.params["item"].endswith("…")


@pytest.mark.parametrize("kind", sorted(str(k) for k in TEMPLATES))
def test_a_short_item_is_sent_whole_in_chinese(ctx, kind):
    with force_locale("zh_Hans"):
        params = {"item": "第12号 关于停车难的建议", "what": "答复", "date": "2027-02-09", "office": "提案委"}
        message = compose(kind, params, "13800138000", "提案办理")
        assert "第12号 关于停车难的建议" in message.body and "…" not in message.body
        assert message.body.isascii() is False and not any(c.isascii() and c.isalpha() for c in message.body
                                                          .replace("%", ""))


def test_fit_cuts_only_the_item_and_keeps_the_limit():
    body, used = sms.fit("%(item)s：请办理。", {"item": "长" * 100}, "提案办理")
    assert len(sms.signed("提案办理", body)) == sms.UCS2_LIMIT and used["item"].endswith("…")
    assert sms.fit("%(item)s ok", {"item": "a" * 100}, "")[0] == "a" * 100 + " ok"  # ASCII: 160
    with pytest.raises(ValueError):
        sms.fit("很长的固定文字" * 10 + "%(item)s", {"item": "长"}, "提案办理")


@pytest.mark.parametrize("raw,expected", [
    ("13800138000", "13800138000"), ("+86 138-0013-8000", "13800138000"), ("8613800138000", "13800138000"),
    ("12800138000", None), ("1380013800", None), ("138001380001", None), ("", None), (None, None),
    ("１３８００１３８０００", None),
])
def test_mobile_numbers(raw, expected):
    assert sms.normal_mobile(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300), st.text(max_size=20), st.sampled_from(["", "提案办理", "Proposals"]))
def test_fit_always_fits_and_keeps_the_start_of_the_item(item, what, signature):
    template = "%(item)s：%(what)s将于%(date)s到期，请及时办理。"
    body, used = sms.fit(template, {"item": item, "what": what, "date": "2027-02-09（待定）"}, signature)
    text = sms.signed(signature, body)
    assert len(text) <= sms.limit_for(text)
    kept = used["item"].removesuffix(sms.ELLIPSIS)
    assert item.startswith(kept) and (used["item"] == item or used["item"].endswith(sms.ELLIPSIS))

"""The pre-check before a proposal is submitted (智能预审, issue 11): what a proposal office would
send back, as advice. Each rule is a row an administrator can switch off (`precheck_rules`);
this module says what each finds, the pages and the API say it in the reader's language.

Rules:
- title_form: the title is not 关于……的提案 / 关于……的建议;
- too_short: fewer than `minimum` characters of text (Chinese characters, letters, digits);
- no_suggestions: no numbered suggestions (the 建议 part, see suggestions.py);
- outside_remit: words that point to a matter one of the office's not-filed reasons names
  (litigation, personal affairs, promoting a product, state secrets, a matter for the central
  authorities); the finding quotes the office's reason, and a kind the office's list does not
  name is not reported;
- personal_data: mobile numbers, ID card numbers or e-mail addresses of people in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from workflow.domain import masking, suggestions


class Rule(StrEnum):
    TITLE_FORM = "title_form"
    TOO_SHORT = "too_short"
    NO_SUGGESTIONS = "no_suggestions"
    OUTSIDE_REMIT = "outside_remit"
    PERSONAL_DATA = "personal_data"


# The rules in the order they are shown, with the default parameter of those that have one.
DEFAULTS: dict[Rule, int | None] = {
    Rule.TITLE_FORM: None,
    Rule.TOO_SHORT: 300,
    Rule.NO_SUGGESTIONS: None,
    Rule.OUTSIDE_REMIT: None,
    Rule.PERSONAL_DATA: None,
}

TITLE = re.compile(r"^关于.{2,}的(提案|建议)$")
_COUNTED = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class RemitKind:
    name: str
    reason_words: tuple[str, ...]  # a not-filed reason naming this kind contains one of these
    pattern: re.Pattern


REMIT_KINDS = (
    RemitKind("litigation", ("诉讼", "仲裁", "审理"),
              re.compile(r"诉讼|仲裁|行政复议|打官司|法院.{0,8}(审理|判决|立案)|(一审|二审|再审)判决")),
    RemitKind("personal", ("个人", "家庭", "亲属"),
              re.compile(r"(本人|我)的?(子女|孩子|儿子|女儿|家属|亲属|父母|爱人|配偶|家人)|"
                         r"本人的?(工作调动|职称|职务|工资|待遇|编制|入学|户口|住房)")),
    RemitKind("promotion", ("推介", "产品", "宣传"),
              re.compile(r"(推介|推广|宣传|推荐|采购|购买|使用)(我|本)(公司|企业|厂|单位)|(我|本)(公司|企业|厂)的?(产品|品牌)")),
    RemitKind("secret", ("秘密", "涉密"), re.compile(r"国家秘密|涉密|机密|绝密")),
    RemitKind("central", ("职权", "本级"),
              re.compile(r"(建议|呼吁|请求|恳请)(党中央|中央|国务院|全国人大|国家层面|国家有关部委|外交部|国防部)|"
                         r"修改(宪法|刑法|民法典)")),
)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    detail: dict = field(default_factory=dict)


def check(
    title: str,
    body: str,
    rules: dict[Rule, int | None],
    not_filed_reasons: list[str] = (),  # type: ignore[assignment]
) -> list[Finding]:
    """What the active `rules` (rule -> parameter) find, in the order of DEFAULTS."""
    title, body = (title or "").strip(), body or ""
    found = []
    for rule in DEFAULTS:
        if rule not in rules:
            continue
        finding = _CHECKS[rule](title, body, rules[rule] if rules[rule] is not None else DEFAULTS[rule],
                                list(not_filed_reasons))
        if finding is not None:
            found.append(finding)
    return found


def _title_form(title, body, parameter, reasons):
    if TITLE.match(title):
        return None
    return Finding(Rule.TITLE_FORM, {"title": title})


def _too_short(title, body, minimum, reasons):
    length = len(_COUNTED.findall(body))
    if length >= (minimum or 0):
        return None
    return Finding(Rule.TOO_SHORT, {"length": length, "minimum": minimum})


def _no_suggestions(title, body, parameter, reasons):
    if suggestions.extract(body):
        return None
    return Finding(Rule.NO_SUGGESTIONS)


def _outside_remit(title, body, parameter, reasons):
    text = f"{title}\n{body}"
    hits = []
    for kind in REMIT_KINDS:
        reason = next((r for r in reasons if any(word in r for word in kind.reason_words)), None)
        match = kind.pattern.search(text)
        if reason is not None and match is not None:
            hits.append({"kind": kind.name, "reason": reason, "words": match.group(0)})
    if not hits:
        return None
    return Finding(Rule.OUTSIDE_REMIT, {"matters": hits})


def _personal_data(title, body, parameter, reasons):
    text = f"{title}\n{body}"
    spans = masking.find_spans(text, masking.MaskingRules())
    if not spans:
        return None
    kinds = sorted({span.kind for span in spans})
    return Finding(Rule.PERSONAL_DATA, {"kinds": kinds, "masked": [span.replacement for span in spans][:5]})


_CHECKS = {
    Rule.TITLE_FORM: _title_form,
    Rule.TOO_SHORT: _too_short,
    Rule.NO_SUGGESTIONS: _no_suggestions,
    Rule.OUTSIDE_REMIT: _outside_remit,
    Rule.PERSONAL_DATA: _personal_data,
}

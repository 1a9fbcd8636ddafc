"""The words a text is about, for the text features of issue 11 (similar proposals, suggested
bureaus, coverage of a reply): the words of a text, without punctuation, numbers and the words
every proposal uses.

jieba 0.42.1 segments with the dictionary inside the package (nothing is downloaded). Building its
prefix dictionary costs about two seconds, so one tokenizer is built per process, lazily, on the
first text that needs it; pages that never segment never pay for it. HMM guessing of unknown
words is off: it is slower, and what it finds (names, odd pairs) makes no better feature.
This tokenizer carries the domain's words (add_word); masking segments with a pristine one of its
own (domain/segmentation.py), so neither changes the other's cuts.
"""
from __future__ import annotations

import logging
import re
import threading
from collections import Counter

_tokenizer = None
_lock = threading.Lock()

# Words the dictionary splits but proposals use as one thing; added to the tokenizer once.
DOMAIN_WORDS = (
    "小微企业", "中小企业", "专精特新", "融资担保", "融资难", "充电桩", "老旧小区", "加装电梯", "垃圾分类",
    "一网通办", "最多跑一次", "电动自行车", "网约车", "预制菜", "养老服务", "居家养老", "托育服务", "双减",
    "营商环境", "数字化改革", "数字经济", "乡村振兴", "共同富裕", "停车难", "新能源汽车", "低空经济",
    "医共体", "家庭医生", "医保基金", "长护险", "退役军人", "非遗", "全域旅游", "河长制", "海绵城市",
    "城中村", "物业管理", "食品安全", "安全生产", "消防安全", "全民健身", "校外培训", "职业教育", "课后服务",
    "近视防控", "适老化", "停车位", "托育", "文旅", "医卫", "急救", "共享停车", "立体停车场", "公共服务平台",
    "政府性融资担保", "首贷", "普惠金融", "公共数据", "数据共享", "综合执法", "占道经营", "违法建筑",
    "危桥",
)

# Words that say nothing about the subject: what every proposal and reply says.
STOPWORDS = frozenset({
    "关于", "建议", "提案", "我市", "本市", "全市", "我区", "我县", "进一步", "加强", "加快", "推进", "推动",
    "完善", "提升", "提高", "促进", "实施", "落实", "开展", "做好", "强化", "健全", "建立", "构建", "深化",
    "工作", "问题", "政府", "部门", "相关", "有关", "方面", "情况", "以及", "我们", "他们", "目前", "当前",
    "一些", "一定", "这些", "那些", "其中", "通过", "进行", "对于", "作为", "已经", "可以", "能够", "需要",
    "应当", "应该", "没有", "存在", "主要", "重要", "有效", "积极", "切实", "不断", "全面", "有关部门",
    "职能部门", "为此", "如下", "答复", "收悉", "研究", "现将", "办理", "您好", "委员", "代表", "同志",
    "如何", "什么", "一是", "二是", "三是", "四是", "五是", "一方面", "另一方面", "同时", "并且", "而且",
    "但是", "因此", "所以", "由于", "为了", "根据", "按照", "以上", "以下", "之一", "等等", "各类", "各项",
    "有所", "较为", "比较", "非常", "更加", "逐步", "及时", "充分", "认真", "大力", "努力", "持续", "结合",
    "实际", "具体", "措施", "办法", "意见", "对策", "思考", "分析", "内容", "理由", "案由", "下一步",
    "负责", "完成", "一步", "发展", "体系", "优化", "我国", "全国", "缓解", "规范", "解决", "改善", "加大",
    "支持", "鼓励", "引导", "有序",
})

_KEEP = re.compile(r"^(?:[\u3400-\u4dbf\u4e00-\u9fff]{2,}|[a-z][a-z0-9]+)$")


def _load():
    """The process's tokenizer, built on first use (a lock: web workers may run threads)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word, freq=20000)
                _tokenizer = tokenizer
    return _tokenizer


def words(text: str) -> list[str]:
    """Every word of `text` in order, as jieba cuts it (punctuation and spaces included)."""
    if not text:
        return []
    return list(_load().cut(text, HMM=False))


def terms(text: str) -> list[str]:
    """The words that say what `text` is about, in order: Chinese words of two characters or
    more and Latin words (lowered), neither numbers nor stopwords. Long words also give the
    dictionary words inside them (jieba's search mode: 立体停车场 -> 立体, 停车, 停车场,
    立体停车场), so a text about a 立体停车场 matches one about a 停车场."""
    if not text:
        return []
    found = []
    for word in _load().cut_for_search(text.lower(), HMM=False):
        if _KEEP.match(word) and word not in STOPWORDS:
            found.append(word)
    return found


# The title names the subject in a dozen characters; its words weigh as much as a paragraph.
TITLE_WEIGHT = 3


def document_terms(title: str, body: str = "") -> Counter[str]:
    """Term counts of a proposal (or any titled text): the title's words count TITLE_WEIGHT times."""
    counts: Counter[str] = Counter(terms(body or ""))
    for term in terms(title or ""):
        counts[term] += TITLE_WEIGHT
    return counts


def pack(counts: Counter[str] | dict[str, int]) -> str:
    """Term counts as stored in the database: `term:count` pairs, sorted, space-separated."""
    return " ".join(f"{term}:{count}" for term, count in sorted(counts.items()) if count > 0)


_PAIR = re.compile(r"(\S+):(\d+)(?!\S)")


def unpack(packed: str | None) -> dict[str, int]:
    return {term: int(count) for term, count in _PAIR.findall(packed or "")}

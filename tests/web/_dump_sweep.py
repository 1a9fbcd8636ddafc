import collections, json
from tests.web.test_chinese_sweep import _pages, foreign_words, visible_text, NOW
from workflow.demo import seed
from workflow.extensions import db

def test_dump(ctx):
    seed.seed(NOW); db.session.commit()
    pages = _pages(ctx)
    agg = collections.defaultdict(set)
    for (url, user), html in pages.items():
        text = visible_text(html)
        for w in foreign_words(text):
            agg[w].add(f"{url}@{user}")
    out = {w: sorted(v)[:3] + [len(v)] for w, v in sorted(agg.items())}
    json.dump(out, open("/tmp/sweep.json", "w"), ensure_ascii=False, indent=0)
    # save pages for grepping
    json.dump({f"{u}@{n}": visible_text(h) for (u, n), h in pages.items()}, open("/tmp/pages.json", "w"), ensure_ascii=False)

"""is_article on labelled pages (`make eval`, suite `pages`).

Labels, set by reading each page, never from our output:
  - Postlight: the 11 pages below are not articles (a video page, a tweet,
    seven Reddit threads, a GitHub repository, a paste); every other
    Postlight page is a news, magazine or blog article.
  - l3s-gn1 (Google News articles) and article-extraction-benchmark (news
    articles with a gold body) are articles, per their SOURCE.md.
  - dragnet-2012 is "news and blog articles", many of them blog posts whose
    page is mostly reader comments; it is reported apart (kept share), not
    scored, because some of its pages are, by now, threads.
Scores (positive class: not an article): precision and recall of
is_article == false over Postlight + l3s + AEB, and the share of the news
articles kept (is_article true), which must stay above 0.98.
"""
import json
import os
import subprocess
import time

NOT_ARTICLES = {  # Postlight fixture -> kind
    'www.youtube.com': 'video', 'twitter.com': 'social',
    'www.reddit.com': 'forum', 'www.reddit.com--embedded': 'forum', 'www.reddit.com--external-image': 'forum',
    'www.reddit.com--external-link': 'forum', 'www.reddit.com--image': 'forum',
    'www.reddit.com--title-only': 'forum', 'www.reddit.com--video': 'forum',
    'github.com': 'code', 'pastebin.com': 'paste',
}


def pages(data):
    """[(path, corpus, is_article label or None for unscored)]"""
    out = []
    for sub, corpus in (('news-html-corpus/postlight-fixtures/html', 'postlight'),
                        ('news-html-corpus/l3s-gn1/original', 'l3s'),
                        ('article-extraction-benchmark/html', 'aeb'),
                        ('news-html-corpus/dragnet-2012/html', 'dragnet')):
        d = os.path.join(data, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith('.html.gz'):
                continue
            label = name[:-len('.html.gz')] not in NOT_ARTICLES if corpus == 'postlight' else True
            out.append((os.path.join(d, name), corpus, label))
    return out


def suite_pages(args, scores, write_jsonl):
    items = pages(args.data)
    if not items:
        print('pages: skipped: no labelled pages in %s' % args.data)
        return
    t0 = time.time()
    cmd = [args.bin, 'extract', '--quiet', '-j', '2', '--no-ner', '--gazetteer', '', '--stages', 'events']
    p = subprocess.run(cmd + [x[0] for x in items], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=1800)
    got = {}
    for line in p.stdout.decode('utf-8', 'replace').split('\n'):
        if line.strip():
            r = json.loads(line)
            got[os.path.realpath(r['source']['path'])] = r
    tp = fp = fn = 0
    kept = {}
    details = []
    for path, corpus, label in items:
        r = got.get(os.path.realpath(path)) or {}
        flagged = r.get('is_article') is False
        details.append({'page': os.path.relpath(path, args.data), 'corpus': corpus, 'article': label,
                        'is_article': r.get('is_article'), 'reason': r.get('not_article_reason')})
        if label:
            k = kept.setdefault('dragnet' if corpus == 'dragnet' else 'news', [0, 0])
            k[0] += not flagged
            k[1] += 1
        if corpus == 'dragnet':
            continue
        tp += flagged and not label
        fp += flagged and label
        fn += not flagged and not label
    write_jsonl(os.path.join(args.out, 'pages.jsonl'), details)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    scores['pages_notarticle_precision'] = prec
    scores['pages_notarticle_recall'] = rec
    scores['pages_news_kept'] = kept['news'][0] / kept['news'][1] if kept.get('news') else 0.0
    print('\n== pages: is_article on labelled pages (Postlight, l3s-gn1, AEB; dragnet apart)')
    print('   %-44s %6.3f  (%d/%d)' % ('not-article pages found (recall)', rec, tp, tp + fn))
    print('   %-44s %6.3f  (%d/%d)' % ('is_article false that are right (precision)', prec, tp, tp + fp))
    print('   %-44s %6.3f  (%d/%d)' % ('news articles kept', scores['pages_news_kept'], *kept['news']))
    if kept.get('dragnet'):
        print('   %-44s %6.3f  (%d/%d)' % ('dragnet-2012 pages kept (not scored)', kept['dragnet'][0] / kept['dragnet'][1],
                                             *kept['dragnet']))
    print('  details: %s  (%.1fs)' % (os.path.join(args.out, 'pages.jsonl'), time.time() - t0))

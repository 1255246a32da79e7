"""Language identification on news-html-corpus (`make eval`, suite `lang`).

The labels come from evidence other than our model:
  - l3s-gn1 and dragnet-2012 are English corpora (their SOURCE.md: English
    news from Google News, English news and blogs);
  - a Postlight page is labelled by the primary subtag of its <html lang>
    attribute;
  - HAND lists the pages whose label was set by reading the page, because it
    declares no language or a wrong one (each checked: the text of the page
    is in the language given).
Scores: accuracy on the non-English pages (the issue's bar: >= 0.95), on
the English pages, and the share of non-English pages that carry no output
of an English-only stage (their keys are absent and "stages" lists none of
them; extraction runs with every stage, the NER model and the gazetteer).
"""
import gzip
import json
import os
import re
import subprocess
import time

# page (relative to news-html-corpus) -> language, read by hand
HAND = {
    'postlight-fixtures/html/phpspot.org.html.gz': 'ja',     # no lang attribute; Japanese blog text
    'postlight-fixtures/html/www.qdaily.com.html.gz': 'zh',  # no lang attribute; Chinese (simplified) text
    # no lang attribute; English-language outlets, English text
    'postlight-fixtures/html/money.cnn.com.html.gz': 'en',
    'postlight-fixtures/html/news.nationalgeographic.com.html.gz': 'en',
    'postlight-fixtures/html/www.apartmenttherapy.com.html.gz': 'en',
    'postlight-fixtures/html/www.bloomberg.com--news.html.gz': 'en',
    'postlight-fixtures/html/www.eonline.com.html.gz': 'en',
    'postlight-fixtures/html/www.ndtv.com.html.gz': 'en',
    'postlight-fixtures/html/www.recode.net.html.gz': 'en',
    'postlight-fixtures/html/www.slate.com.html.gz': 'en',
    # pages of the English corpora whose <html lang> is wrong (English text)
    'l3s-gn1/original/02e622bc-00a7-4b0e-85ef-5a663ef6233c.html.gz': 'en',  # lang="de"
    'l3s-gn1/original/3164baec-188a-4116-9aed-a18041854535.html.gz': 'en',  # lang="fa"
    'l3s-gn1/original/bdc7803f-ac9f-44db-8250-8779e8c33d3e.html.gz': 'en',  # lang="ru"
}
ENGLISH_CORPORA = ('l3s-gn1/original', 'dragnet-2012/html')
LANG_ATTR = re.compile(rb'<html\b[^>]*?\blang\s*=\s*["\']?([A-Za-z]{2,3})', re.I)


def declared(path):
    with gzip.open(path, 'rb') as f:
        m = LANG_ATTR.search(f.read(200000))
    return m.group(1).decode().lower() if m else None


def labels(root):
    """{path: language} over the corpus."""
    out = {}
    for sub in ENGLISH_CORPORA + ('postlight-fixtures/html',):
        d = os.path.join(root, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            rel = sub + '/' + name
            path = os.path.join(d, name)
            lab = HAND.get(rel) or ('en' if sub in ENGLISH_CORPORA else declared(path))
            if lab:
                out[path] = lab
    return out


def extract(binary, paths, extra):
    cmd = [binary, 'extract', '--quiet', '-j', '2'] + extra + paths
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=1800)
    recs = {}
    for line in p.stdout.decode('utf-8', 'replace').split('\n'):
        if line.strip():
            r = json.loads(line)
            recs[os.path.realpath(r['source']['path'])] = r
    return recs


def english_only_output(rec, english_only):
    """The English-only stages that left a trace in the record."""
    return sorted(s for s in english_only if s in (rec.get('stages') or []) or
                  (s not in ('ner', 'events') and s in rec))


def suite_lang(args, scores, write_jsonl):
    root = os.path.join(args.data, 'news-html-corpus')
    if not os.path.isdir(root):
        print('lang: skipped: %s not found' % root)
        return
    t0 = time.time()
    lab = labels(root)
    paths = sorted(lab)
    # language does not depend on the stages: the fast pass skips them
    recs = extract(args.bin, paths, ['--no-ner', '--gazetteer', '', '--stages', 'events'])
    non_en = [p for p in paths if lab[p] != 'en']
    # the non-English pages again with every stage and resource
    full = extract(args.bin, non_en, [])
    english_only = ['ner', 'quotes', 'counts', 'dates', 'places', 'events', 'tone']
    details, hit = [], {'en': [0, 0], 'other': [0, 0]}
    clean = 0
    for p in paths:
        r = recs.get(os.path.realpath(p)) or {}
        ok = r.get('language') == lab[p]
        t = hit['en' if lab[p] == 'en' else 'other']
        t[0] += ok
        t[1] += 1
        d = {'page': os.path.relpath(p, root), 'gold': lab[p], 'ours': r.get('language'),
             'confidence': r.get('language_confidence'), 'ok': ok}
        if lab[p] != 'en':
            leaked = english_only_output(full.get(os.path.realpath(p)) or {}, english_only)
            clean += not leaked
            d['english_only_output'] = leaked
            d['stages'] = (full.get(os.path.realpath(p)) or {}).get('stages')
        details.append(d)
    write_jsonl(os.path.join(args.out, 'lang.jsonl'), details)
    acc = lambda k: hit[k][0] / hit[k][1] if hit[k][1] else 0.0
    scores['lang_nonen_accuracy'] = acc('other')
    scores['lang_en_accuracy'] = acc('en')
    scores['lang_nonen_clean'] = clean / len(non_en) if non_en else 0.0
    print('\n== lang: language identification, news-html-corpus (%d pages, %d not English)' % (len(paths), len(non_en)))
    print('   %-44s %6.3f  (%d/%d)' % ('non-English pages, language right', acc('other'), *hit['other']))
    print('   %-44s %6.3f  (%d/%d)' % ('English pages, language right', acc('en'), *hit['en']))
    print('   %-44s %6.3f  (%d/%d)' % ('non-English pages without English-only output', scores['lang_nonen_clean'], clean, len(non_en)))
    by = {}
    for d in details:
        if d['gold'] != 'en':
            by.setdefault(d['gold'], [0, 0])
            by[d['gold']][0] += d['ok']
            by[d['gold']][1] += 1
    print('   per language: ' + ', '.join('%s %d/%d' % (k, v[0], v[1]) for k, v in sorted(by.items())))
    print('  details: %s  (%.1fs)' % (os.path.join(args.out, 'lang.jsonl'), time.time() - t0))

#!/usr/bin/env python3
"""Places eval: toponym tagging and geocoding on the shared halves of LGL,
GeoWebNews and TR-News (../shared/data/geo_*; see each SOURCE.md).

  python3 eval/places.py --bin build/newsgraph [--data ../shared/data] [--out build/eval]

Called by eval/run.py (suite "places"). For each corpus:
  - the files under ../shared are already the shared halves (SOURCE.md:
    LGL and TR-News even positions, GeoWebNews even ids); all is scored;
  - each article's text goes to `newsgraph extract` as one JSON Lines record
    (text + published date when the corpus has one), all in one process;
  - our record text is aligned back to the corpus text (the reader may peel a
    headline off and collapses white space), so our mention spans become
    corpus offsets;
  - tagging: precision/recall/F1 of exact toponym spans, and of overlapping
    spans ("inexact", as in Gritta et al.);
  - geocoding: accuracy within 161 km and median error, over gold toponyms
    with coordinates that we found (exact span, then overlapping span).
GeoWebNews counts as toponyms the types Literal, Metonymic, Mixed, Coercion,
Literal_Modifier, Non_Literal_Modifier, Embedded_Literal, Embedded_Non_Lit
and Demonym (not the *_Expression containers, Non_Toponym, Homonym or
Language). The reference numbers printed next to ours are the published ones
quoted in each SOURCE.md (other systems, full corpora): stored, not re-run.
"""
import argparse
import bisect
import difflib
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import place_overlap as PO

GWN_TYPES = {'Literal', 'Metonymic', 'Mixed', 'Coercion', 'Literal_Modifier', 'Non_Literal_Modifier',
             'Embedded_Literal', 'Embedded_Non_Lit', 'Demonym'}

# Published numbers quoted in the corpora's SOURCE.md (not re-run here).
REFERENCE = {
    'lgl': 'published (full LGL): tagging F1 Topocluster .71, GeoTxt .68; A@161 given gold names '
           'Mordecai3 .827, CamCoder .76, population baseline .70',
    'gwn': 'published: A@161 given gold names Mordecai3 .941 (N=474)',
    'trnews': 'published: A@161 given gold names Mordecai3 .873 (N=274)',
}


def _txt(el, tag):
    x = el.find(tag)
    return x.text if x is not None and x.text is not None else None


def load_lgl_like(path):
    """LGL and TR-News: <article><dltime/><text/><toponyms><toponym><start/><end/>
    <phrase/><gaztag><lat/><lon/></gaztag>..."""
    root = ET.parse(path).getroot()
    docs = []
    for i, a in enumerate(root):
        text = _txt(a, 'text') or ''
        gold = []
        for t in a.find('toponyms') if a.find('toponyms') is not None else []:
            s, e = int(_txt(t, 'start')), int(_txt(t, 'end'))
            g = t.find('gaztag')
            lat = lon = None
            if g is not None and _txt(g, 'lat') and _txt(g, 'lon'):
                lat, lon = float(_txt(g, 'lat')), float(_txt(g, 'lon'))
            gold.append((s, e, lat, lon))
        dl = (_txt(a, 'dltime') or '')[:10]
        docs.append({'id': a.get('docid') or str(i), 'text': text, 'published': dl, 'gold': gold})
    return docs


def load_gwn(path):
    root = ET.parse(path).getroot()
    docs = []
    for a in root:
        aid = int(a.get('file'))
        text = _txt(a, 'text') or ''
        gold = []
        for t in a.find('toponyms'):
            if _txt(t, 'type') not in GWN_TYPES:
                continue
            s, e = int(_txt(t, 'start')), int(_txt(t, 'end'))
            lat, lon = _txt(t, 'latitude'), _txt(t, 'longitude')
            gold.append((s, e, float(lat) if lat else None, float(lon) if lon else None))
        docs.append({'id': str(aid), 'text': text, 'published': '', 'gold': gold})
    return docs


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def aligner(src, ours):
    """Maps code-point offsets in our record text to offsets in the corpus text,
    matching the two without white space."""
    s_idx = [i for i, ch in enumerate(src) if not ch.isspace()]
    o_idx = [i for i, ch in enumerate(ours) if not ch.isspace()]
    s_str = ''.join(src[i] for i in s_idx)
    o_str = ''.join(ours[i] for i in o_idx)
    sm = difflib.SequenceMatcher(None, s_str, o_str, autojunk=False)
    o2s = {}
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            o2s[o_idx[b + k]] = s_idx[a + k]
    o_sorted = sorted(o2s)

    def start(o):
        j = bisect.bisect_left(o_sorted, o)
        return o2s[o_sorted[j]] if j < len(o_sorted) else None

    def end(o):  # exclusive end: last char before o
        j = bisect.bisect_left(o_sorted, o) - 1
        return o2s[o_sorted[j]] + 1 if j >= 0 else None
    return start, end


def run_corpus(binary, docs, out_dir, name):
    os.makedirs(out_dir, exist_ok=True)
    inp = os.path.join(out_dir, name + '.jsonl')
    with open(inp, 'w', encoding='utf-8') as f:
        for d in docs:
            rec = {'url': 'http://eval.invalid/%s/%s' % (name, d['id']), 'text': d['text']}
            if d['published']:
                rec['published'] = d['published']
            f.write(json.dumps(rec, ensure_ascii=False) + '\n')
    p = subprocess.run([binary, 'extract', '--quiet', inp], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=1200)
    by = {}
    for line in p.stdout.decode('utf-8', 'replace').split('\n'):
        if line.strip():
            r = json.loads(line)
            by[r['source']['record']] = r
    return by


def score_corpus(docs, by):
    tp = fp = fn = 0
    tp_in = 0
    found_exact, found_overlap = [], []
    rows = []
    for i, d in enumerate(docs):
        r = by.get(i + 1)
        pred = []
        if r:
            start, end = aligner(d['text'], r['text'])
            for pl in r.get('places', []):
                for m in pl['mentions']:
                    s, e = start(m['start']), end(m['end'])
                    if s is None or e is None or e <= s:
                        continue
                    pred.append((s, e, pl['lat'], pl['lon']))
        gold = d['gold']
        gs = {(g[0], g[1]): g for g in gold}
        ps = {(p[0], p[1]): p for p in pred}
        hit = set(gs) & set(ps)
        tp += len(hit)
        fp += len(ps) - len(hit)
        fn += len(gs) - len(hit)
        # inexact: a gold span counts as found if any prediction overlaps it
        for g in gold:
            ov = [p for p in pred if p[0] < g[1] and g[0] < p[1]]
            if ov:
                tp_in += 1
                if g[2] is not None:
                    found_overlap.append(km(g[2], g[3], ov[0][2], ov[0][3]))
            if (g[0], g[1]) in ps and g[2] is not None:
                p = ps[(g[0], g[1])]
                found_exact.append(km(g[2], g[3], p[2], p[3]))
        rows.append({'doc': d['id'], 'gold': [(g[0], g[1], d['text'][g[0]:g[1]]) for g in gold],
                     'pred': [(p[0], p[1], d['text'][p[0]:p[1]]) for p in pred]})
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    n_gold = tp + fn
    n_pred = tp + fp
    # inexact precision: predictions overlapping some gold span
    pin = 0
    for i, d in enumerate(docs):
        pass
    rc_in = tp_in / n_gold if n_gold else 0.0

    def acc(ds):
        return sum(1 for x in ds if x <= 161) / len(ds) if ds else 0.0

    def med(ds):
        s = sorted(ds)
        return s[len(s) // 2] if s else 0.0
    return {'precision': pr, 'recall': rc, 'f1': f1, 'recall_inexact': rc_in, 'n_gold': n_gold, 'n_pred': n_pred,
            'acc161': acc(found_exact), 'n_geo': len(found_exact), 'median_km': med(found_exact),
            'acc161_inexact': acc(found_overlap), 'n_geo_inexact': len(found_overlap)}, rows


def model_runs(args):
    """(score prefix, binary, label) for each entity model to score with.
    Places read the tagger's types (a PER or ORG reading vetoes a place), so
    the scores depend on the model: `places_*` are measured with the
    CoNLL-trained model when `make train-conll` built it (the model these
    floors were first set with, which isolates the places stage from the
    model), `places_open_*` with the default open model a user gets."""
    conll_bin = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'build', 'conll', 'newsgraph')
    runs = []
    if os.path.exists(conll_bin) and os.path.exists(os.path.join(os.path.dirname(conll_bin), 'models', 'ner.bin')):
        runs.append(('places_', conll_bin, 'CoNLL-trained model'))
    else:
        print('places: no CoNLL-trained model (make train-conll); places_* not measured')
    runs.append(('places_open_', args.bin, 'default open model'))
    return runs


def suite_places(args, scores):
    for prefix, binary, label in model_runs(args):
        places_with(args, scores, prefix, binary, label)


def places_with(args, scores, prefix, binary, label):
    print('\n== places: toponym tagging and accuracy@161km (shared halves), %s' % label)
    corpora = [('lgl', os.path.join(args.data, 'geo_lgl', 'lgl.xml'), load_lgl_like),
               ('gwn', os.path.join(args.data, 'geo_geowebnews', 'GWN.xml'), load_gwn),
               ('trnews', os.path.join(args.data, 'geo_trnews', 'TR-News.xml'), load_lgl_like)]
    out_dir = os.path.join(args.out, prefix.rstrip('_'))
    for name, path, loader in corpora:
        if not os.path.exists(path):
            print('  %-7s skipped: %s not found' % (name, path))
            continue
        docs = loader(path)
        by = run_corpus(binary, docs, out_dir, name)
        s, rows = score_corpus(docs, by)
        with open(os.path.join(out_dir, name + '.details.jsonl'), 'w', encoding='utf-8') as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + '\n')
        print('  %-7s %3d docs  tagging P %.3f R %.3f F1 %.3f (gold %d, ours %d; recall any-overlap %.3f)' %
              (name, len(docs), s['precision'], s['recall'], s['f1'], s['n_gold'], s['n_pred'], s['recall_inexact']))
        print('  %-7s           acc@161km %.3f on %d found (median %.0f km); overlap-matched %.3f on %d' %
              ('', s['acc161'], s['n_geo'], s['median_km'], s['acc161_inexact'], s['n_geo_inexact']))
        print('  %-7s           %s' % ('', REFERENCE[name]))
        agreement(scores, prefix + name, by.values())
        for k in ('precision', 'recall', 'f1', 'acc161'):
            scores['%s%s_%s' % (prefix, name, k)] = s[k]


def agreement(scores, key, records):
    """Place mentions on words the record's entities type PER or ORG
    (eval/place_overlap.py): conflicts should be 0; the place an
    organisation is named after is marked with it ("org"). The score
    <key>_agree is the share of place mentions without a conflict."""
    t, conflicts, _ = PO.count_records(records)
    print('  %-7s           places on PER/ORG words: %d conflicts, %d inside an organisation name (of %d mentions)%s' %
          ('', t['conflicts'], t['nested'], t['place_mentions'],
           ''.join('\n                      conflict: %r -> %s, in %s %r' % c for c in conflicts[:5])))
    scores[key + '_agree'] = 1.0 - t['conflicts'] / t['place_mentions'] if t['place_mentions'] else 1.0


def suite_place_names(args, scores):
    for prefix, binary, label in model_runs(args):
        place_names_with(args, scores, prefix, binary, label)


def place_names_with(args, scores, prefix, binary, label):
    """Place precision on eval/data/place_names.jsonl: sentences written for
    this project, full of names that are also towns (people, companies,
    common words), each with its gold places as (mention text, country).
    A predicted mention is right when some gold entry has its text and its
    place's country; precision is over our mentions, recall over gold."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'place_names.jsonl')
    rows = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
    docs = [{'id': r['id'], 'text': r['text'], 'published': ''} for r in rows]
    by = run_corpus(binary, docs, os.path.join(args.out, prefix.rstrip('_')), 'place_names')
    tp = fp = found = n_gold = 0
    wrong = []
    for i, r in enumerate(rows):
        gold = [tuple(g) for g in r['gold']]
        n_gold += len(gold)
        rec = by.get(i + 1) or {}
        got = set()
        for pl in rec.get('places', []):
            for m in pl['mentions']:
                key = (m['text'], pl['country'])
                if key in gold:
                    tp += 1
                    got.add(key)
                else:
                    fp += 1
                    wrong.append('%s: %s -> %s, %s (%s)' % (r['id'], m['text'], pl['name'], pl['country'], pl['feature']))
        found += len(got)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = found / n_gold if n_gold else 0.0
    print('  names   (%s)' % label)
    print('  names   %3d sentences  place precision %.3f (%d of %d mentions), recall %.3f (%d of %d gold)' %
          (len(rows), pr, tp, tp + fp, rc, found, n_gold))
    for w in wrong[:10]:
        print('            wrong: %s' % w)
    agreement(scores, prefix + 'names', by.values())
    scores[prefix + 'names_precision'] = pr
    scores[prefix + 'names_recall'] = rc


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--bin', default=os.path.join(here, '..', 'build', 'newsgraph'))
    ap.add_argument('--data', default=os.path.join(here, '..', '..', 'shared', 'data'))
    ap.add_argument('--out', default=os.path.join(here, '..', 'build', 'eval'))
    args = ap.parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    scores = {}
    suite_places(args, scores)
    suite_place_names(args, scores)
    print(json.dumps({k: round(v, 4) for k, v in scores.items()}, indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(main())

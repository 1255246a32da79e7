"""Scoring functions for eval/run.py (Python 3 stdlib only).

Three metrics, each a reimplementation of a published definition:

* aeb_*   the Zyte/Scrapinghub article-extraction-benchmark metric (upstream
          evaluate.py): 4-gram shingle multisets of \\w+ tokens, per-page
          normalized TP/FP/FN, precision and recall averaged over pages,
          F1 of the two means, accuracy = exact token-sequence match.
* traf_*  the trafilatura evaluation (upstream tests/eval_common.py): `with`
          snippets that must appear and `without` snippets that must not,
          micro-averaged over documents.
* meta_*  title / author / date comparisons against the Postlight parser
          fixtures' expected values.

Nothing here runs the binary or reads files; see run.py.
"""
import datetime as _dt
import re
import statistics
import unicodedata
from collections import Counter

# ---------------------------------------------------------------------------
# article-extraction-benchmark

_TOKEN_RE = re.compile(r'\w+', re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def aeb_tokens(text):
    return _TOKEN_RE.findall(text or '')


def aeb_shingles(text, n=4):
    """Multiset of token n-grams. 1..n-1 tokens give one shorter shingle;
    no tokens give none (upstream skips the empty shingle)."""
    tokens = aeb_tokens(text)
    out = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        sh = ' '.join(tokens[i:i + n])
        if sh:
            out[sh] += 1
    return out


def aeb_page(true, pred):
    """Normalized (tp, fp, fn) for one page: each page has weight 1."""
    ts, ps = aeb_shingles(true), aeb_shingles(pred)
    tp = fp = fn = 0
    for key in set(ts) | set(ps):
        t, p = ts.get(key, 0), ps.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    s = tp + fp + fn
    if s > 0:
        tp, fp, fn = tp / s, fp / s, fn / s
    return tp, fp, fn


def aeb_precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def aeb_recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aeb_page_f1(tp, fp, fn):
    """Per-page F1, only for ranking the worst pages (not part of the metric)."""
    p, r = aeb_precision(tp, fp, fn), aeb_recall(tp, fp, fn)
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def aeb_score(gold, pred):
    """gold: {id: true_text}; pred: {id: predicted_text or None}.
    Every gold id is scored; a missing prediction is the empty text.
    Returns dict(f1, precision, recall, accuracy, pages, pages_p, pages_r)."""
    triples, exact = [], []
    for key in gold:
        true, p = gold[key] or '', pred.get(key) or ''
        triples.append(aeb_page(true, p))
        exact.append(aeb_tokens(true) == aeb_tokens(p))
    pv = [aeb_precision(*t) for t in triples if t[0] + t[1] > 0]
    rv = [aeb_recall(*t) for t in triples if t[0] + t[2] > 0]
    prec = statistics.mean(pv) if pv else 0.0
    rec = statistics.mean(rv) if rv else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
    acc = float(statistics.mean(exact)) if exact else 0.0
    return {'f1': f1, 'precision': prec, 'recall': rec, 'accuracy': acc,
            'pages': len(triples), 'pages_p': len(pv), 'pages_r': len(rv)}


# ---------------------------------------------------------------------------
# trafilatura eval

def traf_norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def traf_doc(item, result):
    """Counts for one document. result None (crash/no output) = nothing found."""
    w, wo = item.get('with', []), item.get('without', [])
    if result is None:
        return {'tp': 0, 'fp': 0, 'fn': len(w), 'tn': len(wo), 'missed': list(w), 'leaked': []}
    r = traf_norm(result)
    found = [s for s in w if traf_norm(s) in r]
    leaked = [s for s in wo if traf_norm(s) in r]
    return {'tp': len(found), 'fp': len(leaked), 'fn': len(w) - len(found),
            'tn': len(wo) - len(leaked),
            'missed': [s for s in w if traf_norm(s) not in r], 'leaked': leaked}


def traf_score(counts):
    tp = sum(c['tp'] for c in counts)
    fp = sum(c['fp'] for c in counts)
    fn = sum(c['fn'] for c in counts)
    tn = sum(c['tn'] for c in counts)

    def div(a, b):
        return a / b if b else 0.0
    return {'precision': div(tp, tp + fp), 'recall': div(tp, tp + fn),
            'accuracy': div(tp + tn, tp + tn + fp + fn), 'f1': div(2 * tp, 2 * tp + fp + fn),
            'tp': tp, 'fp': fp, 'fn': fn, 'tn': tn, 'docs': len(counts)}


# ---------------------------------------------------------------------------
# metadata

def ws(s):
    """Whitespace normalization: NFC, runs of whitespace (incl. NBSP) -> one space."""
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFC', s or '')).strip()


_FOLD = str.maketrans({'\u2018': "'", '\u2019': "'", '\u201a': "'", '\u2032': "'",
                       '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"',
                       '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u00a0': ' '})


def _edge(ch):
    cat = unicodedata.category(ch)
    return cat[0] in 'PSZ' or ch.isspace()


def lenient(s):
    """Case-insensitive, NFKC, typographic quotes/dashes folded to ASCII,
    whitespace collapsed, punctuation/symbols stripped from both ends."""
    s = unicodedata.normalize('NFKC', s or '').translate(_FOLD).casefold()
    s = re.sub(r'\s+', ' ', s)
    i, j = 0, len(s)
    while i < j and _edge(s[i]):
        i += 1
    while j > i and _edge(s[j - 1]):
        j -= 1
    return s[i:j]


def title_match(gold, ours):
    """(exact, lenient). gold None means 'no title expected'."""
    if gold is None:
        return (not ours, not ours)
    if not ours:
        return (False, False)
    return (ws(gold) == ws(ours), lenient(gold) == lenient(ours))


_BY = re.compile(r'^(?:by|von|par|por)\s+', re.IGNORECASE)
_SPLIT = re.compile(r'\s*(?:,|;|&|\||\band\b|\bund\b|\bet\b|\by\b|、|，)\s*', re.IGNORECASE)


def author_names(s):
    """Split a byline into lenient-normalized names ("By A, B and C" -> {a, b, c})."""
    s = _BY.sub('', ws(s))
    return {n for n in (lenient(_BY.sub('', p)) for p in _SPLIT.split(s)) if n}


def author_joins(authors):
    a = [ws(x) for x in authors if ws(x)]
    out = {', '.join(a), ' and '.join(a)}
    if len(a) > 2:
        out.add(', '.join(a[:-1]) + ' and ' + a[-1])
        out.add(', '.join(a[:-1]) + ', and ' + a[-1])
    return out


def author_match(gold, authors):
    """(exact, lenient). exact: the gold string equals our authors joined with
    ', ' or ' and ' (or 'A, B and C'). lenient: the name sets are equal, or the
    gold names are a subset of ours. gold None means 'no author expected'."""
    authors = [a for a in (authors or []) if a and ws(a)]
    if gold is None:
        return (not authors, not authors)
    if not authors:
        return (False, False)
    exact = ws(gold) in author_joins(authors)
    g = author_names(gold)
    o = set()
    for a in authors:
        o |= author_names(a)
    return (exact, exact or (bool(g) and g <= o))


def parse_iso(s):
    """ISO 8601 -> (date, aware datetime or None). Returns (None, None) if unparsable.
    A time without offset is taken as UTC."""
    if not s or not isinstance(s, str):
        return None, None
    s = s.strip()
    try:
        if re.fullmatch(r'\d{4}-\d{2}-\d{2}', s):
            return _dt.date.fromisoformat(s), None
        t = _dt.datetime.fromisoformat(s.replace('Z', '+00:00').replace('z', '+00:00'))
    except ValueError:
        return None, None
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    t = t.astimezone(_dt.timezone.utc)
    return t.date(), t


def date_match(gold, ours):
    """(same UTC day, exact instant, we gave a time). gold None = no date expected.
    Ours date-only is compared to gold's UTC calendar day. Instants are compared
    to the second (gold has milliseconds, usually .000)."""
    if gold is None:
        return (not ours, not ours, False)
    gd, gt = parse_iso(gold)
    od, ot = parse_iso(ours)
    if od is None:
        return (False, False, False)
    day = gd == od
    inst = ot is not None and gt is not None and \
        ot.replace(microsecond=0) == gt.replace(microsecond=0)
    return (day, inst, ot is not None)


def first_words_match(gold, n, text):
    """Our body starts with the gold's first n words (whitespace tokens)."""
    if gold is None or not n:
        return None
    return (text or '').split()[:n] == gold.split()[:n]

#!/usr/bin/env python3
"""Writes a plain-text article of about SIZE bytes whose body is ONE paragraph.

  python3 bench/big_article.py SIZE OUT [--seed=N] [--places]
  SIZE: bytes, or with a K/M suffix (1M = 1,048,576)

The sentences come, a paragraph at a time, from the repo's own samples/
(the .txt bodies and the <p> text of the .html pages), so the text has
what real copy has: names, quotes, numbers, dates, places, organisations.
Paragraphs are drawn at random with a fixed seed, each with its numbers
redrawn and, now and then, its person names swapped for others made with
lexicons/first_names.txt, so that the paragraph is not one string repeated
(a repeated string would let caches and the entity resolver see far fewer
distinct things than a long real text has).
The output is a headline line, a blank line and the paragraph, cut at a
sentence boundary at or below SIZE bytes; the same arguments always give
the same bytes. stdlib only.

--places writes instead a paragraph dense in place names, "Officials from
Chad, Peru and Norway met in Laos on Tuesday.", with the countries of
lexicons/countries.tsv: at 4 MB, 201,090 place mentions of 248 places,
where the samples' sentences give 13,334 of 14. (The places stage was
quadratic in its mentions and reserved room for all of them per place.)
"""
import html
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_size(s):
    mult = {'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}
    s = s.strip().upper()
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


def sample_paragraphs():
    d = os.path.join(REPO, 'samples')
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), encoding='utf-8') as f:
            text = f.read()
        if name.endswith('.html'):
            for m in re.finditer(r'<p[^>]*>(.*?)</p>', text, re.S):
                p = html.unescape(re.sub(r'<[^>]+>', ' ', m.group(1)))
                yield ' '.join(p.split())
        else:
            for p in re.split(r'\n\s*\n', text):
                yield ' '.join(p.split())


def units():
    """The body paragraphs of the samples: whole paragraphs rather than
    single sentences, so that every quotation keeps both its marks."""
    out = []
    for p in sample_paragraphs():
        # Body prose only: headlines, bylines and furniture are short or unpunctuated.
        if len(p.split()) >= 8 and p[-1] in '.!?"\u201d)':
            out.append(p)
    return sorted(set(out))


def first_names():
    with open(os.path.join(REPO, 'lexicons', 'first_names.txt'), encoding='utf-8') as f:
        return [w.strip() for w in f if w.strip() and not w.startswith('#')]


SURNAMES = ['Delaney', 'Natarajan', 'Fournier', 'Whitcomb', 'Kowalczyk', 'Reyes', 'Ferrer', 'Aldana',
            'Montalvo', 'Okafor', 'Brennan', 'Albrecht', 'Kowalski', 'Greer', 'Ortiz']
NAME = re.compile(r'\b(' + '|'.join(SURNAMES) + r')\b')


def new_number(digits, rng):
    if len(digits) == 4 and digits[:2] in ('19', '20'):
        return str(rng.randrange(1990, 2031))  # still a year
    low = 10 ** (len(digits) - 1) if len(digits) > 1 else 0
    return str(rng.randrange(low, 10 ** len(digits)))


def vary(s, rng, given):
    s = re.sub(r'\d+', lambda m: new_number(m.group(), rng), s)
    if rng.random() < 0.3:
        # A new person: a given name before the surname, or a new surname.
        s = NAME.sub(lambda m: rng.choice(given) + ' ' + rng.choice(SURNAMES) if rng.random() < 0.5
                     else rng.choice(SURNAMES), s)
    return s


def countries():
    with open(os.path.join(REPO, 'lexicons', 'countries.tsv'), encoding='utf-8') as f:
        rows = [line.rstrip('\n').split('\t') for line in f if not line.startswith('#')]
    return [r[2] for r in rows if len(r) > 2 and r[2].replace(' ', '').isalpha()]


def place_sentence(rng, names):
    a, b, c, d = (rng.choice(names) for _ in range(4))
    return 'Officials from %s, %s and %s met in %s on %s.' % (a, b, c, d, rng.choice(DAYS))


DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    seed, places = 1, '--places' in argv[1:]
    for a in argv[1:]:
        if a.startswith('--seed='):
            seed = int(a.split('=', 1)[1])
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    size, path = parse_size(args[0]), args[1]
    rng = random.Random(seed)
    pool, given, names = units(), first_names(), countries()
    head = 'Harbor towns weigh the cost of a long winter\n\n'
    parts, total = [], len(head.encode())
    while True:
        s = place_sentence(rng, names) if places else vary(rng.choice(pool), rng, given)
        n = len(s.encode()) + (1 if parts else 0) + 1
        if total + n > size:
            break
        parts.append(s)
        total += n
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(head + ' '.join(parts) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

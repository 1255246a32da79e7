#!/usr/bin/env python3
"""Acceptance test on the seed article (issues 3 and 4): runs
`newsgraph extract --published 2025-01-11` on ../shared/seed's story and
checks the facts the issues name. The story is read from ../shared at test
time and never copied into the repo; without ../shared the test is skipped.

Usage: tests/seed.py BIN
"""
import json, math, os, subprocess, sys

BIN = sys.argv[1] if len(sys.argv) > 1 else 'build/newsgraph'
SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'seed',
                    'cnn-2025-01-11-north-korean-soldiers.txt')
passed = failed = 0


def check(name, cond, detail=''):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print('FAIL seed %s%s' % (name, (': ' + detail) if detail else ''))


def km(lat1, lon1, lat2, lon2):
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2 +
         math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def main():
    if not os.path.exists(SEED):
        print('seed: skipped (%s not found)' % SEED)
        return 0
    out = subprocess.run([BIN, 'extract', '--published', '2025-01-11', SEED], capture_output=True, text=True)
    check('exit status', out.returncode == 0, out.stderr[:300])
    try:
        rec = json.loads(out.stdout.splitlines()[0])
    except (IndexError, ValueError) as e:
        print('FAIL seed: no record (%s)' % e)
        return 1
    text = rec.get('text', '')

    def span_ok(o, field='text'):
        return text[o['start']:o['end']] == o[field]

    # ---- entities (issue 3) ----
    ents = rec.get('entities', [])
    by_name = {(e['type'], e['name']): e for e in ents}
    for name in ('Volodymyr Zelensky', 'Antony Blinken', 'Donald Trump', 'Victoria Butenko', 'Tim Lister'):
        check('PER ' + name, ('PER', name) in by_name, str(sorted(n for t, n in by_name if t == 'PER')))
    sbu = by_name.get(('ORG', 'Security Service of Ukraine'))
    check('ORG Security Service of Ukraine', sbu is not None, str(sorted(n for t, n in by_name if t == 'ORG')))
    check('SBU alias', sbu is not None and 'SBU' in sbu.get('aliases', []), str(sbu and sbu.get('aliases')))
    check('ORG CNN', ('ORG', 'CNN') in by_name)
    for name in ('North Korean', 'Ukrainian', 'Russian'):
        check('NORP ' + name, ('NORP', name) in by_name, str(sorted(n for t, n in by_name if t == 'NORP')))
    blinken = by_name.get(('PER', 'Antony Blinken'))
    check('Blinken role', blinken is not None and blinken.get('role') == 'US Secretary of State',
          str(blinken and blinken.get('role')))
    bad = [m for e in ents for m in e.get('mentions', []) if not span_ok(m)]
    check('entity mention spans', not bad, str(bad[:3]))

    # ---- quotes (issue 4) ----
    quotes = [q for q in rec.get('quotes', []) if q.get('direct')]
    ids = {e['id']: e for e in ents}
    def speaker_of(q):
        e = ids.get(q.get('speaker_entity'))
        return e['name'] if e else None
    check('four direct quotes', len(quotes) == 4, str([q.get('text', '')[:40] for q in quotes]))
    starts = {'Our soldiers have captured': 'Volodymyr Zelensky', 'This was not an easy task': 'Volodymyr Zelensky',
              'They are being held': 'Security Service of Ukraine',
              'communication with them': 'Security Service of Ukraine'}
    for prefix, who in starts.items():
        q = [q for q in quotes if q.get('text', '').startswith(prefix)]
        check('quote "%s"' % prefix, len(q) == 1)
        if q:
            check('speaker of "%s"' % prefix, speaker_of(q[0]) == who, '%s / %s' % (q[0].get('speaker'), speaker_of(q[0])))
            check('span of "%s"' % prefix, span_ok(q[0]))

    # ---- counts (issue 4) ----
    counts = rec.get('counts', [])
    def count(value, word):
        return [c for c in counts if c.get('value') == value and word in (c.get('object') or '')]
    check('count 11,000 North Korean troops', count(11000, 'North Korean troops'), str(counts[:6]))
    c1000 = count(1000, 'soldiers')
    check('count 1,000 soldiers killed or wounded', c1000 and c1000[0].get('kind') in ('KILL', 'WOUND'), str(c1000))
    c2 = count(2, 'soldiers')
    check('count 2 soldiers captured', any(c.get('kind') == 'CAPTURE' for c in c2), str(c2))
    check('count spans', all(span_ok(c) for c in counts))

    # ---- dates (issue 4) ----
    dates = rec.get('dates', [])
    want = {'January 9': '2025-01-09', 'Sunday': '2025-01-05', 'Monday': '2025-01-06', 'Tuesday': '2025-01-07',
            'August last year': '2024-08', 'the last week of December': '2024-W52', 'last autumn': '2024-FA',
            'this month': '2025-01', 'nearly three years': 'P3Y'}
    for phrase, value in want.items():
        got = [d.get('value') for d in dates if phrase in d.get('text', '') or d.get('text', '') in phrase and
               d.get('text') and phrase.endswith(d.get('text'))]
        check('date %s = %s' % (phrase, value), value in got, str(got))
    check('date spans', all(span_ok(d) for d in dates))

    # ---- places (issue 4) ----
    places = rec.get('places', [])
    ref = {'Kyiv': (50.4501, 30.5234, 30), 'Kursk': (51.73, 36.19, 120), 'Donetsk': (48.0, 37.8, 120),
           'Tuva': (51.7, 94.4, 250)}
    for name, (lat, lon, tol) in ref.items():
        p = [p for p in places if any(m.get('text', '').startswith(name) for m in p.get('mentions', []))]
        check('place %s' % name, p and km(lat, lon, p[0]['lat'], p[0]['lon']) <= tol,
              str([(x.get('name'), x.get('lat'), x.get('lon')) for x in p]))
    check('place spans', all(span_ok(m) for p in places for m in p.get('mentions', [])))

    print('seed: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


sys.exit(main())

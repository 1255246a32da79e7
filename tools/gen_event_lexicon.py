#!/usr/bin/env python3
"""Compiles the event coder's lexicons into src/event_tables.h (`make lexicons`).

  python3 tools/gen_event_lexicon.py tables [--out DIR]
  python3 tools/gen_event_lexicon.py cameo CAMEO_CODEBOOK_DIR > lexicons/cameo_codes.tsv

`tables` reads lexicons/event_verbs.tsv, event_nouns.tsv, event_agents.tsv,
plover_types.tsv and cameo_codes.tsv and writes sorted C tables:

  event_verb_forms   inflected form -> its senses (particle, CAMEO code, alt, flags)
  event_noun_forms   event noun (singular and plural, compounds) -> code, alt
  event_agent_forms  agent noun (singular and plural) -> sector
  event_cameo        CAMEO code -> Goldstein value, PLOVER type, mode, quad class

Every code a lexicon names must be in cameo_codes.tsv and have a PLOVER type.

`cameo` rebuilds lexicons/cameo_codes.tsv from ../shared/data/cameo_codebook:
the Goldstein values of icews_cameo-codes.utf8.csv (andybega/icews, MIT) and
the PLOVER modes of plover/CAMEO2PLOVER-2021.txt (PLOVER, CC BY-SA 4.0).
Only codes, numbers and mode words are kept; no codebook text.

The output depends on the input files only. Python 3 stdlib only.
"""
import argparse
import csv
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICONS = os.path.join(REPO, 'lexicons')
FLAGS = ['ctl', 'intent', 'pp', 'deny', 'plan', 'obj']  # bit i of the C flags
SECTORS = ['GOV', 'MIL', 'COP', 'REB', 'OPP', 'PTY', 'LEG', 'JUD', 'SPY', 'CVL', 'REF', 'MED', 'BUS',
           'LAB', 'EDU', 'HLH', 'IGO', 'NGO', 'CRM']
TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT', 'INVESTIGATE', 'DEMAND',
         'DISAPPROVE', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT', 'FIGHT']
WORD = re.compile(r"^[a-z]+(?:[-'][a-z]+)*$")
CODE = re.compile(r'^[0-9]{2,4}$')


class LexiconError(SystemExit):
    pass


def read_tsv(name, columns):
    rows = []
    with open(os.path.join(LEXICONS, name), encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            fields = line.split('\t')
            if len(fields) != columns:
                raise LexiconError('%s:%d: %d columns, want %d' % (name, number, len(fields), columns))
            rows.append(('%s:%d' % (name, number), fields))
    return rows


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def by_bytes(keys):
    return sorted(keys, key=lambda s: s.encode())


def check_words(where, text):
    for w in text.split(' '):
        if not WORD.match(w):
            raise LexiconError('%s: %r is not lowercase words one space apart' % (where, text))


# ---- morphology ------------------------------------------------------------------

VOWELS = 'aeiou'


def third_person(v):
    if v.endswith(('s', 'sh', 'ch', 'x', 'z', 'o')):
        return v + 'es'
    if v.endswith('y') and len(v) > 1 and v[-2] not in VOWELS:
        return v[:-1] + 'ies'
    return v + 's'


def past(v):
    if v.endswith('e'):
        return v + 'd'
    if v.endswith('y') and len(v) > 1 and v[-2] not in VOWELS:
        return v[:-1] + 'ied'
    return v + 'ed'


def gerund(v):
    if v.endswith('ie'):
        return v[:-2] + 'ying'
    if v.endswith('e') and not v.endswith(('ee', 'ye', 'oe')):
        return v[:-1] + 'ing'
    return v + 'ing'


def plural(n):
    words = n.split(' ')
    last = words[-1]
    if last.endswith(('s', 'sh', 'ch', 'x', 'z')):
        last += 'es'
    elif last.endswith('y') and len(last) > 1 and last[-2] not in VOWELS:
        last = last[:-1] + 'ies'
    else:
        last += 's'
    return ' '.join(words[:-1] + [last])


# ---- cameo_codes.tsv -----------------------------------------------------------------

def read_cameo():
    codes = {}
    for where, (code, goldstein, mode) in read_tsv('cameo_codes.tsv', 3):
        if not CODE.match(code) or code in codes:
            raise LexiconError('%s: bad or duplicate code %r' % (where, code))
        codes[code] = (float(goldstein), '' if mode == '-' else mode)
    return codes


def read_types():
    types = {}
    for where, (prefix, typ, quad) in read_tsv('plover_types.tsv', 3):
        if not CODE.match(prefix) or typ not in TYPES or quad not in '1234':
            raise LexiconError('%s: bad row' % where)
        types[prefix] = (typ, int(quad))
    return types


def type_of(code, types):
    for n in range(len(code), 1, -1):
        if code[:n] in types:
            return types[code[:n]]
    return None


def check_code(where, code, cameo, types):
    if code not in cameo:
        raise LexiconError('%s: CAMEO code %s is not in cameo_codes.tsv' % (where, code))
    if not type_of(code, types):
        raise LexiconError('%s: CAMEO code %s has no PLOVER type in plover_types.tsv' % (where, code))


# ---- the tables --------------------------------------------------------------------

def gen_tables():
    cameo = read_cameo()
    types = read_types()
    code_index = {c: i for i, c in enumerate(sorted(cameo))}
    senses = []          # (particle, cameo or 'light', alt, flags)
    form_senses = {}     # form -> [sense index]
    explicit = {}
    for where, (lemma, particle, code, alt, flags, forms) in read_tsv('event_verbs.tsv', 6):
        check_words(where, lemma)
        if particle != '-':
            check_words(where, particle)
        if code != 'light':
            check_code(where, code, cameo, types)
        if alt != '-':
            check_code(where, alt, cameo, types)
        bits = 0
        for flag in ([] if flags == '-' else flags.split(',')):
            if flag not in FLAGS:
                raise LexiconError('%s: unknown flag %r' % (where, flag))
            bits |= 1 << FLAGS.index(flag)
        key = (lemma, particle)
        if key in explicit:
            raise LexiconError('%s: duplicate row for %s %s' % (where, lemma, particle))
        explicit[key] = where
        extra = [] if forms == '-' else forms.split(',')
        for f in extra:
            check_words(where, f)
        index = len(senses)
        senses.append((particle if particle != '-' else '', code, alt if alt != '-' else '', bits, lemma))
        for form in sorted({lemma, third_person(lemma), past(lemma), gerund(lemma)} | set(extra)):
            form_senses.setdefault(form, []).append(index)

    nouns = {}
    for where, (noun, code, alt) in read_tsv('event_nouns.tsv', 3):
        check_words(where, noun)
        check_code(where, code, cameo, types)
        if alt != '-':
            check_code(where, alt, cameo, types)
        if noun in nouns and nouns[noun][2]:
            raise LexiconError('%s: duplicate noun %r' % (where, noun))
        nouns[noun] = (code, alt if alt != '-' else '', True)
        p = plural(noun)
        if p not in nouns:
            nouns[p] = (code, alt if alt != '-' else '', False)

    agents = {}
    for where, (noun, sector) in read_tsv('event_agents.tsv', 2):
        check_words(where, noun)
        if sector not in SECTORS:
            raise LexiconError('%s: unknown sector %r' % (where, sector))
        if noun in agents and agents[noun][1]:
            raise LexiconError('%s: duplicate agent %r' % (where, noun))
        agents[noun] = (sector, True)
        p = plural(noun)
        if p not in agents:
            agents[p] = (sector, False)

    def code_ref(c):
        return str(code_index[c]) if c and c != 'light' else ('EV_LIGHT' if c == 'light' else 'EV_NO_CODE')

    out = ['/* Generated by tools/gen_event_lexicon.py from lexicons/event_verbs.tsv, event_nouns.tsv,',
           ' * event_agents.tsv, plover_types.tsv and cameo_codes.tsv: do not edit. */',
           '/* The PLOVER types, in the order of enum ev_type. */',
           'static const char *const event_type_names[] = {%s};' % ', '.join(c_string(t) for t in TYPES),
           '/* The sectors, in the order of enum ev_sector. */',
           'static const char *const event_sector_names[] = {%s};' % ', '.join(c_string(s) for s in SECTORS),
           '/* CAMEO codes, sorted: Goldstein value, PLOVER type, quad class, PLOVER mode ("" when none). */',
           'static const struct event_cameo_entry { const char *code; double goldstein; uint8_t type, quad; const char *mode; } event_cameo[] = {']
    for c in sorted(cameo):
        t = type_of(c, types)
        g, mode = cameo[c]
        out.append('    {%s, %.4g, %d, %d, %s},' % (c_string(c), g, TYPES.index(t[0]) if t else 255, t[1] if t else 0,
                                                c_string(mode)))
    out.append('};')
    out.append('/* Verb senses: the particle that must follow ("" none), the code (an index in')
    out.append(' * event_cameo, EV_LIGHT for a support verb), the code for a non-state source')
    out.append(' * (EV_NO_CODE: the same), EV_FLAG_* bits, the lemma. */')
    out.append('static const struct event_verb_sense { const char *particle; uint16_t code, alt; uint8_t flags; const char *lemma; } event_verb_senses[] = {')
    for particle, code, alt, bits, lemma in senses:
        out.append('    {%s, %s, %s, %d, %s},' % (c_string(particle), code_ref(code), code_ref(alt), bits, c_string(lemma)))
    out.append('};')
    out.append('/* Verb forms, sorted by bytes: their senses are event_verb_senses[first .. first + count). */')
    out.append('static const struct event_verb_form { const char *form; uint16_t sense[4]; uint8_t count; } event_verb_forms[] = {')
    for form in by_bytes(form_senses):
        s = form_senses[form]
        if len(s) > 4:
            raise LexiconError('event_verbs.tsv: form %r has more than 4 senses' % form)
        out.append('    {%s, {%s}, %d},' % (c_string(form), ', '.join(str(i) for i in s + [0] * (4 - len(s))), len(s)))
    out.append('};')
    out.append('/* Event nouns (compounds with one space), sorted by bytes: code, alt (indices in event_cameo). */')
    out.append('static const struct event_noun_form { const char *form; uint16_t code, alt; } event_noun_forms[] = {')
    for n in by_bytes(nouns):
        code, alt, _ = nouns[n]
        out.append('    {%s, %s, %s},' % (c_string(n), code_ref(code), code_ref(alt)))
    out.append('};')
    out.append('/* Agent nouns (compounds with one space), sorted by bytes: sector (enum ev_sector). */')
    out.append('static const struct event_agent_form { const char *form; uint8_t sector; } event_agent_forms[] = {')
    for n in by_bytes(agents):
        out.append('    {%s, %d},' % (c_string(n), SECTORS.index(agents[n][0])))
    out.append('};')
    out.append('/* ISO 3166-1 alpha-2 -> alpha-3 (lexicons/countries.tsv: GeoNames, CC BY 4.0), sorted. */')
    out.append('static const struct event_iso3_entry { const char *alpha2; const char *alpha3; } event_iso3[] = {')
    iso = {}
    with open(os.path.join(LEXICONS, 'countries.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            a2, a3 = line.split('\t')[:2]
            iso[a2] = a3
    for a2 in by_bytes(iso):
        out.append('    {%s, %s},' % (c_string(a2), c_string(iso[a2])))
    out.append('};')
    return '\n'.join(out) + '\n'


def gen_cameo(codebook):
    modes = {}
    with open(os.path.join(codebook, 'plover', 'CAMEO2PLOVER-2021.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#')[0].strip()
            m = re.match(r'^([0-9]{2,4}):\s*([A-Z]*)\s*(?:,\s*([^,]*))?', line)
            if m and m.group(3) is not None:
                mode = m.group(3).strip()
                if mode:
                    modes[m.group(1)] = mode
    rows = []
    with open(os.path.join(codebook, 'icews_cameo-codes.utf8.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            code = r['code'].strip()
            if not CODE.match(code):
                continue
            rows.append((code, float(r['goldstein']), modes.get(code, '-')))
    lines = ['# CAMEO event codes: the Goldstein (1992) conflict-cooperation value of each',
             '# code and its PLOVER mode. Generated by tools/gen_event_lexicon.py cameo from',
             '# ../shared/data/cameo_codebook: Goldstein values from icews_cameo-codes.csv',
             '# (andybega/icews, MIT), modes from CAMEO2PLOVER-2021.txt (openeventdata/PLOVER,',
             '# CC BY-SA 4.0; see lexicons/NOTICE.events). Codes and numbers only.',
             '# Columns: code, goldstein, mode ("-" none).']
    for code, g, mode in sorted(rows):
        lines.append('%s\t%g\t%s' % (code, g, mode))
    return '\n'.join(lines) + '\n'


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('tables')
    t.add_argument('--out', default=os.path.join(REPO, 'src'))
    c = sub.add_parser('cameo')
    c.add_argument('codebook')
    a = ap.parse_args()
    if a.cmd == 'cameo':
        sys.stdout.write(gen_cameo(a.codebook))
        return
    text = gen_tables()
    path = os.path.join(a.out, 'event_tables.h')
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(path + '.tmp', path)
    print('wrote %s' % path)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Compiles the word lists in lexicons/ into sorted C tables (`make lexicons`).

  python3 tools/gen_lexicons.py [--out DIR] [--vader PATH/vader_lexicon.txt]

  lexicons/verbs.tsv + tense_words.tsv  -> src/tense_cues.h   (src/timex.c: tense cues)
  lexicons/verbs.tsv + cues.tsv         -> src/cues_table.h   (src/quotes.c: attribution cues)
  lexicons/verbs.tsv + count_kinds.tsv  -> src/count_kinds.h  (src/counts.c: form -> count kind)
  lexicons/tone.tsv                     -> src/tone_lexicon.h (src/tone.c: word -> +1 / -1)

verbs.tsv holds every verb form with all the stages know about it (tense,
attribution cue, count kind); each stage's own file holds its words that are
not verbs. A form may not be in both for the same table. The tables are
sorted by the bytes of the form so the engine can binary-search them.

--out writes the headers into DIR instead of src/ (`make lexicons-check`
compares such a fresh copy with the committed one). The output depends on
the input files only: no dates, no paths, nothing from the environment.

With --vader, lexicons/tone.tsv is first rebuilt from the VADER lexicon
(Apache-2.0; see lexicons/README.md): only plain lowercase words (letters,
inner hyphens and apostrophes) are kept, since the engine scores word
tokens; emoticons and slang with symbols are dropped. The valence is kept in
the TSV for reference; the C table stores its sign, which is what a
GDELT-style tone (share of positive and negative words) needs, and a hash
index over the words (FNV-1a, the same function as tone.c).
Python 3 stdlib only.
"""
import argparse
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICONS = os.path.join(REPO, 'lexicons')
KINDS = ['KILL', 'WOUND', 'ARREST', 'KIDNAP', 'CAPTURE', 'DEPLOY', 'PROTEST', 'DISPLACE', 'EVACUATE', 'AFFECT']
TENSES = ['past', 'present', 'future', 'none']
CUE_FLAGS = ['hedge', 'object', 'belief', 'continue', 'finding', 'base']  # in the order of their bits in quotes.c
CUE_KINDS = {'verb': 'NG_CUE_VERB', 'source_after': 'NG_CUE_SOURCE_AFTER', 'hedge_adverb': 'NG_CUE_HEDGE_ADVERB'}
WORD = re.compile(r"^[a-z]+(?:[-'][a-z]+)*$")
FORM = re.compile(r"^[^ A-Z]+(?: [^ A-Z]+)*$")  # lowercase words, one space apart


class LexiconError(SystemExit):
    pass


def read_tsv(name, columns, required=None):
    """The rows of lexicons/NAME as (line number, fields): `columns` fields, of
    which the first `required` (default all) must be there; missing ones are ''."""
    required = columns if required is None else required
    rows = []
    with open(os.path.join(LEXICONS, name), encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            fields = line.split('\t')
            if not required <= len(fields) <= columns:
                raise LexiconError('%s:%d: %d columns, want %d' % (name, number, len(fields), columns))
            rows.append((number, fields + [''] * (columns - len(fields))))
    return rows


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def by_bytes(forms):
    return sorted(forms, key=lambda s: s.encode())


# ---- lexicons/verbs.tsv --------------------------------------------------------

def read_verbs():
    """form -> {'lemma', 'tense', 'before_to', 'cue', 'count'}, '-' read as None."""
    verbs = {}
    for number, (form, lemma, tense, before_to, cue, count) in read_tsv('verbs.tsv', 6):
        where = 'verbs.tsv:%d: %s' % (number, form)
        if not FORM.match(form):
            raise LexiconError('%s: a form is lowercase words, one space apart' % where)
        if form in verbs:
            raise LexiconError('%s: duplicate form' % where)
        v = {'lemma': lemma, 'tense': None, 'before_to': None, 'cue': None, 'count': None}
        if tense != '-':
            if tense not in TENSES:
                raise LexiconError('%s: tense %r is none of %s' % (where, tense, ', '.join(TENSES + ['-'])))
            v['tense'] = tense
        if before_to != '-':
            if before_to not in TENSES:
                raise LexiconError('%s: before_to %r is none of %s' % (where, before_to, ', '.join(TENSES + ['-'])))
            if not v['tense']:
                raise LexiconError('%s: before_to needs a tense' % where)
            v['before_to'] = before_to
        if cue != '-':
            flags = [] if cue == 'plain' else cue.split(',')
            for flag in flags:
                if flag not in CUE_FLAGS:
                    raise LexiconError('%s: cue %r is neither plain nor flags among %s'
                                       % (where, cue, ', '.join(CUE_FLAGS)))
            v['cue'] = flags
        if count != '-':
            if count not in KINDS:
                raise LexiconError('%s: unknown count kind %r' % (where, count))
            v['count'] = count
        if ' ' in form and (v['tense'] or v['count']):
            raise LexiconError('%s: a form of several words can only be a cue (tenses and counts are per word)' % where)
        if v['tense'] is None and v['cue'] is None and v['count'] is None:
            raise LexiconError('%s: the row gives no tense, cue or count' % where)
        verbs[form] = v
    return verbs


def merge(verbs, value_of, own, own_name):
    """The forms of verbs.tsv for which value_of(row) is not None, with that
    value, and `own` (form -> value) from the stage's file, as one dict. A
    verb form belongs in verbs.tsv only, so a form in both is an error."""
    merged = {f: value_of(v) for f, v in verbs.items() if value_of(v) is not None}
    for form, value in own.items():
        if form in verbs:
            raise LexiconError('%s: %r is a verb form of verbs.tsv: give it its column there' % (own_name, form))
        merged[form] = value
    return merged


# ---- tense_cues.h ----------------------------------------------------------------

def gen_tense(verbs):
    own = {}
    for number, (form, tense, before_to) in read_tsv('tense_words.tsv', 3):
        where = 'tense_words.tsv:%d: %s' % (number, form)
        if form in own:
            raise LexiconError('%s: duplicate form' % where)
        if ' ' in form or not FORM.match(form):
            raise LexiconError('%s: a form is one lowercase word' % where)
        if tense not in TENSES or before_to not in TENSES + ['-']:
            raise LexiconError('%s: tenses are %s' % (where, ', '.join(TENSES)))
        own[form] = (tense, before_to if before_to != '-' else None)
    def tenses(v):
        return (v['tense'], v['before_to']) if v['tense'] else None
    table = merge(verbs, tenses, own, 'tense_words.tsv')
    out = ['/* Generated by tools/gen_lexicons.py from lexicons/verbs.tsv and lexicons/tense_words.tsv: do not edit. */',
           '/* Sorted by byte order of `form`, for binary search. before_to is the tense',
           ' * when the next word is "to". */',
           'static const struct tense_cue_entry { const char *form; uint8_t tense, before_to; } tense_cue_table[] = {']
    for form in by_bytes(table):
        tense, before_to = table[form]
        before_to = before_to or tense
        out.append('    {%s, NG_TENSE_%s, NG_TENSE_%s},' % (c_string(form), tense.upper(), before_to.upper()))
    out.append('};')
    return 'tense_cues.h', out, len(table)


# ---- cues_table.h ------------------------------------------------------------------

def gen_cues(verbs):
    own = {}
    for number, (form, lemma, kind, flags) in read_tsv('cues.tsv', 4, required=3):
        where = 'cues.tsv:%d: %s' % (number, form)
        if form in own:
            raise LexiconError('%s: duplicate form' % where)
        if kind == 'verb':
            raise LexiconError('%s: verbs are in verbs.tsv (its cue column)' % where)
        if kind not in CUE_KINDS:
            raise LexiconError('%s: unknown kind %r' % (where, kind))
        flag_list = [f for f in flags.split(',') if f]
        for flag in flag_list:
            if flag not in CUE_FLAGS:
                raise LexiconError('%s: unknown flag %r' % (where, flag))
        own[form] = (lemma, CUE_KINDS[kind], flag_list)
    def cue(v):
        return (v['lemma'], 'NG_CUE_VERB', v['cue']) if v['cue'] is not None else None
    table = merge(verbs, cue, own, 'cues.tsv')
    forms = by_bytes(table)
    letters = 'abcdefghijklmnopqrstuvwxyz'
    for form in forms:
        if len(form) < 2 or form[0] not in letters or form[1] not in letters:
            # quotes.c indexes the table by the first two letters
            raise LexiconError('cues_table.h: %r: a cue starts with two letters a-z' % form)
    out = ['/* Generated by tools/gen_lexicons.py from lexicons/verbs.tsv and lexicons/cues.tsv: do not edit. */',
           'static const ng_cue_entry ng_cues[] = {']
    for form in forms:
        lemma, kind, flags = table[form]
        bits = '0' + ''.join('|NG_CUE_' + f.upper() for f in CUE_FLAGS if f in flags)
        out.append('    {%s, %s, %s, %s},' % (c_string(form), c_string(lemma), kind, bits))
    out.append('};')
    # where each initial letter's entries start, so a lookup searches one letter
    out.append('static const uint16_t ng_cue_letter[27] = {')
    starts, next_start = [0] * 26, len(forms)
    for i in range(25, -1, -1):
        firsts = [k for k, f in enumerate(forms) if f[0] == letters[i]]
        if firsts:
            next_start = firsts[0]
        starts[i] = next_start
    out.append('   ' + ''.join(' %d,' % s for s in starts) + ' %d' % len(forms))
    out.append('};')
    # for each initial letter, a bit per second letter that some form has:
    # most words are rejected with one lookup, before any comparison
    out.append('static const uint32_t ng_cue_second[26] = {')
    masks = [0] * 26
    for form in forms:
        masks[letters.index(form[0])] |= 1 << letters.index(form[1])
    out.append('   ' + ','.join(' 0x%x' % m for m in masks))
    out.append('};')
    return 'cues_table.h', out, len(table)


# ---- count_kinds.h -------------------------------------------------------------------

def gen_kinds(verbs):
    own = {}
    for number, (form, kind) in read_tsv('count_kinds.tsv', 2):
        where = 'count_kinds.tsv:%d: %s' % (number, form)
        if kind not in KINDS:
            raise LexiconError('%s: unknown kind %r' % (where, kind))
        if form in own:
            raise LexiconError('%s: duplicate form' % where)
        own[form] = kind
    table = merge(verbs, lambda v: v['count'], own, 'count_kinds.tsv')
    out = ['/* Generated by tools/gen_lexicons.py from lexicons/verbs.tsv and lexicons/count_kinds.tsv: do not edit. */',
           '/* Sorted by byte order of `form`, for binary search. */',
           'static const struct count_kind_entry { const char *form; uint8_t kind; } count_kind_table[] = {']
    for form in by_bytes(table):
        out.append('    {%s, NG_COUNT_%s},' % (c_string(form), table[form]))
    out.append('};')
    return 'count_kinds.h', out, len(table)


# ---- tone_lexicon.h --------------------------------------------------------------------

def gen_tone_tsv(vader):
    words = {}
    with open(vader, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) < 2:
                continue
            w, val = parts[0], float(parts[1])
            if WORD.match(w) and val != 0:
                words[w] = val
    with open(os.path.join(LEXICONS, 'tone.tsv'), 'w', encoding='utf-8') as f:
        f.write('# Tone lexicon: word, polarity (+1 or -1), VADER mean valence (-4..+4).\n')
        f.write('# Derived from the VADER sentiment lexicon (vader_lexicon.txt of\n')
        f.write('# vader-sentiment 1.1.3, Apache-2.0, Copyright 2018 Comcast Cable\n')
        f.write('# Communications Management, LLC; lexicon by C.J. Hutto and E. Gilbert).\n')
        f.write('# Only plain words are kept. See lexicons/README.md. Regenerate with\n')
        f.write('# `make lexicons VADER=path/to/vader_lexicon.txt`.\n')
        for w in by_bytes(words):
            f.write('%s\t%d\t%.2f\n' % (w, 1 if words[w] > 0 else -1, words[w]))


def fnv1a(b):
    h = 0x811c9dc5
    for c in b:
        h ^= c
        h = (h * 0x01000193) & 0xffffffff
    return h


TONE_HASH_BITS = 14  # 16,384 slots for ~7,200 words: short probe runs


def gen_tone_h():
    rows = [fields for _, fields in read_tsv('tone.tsv', 3)]
    rows.sort(key=lambda r: r[0].encode())
    size = 1 << TONE_HASH_BITS
    if len(rows) * 2 > size:
        raise LexiconError('tone.tsv: too many words for the hash table; raise TONE_HASH_BITS')
    slots = [0] * size
    for i, r in enumerate(rows):
        h = fnv1a(r[0].encode()) & (size - 1)
        while slots[h]:
            h = (h + 1) & (size - 1)
        slots[h] = i + 1
    out = ['/* Generated by tools/gen_lexicons.py from lexicons/tone.tsv (derived from the',
           ' * VADER lexicon, Apache-2.0; see lexicons/README.md): do not edit. */',
           '/* Words sorted by byte order, and an open-addressing hash over them:',
           ' * tone_hash[fnv1a(word) & (TONE_HASH_SIZE - 1)], probing linearly, holds',
           ' * 1 + the index of the word, or 0 for an empty slot. */',
           '#define TONE_HASH_SIZE %d' % size,
           'static const struct tone_entry { const char *word; uint8_t len; int8_t polarity; } tone_table[] = {']
    for r in rows:
        out.append('    {%s, %d, %s},' % (c_string(r[0]), len(r[0].encode()), r[1]))
    out.append('};')
    out.append('static const uint16_t tone_hash[TONE_HASH_SIZE] = {')
    for k in range(0, size, 16):
        out.append('    ' + ', '.join(str(x) for x in slots[k:k + 16]) + ',')
    out.append('};')
    return 'tone_lexicon.h', out, len(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(REPO, 'src'), help='directory for the headers (default src/)')
    ap.add_argument('--vader', help='rebuild lexicons/tone.tsv from this vader_lexicon.txt')
    a = ap.parse_args()
    if a.vader:
        gen_tone_tsv(a.vader)
    verbs = read_verbs()
    # every table is built before any is written, so a bad row leaves src/ as it was
    tables = [gen_tense(verbs), gen_cues(verbs), gen_kinds(verbs), gen_tone_h()]
    for name, lines, _ in tables:
        with open(os.path.join(a.out, name), 'w', encoding='utf-8', newline='\n') as f:
            f.write('\n'.join(lines) + '\n')
    print('%d verb forms; ' % len(verbs) + ', '.join('%s: %d entries' % (name, n) for name, _, n in tables))


if __name__ == '__main__':
    main()

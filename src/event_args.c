/*
 * event_args.c: subjects, objects and agents of an event trigger (see
 * event_args.h), over a dependency parse when the view has one, else by
 * shallow rules over part-of-speech tags.
 *
 * The shallow rules, in short: the verb group is the trigger and the
 * auxiliaries, adverbs and negations right before it; it is passive when
 * a form of "be" is among them and the trigger is a past participle, or
 * when a bare participle is followed by "by" ("a soldier taken captive by
 * Ukrainian forces"). The subject is the nearest noun phrase to the left
 * that is not inside a prepositional phrase ("forces operating in the
 * Kursk region of Russia have captured": Russia and the region are
 * skipped); "one of the soldiers" stands for the soldiers. The object is
 * the first noun phrase to the right, directly or after a preposition
 * that marks a target (against, on, with, at, to, into), stopping at the
 * end of the clause. A passive's agent is the noun phrase after "by".
 */
#include "event_args.h"

#include "lexicon.h"

/* Penn tags as src/pos.c numbers them (xpos_names). */
enum { XPOS_VBD = 12, XPOS_VBP = 13, XPOS_VBZ = 14, XPOS_VBN = 16, XPOS_VBG = 17, XPOS_MD = 18, XPOS_PRPS = 20, XPOS_POS = 31 };

static const char *const dep_names[] = {"", "nsubj", "nsubj:pass", "obj", "obl", "obl:agent", "nmod", "case",
                                        "aux", "aux:pass", "advmod", "xcomp", "ccomp", "conj", "acl", "appos"};

ng_ev_dep ng_ev_dep_from_name(const char *s, size_t n)
{
    for (size_t i = 1; i < NG_LEX_COUNT(dep_names); i++)
        if (strlen(dep_names[i]) == n && memcmp(dep_names[i], s, n) == 0) return (ng_ev_dep)i;
    /* Subtypes fold into their relation, except the ones named above. */
    size_t base = 0;
    while (base < n && s[base] != ':') base++;
    if (base == n) {
        if (n == 4 && memcmp(s, "iobj", 4) == 0) return NG_DEP_OBJ;
        if (n == 3 && memcmp(s, "neg", 3) == 0) return NG_DEP_ADVMOD;
        return NG_DEP_OTHER;
    }
    if (base == 4 && memcmp(s, "nmod", 4) == 0) return n == 9 && memcmp(s, "nmod:poss", 9) == 0 ? NG_DEP_OTHER : NG_DEP_NMOD;
    if (base == 3 && memcmp(s, "obl", 3) == 0) return NG_DEP_OBL;
    if (base == 3 && memcmp(s, "acl", 3) == 0) return NG_DEP_ACL;
    if (base == 4 && memcmp(s, "conj", 4) == 0) return NG_DEP_CONJ;
    return NG_DEP_OTHER;
}

static bool word_is(const ng_ev_view *v, size_t i, const char *w)
{
    return i < v->n && v->word[i].len == strlen(w) && memcmp(v->word[i].ptr, w, v->word[i].len) == 0;
}

static bool word_in(const ng_ev_view *v, size_t i, const char *const *list, size_t count)
{
    return i < v->n && ng_lex_has(v->word[i].ptr, v->word[i].len, list, count);
}

static unsigned upos(const ng_ev_view *v, size_t i) { return i < v->n ? v->upos[i] : NG_UPOS_X; }

static const char *const pronouns[] = {"he", "her", "him", "it", "she", "them", "they", "we", "us", "i", "you"};
bool ng_ev_is_pronoun(const ng_ev_view *v, size_t i) { return word_in(v, i, pronouns, NG_LEX_COUNT(pronouns)); }

static bool is_nominal(const ng_ev_view *v, size_t i)
{
    unsigned u = upos(v, i);
    return u == NG_UPOS_NOUN || u == NG_UPOS_PROPN || u == NG_UPOS_NUM || ng_ev_is_pronoun(v, i);
}

/* Words that make a noun phrase a date or a time, never an actor. */
static const char *const temporal[] = {
    "april", "august", "autumn", "day", "days", "december", "evening", "february", "friday", "hour", "hours",
    "january", "july", "june", "march", "may", "monday", "month", "months", "morning", "night", "november",
    "october", "saturday", "september", "spring", "summer", "sunday", "thursday", "time", "today", "tomorrow",
    "tonight", "tuesday", "wednesday", "week", "weekend", "weeks", "winter", "year", "years", "yesterday"};

static bool is_modifier(const ng_ev_view *v, size_t i)
{
    unsigned u = upos(v, i);
    if (u == NG_UPOS_DET || u == NG_UPOS_ADJ || u == NG_UPOS_NOUN || u == NG_UPOS_PROPN || u == NG_UPOS_NUM) return true;
    if (v->xpos && (v->xpos[i] == XPOS_POS || v->xpos[i] == XPOS_PRPS)) return true;
    return word_is(v, i, "'s") || word_is(v, i, "'") || word_is(v, i, "-");
}

/* Heads of "X of Y" where Y is who is meant: "one of the soldiers". */
static const char *const partitives[] = {
    "all", "both", "dozens", "each", "group", "groups", "half", "hundreds", "majority", "many", "member", "members",
    "millions", "most", "none", "number", "one", "part", "scores", "several", "some", "tens", "thousands", "two"};

static bool is_head_noun(const ng_ev_view *v, size_t i)
{
    unsigned u = upos(v, i);
    return u == NG_UPOS_NOUN || u == NG_UPOS_PROPN;
}

ng_ev_span ng_ev_np(const ng_ev_view *v, size_t i)
{
    ng_ev_span s = {(int32_t)i, (int32_t)i};
    if (i >= v->n) return (ng_ev_span){-1, -1};
    if (ng_ev_is_pronoun(v, i)) return s;
    size_t lo = i, hi = i;
    /* Right: on to the head, the last noun of the run of modifiers
     * ("North Korean military personnel", "command post"). */
    for (size_t j = i + 1; j < v->n && j - i < NG_EV_WINDOW; j++) {
        unsigned u = upos(v, j);
        bool possessive = word_is(v, j, "'s") || word_is(v, j, "-") || (v->xpos && v->xpos[j] == XPOS_POS);
        if (!(u == NG_UPOS_ADJ || u == NG_UPOS_NOUN || u == NG_UPOS_PROPN || u == NG_UPOS_NUM || possessive)) break;
        if (word_in(v, j, temporal, NG_LEX_COUNT(temporal))) break;
        if (is_head_noun(v, j)) hi = j;
    }
    /* Left: modifiers, and "X and Y" between modifiers. */
    while (lo > 0 && i - lo < NG_EV_WINDOW) {
        if (is_modifier(v, lo - 1) && !ng_lex_has(v->word[lo - 1].ptr, v->word[lo - 1].len, temporal, NG_LEX_COUNT(temporal))) {
            lo--;
            if (upos(v, lo) == NG_UPOS_DET || (v->xpos && v->xpos[lo] == XPOS_PRPS)) break; /* a determiner starts the phrase */
        } else if (lo >= 2 && upos(v, lo - 1) == NG_UPOS_CCONJ && word_is(v, lo - 1, "and") &&
                   (upos(v, lo - 2) == NG_UPOS_ADJ || upos(v, lo - 2) == NG_UPOS_PROPN)) {
            lo -= 2;
        } else {
            break;
        }
    }
    return (ng_ev_span){(int32_t)lo, (int32_t)hi};
}

/* "one of the North Koreans" -> the North Koreans. */
static ng_ev_span partitive(const ng_ev_view *v, ng_ev_span s)
{
    /* twice at most: "hundreds of thousands of people" */
    for (int depth = 0; depth < 2; depth++) {
        size_t of = (size_t)s.last + 1;
        if (!word_is(v, of, "of") || !word_in(v, (size_t)s.last, partitives, NG_LEX_COUNT(partitives))) return s;
        bool found = false;
        for (size_t j = of + 1; j < v->n && j <= of + 6 && !found; j++)
            if (is_nominal(v, j) && upos(v, j) != NG_UPOS_NUM) {
                ng_ev_span t = ng_ev_np(v, j);
                t.first = s.first < t.first ? s.first : t.first;
                s = t;
                found = true;
            }
        if (!found) return s;
    }
    return s;
}

static const char *const quantity_preps[] = {"about", "around", "over", "than", "to", "under"};

/* "Pakistan, a key U.S. ally, has refused": the name before an
 * appositive set off by commas. */
static ng_ev_span appositive(const ng_ev_view *v, ng_ev_span s)
{
    if (s.first < 2 || !word_is(v, (size_t)s.first - 1, ",")) return s;
    size_t j = (size_t)s.first - 2;
    if (upos(v, j) != NG_UPOS_PROPN) return s;
    ng_ev_span name = ng_ev_np(v, j);
    /* not a fronted phrase: "In Kyiv, officials said" */
    if (name.first > 0 && upos(v, (size_t)name.first - 1) == NG_UPOS_ADP) return s;
    return name;
}

static const char *const clause_words[] = {"because", "but", "if", "since", "that", "though", "unless",
                                           "when", "where", "whereas", "which", "while", "who", "whom"};
static const char *const hard_puncts[] = {"(", ")", ":", ";", "—", "–"};

static bool hard_break(const ng_ev_view *v, size_t i)
{
    return word_in(v, i, hard_puncts, NG_LEX_COUNT(hard_puncts)) || upos(v, i) == NG_UPOS_SCONJ ||
           word_in(v, i, clause_words, NG_LEX_COUNT(clause_words));
}

static bool finite_verb(const ng_ev_view *v, size_t i)
{
    if (upos(v, i) != NG_UPOS_VERB) return false;
    if (!v->xpos) return true;
    unsigned x = v->xpos[i];
    return x == XPOS_VBD || x == XPOS_VBZ || x == XPOS_VBP;
}

static const char *const negations[] = {"never", "no", "not"};
static const char *const modals[] = {"'ll", "could", "might", "must", "ought", "shall", "should", "will", "would"};
/* The perfect's auxiliary: "has ordered" is active unless "been" follows. */
static const char *const have_forms[] = {"'d", "'ve", "had", "has", "have", "having"};
static const char *const be_forms[] = {"'s", "am", "are", "be", "been", "being", "get", "gets", "got", "is", "was", "were"};

static bool is_negation(const ng_ev_view *v, size_t i)
{
    const ng_str w = v->word[i];
    return ng_lex_has(w.ptr, w.len, negations, NG_LEX_COUNT(negations)) ||
           (w.len > 3 && memcmp(w.ptr + w.len - 3, "n't", 3) == 0);
}

/* The first token of the verb group ending at `trigger`: auxiliaries,
 * modals, adverbs and negations before it. Sets negation, modal, and
 * whether a form of "be" is there. */
static size_t verb_group(const ng_ev_view *v, size_t trigger, ng_ev_args *a, bool *be)
{
    size_t p = trigger;
    *be = false;
    while (p > 0 && trigger - p < 6) {
        size_t j = p - 1;
        unsigned u = upos(v, j);
        if (is_negation(v, j)) a->negated = true;
        else if (word_in(v, j, modals, NG_LEX_COUNT(modals)) || (v->xpos && v->xpos[j] == XPOS_MD)) a->modal = (int32_t)j;
        else if (word_in(v, j, be_forms, NG_LEX_COUNT(be_forms))) *be = true;
        else if (u != NG_UPOS_AUX && u != NG_UPOS_ADV && u != NG_UPOS_PART) break;
        p = j;
    }
    return p;
}

static bool past_participle(const ng_ev_view *v, size_t i)
{
    if (v->xpos) return v->xpos[i] == XPOS_VBN;
    const ng_str w = v->word[i];
    return w.len > 3 && (memcmp(w.ptr + w.len - 2, "ed", 2) == 0 || memcmp(w.ptr + w.len - 2, "en", 2) == 0);
}

/* Prepositions that taggers also read as adverbs. */
static const char *const adverb_preps[] = {"aboard", "across", "alongside", "amid", "around", "behind", "beyond",
                                           "inside", "near", "outside", "throughout", "within"};

/* Whether a relative clause opened at `from` ends before the verb group at
 * `p`: it holds a finite verb (or an auxiliary) of its own, and no comma
 * or clause break separates it from the group ("who were fighting
 * alongside troops have been captured"; not "who said that they will
 * attack", where the group is the clause's own). */
static bool relative_closed(const ng_ev_view *v, size_t from, size_t p)
{
    bool verb = false;
    for (size_t k = from; k < p; k++) {
        if (hard_break(v, k) || word_is(v, k, ",")) return false;
        if (finite_verb(v, k) || upos(v, k) == NG_UPOS_AUX) verb = true;
        /* the clause's verb needs something after it before the next group */
        if (verb && k + 1 < p && is_nominal(v, k + 1)) return true;
    }
    return false;
}

/* The nearest noun phrase left of `p` in its clause, not inside a
 * prepositional phrase; a relative pronoun right before the verb group
 * gives the noun phrase it follows. */
static ng_ev_span subject_left(const ng_ev_view *v, size_t p)
{
    size_t i = p;
    while (i > 0 && p - i < NG_EV_WINDOW) {
        size_t j = i - 1;
        if (hard_break(v, j)) {
            if (j + 1 == p && (word_is(v, j, "who") || word_is(v, j, "which") || word_is(v, j, "that"))) {
                i = j;
                continue;
            }
            /* "soldiers who were fighting alongside troops have been captured":
             * a relative clause ended before the verb group; its noun is the subject */
            if ((word_is(v, j, "who") || word_is(v, j, "which")) && j > 0 && is_nominal(v, j - 1) &&
                !ng_ev_is_pronoun(v, j - 1) && !word_in(v, j - 1, temporal, NG_LEX_COUNT(temporal)) && relative_closed(v, j + 1, p))
                return appositive(v, partitive(v, ng_ev_np(v, j - 1)));
            break;
        }
        if (finite_verb(v, j)) break;
        if (is_nominal(v, j) && !word_in(v, j, temporal, NG_LEX_COUNT(temporal))) {
            ng_ev_span s = ng_ev_np(v, j);
            /* "as" before a clause is a conjunction to this rule, whatever its
             * tag; "up to 1,000 ethnic Turks" is a number, not a phrase of "to" */
            size_t before = s.first > 0 ? (size_t)s.first - 1 : 0;
            bool quantity = upos(v, (size_t)s.first) == NG_UPOS_NUM && is_head_noun(v, (size_t)s.last) &&
                            word_in(v, before, quantity_preps, NG_LEX_COUNT(quantity_preps));
            /* nor is the object of a participle ("aircraft using missiles", "aircraft including gunships") */
            bool gerund_object = s.first > 0 && v->xpos && v->xpos[before] == XPOS_VBG;
            /* a preposition the tagger read as an adverb ("fighting alongside troops") */
            bool prep = upos(v, before) == NG_UPOS_ADP ||
                        (upos(v, before) == NG_UPOS_ADV && word_in(v, before, adverb_preps, NG_LEX_COUNT(adverb_preps)));
            if (s.first > 0 && ((prep && !word_is(v, before, "as") && !quantity) || gerund_object)) {
                i = before;
                continue;
            }
            return appositive(v, partitive(v, s));
        }
        i = j;
    }
    return (ng_ev_span){-1, -1};
}

ng_ev_span ng_ev_subject_of(const ng_ev_view *v, size_t verb)
{
    ng_ev_args a = {{-1, -1}, {-1, -1}, false, false, -1, false, {-1, -1}, {-1, -1}};
    bool be;
    if (verb >= v->n) return (ng_ev_span){-1, -1};
    if (v->head && v->deprel) {
        size_t lo = verb > NG_EV_WINDOW ? verb - NG_EV_WINDOW : 0, hi = verb + NG_EV_WINDOW < v->n ? verb + NG_EV_WINDOW : v->n;
        for (size_t j = lo; j < hi; j++)
            if (v->head[j] == (int32_t)verb && v->deprel[j] == NG_DEP_NSUBJ) return partitive(v, ng_ev_np(v, j));
    }
    return subject_left(v, verb_group(v, verb, &a, &be));
}

/* Prepositions whose noun phrase is what the event is done to. */
static const char *const target_preps[] = {"against", "at", "into", "on", "onto", "to", "toward", "towards", "upon", "with"};

/* The first noun phrase right of `from` in the clause: a direct object,
 * or one after a target preposition. */
static ng_ev_span object_right(const ng_ev_view *v, size_t from)
{
    int32_t prep = -1;
    for (size_t j = from; j < v->n && j - from < NG_EV_WINDOW; j++) {
        unsigned u = upos(v, j);
        if (u == NG_UPOS_PUNCT || hard_break(v, j) || finite_verb(v, j)) break;
        if (word_is(v, j, "to") && j + 1 < v->n && upos(v, j + 1) == NG_UPOS_VERB) break;
        if (u == NG_UPOS_CCONJ && j + 1 < v->n && upos(v, j + 1) == NG_UPOS_VERB) break;
        if (u == NG_UPOS_ADP) {
            prep = (int32_t)j;
            continue;
        }
        if (is_nominal(v, j)) {
            ng_ev_span s = ng_ev_np(v, j);
            bool when = word_in(v, (size_t)s.last, temporal, NG_LEX_COUNT(temporal));
            if (!when && (prep < 0 || word_in(v, (size_t)prep, target_preps, NG_LEX_COUNT(target_preps))))
                return partitive(v, s);
            prep = -1;
            j = (size_t)s.last;
        }
    }
    return (ng_ev_span){-1, -1};
}

/* The noun phrase after "by" in the clause right of `from`. */
static ng_ev_span agent_right(const ng_ev_view *v, size_t from)
{
    for (size_t j = from; j < v->n && j - from < 16; j++) {
        if (word_is(v, j, ";") || hard_break(v, j) || finite_verb(v, j)) break;
        if (!word_is(v, j, "by")) continue;
        for (size_t k = j + 1; k < v->n && k - j < 8; k++)
            if (is_nominal(v, k)) return partitive(v, ng_ev_np(v, k));
        break;
    }
    return (ng_ev_span){-1, -1};
}

static void shallow(const ng_ev_view *v, size_t trigger, size_t trigger_end, int32_t governor, ng_ev_args *a)
{
    bool be;
    size_t verb = governor >= 0 ? (size_t)governor : trigger;
    size_t p = verb_group(v, verb, a, &be);
    /* "had been killed or wounded": the second verb shares the first one's group */
    if (p == verb && verb >= 2 && upos(v, verb - 1) == NG_UPOS_CCONJ && upos(v, verb - 2) == NG_UPOS_VERB &&
        past_participle(v, verb - 2) == past_participle(v, verb))
        p = verb_group(v, verb - 2, a, &be);
    bool agent_follows = word_is(v, trigger_end, "by") || word_is(v, trigger_end + 1, "by");
    a->passive = governor < 0 && past_participle(v, trigger) && (be || (agent_follows && p == trigger && trigger > 0 &&
                                                                        is_nominal(v, trigger - 1)));
    if (a->passive) {
        /* a bare participle ("a soldier taken captive by ...") modifies the noun before it */
        a->target = !be && is_nominal(v, trigger - 1) ? partitive(v, ng_ev_np(v, trigger - 1)) : subject_left(v, p);
        a->source = agent_right(v, trigger_end);
        return;
    }
    a->source = subject_left(v, p);
    /* "started a hunger strike to protest", "issued a declaration demanding":
     * an infinitive or a bare participle has the subject of the verb it hangs on */
    bool infinitive = p > 0 && word_is(v, p - 1, "to") && governor < 0;
    bool participle = governor < 0 && p == verb && v->xpos && v->xpos[verb] == XPOS_VBG && !be;
    if (infinitive || participle) {
        size_t from = infinitive ? p - 1 : p;
        for (size_t g = from; g-- > 0 && from - g < 12;) {
            if (hard_break(v, g) || word_is(v, g, ",")) break;
            if (upos(v, g) == NG_UPOS_VERB && g != verb) {
                ng_ev_args up = *a;
                bool be2;
                ng_ev_span s = subject_left(v, verb_group(v, g, &up, &be2));
                if (s.first >= 0) a->source = s;
                break;
            }
        }
    }
    a->target = object_right(v, trigger_end);
    /* "give Tanzania a grant": the noun phrase between a support verb and its event noun. */
    if (governor >= 0 && a->target.first < 0 && (size_t)governor + 1 < trigger) {
        ng_ev_span s = object_right(v, (size_t)governor + 1);
        if (s.first >= 0 && (size_t)s.last < trigger && !(s.first <= (int32_t)trigger && (int32_t)trigger <= s.last))
            a->target = s;
    }
}

/* ---- over a parse ------------------------------------------------------------------ */

/* The preposition (case dependent) of token j, or -1. */
static int32_t case_of(const ng_ev_view *v, size_t j, size_t lo, size_t hi)
{
    for (size_t k = lo; k < hi; k++)
        if (v->head[k] == (int32_t)j && v->deprel[k] == NG_DEP_CASE) return (int32_t)k;
    return -1;
}

/* Whether token j (a dependent of a verb) heads a date or time: the parser
 * reads "said Saturday" as a subject; a date is never an actor. */
static bool temporal_head(const ng_ev_view *v, size_t j) { return word_in(v, j, temporal, NG_LEX_COUNT(temporal)); }

static const char *const relative_pronouns[] = {"that", "which", "who", "whom"};

/* The noun phrase an argument j of `verb` stands for: a relative pronoun
 * of a relative clause is the noun the clause modifies ("the soldiers who
 * had been captured"), none when that noun is a time ("the first time
 * that Kyiv has captured"). */
static ng_ev_span argument_np(const ng_ev_view *v, size_t verb, size_t j)
{
    if (!word_in(v, j, relative_pronouns, NG_LEX_COUNT(relative_pronouns))) return ng_ev_np(v, j);
    int32_t noun = v->deprel[verb] == NG_DEP_ACL ? v->head[verb] : -1;
    if (noun < 0 || noun >= (int32_t)verb || !is_nominal(v, (size_t)noun) || temporal_head(v, (size_t)noun))
        return (ng_ev_span){-1, -1};
    return ng_ev_np(v, (size_t)noun);
}

static void parsed(const ng_ev_view *v, size_t trigger, int32_t governor, ng_ev_args *a)
{
    size_t verb = governor >= 0 ? (size_t)governor : trigger;
    size_t lo = verb > NG_EV_WINDOW ? verb - NG_EV_WINDOW : 0;
    size_t hi = trigger + NG_EV_WINDOW < v->n ? trigger + NG_EV_WINDOW : v->n;
    a->from_parse = true;
    ng_ev_span subject = {-1, -1};
    int32_t agent = -1;
    bool perfect = false;
    for (size_t j = lo; j < hi; j++) {
        if (v->head[j] == (int32_t)verb) {
            switch (v->deprel[j]) {
            case NG_DEP_NSUBJ: if (!temporal_head(v, j)) subject = argument_np(v, verb, j); break;
            case NG_DEP_NSUBJ_PASS: a->passive = true; a->target = argument_np(v, verb, j); break;
            case NG_DEP_AUX_PASS: a->passive = true; break;
            case NG_DEP_AUX:
                if (word_in(v, j, modals, NG_LEX_COUNT(modals))) a->modal = (int32_t)j;
                else if (is_negation(v, j)) a->negated = true;
                break;
            case NG_DEP_ADVMOD: if (is_negation(v, j)) a->negated = true; break;
            /* an agent is marked by "by"; without it the label is a misread object */
            case NG_DEP_OBL_AGENT: if (case_of(v, j, lo, hi) >= 0 && word_is(v, (size_t)case_of(v, j, lo, hi), "by")) agent = (int32_t)j; break;
            default: break;
            }
            if (v->deprel[j] == NG_DEP_AUX && word_in(v, j, have_forms, NG_LEX_COUNT(have_forms))) perfect = true;
        }
    }
    /* "the government has ordered patrols ... by Muslim groups": a perfect
     * with no passive auxiliary is active, so a "by" phrase the parser hung
     * on it is no agent of it, and its participle no passive one */
    bool perfect_active = perfect && !a->passive;
    if (agent >= 0 && !perfect_active) a->source = ng_ev_np(v, (size_t)agent);
    /* A past participle with a "by" phrase is passive whatever the labels
     * say: "forces were attacked by rebels" (the parser often gives plain obl
     * for obl:agent), "two soldiers held by Ukraine" (a participle modifying
     * the noun it follows, with no auxiliary at all). */
    bool participle = governor < 0 && v->xpos && v->xpos[verb] == XPOS_VBN && !perfect_active;
    int32_t by_agent = -1;
    for (size_t j = lo; j < hi && participle; j++)
        if (v->head[j] == (int32_t)verb && (v->deprel[j] == NG_DEP_OBL || v->deprel[j] == NG_DEP_NMOD ||
                                            v->deprel[j] == NG_DEP_OBL_AGENT)) {
            int32_t c = case_of(v, j, lo, hi);
            if (c >= 0 && word_is(v, (size_t)c, "by") && !temporal_head(v, j)) {
                by_agent = (int32_t)j;
                break;
            }
        }
    /* a participle with a bare noun of its own (an object, or an obl the
     * parser left without a preposition) is active: "the government today
     * welcomed the statement" read as a noun with a modifier */
    bool bare_nominal = false;
    for (size_t j = lo; j < hi && participle && by_agent < 0; j++)
        if (v->head[j] == (int32_t)verb && (v->deprel[j] == NG_DEP_OBJ || v->deprel[j] == NG_DEP_OBL) &&
            is_nominal(v, j) && !temporal_head(v, j) && case_of(v, j, lo, hi) < 0)
            bare_nominal = true;
    bool reduced_relative = participle && !bare_nominal && v->deprel[verb] == NG_DEP_ACL && v->head[verb] >= 0 &&
                            v->head[verb] < (int32_t)verb && !a->passive && subject.first < 0;
    if (by_agent >= 0 || reduced_relative) {
        bool was_passive = a->passive;
        a->passive = true;
        if (by_agent >= 0 && a->source.first < 0) a->source = ng_ev_np(v, (size_t)by_agent);
        /* with no passive subject, the subject label is the parser's miss of one */
        if (a->target.first < 0 && subject.first >= 0 && !was_passive) a->target = subject;
        subject = (ng_ev_span){-1, -1};
        /* a reduced relative: the noun the participle modifies is acted on */
        if (a->target.first < 0 && v->deprel[verb] == NG_DEP_ACL && v->head[verb] >= 0 && is_nominal(v, (size_t)v->head[verb]))
            a->target = ng_ev_np(v, (size_t)v->head[verb]);
    }
    if (subject.first >= 0 && a->source.first < 0) {
        if (a->passive && a->target.first < 0) a->target = subject;
        else if (!a->passive) a->source = subject;
    }
    for (size_t j = lo; j < hi; j++) {
        int32_t h = v->head[j];
        unsigned d = v->deprel[j];
        bool object = d == NG_DEP_OBJ || (d == NG_DEP_OBL_AGENT && case_of(v, j, lo, hi) < 0);
        if (h == (int32_t)verb && governor < 0 && object && a->target.first < 0 && !a->passive) {
            a->target = argument_np(v, verb, j);
            if (a->target.first < 0) continue;
        }
        if (h == (int32_t)verb && d == NG_DEP_OBL) {
            int32_t c = case_of(v, j, lo, hi);
            if (c >= 0 && word_is(v, (size_t)c, "by") && a->passive && a->source.first < 0) a->source = ng_ev_np(v, j);
            else if (c >= 0 && governor < 0 && a->target.first < 0 && word_in(v, (size_t)c, target_preps, NG_LEX_COUNT(target_preps)))
                a->target = ng_ev_np(v, j);
        }
        /* An event noun's own "on X", "against X". */
        if (governor >= 0 && h == (int32_t)trigger && d == NG_DEP_NMOD && a->target.first < 0) {
            int32_t c = case_of(v, j, lo, hi);
            if (c >= 0 && word_in(v, (size_t)c, target_preps, NG_LEX_COUNT(target_preps))) a->target = ng_ev_np(v, j);
        }
    }
    /* A controlled or shared subject: "agreed to cooperate", "attacked and killed". */
    if (a->source.first < 0 && !a->passive && v->head[verb] >= 0 &&
        (v->deprel[verb] == NG_DEP_XCOMP || v->deprel[verb] == NG_DEP_CONJ)) {
        size_t up = (size_t)v->head[verb];
        for (size_t j = up > NG_EV_WINDOW ? up - NG_EV_WINDOW : 0; j < v->n && j < up + NG_EV_WINDOW; j++)
            if (v->head[j] == (int32_t)up && v->deprel[j] == NG_DEP_NSUBJ) {
                a->source = ng_ev_np(v, j);
                break;
            }
    }
    if (a->source.first >= 0) a->source = partitive(v, a->source);
    if (a->target.first >= 0) a->target = partitive(v, a->target);
}

void ng_ev_args_find(const ng_ev_view *v, size_t trigger, size_t trigger_end, int32_t governor, ng_ev_args *out)
{
    *out = (ng_ev_args){{-1, -1}, {-1, -1}, false, false, -1, false, {-1, -1}, {-1, -1}};
    if (trigger >= v->n) return;
    if (trigger_end <= trigger || trigger_end > v->n) trigger_end = trigger + 1;
    /* a "by" particle ("held by") is the passive's agent marker, not part of the verb */
    if (trigger_end > trigger + 1 && word_is(v, trigger_end - 1, "by")) trigger_end--;
    if (v->head && v->deprel) {
        bool be;
        parsed(v, trigger, governor, out);
        /* per argument, the shallow rules where the parse gives none */
        ng_ev_args sh = {{-1, -1}, {-1, -1}, false, false, -1, false, {-1, -1}, {-1, -1}};
        shallow(v, trigger, trigger_end, governor, &sh);
        out->shallow_source = sh.source;
        out->shallow_target = sh.target;
        if (out->source.first < 0 && out->target.first < 0) out->passive = sh.passive;
        if (out->source.first < 0 && sh.passive == out->passive) out->source = sh.source;
        if (out->target.first < 0 && sh.passive == out->passive) out->target = sh.target;
        if (out->modal < 0 || !out->negated) {
            ng_ev_args shallow_aux = *out;
            verb_group(v, governor >= 0 ? (size_t)governor : trigger, &shallow_aux, &be);
            if (out->modal < 0) out->modal = shallow_aux.modal;
            out->negated = out->negated || shallow_aux.negated;
        }
        return;
    }
    shallow(v, trigger, trigger_end, governor, out);
}

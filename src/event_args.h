/*
 * event_args.h: who did it and to whom, for one event trigger of one
 * sentence: the event coder's argument finder (event_args.c).
 *
 * The coder (events.c) hands it a view of one sentence: each token's
 * lexicon key and UD part of speech, and, when a dependency parse is at
 * hand, each token's head and relation. With heads and relations the
 * finder reads subjects, objects and "by" agents off the tree; without
 * them it uses shallow rules over the tags (voice from "be + past
 * participle", the nearest noun phrase left and right in the clause, "by"
 * agents, coordination inside a noun phrase). The caller needs no change
 * when a parser fills `head` and `deprel`: the finder switches by itself.
 *
 * All token indices are relative to the sentence. Work is bounded: each
 * search looks at most NG_EV_WINDOW tokens away from the trigger, so a
 * sentence of any length costs O(triggers * NG_EV_WINDOW).
 */
#ifndef NG_EVENT_ARGS_H
#define NG_EVENT_ARGS_H

#include "internal.h"

/* UD UPOS numbers, as src/pos.c numbers them (tests check they agree). */
enum {
    NG_UPOS_ADJ = 0, NG_UPOS_ADP, NG_UPOS_ADV, NG_UPOS_AUX, NG_UPOS_CCONJ, NG_UPOS_DET, NG_UPOS_INTJ,
    NG_UPOS_NOUN, NG_UPOS_NUM, NG_UPOS_PART, NG_UPOS_PRON, NG_UPOS_PROPN, NG_UPOS_PUNCT, NG_UPOS_SCONJ,
    NG_UPOS_SYM, NG_UPOS_VERB, NG_UPOS_X
};

/* The UD relations the finder reads. A parser maps its labels with
 * ng_ev_dep_from_name(); every other label is NG_DEP_OTHER. */
typedef enum ng_ev_dep {
    NG_DEP_OTHER = 0,
    NG_DEP_NSUBJ,      /* nsubj */
    NG_DEP_NSUBJ_PASS, /* nsubj:pass */
    NG_DEP_OBJ,        /* obj, iobj */
    NG_DEP_OBL,        /* obl, obl:* other than obl:agent */
    NG_DEP_OBL_AGENT,  /* obl:agent: "by X" of a passive */
    NG_DEP_NMOD,       /* nmod, nmod:* other than nmod:poss */
    NG_DEP_CASE,       /* case: the preposition of an obl or nmod */
    NG_DEP_AUX,        /* aux */
    NG_DEP_AUX_PASS,   /* aux:pass */
    NG_DEP_ADVMOD,     /* advmod (and neg in older schemes) */
    NG_DEP_XCOMP,      /* xcomp */
    NG_DEP_CCOMP,      /* ccomp */
    NG_DEP_CONJ,       /* conj */
    NG_DEP_ACL,        /* acl, acl:relcl */
    NG_DEP_APPOS       /* appos */
} ng_ev_dep;

/* The relation of a UD label ("nsubj:pass", "obl"), NG_DEP_OTHER if unknown. */
ng_ev_dep ng_ev_dep_from_name(const char *s, size_t n);

/* One sentence as the finder sees it. `word`, `upos` and `n` are
 * required; `xpos` (Penn tags, as src/pos.c numbers them) may be NULL; a
 * parse is `head` (the index of each token's head, -1 for the root) and
 * `deprel` (ng_ev_dep) together, or both NULL. */
typedef struct ng_ev_view {
    const ng_str *word;    /* lexicon keys: lowercase, ’ written ' */
    const uint8_t *upos;
    const uint8_t *xpos;
    const int32_t *head;
    const uint8_t *deprel;
    size_t n;
} ng_ev_view;

/* How far (in tokens) any search goes from the trigger. */
enum { NG_EV_WINDOW = 40 };

/* A run of tokens [first, last], or none (first < 0). */
typedef struct ng_ev_span {
    int32_t first, last;
} ng_ev_span;

/* What the finder found for one trigger. */
typedef struct ng_ev_args {
    ng_ev_span source;  /* who acts: the subject, or the "by" agent of a passive */
    ng_ev_span target;  /* who is acted on: the object, or the subject of a passive */
    bool passive;
    bool negated;       /* not, never, n't, no longer on the trigger */
    int32_t modal;      /* will, would, shall, must, should ... on the trigger, or -1 */
    bool from_parse;    /* found over head/deprel (else the shallow rules) */
    /* With a parse: what the shallow rules found, for the coder to use when
     * the parse's argument is no actor (a parse error, such as an event
     * verb read as the complement of a later "said"). Without: none. */
    ng_ev_span shallow_source, shallow_target;
} ng_ev_args;

/* The arguments of the event whose trigger is tokens [trigger, trigger_end)
 * (a verb and its particle). With a parse, an argument the parse does not
 * give is the shallow rules' (per argument), and the shallow rules' pair is
 * kept in shallow_source/shallow_target. For an event noun governed by a support verb
 * ("conducted a strike on X"), `trigger` is the noun and `governor` the
 * support verb, whose subject is the source; else governor is -1. */
void ng_ev_args_find(const ng_ev_view *v, size_t trigger, size_t trigger_end, int32_t governor, ng_ev_args *out);

/* The noun phrase headed by (or containing) token i: determiners,
 * adjectives, numbers, possessives and compounds around it, and "X and Y"
 * modifiers ("Hungarian and Romanian officials"). */
ng_ev_span ng_ev_np(const ng_ev_view *v, size_t i);

/* True for a personal pronoun that stands for an actor (it, they, he ...). */
bool ng_ev_is_pronoun(const ng_ev_view *v, size_t i);

/* The subject of the verb at `verb` (see ng_ev_args_find); for the
 * coder's pronoun and reported-speech rules. */
ng_ev_span ng_ev_subject_of(const ng_ev_view *v, size_t verb);

#endif /* NG_EVENT_ARGS_H */

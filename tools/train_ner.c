/*
 * train_ner: trains the NER model (ner.bin) that `newsgraph extract` and
 * `newsgraph tag` load. What `make train` runs; models/MODEL.md has the
 * method, the data and the scores.
 *
 *   build/tools/train-ner --train SET... --out MODEL [--dev SET]...
 *       [--geonames DIR] [--lexicons DIR] [--epochs N] [--seed N]
 *       [--hash-bits N] [--ensemble N] [--two-pass] [--gmb FILE.csv.gz]
 *       [--clusters FILE.tsv] [--quiet]
 *
 * A SET is a CoNLL column file with options after colons,
 * PATH[:w=N][:nomisc][:demonyms][:caps][:chunk=N][:holdout=K] (see usage[]), so that
 * several openly licensed sets can be mixed and weighted (models/MODEL.md).
 *
 * Exit status: 0 when the model was written, 1 when training failed, 2 for
 * a usage error.
 */
#include "ner_train.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: train-ner --train SET... --out MODEL [--dev SET]... [--geonames DIR]\n"
    "                 [--lexicons DIR] [--epochs N] [--seed N] [--hash-bits N]\n"
    "                 [--ensemble N] [--two-pass] [--gmb FILE.csv.gz]\n"
    "                 [--clusters FILE.tsv] [--quiet]\n"
    "\n"
    "Trains the NER model on CoNLL columns, early-stopping on the dev sets,\n"
    "and writes it to MODEL. See models/MODEL.md. A SET is PATH[:OPTION]...:\n"
    "  w=N        its documents are seen N times per epoch (default 1)\n"
    "  nomisc     the set never tags MISC: its O does not teach against MISC\n"
    "  demonyms   an O token that is a demonym of lexicons/demonyms.tsv\n"
    "             (\"German\", \"Americans\") becomes MISC, as CoNLL tags it\n"
    "  chunk=N    a file without -DOCSTART- is cut into documents of N sentences\n"
    "  holdout=K  of a --train set, every K-th document goes to dev instead\n"
    "  caps       each training document is also seen in capitals, as news\n"
    "             headlines and datelines are written (\"NEW YORK 1996-08-22\")\n";

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "train-ner: %s '%s'\nTry 'train-ner --help'.\n", what, arg);
    return 2;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "train-ner: %s: %s\n", path, strerror(errno)); return NULL; }
    ng_buf b = {0};
    const char *err = ng_read_stream(f, (size_t)1 << 34, &b);
    fclose(f);
    if (err || b.failed) { fprintf(stderr, "train-ner: %s: %s\n", path, err ? err : "out of memory"); ng_buf_free(&b); return NULL; }
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

typedef struct set_spec {
    char path[4096];
    int weight, chunk, holdout;
    bool no_misc, demonyms, caps;
} set_spec;

/* PATH[:w=N][:nomisc][:demonyms][:caps][:chunk=N][:holdout=K] -> spec; false on a bad option. */
static bool parse_spec(const char *arg, set_spec *s)
{
    memset(s, 0, sizeof *s);
    s->weight = 1;
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    if (!n || n >= sizeof s->path) return false;
    memcpy(s->path, arg, n);
    while (colon) {
        const char *o = colon + 1;
        colon = strchr(o, ':');
        size_t len = colon ? (size_t)(colon - o) : strlen(o);
        int v = 0;
        if (len == 6 && !memcmp(o, "nomisc", 6)) s->no_misc = true;
        else if (len == 8 && !memcmp(o, "demonyms", 8)) s->demonyms = true;
        else if (len == 4 && !memcmp(o, "caps", 4)) s->caps = true;
        else if (len > 2 && !memcmp(o, "w=", 2) && (v = atoi(o + 2)) > 0 && v <= 100) s->weight = v;
        else if (len > 6 && !memcmp(o, "chunk=", 6) && (v = atoi(o + 6)) > 0) s->chunk = v;
        else if (len > 8 && !memcmp(o, "holdout=", 8) && (v = atoi(o + 8)) > 1) s->holdout = v;
        else return false;
    }
    return true;
}

/* Cuts every document into documents of `per` sentences (the open sets
 * have no -DOCSTART-: one document per file would make the whole file one
 * unit for shuffling and for the document-wide features). The new
 * documents point into the old arrays; only training fields are set. */
static bool rechunk(ng_arena *a, ng_conll_corpus *c, size_t per)
{
    size_t n = 0;
    for (size_t d = 0; d < c->n_docs; d++) n += (c->docs[d].n_sent + per - 1) / per;
    ng_conll_doc *out = ng_calloc(a, n ? n : 1, sizeof *out);
    if (!out) return false;
    size_t k = 0;
    for (size_t d = 0; d < c->n_docs; d++) {
        const ng_conll_doc *od = &c->docs[d];
        for (size_t s = 0; s < od->n_sent; s += per) {
            size_t e = s + per < od->n_sent ? s + per : od->n_sent;
            size_t w0 = od->sent_start[s], w1 = e < od->n_sent ? od->sent_start[e] : od->n_words;
            uint32_t *ss = ng_alloc(a, (e - s) * sizeof *ss);
            if (!ss) return false;
            for (size_t j = s; j < e; j++) ss[j - s] = (uint32_t)(od->sent_start[j] - w0);
            out[k++] = (ng_conll_doc){NULL, 0, od->words + w0, od->gold + w0, w1 - w0, ss, e - s, false, 0};
        }
    }
    c->docs = out;
    c->n_docs = k;
    return true;
}

/* The demonyms of lexicons/demonyms.tsv (third column, comma-separated),
 * as written ("German", "Americans", "North Korean"). */
typedef struct demonym_set { ng_str *items; size_t n; } demonym_set;

static bool load_demonyms(ng_arena *a, const char *lexicon_dir, demonym_set *out, char **keep)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/demonyms.tsv", lexicon_dir ? lexicon_dir : "lexicons");
    size_t len = 0;
    *keep = read_file(path, &len);
    if (!*keep) return false;
    NG_VEC(ng_str) v = {0};
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(*keep + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - *keep) : len;
        const char *line = *keep + pos;
        size_t ln = end - pos;
        pos = end + 1;
        if (!ln || line[0] == '#') continue;
        const char *t1 = memchr(line, '\t', ln);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', ln - (size_t)(t1 + 1 - line)) : NULL;
        if (!t2) continue;
        const char *p = t2 + 1, *e = line + ln;
        while (p < e) {
            const char *c = memchr(p, ',', (size_t)(e - p));
            const char *q = c ? c : e;
            while (p < q && *p == ' ') p++;
            const char *r = q;
            while (r > p && (r[-1] == ' ' || r[-1] == '\r')) r--;
            if (r > p && !NG_VEC_PUSH(a, &v, ((ng_str){p, (size_t)(r - p)}))) return false;
            p = q + 1;
        }
    }
    out->items = v.items;
    out->n = v.len;
    return true;
}

static bool str_eq(ng_str a, const char *p, size_t n) { return a.len == n && !memcmp(a.ptr, p, n); }

/* Length in tokens (1 or 2) of a demonym starting at words[i], or 0. */
static size_t demonym_at(const demonym_set *dm, const ng_str *words, size_t i, size_t end)
{
    for (size_t k = 0; k < dm->n; k++) {
        ng_str d = dm->items[k];
        const char *sp = memchr(d.ptr, ' ', d.len);
        if (!sp) {
            if (str_eq(words[i], d.ptr, d.len)) return 1;
        } else if (i + 1 < end) {
            size_t n1 = (size_t)(sp - d.ptr);
            if (str_eq(words[i], d.ptr, n1) && str_eq(words[i + 1], sp + 1, d.len - n1 - 1)) return 2;
        }
    }
    return 0;
}

/* Sets without nationalities tag "German" O; CoNLL tags it MISC, and so
 * does the shipped model: capitalised demonyms outside any entity become MISC. */
static void tag_demonyms(const demonym_set *dm, ng_conll_corpus *c)
{
    for (size_t d = 0; d < c->n_docs; d++) {
        ng_conll_doc *cd = &c->docs[d];
        for (size_t s = 0; s < cd->n_sent; s++) {
            size_t e = s + 1 < cd->n_sent ? cd->sent_start[s + 1] : cd->n_words;
            for (size_t i = cd->sent_start[s]; i < e; i++) {
                if (cd->gold[i] != NG_LABEL_O || !cd->words[i].len || cd->words[i].ptr[0] < 'A' || cd->words[i].ptr[0] > 'Z')
                    continue;
                size_t n = demonym_at(dm, cd->words, i, e);
                if (n == 2 && cd->gold[i + 1] != NG_LABEL_O) n = 1;
                for (size_t j = 0; j < n; j++) cd->gold[i + j] = ng_label_make(NG_NE_MISC, j ? NG_PART_I : NG_PART_B);
                if (n) i += n - 1;
            }
        }
    }
}

typedef NG_VEC(ng_conll_doc) doc_list;

/* A copy of doc with its words in ASCII capitals (the labels are shared). */
static bool capitalised(ng_arena *a, const ng_conll_doc *doc, ng_conll_doc *out)
{
    *out = *doc;
    ng_str *w = ng_alloc(a, (doc->n_words ? doc->n_words : 1) * sizeof *w);
    if (!w) return false;
    for (size_t i = 0; i < doc->n_words; i++) {
        char *p = ng_alloc(a, doc->words[i].len + 1);
        if (!p) return false;
        for (size_t k = 0; k < doc->words[i].len; k++) {
            char c = doc->words[i].ptr[k];
            p[k] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        }
        w[i] = (ng_str){p, doc->words[i].len};
    }
    out->words = w;
    return true;
}

/* Reads one SET and adds its documents to train (weight copies, one group)
 * and dev (every holdout-th document, when asked; all of a --dev set). */
static bool load_set(ng_arena *a, const set_spec *sp, bool is_dev, const demonym_set *dm, uint32_t *next_group,
                     doc_list *train, doc_list *dev, char **keep)
{
    size_t len = 0;
    *keep = read_file(sp->path, &len);
    if (!*keep) return false;
    ng_conll_corpus c;
    if (!ng_conll_parse(a, *keep, len, &c) || (sp->chunk && !rechunk(a, &c, (size_t)sp->chunk))) {
        fprintf(stderr, "train-ner: %s: out of memory\n", sp->path);
        return false;
    }
    if (sp->demonyms) tag_demonyms(dm, &c);
    size_t n_train = 0, n_dev = 0;
    for (size_t d = 0; d < c.n_docs; d++) {
        ng_conll_doc doc = c.docs[d];
        doc.no_misc = sp->no_misc;
        if (is_dev || (sp->holdout && d % (size_t)sp->holdout == (size_t)sp->holdout - 1)) {
            if (!NG_VEC_PUSH(a, dev, doc)) return false;
            n_dev++;
            continue;
        }
        doc.group = (*next_group)++;
        for (int k = 0; k < sp->weight; k++)
            if (!NG_VEC_PUSH(a, train, doc)) return false;
        ng_conll_doc caps;
        if (sp->caps && (!capitalised(a, &doc, &caps) || !NG_VEC_PUSH(a, train, caps))) return false;
        n_train++;
    }
    fprintf(stderr, "train-ner: %s: %zu documents to train (x%d), %zu to dev%s%s%s\n", sp->path, n_train, sp->weight,
            n_dev, sp->no_misc ? ", MISC masked" : "", sp->demonyms ? ", demonyms as MISC" : "",
            sp->caps ? ", with capitalised copies" : "");
    return true;
}

static void to_corpus(const doc_list *v, ng_conll_corpus *c)
{
    c->docs = v->items;
    c->n_docs = v->len;
    c->n_words = 0;
    for (size_t d = 0; d < v->len; d++) c->n_words += v->items[d].n_words;
}

enum { MAX_SETS = 64 };

int main(int argc, char **argv)
{
    const char *out = NULL;
    set_spec specs[MAX_SETS];
    bool spec_dev[MAX_SETS];
    size_t n_specs = 0;
    ng_train_options o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return 0; }
        if (!strcmp(a, "--quiet")) { o.quiet = true; continue; }
        if (!strcmp(a, "--two-pass")) { o.two_pass = true; continue; }
        if (!v) return usage_error("missing value or unknown option", a);
        if (!strcmp(a, "--train") || !strcmp(a, "--dev")) {
            if (n_specs == MAX_SETS) return usage_error("too many sets at", v);
            if (!parse_spec(v, &specs[n_specs])) return usage_error("bad set (PATH[:w=N][:nomisc][:demonyms][:caps][:chunk=N][:holdout=K])", v);
            spec_dev[n_specs++] = !strcmp(a, "--dev");
        }
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--geonames")) o.geonames_dir = v;
        else if (!strcmp(a, "--lexicons")) o.lexicon_dir = v;
        else if (!strcmp(a, "--gmb")) o.gmb_path = v;
        else if (!strcmp(a, "--clusters")) o.clusters_path = v;
        else if (!strcmp(a, "--epochs")) o.max_epochs = atoi(v);
        else if (!strcmp(a, "--seed")) o.seed = (uint32_t)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--hash-bits")) o.hash_bits = atoi(v);
        else if (!strcmp(a, "--ensemble")) o.ensemble = atoi(v);
        else return usage_error("unknown option", a);
        i++;
    }
    bool any_train = false, need_demonyms = false;
    for (size_t k = 0; k < n_specs; k++) any_train |= !spec_dev[k], need_demonyms |= specs[k].demonyms;
    if (!any_train || !out) { fprintf(stderr, "train-ner: --train SET and --out FILE are needed\n"); return 2; }
    ng_arena a;
    ng_arena_init(&a, 0);
    char *keep[MAX_SETS + 1] = {0};
    demonym_set dm = {0};
    doc_list train = {0}, dev = {0};
    uint32_t next_group = 1;
    int rc = 0;
    if (need_demonyms && !load_demonyms(&a, o.lexicon_dir, &dm, &keep[MAX_SETS])) rc = 1;
    for (size_t k = 0; !rc && k < n_specs; k++)
        if (!load_set(&a, &specs[k], spec_dev[k], &dm, &next_group, &train, &dev, &keep[k])) rc = 1;
    ng_conll_corpus tc, dc;
    to_corpus(&train, &tc);
    to_corpus(&dev, &dc);
    char err[512];
    if (!rc && !ng_train(&tc, dev.len ? &dc : NULL, &o, out, err, sizeof err)) {
        fprintf(stderr, "train-ner: %s\n", err);
        rc = 1;
    }
    for (size_t k = 0; k <= MAX_SETS; k++) free(keep[k]);
    ng_arena_free(&a);
    return rc;
}

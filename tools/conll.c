/*
 * conll.c: CoNLL-2003 column files, read for training and for
 * `newsgraph tag --conll`, written back with a predicted column.
 *
 * The reader keeps every line as it is (so the writer can echo it) and
 * indexes the token lines: the first column is the word, the last column
 * the gold tag (IOB1 in CoNLL-2003, IOB2 accepted too), turned into IOB2
 * labels. Documents split at -DOCSTART- lines, sentences at blank lines.
 * Input is untrusted bytes: anything that is not a tag is read as O, and
 * nothing is assumed about line lengths or column counts.
 */
#include "ner_train.h"

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* IOB1/IOB2 tag -> (type, explicit begin). */
static ng_ne_type parse_tag(const char *s, size_t n, bool *begin)
{
    *begin = false;
    if (n < 3 || (s[0] != 'B' && s[0] != 'I') || s[1] != '-') return NG_NE_NONE;
    *begin = s[0] == 'B';
    s += 2, n -= 2;
    if (n == 3 && !memcmp(s, "PER", 3)) return NG_NE_PER;
    if (n == 3 && !memcmp(s, "ORG", 3)) return NG_NE_ORG;
    if (n == 3 && !memcmp(s, "LOC", 3)) return NG_NE_LOC;
    if (n == 4 && !memcmp(s, "MISC", 4)) return NG_NE_MISC;
    return NG_NE_NONE;
}

typedef NG_VEC(ng_conll_line) line_vec;
typedef NG_VEC(ng_str) word_vec;
typedef NG_VEC(uint8_t) label_vec;
typedef NG_VEC(uint32_t) u32_vec;
typedef NG_VEC(ng_conll_doc) doc_vec;

typedef struct doc_builder {
    line_vec lines;
    word_vec words;
    label_vec gold;
    u32_vec sents;
    bool in_sentence;
    ng_ne_type prev_type;
} doc_builder;

static bool finish_doc(ng_arena *a, doc_builder *b, doc_vec *docs, size_t *n_words)
{
    if (!b->lines.len) return true;
    ng_conll_doc d = {b->lines.items, b->lines.len, b->words.items, b->gold.items, b->words.len,
                      b->sents.items, b->sents.len, false, 0};
    *n_words += b->words.len;
    memset(b, 0, sizeof *b);
    return NG_VEC_PUSH(a, docs, d);
}

bool ng_conll_parse(ng_arena *a, const char *data, size_t len, ng_conll_corpus *out)
{
    memset(out, 0, sizeof *out);
    doc_vec docs = {0};
    doc_builder b;
    memset(&b, 0, sizeof b);
    size_t n_words = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        ng_str line = {data + pos, end - pos};
        pos = nl ? end + 1 : len;
        size_t s = 0;
        while (s < line.len && is_space(line.ptr[s])) s++;
        bool blank = s == line.len;
        bool docstart = !blank && line.len - s >= 10 && !memcmp(line.ptr + s, "-DOCSTART-", 10);
        if (docstart) {
            if (!finish_doc(a, &b, &docs, &n_words)) return false;
        }
        ng_conll_line cl = {line, -1};
        if (!blank && !docstart) {
            size_t we = s;
            while (we < line.len && !is_space(line.ptr[we])) we++;
            ng_str word = {line.ptr + s, we - s};
            size_t te = line.len;
            while (te > we && is_space(line.ptr[te - 1])) te--;
            size_t ts = te;
            while (ts > we && !is_space(line.ptr[ts - 1])) ts--;
            bool begin = false;
            ng_ne_type ty = ts < te ? parse_tag(line.ptr + ts, te - ts, &begin) : NG_NE_NONE;
            if (!b.in_sentence) {
                if (!NG_VEC_PUSH(a, &b.sents, (uint32_t)b.words.len)) return false;
                b.in_sentence = true;
                b.prev_type = NG_NE_NONE;
            }
            /* IOB1 -> IOB2: an entity begins where the type changes or B- says so. */
            uint8_t label = ng_label_make(ty, begin || ty != b.prev_type ? NG_PART_B : NG_PART_I);
            b.prev_type = ty;
            cl.token = (int32_t)b.words.len;
            if (!NG_VEC_PUSH(a, &b.words, word) || !NG_VEC_PUSH(a, &b.gold, label)) return false;
            if (b.words.len >= INT32_MAX) return false;
        } else {
            b.in_sentence = false;
        }
        if (!NG_VEC_PUSH(a, &b.lines, cl)) return false;
    }
    if (!finish_doc(a, &b, &docs, &n_words)) return false;
    out->docs = docs.items;
    out->n_docs = docs.len;
    out->n_words = n_words;
    return true;
}

void ng_conll_write(ng_buf *out, const ng_conll_doc *doc, const uint8_t *labels)
{
    for (size_t i = 0; i < doc->n_lines; i++) {
        const ng_conll_line *l = &doc->lines[i];
        ng_str t = l->text;
        while (t.len && t.ptr[t.len - 1] == '\r') t.len--;
        ng_buf_put(out, t.ptr, t.len);
        if (l->token >= 0) {
            size_t k = (size_t)l->token;
            uint8_t lab = labels[k];
            ng_ne_type ty = ng_label_type(lab);
            if (!ty) {
                ng_buf_puts(out, " O");
            } else {
                /* IOB1: B- only when the previous token is the same type. */
                bool prev_same = k > 0 && i > 0 && doc->lines[i - 1].token >= 0 && ng_label_type(labels[k - 1]) == ty;
                bool starts = ng_label_is_begin(lab) || (k > 0 && ng_label_ends(labels[k - 1]));
                ng_buf_puts(out, prev_same && starts ? " B-" : " I-");
                ng_buf_puts(out, ng_ne_type_name(ty));
            }
        }
        ng_buf_putc(out, '\n');
    }
}

/* ---- scoring ----------------------------------------------------------- */

static void count_chunks(const uint8_t *lab, size_t s, size_t e, size_t *counts)
{
    for (size_t i = s; i < e; i++)
        if (ng_chunk_starts(lab, i, s)) {
            counts[0]++;
            counts[ng_label_type(lab[i])]++;
        }
}

void ng_ner_count(const uint8_t *gold, const uint8_t *pred, size_t n, const uint32_t *sent_start, size_t n_sent,
                  ng_ner_counts *c)
{
    for (size_t k = 0; k < n_sent; k++) {
        size_t s = sent_start[k], e = k + 1 < n_sent ? sent_start[k + 1] : n;
        if (s >= e || e > n) continue;
        count_chunks(gold, s, e, c->gold);
        count_chunks(pred, s, e, c->pred);
        for (size_t i = s; i < e; i++) {
            if (!ng_chunk_starts(gold, i, s) || !ng_chunk_starts(pred, i, s)) continue;
            if (ng_label_type(gold[i]) != ng_label_type(pred[i])) continue;
            if (ng_chunk_end(gold, i, e) == ng_chunk_end(pred, i, e)) {
                c->correct[0]++;
                c->correct[ng_label_type(gold[i])]++;
            }
        }
    }
}

double ng_ner_f1(const ng_ner_counts *c, int type)
{
    double p = c->pred[type] ? (double)c->correct[type] / (double)c->pred[type] : 0;
    double r = c->gold[type] ? (double)c->correct[type] / (double)c->gold[type] : 0;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

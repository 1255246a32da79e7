/*
 * pipeline.c: reads inputs into documents and documents into records.
 *
 *   ng_read_path:         path -> (walk directories) -> bytes (size limit)
 *                         -> decompress -> sniff -> container split (WARC,
 *                         JSON Lines) -> documents (HTML or text)
 *   ng_process_document:  document -> UTF-8 -> reader (HTML or plain text)
 *                         -> article -> text layer -> stages -> sink
 *
 * The two halves meet only in ng_document, so a caller may run them on
 * different threads (the CLI's -j does: one reader, N extractors).
 *
 * Two arenas: `scratch` belongs to the readers (container readers reset it
 * per record), `article` holds one article and its record (reset before
 * each article). The read and decompression buffers are reused across
 * inputs and bounded by max_input_bytes, so memory is constant in the
 * number of inputs.
 */
#include "internal.h"
#include "resources.h"
#include "parse.h"
#include "pagekind.h"
#include "pos.h"
#include "tagger.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_WALK_DEPTH 64
#define MAX_STAGES 32

struct ng_pipeline {
    ng_options opt;
    const ng_resources *res; /* may be NULL: no tagger, no gazetteer */
    ng_arena article;
    ng_arena scratch;
    ng_arena work; /* the stages' working memory (ng_stage_ctx.work), kept across articles */
    ng_buf input;  /* raw bytes of the current input */
    ng_buf plain;  /* decompressed bytes */
    ng_buf json;   /* ng_record_to_json output */
    int failures;
    const char *name;           /* current input's name */
    const ng_sink *sink;        /* of the current ng_process_document */
    const ng_document_sink *reading; /* of the current ng_read_path */
    const ng_document *parent;  /* the document being cut into records */
    long container_articles;    /* HTML responses seen in the current WARC */
    double seconds[MAX_STAGES + 2]; /* per stage, then reading + text layer, then JSON */
    void *parse_work;           /* ng_parse_words' working memory, reused */
    size_t parse_work_size;
};

const char *ng_version(void) { return NG_VERSION; }

const char *ng_format_name(ng_format f)
{
    switch (f) {
    case NG_FORMAT_HTML: return "html";
    case NG_FORMAT_TEXT: return "text";
    case NG_FORMAT_WARC: return "warc";
    case NG_FORMAT_JSONL: return "jsonl";
    default: return "auto";
    }
}

void ng_options_init(ng_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->max_input_bytes = NG_DEFAULT_MAX_INPUT;
    o->stages = ng_stages_default();
}

void ng_document_init(ng_document *d)
{
    memset(d, 0, sizeof *d);
    d->size = sizeof *d;
}

/* Copies the caller's struct, of the size it says it has (an older, shorter
 * one leaves the newer fields at their defaults). */
static void copy_sized(void *dst, size_t dst_size, const void *src)
{
    size_t n;
    memcpy(&n, src, sizeof n);
    if (n < sizeof n || n > dst_size) n = dst_size;
    memcpy(dst, src, n);
    memcpy(dst, &dst_size, sizeof dst_size);
}

ng_pipeline *ng_pipeline_new(const ng_options *o, const ng_resources *res)
{
    ng_pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    ng_options_init(&p->opt);
    if (o) copy_sized(&p->opt, sizeof p->opt, o);
    if (!p->opt.max_input_bytes) p->opt.max_input_bytes = NG_DEFAULT_MAX_INPUT;
    p->res = res;
    /* An article may take many times its input size: the DOM, the text,
     * 20 bytes per token, what the stages keep, and the working memory of
     * the stage that runs (a scratch arena limited to what this one has
     * left). The blocks of both reach 24 times the size of a 4 MB
     * one-paragraph article as text, 38 as HTML (bench/big_article.py);
     * beyond 48 times something is pathological (a text of one-letter
     * words with full stops takes about 120). */
    size_t limit = p->opt.max_input_bytes > SIZE_MAX / 48 ? SIZE_MAX : p->opt.max_input_bytes * 48 + ((size_t)64 << 20);
    ng_arena_init(&p->article, limit);
    ng_arena_init(&p->scratch, limit);
    ng_arena_init(&p->work, limit);
    return p;
}

void ng_pipeline_free(ng_pipeline *p)
{
    if (!p) return;
    ng_arena_free(&p->article);
    ng_arena_free(&p->scratch);
    ng_arena_free(&p->work);
    ng_buf_free(&p->input);
    ng_buf_free(&p->plain);
    ng_buf_free(&p->json);
    free(p->parse_work);
    free(p);
}

bool ng_pos_tag_words(ng_pipeline *p, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos)
{
    const ng_pos_model *m = ng_resources_pos(p->res);
    if (!m) return false;
    ng_pos_tag(m, words, n, upos, xpos);
    return true;
}

bool ng_parse_words(ng_pipeline *p, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos, uint32_t *head,
                    uint8_t *dep)
{
    const ng_pos_model *pos = ng_resources_pos(p->res);
    const ng_parse_model *parser = ng_resources_parser(p->res);
    if (!pos || !parser || n > UINT32_MAX - 2) return false;
    size_t need = ng_parse_work_size(n);
    if (need > p->parse_work_size) {
        void *w = realloc(p->parse_work, need);
        if (!w) return false;
        p->parse_work = w, p->parse_work_size = need;
    }
    ng_pos_tag(pos, words, n, upos, xpos);
    ng_parse_weights_run(ng_parse_model_weights(parser), words, n, upos, xpos, head, dep, p->parse_work);
    return true;
}

void ng_pipeline_reset(ng_pipeline *p) { ng_arena_reset(&p->article); }

double ng_pipeline_stage_seconds(const ng_pipeline *p, size_t i)
{
    return i < ng_stage_count() ? p->seconds[i] : i <= ng_stage_count() + 1 ? p->seconds[MAX_STAGES + (i - ng_stage_count())] : 0;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- errors ---------------------------------------------------------------- */

typedef void (*error_fn)(void *userdata, const char *path, long record, const char *reason);

static void report(ng_pipeline *p, error_fn fn, void *userdata, long record, const char *reason)
{
    p->failures++;
    if (fn) fn(userdata, p->name, record, reason);
}

static void fail_article(ng_pipeline *p, long record, const char *reason)
{
    report(p, p->sink ? p->sink->error : NULL, p->sink ? p->sink->userdata : NULL, record, reason);
}

static void fail_read(ng_pipeline *p, long record, const char *reason)
{
    report(p, p->reading->error, p->reading->userdata, record, reason);
}

/* ---- one document to one record ------------------------------------------ */

/* The publication date: the page's own, else a date in its URL, else the
 * one the caller or the container knew. */
static ng_str publication_date(ng_arena *a, const ng_article *art, const ng_document *doc)
{
    ng_str published = {NULL, 0};
    if (art->published.len) published = ng_normalize_datetime(a, art->published.ptr, art->published.len);
    if (!published.len && art->url.len) published = ng_date_from_url(a, art->url.ptr);
    if (!published.len && doc->published)
        published = ng_normalize_datetime(a, doc->published, strlen(doc->published));
    return published;
}

/* Runs the selected stages in table order; a stage's reason fails the
 * article. */
static const char *run_stages(ng_pipeline *p, ng_record *rec, ng_words *words)
{
    ng_stage_ctx ctx = {&p->article, rec, words, ng_resources_tagger(p->res), ng_resources_gazetteer(p->res),
                        ng_resources_pos(p->res), NULL, 0, ng_resources_parser(p->res), words, &p->work};
    const ng_stage *s;
    for (size_t i = 0; (s = ng_stage_at(i)); i++) {
        if (!(p->opt.stages >> i & 1) || !ng_stage_applies(i, rec)) continue;
        double t0 = p->opt.timings ? now_seconds() : 0;
        const char *err = s->run(&ctx);
        if (p->opt.timings) p->seconds[i] += now_seconds() - t0;
        if (err) return err;
        rec->stages |= 1u << i;
    }
    return NULL;
}

/* Reads one HTML or text document into an article, builds the record's
 * text layer, runs the stages and hands the record to the sink. */
static void extract(ng_pipeline *p, const ng_document *doc, ng_format format)
{
    double t0 = p->opt.timings ? now_seconds() : 0;
    ng_arena *a = &p->article;
    ng_arena_reset(a);
    ng_article art;
    memset(&art, 0, sizeof art);
    art.is_article = true;
    if (doc->url) art.url = ng_strdup(a, doc->url);
    const char *err = NULL;
    ng_str utf8;
    if (format != NG_FORMAT_HTML && format != NG_FORMAT_TEXT) err = "binary data, not an HTML or text document";
    if (!err) err = ng_to_utf8(a, doc->data, doc->len, doc->content_type, format == NG_FORMAT_HTML, &utf8);
    if (!err && format == NG_FORMAT_HTML) err = ng_read_html(a, utf8.ptr, utf8.len, art.url.ptr, &art);
    else if (!err) err = ng_read_text(a, utf8.ptr, utf8.len, &art);
    if (err) { fail_article(p, doc->record, err); return; }
    if (art.is_article) {
        const char *kind = ng_file_not_article(p->name, doc->url);
        if (!kind && format == NG_FORMAT_TEXT) kind = ng_text_not_article(&art);
        if (kind) art.is_article = false, art.not_article_reason = ng_strdup(a, kind);
    }
    art.published = publication_date(a, &art, doc);

    ng_record rec;
    memset(&rec, 0, sizeof rec);
    rec.source.path = ng_strdup(a, p->name);
    rec.source.format = doc->container ? doc->container : format;
    rec.source.record = doc->record;
    rec.source.url = art.url;
    ng_words words;
    err = ng_record_build(a, &art, &rec);
    if (!err) err = ng_words_build(a, &rec, &words);
    if (p->opt.timings) p->seconds[MAX_STAGES] += now_seconds() - t0;
    if (!err) err = run_stages(p, &rec, &words);
    if (err) { fail_article(p, doc->record, err); return; }
    if (p->sink && p->sink->record) p->sink->record(p->sink->userdata, &rec);
}

/* ---- reading: bytes to documents ------------------------------------------ */

static bool contains_ci(ng_str hay, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= hay.len; i++) {
        size_t j = 0;
        while (j < k && ng_ascii_lower((unsigned char)hay.ptr[i + j]) == needle[j]) j++;
        if (j == k) return true;
    }
    return false;
}

/* Hands a cut document to the current reader's sink. A container record's
 * document starts as a copy of the parent (the input), so a record without
 * its own URL or date keeps the one the caller gave. */
static void deliver(ng_pipeline *p, const ng_document *piece)
{
    p->reading->document(p->reading->userdata, piece);
}

static const char *arena_cstr(ng_arena *a, ng_str s) { return s.len ? ng_strndup(a, s.ptr, s.len).ptr : NULL; }

static void warc_record(void *ud, const ng_warc_record *r)
{
    ng_pipeline *p = ud;
    if (r->type.len != 8 || memcmp(r->type.ptr, "response", 8) != 0) return;
    /* Only HTML payloads are articles; images, scripts and redirects are not
     * inputs a user asked about, so they are skipped rather than failed. */
    if (r->http_status && (r->http_status < 200 || r->http_status >= 300)) return;
    if (r->content_type.len && !contains_ci(r->content_type, "html")) return;
    if (!r->content_type.len && ng_sniff(NULL, r->payload, r->payload_len) != NG_FORMAT_HTML) return;
    p->container_articles++;
    ng_document d = *p->parent;
    d.data = r->payload;
    d.len = r->payload_len;
    d.format = NG_FORMAT_HTML;
    d.container = NG_FORMAT_WARC;
    d.record = r->number;
    if (r->target_uri.len) d.url = arena_cstr(&p->scratch, r->target_uri);
    if (r->date.len) d.published = arena_cstr(&p->scratch, r->date);
    d.content_type = arena_cstr(&p->scratch, r->content_type);
    deliver(p, &d);
}

static void bad_record(void *ud, long number, const char *reason) { fail_read(ud, number, reason); }

static void jsonl_record(void *ud, const ng_jsonl_record *r)
{
    ng_pipeline *p = ud;
    ng_document d = *p->parent;
    d.container = NG_FORMAT_JSONL;
    d.record = r->number;
    if (r->url.len) d.url = arena_cstr(&p->scratch, r->url);
    if (r->published.len) d.published = arena_cstr(&p->scratch, r->published);
    if (r->html.ptr) {
        d.data = r->html.ptr, d.len = r->html.len, d.format = NG_FORMAT_HTML;
        d.content_type = "text/html; charset=utf-8";
    } else if (r->text.ptr) {
        d.data = r->text.ptr, d.len = r->text.len, d.format = NG_FORMAT_TEXT;
        d.content_type = "text/plain; charset=utf-8";
    } else {
        fail_read(p, r->number, "JSON object has neither \"html\" nor \"text\"");
        return;
    }
    deliver(p, &d);
}

/* Cuts one input into documents for p->reading: decompresses it, detects
 * its format and splits a container. */
static void read_bytes(ng_pipeline *p, const ng_document *in)
{
    ng_arena_reset(&p->scratch);
    if (in->len == 0) { fail_read(p, 0, "empty input"); return; }
    if (in->len > p->opt.max_input_bytes) {
        char why[96];
        snprintf(why, sizeof why, "input exceeds the size limit of %zu bytes", p->opt.max_input_bytes);
        fail_read(p, 0, why);
        return;
    }
    bool decompressed = false;
    ng_buf_clear(&p->plain);
    const char *err = ng_decompress(&p->scratch, in->data, in->len, p->opt.max_input_bytes, &p->plain, &decompressed);
    const char *bytes = decompressed ? p->plain.data : in->data;
    size_t n = decompressed ? p->plain.len : in->len;
    ng_format format = in->format ? in->format : p->opt.format;
    if (!format && n) format = ng_sniff(in->name, bytes, n);
    bool container = format == NG_FORMAT_WARC || format == NG_FORMAT_JSONL;
    char why[256] = "";
    if (err) {
        /* A damaged container still yields the records before the damage
         * (the container reader reports the cut record); a damaged single
         * document is only reported, since half an article is not one. */
        snprintf(why, sizeof why, "%s", err);
        if (!container || !n) { fail_read(p, 0, why); return; }
    } else if (n == 0) {
        fail_read(p, 0, "empty input (after decompression)");
        return;
    }
    p->parent = in;
    if (format == NG_FORMAT_WARC) {
        p->container_articles = 0;
        /* A WARC without a single HTML response would otherwise produce
         * nothing at all, silently. */
        if (ng_warc_each(&p->scratch, bytes, n, warc_record, bad_record, p) == 0 && p->container_articles == 0 && !err)
            fail_read(p, 0, "WARC file has no HTML response records");
    } else if (format == NG_FORMAT_JSONL) {
        ng_jsonl_each(&p->scratch, bytes, n, p->opt.max_input_bytes, jsonl_record, bad_record, p);
    } else if (format == NG_FORMAT_HTML || format == NG_FORMAT_TEXT) {
        ng_document d = *in;
        d.data = bytes, d.len = n, d.format = format;
        deliver(p, &d);
    } else {
        fail_read(p, 0, "binary data, not HTML, text, WARC or JSON Lines");
    }
    if (err) fail_read(p, 0, why);
    p->parent = NULL;
    /* Release what a huge input made the arenas grow to, so that one big
     * input does not pin memory for the rest of the run. */
    ng_arena_reset(&p->scratch);
}

/* Reads a stream whole (up to the size limit) and cuts it into documents. */
static void read_stream(ng_pipeline *p, const char *name, FILE *f)
{
    ng_buf_clear(&p->input);
    const char *err = ng_read_stream(f, p->opt.max_input_bytes, &p->input);
    if (err) { fail_read(p, 0, err); return; }
    ng_document d;
    ng_document_init(&d);
    d.name = name;
    d.data = p->input.data ? p->input.data : "";
    d.len = p->input.len;
    read_bytes(p, &d);
}

static void read_file(ng_pipeline *p, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fail_read(p, 0, strerror(errno)); return; }
    read_stream(p, path, f);
    fclose(f);
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void walk(ng_pipeline *p, const char *path, int depth)
{
    p->name = path;
    struct stat st;
    if (stat(path, &st) != 0) { fail_read(p, 0, strerror(errno)); return; }
    if (!S_ISDIR(st.st_mode)) { read_file(p, path); return; }
    if (depth >= MAX_WALK_DEPTH) { fail_read(p, 0, "directory nesting too deep"); return; }
    DIR *d = opendir(path);
    if (!d) { fail_read(p, 0, strerror(errno)); return; }
    /* Names are collected first so the order is sorted and stable. */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    bool oom = false;
    size_t plen = strlen(path);
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ".", "..", and hidden files */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) { oom = true; break; }
            names = nn;
        }
        size_t len = plen + 1 + strlen(e->d_name) + 1;
        names[n] = malloc(len);
        if (!names[n]) { oom = true; break; }
        snprintf(names[n], len, "%s%s%s", path, path[plen - 1] == '/' ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    if (oom) { p->name = path; fail_read(p, 0, "out of memory listing the directory"); }
    if (n) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat lst;
        /* A symbolic link to a directory is not followed: that is what
         * makes loops impossible. Links to files are read. */
        bool dir_link = lstat(names[i], &lst) == 0 && S_ISLNK(lst.st_mode) && stat(names[i], &st) == 0 && S_ISDIR(st.st_mode);
        if (!dir_link) walk(p, names[i], depth + 1);
        free(names[i]);
    }
    free(names);
}

int ng_read_path(ng_pipeline *p, const char *path, const ng_document_sink *sink)
{
    int before = p->failures;
    const ng_document_sink *outer = p->reading;
    p->reading = sink;
    if (strcmp(path, "-") == 0) {
        p->name = "-";
        read_stream(p, "-", stdin);
    } else {
        walk(p, path, 0);
    }
    p->reading = outer;
    p->name = "-"; /* walk's names are freed */
    return p->failures - before;
}

/* ---- processing ------------------------------------------------------------ */

static void extract_piece(void *ud, const ng_document *d)
{
    ng_pipeline *p = ud;
    extract(p, d, d->format ? d->format : ng_sniff(NULL, d->data, d->len));
}

/* read_bytes has counted the failure already. */
static void forward_error(void *ud, const char *path, long record, const char *reason)
{
    ng_pipeline *p = ud;
    if (p->sink && p->sink->error) p->sink->error(p->sink->userdata, path, record, reason);
}

/* Whether a document is already what ng_read_path delivers (one HTML or
 * text document, decompressed, within the size limit), so that it goes
 * straight to extraction. Cutting it again would also reuse the reader's
 * buffers, which hold the very bytes when ng_read_path calls back. */
static bool is_cut(const ng_pipeline *p, const ng_document *d)
{
    if (d->container) return true;
    bool document = d->format == NG_FORMAT_HTML || d->format == NG_FORMAT_TEXT;
    return document && d->len > 0 && d->len <= p->opt.max_input_bytes && !ng_is_compressed(d->data, d->len);
}

int ng_process_document(ng_pipeline *p, const ng_document *in, const ng_sink *sink)
{
    ng_document doc;
    ng_document_init(&doc);
    copy_sized(&doc, sizeof doc, in);
    int before = p->failures;
    const ng_sink *outer = p->sink;
    const char *outer_name = p->name;
    p->sink = sink;
    p->name = doc.name ? doc.name : "-";
    if (is_cut(p, &doc)) {
        extract_piece(p, &doc);
    } else {
        ng_document_sink cut = {extract_piece, forward_error, p};
        const ng_document_sink *outer_reading = p->reading;
        p->reading = &cut;
        read_bytes(p, &doc);
        p->reading = outer_reading;
    }
    p->sink = outer;
    p->name = outer_name;
    return p->failures - before;
}

int ng_process_memory(ng_pipeline *p, const char *name, const void *data, size_t len, const ng_sink *sink)
{
    ng_document d;
    ng_document_init(&d);
    d.name = name;
    d.data = data;
    d.len = len;
    return ng_process_document(p, &d, sink);
}

typedef struct process_path_ctx {
    ng_pipeline *p;
    const ng_sink *sink;
} process_path_ctx;

static void process_read_document(void *ud, const ng_document *d)
{
    process_path_ctx *c = ud;
    ng_process_document(c->p, d, c->sink);
}

static void process_read_error(void *ud, const char *path, long record, const char *reason)
{
    process_path_ctx *c = ud;
    if (c->sink && c->sink->error) c->sink->error(c->sink->userdata, path, record, reason);
}

int ng_process_path(ng_pipeline *p, const char *path, const ng_sink *sink)
{
    process_path_ctx c = {p, sink};
    ng_document_sink ds = {process_read_document, process_read_error, &c};
    int before = p->failures;
    ng_read_path(p, path, &ds);
    return p->failures - before;
}

int ng_process_stream(ng_pipeline *p, const char *name, FILE *f, const ng_sink *sink)
{
    process_path_ctx c = {p, sink};
    ng_document_sink ds = {process_read_document, process_read_error, &c};
    int before = p->failures;
    const ng_document_sink *outer = p->reading;
    p->reading = &ds;
    p->name = name ? name : "-";
    read_stream(p, p->name, f);
    p->reading = outer;
    return p->failures - before;
}

/* ---- records ----------------------------------------------------------------- */

const char *ng_record_to_json(ng_pipeline *p, const ng_record *r, size_t *len)
{
    double t0 = p->opt.timings ? now_seconds() : 0;
    ng_buf_clear(&p->json);
    ng_record_json(&p->json, r, p->opt.emit_tokens);
    if (p->opt.timings) p->seconds[MAX_STAGES + 1] += now_seconds() - t0;
    if (p->json.failed) { *len = 0; return NULL; }
    *len = p->json.len;
    return p->json.data;
}

size_t ng_tokenize(ng_pipeline *p, const char *text, size_t len, ng_token **tokens)
{
    return ng_tokenize_text(&p->article, text, len, tokens);
}

size_t ng_sentences(ng_pipeline *p, const char *text, size_t len, const ng_token *tokens, size_t n_tokens,
                    ng_span **sentences)
{
    return ng_split_sentences(&p->article, text, len, tokens, n_tokens, sentences);
}

bool ng_tag_words(ng_pipeline *p, const ng_str *words, size_t n, const uint32_t *sentence_starts, size_t n_sentences,
                  uint8_t *labels)
{
    const ng_tagger *t = ng_resources_tagger(p->res);
    if (!t) return false;
    ng_arena_reset(&p->article);
    ng_tag_doc doc = {words, n, sentence_starts, n_sentences};
    return ng_tagger_tag(t, &p->article, &doc, labels);
}

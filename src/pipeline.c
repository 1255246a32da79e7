/*
 * pipeline.c: drives the stages for each input.
 *
 *   path -> (walk directories) -> bytes (size limit) -> decompress
 *        -> sniff format -> container split (WARC, JSON Lines)
 *        -> UTF-8 -> reader (HTML or plain text) -> article -> record -> sink
 *
 * Two arenas: `scratch` belongs to the container readers (reset by them
 * per record), `article` holds one article and its record (reset before
 * each article). The read and decompression buffers are reused across
 * inputs and bounded by max_input_bytes, so memory is constant in the
 * number of inputs.
 */
#include "entity.h"
#include "internal.h"
#include "tagger.h"
#include "timex.h"
#include "counts.h"
#include "tone.h"
#include "quotes.h"
#include "places.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MAX_WALK_DEPTH 64
#ifndef NG_GAZETTEER_PATH /* set by the Makefile */
#define NG_GAZETTEER_PATH "data/gazetteer.bin"
#endif

struct ng_pipeline {
    ng_options opt;
    char *published; /* owned copies of the option strings */
    char *url;
    ng_tagger *tagger;      /* NULL: no NER */
    char model_error[600];  /* why opt.model_dir gave no tagger */
    ng_arena article;
    ng_arena scratch;
    ng_buf input;  /* raw bytes of the current input */
    ng_buf plain;  /* decompressed bytes */
    ng_buf json;   /* ng_record_to_json output */
    int failures;
    const ng_sink *sink;
    const char *name; /* current input's name */
    long container_articles; /* HTML responses seen in the current WARC */
    ng_gazetteer gazetteer;  /* read-only mapping; empty when unavailable */
    const char *gazetteer_error; /* why an explicitly named gazetteer failed */
};

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
    o->max_input_bytes = NG_DEFAULT_MAX_INPUT;
}

static char *dup_opt(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

ng_pipeline *ng_pipeline_new(const ng_options *o)
{
    ng_pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    ng_options_init(&p->opt);
    if (o) p->opt = *o;
    if (!p->opt.max_input_bytes) p->opt.max_input_bytes = NG_DEFAULT_MAX_INPUT;
    p->published = dup_opt(p->opt.published);
    p->url = dup_opt(p->opt.url);
    if ((p->opt.published && !p->published) || (p->opt.url && !p->url)) {
        ng_pipeline_free(p);
        return NULL;
    }
    p->opt.published = p->published;
    p->opt.url = p->url;
    if (p->opt.model_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/ner.bin", p->opt.model_dir);
        p->tagger = ng_tagger_open(path, p->model_error, sizeof p->model_error);
    }
    p->opt.model_dir = NULL; /* not kept: the tagger is what matters */
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
    /* The default gazetteer may be missing (an installed library without
     * the data): then records simply have no places. A path the caller
     * named must work, so its failure is reported with each input. */
    const char *gaz = p->opt.gazetteer ? p->opt.gazetteer : getenv("NEWSGRAPH_GAZETTEER");
    bool named = gaz != NULL;
    if (!gaz) gaz = NG_GAZETTEER_PATH;
    if (*gaz) {
        const char *err = ng_gaz_open(&p->gazetteer, gaz);
        if (err && named) p->gazetteer_error = err;
    }
    p->opt.gazetteer = NULL;
    return p;
}

void ng_pipeline_free(ng_pipeline *p)
{
    if (!p) return;
    ng_gaz_close(&p->gazetteer);
    ng_arena_free(&p->article);
    ng_arena_free(&p->scratch);
    ng_buf_free(&p->input);
    ng_buf_free(&p->plain);
    ng_buf_free(&p->json);
    ng_tagger_close(p->tagger);
    free(p->published);
    free(p->url);
    free(p);
}

void ng_pipeline_reset(ng_pipeline *p) { ng_arena_reset(&p->article); }

const char *ng_pipeline_model_error(const ng_pipeline *p) { return p->model_error[0] ? p->model_error : NULL; }

static void fail(ng_pipeline *p, long record, const char *reason)
{
    p->failures++;
    if (p->sink && p->sink->error) p->sink->error(p->sink->userdata, p->name, record, reason);
}

/* Fills in what the reader could not find, from the container and the
 * options, then builds and emits the record. */
static void emit_article(ng_pipeline *p, ng_article *art, ng_format format, long record,
                         ng_str container_date)
{
    ng_arena *a = &p->article;
    ng_str published = {NULL, 0};
    if (art->published.len) published = ng_normalize_datetime(a, art->published.ptr, art->published.len);
    if (!published.len && art->url.len) published = ng_date_from_url(a, art->url.ptr);
    if (!published.len && container_date.len) published = ng_normalize_datetime(a, container_date.ptr, container_date.len);
    if (!published.len && p->opt.published) published = ng_normalize_datetime(a, p->opt.published, strlen(p->opt.published));
    art->published = published;

    ng_record rec;
    memset(&rec, 0, sizeof rec);
    rec.source.path = ng_strdup(a, p->name);
    rec.source.format = format;
    rec.source.record = record;
    rec.source.url = art->url;
    /* The stages, in the order data flows: each reads the record (and the
     * tagger's mentions) and adds its fields. */
    ng_mention *mentions = NULL;
    size_t n_mentions = 0;
    const char *err = ng_record_build(a, art, &rec);
    if (!err && p->tagger) n_mentions = ng_tag_record(p->tagger, a, &rec, &mentions);
    if (!err) err = ng_entities_resolve(a, &rec, mentions, n_mentions);
    if (!err) err = ng_quotes_find(a, &rec, mentions, n_mentions);
    if (!err) err = ng_counts_extract(a, &rec);
    if (!err) err = ng_timex_stage(a, &rec);
    /* Places get no tagger mentions yet: measured on LGL, the tagger's LOC
     * runs as candidates and its PER/ORG runs as vetoes cost tagging F1
     * (0.708 without them, 0.641 with, 0.703 with LOC runs alone). */
    if (!err) err = ng_places_extract(a, &p->gazetteer, &rec, NULL, 0);
    if (err) { fail(p, record, err); return; }
    ng_tone_score(&rec);
    if (p->sink && p->sink->record) p->sink->record(p->sink->userdata, &rec);
}

/* One document (HTML or text, any encoding) to one record. */
/* `container` is the format recorded in source.format: WARC or JSON Lines
 * for their records, else the document's own format. */
static void process_document(ng_pipeline *p, const char *data, size_t len, ng_format format, ng_format container,
                             long record, ng_str url, ng_str date, const char *content_type)
{
    ng_arena *a = &p->article;
    ng_arena_reset(a);
    ng_article art;
    memset(&art, 0, sizeof art);
    art.is_article = true;
    if (url.len) art.url = ng_strndup(a, url.ptr, url.len);
    else if (p->opt.url) art.url = ng_strdup(a, p->opt.url);

    if (format == NG_FORMAT_AUTO) format = ng_sniff(NULL, data, len);
    if (format != NG_FORMAT_HTML && format != NG_FORMAT_TEXT) {
        fail(p, record, "binary data, not an HTML or text document");
        return;
    }
    ng_str utf8;
    const char *err = ng_to_utf8(a, data, len, content_type, format == NG_FORMAT_HTML, &utf8);
    if (err) { fail(p, record, err); return; }
    if (format == NG_FORMAT_HTML) err = ng_read_html(a, utf8.ptr, utf8.len, art.url.ptr, &art);
    else err = ng_read_text(a, utf8.ptr, utf8.len, &art);
    if (err) { fail(p, record, err); return; }
    emit_article(p, &art, container ? container : format, record, date);
}

static bool contains_ci(ng_str hay, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= hay.len; i++) {
        size_t j = 0;
        while (j < k && (hay.ptr[i + j] | 0x20) == needle[j]) j++;
        if (j == k) return true;
    }
    return false;
}

/* ---- containers ---------------------------------------------------------- */

static void warc_record(void *ud, const ng_warc_record *r)
{
    ng_pipeline *p = ud;
    if (r->type.len != 8 || memcmp(r->type.ptr, "response", 8) != 0) return;
    /* Only HTML payloads are articles; images, scripts and redirects are not
     * inputs a user asked about, so they are skipped rather than failed. */
    if (r->http_status && (r->http_status < 200 || r->http_status >= 300)) return;
    if (r->content_type.len && !contains_ci(r->content_type, "html")) return;
    if (!r->content_type.len && ng_sniff(NULL, r->payload, r->payload_len) != NG_FORMAT_HTML) return;
    char ct[256] = "";
    if (r->content_type.len) snprintf(ct, sizeof ct, "%.*s", (int)r->content_type.len, r->content_type.ptr);
    p->container_articles++;
    process_document(p, r->payload, r->payload_len, NG_FORMAT_HTML, NG_FORMAT_WARC, r->number, r->target_uri,
                     r->date, ct[0] ? ct : NULL);
}

static void bad_record(void *ud, long number, const char *reason)
{
    fail(ud, number, reason);
}

static void jsonl_record(void *ud, const ng_jsonl_record *r)
{
    ng_pipeline *p = ud;
    if (r->html.ptr)
        process_document(p, r->html.ptr, r->html.len, NG_FORMAT_HTML, NG_FORMAT_JSONL, r->number, r->url,
                         r->published, "text/html; charset=utf-8");
    else if (r->text.ptr)
        process_document(p, r->text.ptr, r->text.len, NG_FORMAT_TEXT, NG_FORMAT_JSONL, r->number, r->url,
                         r->published, "text/plain; charset=utf-8");
    else
        fail(p, r->number, "JSON object has neither \"html\" nor \"text\"");
}

/* ---- inputs -------------------------------------------------------------- */

int ng_process_memory(ng_pipeline *p, const char *name, const void *data, size_t len, const ng_sink *sink)
{
    int before = p->failures;
    p->sink = sink;
    p->name = name ? name : "-";
    ng_arena_reset(&p->article);
    ng_arena_reset(&p->scratch);
    if (p->gazetteer_error) { fail(p, 0, p->gazetteer_error); p->gazetteer_error = NULL; } /* once */
    if (len == 0) { fail(p, 0, "empty input"); return p->failures - before; }
    if (len > p->opt.max_input_bytes) {
        char why[96];
        snprintf(why, sizeof why, "input exceeds the size limit of %zu bytes", p->opt.max_input_bytes);
        fail(p, 0, why);
        return p->failures - before;
    }
    bool decompressed = false;
    ng_buf_clear(&p->plain);
    const char *err = ng_decompress(&p->scratch, data, len, p->opt.max_input_bytes, &p->plain, &decompressed);
    const char *bytes = decompressed ? p->plain.data : data;
    size_t n = decompressed ? p->plain.len : len;
    ng_format format = n ? (p->opt.format ? p->opt.format : ng_sniff(name, bytes, n)) : NG_FORMAT_AUTO;
    if (err) {
        /* A damaged container still yields the records before the damage
         * (the container reader reports the cut record); a damaged single
         * document is only reported, since half an article is not one. */
        bool container = format == NG_FORMAT_WARC || format == NG_FORMAT_JSONL;
        char why[256];
        snprintf(why, sizeof why, "%s", err);
        if (!container || !n) { fail(p, 0, why); return p->failures - before; }
        if (format == NG_FORMAT_WARC) ng_warc_each(&p->scratch, bytes, n, warc_record, bad_record, p);
        else ng_jsonl_each(&p->scratch, bytes, n, p->opt.max_input_bytes, jsonl_record, bad_record, p);
        fail(p, 0, why);
        ng_arena_reset(&p->scratch);
        return p->failures - before;
    }
    if (n == 0) { fail(p, 0, "empty input (after decompression)"); return p->failures - before; }

    ng_str none = {NULL, 0};
    switch (format) {
    case NG_FORMAT_WARC:
        p->container_articles = 0;
        /* A WARC without a single HTML response would otherwise produce
         * nothing at all, silently. */
        if (ng_warc_each(&p->scratch, bytes, n, warc_record, bad_record, p) == 0 && p->container_articles == 0)
            fail(p, 0, "WARC file has no HTML response records");
        break;
    case NG_FORMAT_JSONL:
        ng_jsonl_each(&p->scratch, bytes, n, p->opt.max_input_bytes, jsonl_record, bad_record, p);
        break;
    case NG_FORMAT_HTML:
    case NG_FORMAT_TEXT:
        process_document(p, bytes, n, format, format, 0, none, none, NULL);
        break;
    default:
        fail(p, 0, "binary data, not HTML, text, WARC or JSON Lines");
        break;
    }
    /* Release what a huge input made the arenas grow to, so that one big
     * input does not pin memory for the rest of the run. */
    ng_arena_reset(&p->scratch);
    return p->failures - before;
}

int ng_process_stream(ng_pipeline *p, const char *name, FILE *f, const ng_sink *sink)
{
    p->sink = sink;
    p->name = name ? name : "-";
    ng_buf_clear(&p->input);
    const char *err = ng_read_stream(f, p->opt.max_input_bytes, &p->input);
    if (err) {
        int before = p->failures;
        fail(p, 0, err);
        return p->failures - before;
    }
    return ng_process_memory(p, name, p->input.data ? p->input.data : "", p->input.len, sink);
}

static int process_file(ng_pipeline *p, const char *path, const ng_sink *sink)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int before = p->failures;
        p->sink = sink;
        p->name = path;
        fail(p, 0, strerror(errno));
        return p->failures - before;
    }
    int n = ng_process_stream(p, path, f, sink);
    fclose(f);
    return n;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(ng_pipeline *p, const char *path, const ng_sink *sink, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int before = p->failures;
        p->sink = sink;
        p->name = path;
        fail(p, 0, strerror(errno));
        return p->failures - before;
    }
    if (!S_ISDIR(st.st_mode)) return process_file(p, path, sink);
    if (depth >= MAX_WALK_DEPTH) {
        int before = p->failures;
        p->sink = sink;
        p->name = path;
        fail(p, 0, "directory nesting too deep");
        return p->failures - before;
    }
    DIR *d = opendir(path);
    if (!d) {
        int before = p->failures;
        p->sink = sink;
        p->name = path;
        fail(p, 0, strerror(errno));
        return p->failures - before;
    }
    /* Names are collected first so the order is sorted and stable. */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int failures = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ".", "..", and hidden files */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        size_t len = strlen(path) + 1 + strlen(e->d_name) + 1;
        names[n] = malloc(len);
        if (!names[n]) break;
        snprintf(names[n], len, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat lst;
        /* A symbolic link to a directory is not followed: that is what
         * makes loops impossible. Links to files are read. */
        if (lstat(names[i], &lst) == 0 && S_ISLNK(lst.st_mode) && stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            free(names[i]);
            continue;
        }
        failures += walk(p, names[i], sink, depth + 1);
        free(names[i]);
    }
    free(names);
    return failures;
}

int ng_process_path(ng_pipeline *p, const char *path, const ng_sink *sink)
{
    if (strcmp(path, "-") == 0) return ng_process_stream(p, "-", stdin, sink);
    return walk(p, path, sink, 0);
}

const char *ng_record_to_json(ng_pipeline *p, const ng_record *r, size_t *len)
{
    ng_buf_clear(&p->json);
    ng_record_json(&p->json, r, p->opt.emit_tokens);
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

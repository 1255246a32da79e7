/*
 * newsgraph.h: the public interface of libnewsgraph.
 *
 * libnewsgraph turns news articles (HTML pages, plain wire copy, WARC
 * archives, JSON Lines) into records: clean text, metadata, and the
 * structure later stages hang facts on (paragraphs, sentences, tokens).
 * Every span in a record is a [start, end) pair of Unicode code point
 * offsets into the record's `text`, so each fact can be traced back to the
 * exact words it came from.
 *
 * Usage, in short:
 *
 *     ng_options opt;
 *     ng_options_init(&opt);
 *     ng_pipeline *p = ng_pipeline_new(&opt);
 *     ng_sink sink = { on_record, on_error, userdata };
 *     int failures = ng_process_path(p, "articles/", &sink);
 *     ng_pipeline_free(p);
 *
 * Threads: a pipeline holds all mutable state (one arena that is reset
 * between articles, reusable buffers). The library has no global mutable
 * state, so run one pipeline per thread. A pipeline itself is not
 * thread-safe.
 *
 * Lifetimes: a record handed to a sink, and every string and array inside
 * it, lives in the pipeline's article arena. It is valid only until the
 * sink callback returns. Copy what you need to keep.
 *
 * Errors: every input either yields records or calls the sink's error
 * callback with the input's name, the record number within a container
 * (0 for a single-article input) and a one-line reason. Processing then
 * goes on with the next record or input.
 */
#ifndef NEWSGRAPH_H
#define NEWSGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NG_VERSION "0.1.0"
/* The record schema written by ng_record_to_json(). See docs/record.md. */
#define NG_SCHEMA "newsgraph/1"

/* Default limit on one input's size, after decompression (64 MiB). */
#define NG_DEFAULT_MAX_INPUT ((size_t)64 << 20)

/* A UTF-8 string. `ptr` is NUL-terminated for convenience; `len` excludes
 * the terminator. An absent value has ptr == NULL and len == 0. */
typedef struct ng_str {
    const char *ptr;
    size_t len;
} ng_str;

/* A list of strings, such as authors. */
typedef struct ng_strlist {
    ng_str *items;
    size_t count;
} ng_strlist;

/* A [start, end) range of Unicode code points in a record's text. */
typedef struct ng_span {
    uint32_t start, end;
} ng_span;

/* Input formats. NG_FORMAT_AUTO asks the reader to detect the format
 * from the content and the file name. */
typedef enum ng_format {
    NG_FORMAT_AUTO = 0,
    NG_FORMAT_HTML,
    NG_FORMAT_TEXT,
    NG_FORMAT_WARC,
    NG_FORMAT_JSONL
} ng_format;

/* The name of a format as written in records ("html", "text", ...). */
const char *ng_format_name(ng_format format);

/* Token classes produced by the tokenizer. */
typedef enum ng_token_kind {
    NG_TOK_WORD = 0,   /* letters, with inner hyphens/apostrophes: "well-known", "don't" */
    NG_TOK_NUMBER,     /* 11,000  3.5  1990s  11th  (digits with separators/decimals) */
    NG_TOK_PUNCT,      /* . , ; : ! ? ( ) - — … */
    NG_TOK_QUOTE,      /* " “ ” ‘ ’ « » ' used as a quotation mark */
    NG_TOK_POSSESSIVE, /* 's  ’s  '  after a word */
    NG_TOK_ABBREV,     /* U.S.  Dr.  Jan.  e.g.  (the period belongs to the token) */
    NG_TOK_URL,        /* https://example.com/x  www.example.com */
    NG_TOK_EMAIL,      /* name@example.com */
    NG_TOK_HANDLE,     /* @user */
    NG_TOK_HASHTAG,    /* #tag */
    NG_TOK_SYMBOL      /* $ % & + = and other symbols */
} ng_token_kind;

/* The name of a token kind ("word", "number", ...). */
const char *ng_token_kind_name(ng_token_kind kind);

/* A token: its span in code points, its span in UTF-8 bytes of the
 * record's text (for fast access from C), and its class. */
typedef struct ng_token {
    uint32_t start, end;   /* code points */
    uint32_t bstart, bend; /* bytes */
    uint8_t kind;          /* ng_token_kind */
} ng_token;

/* Entity types of the record. The tagger predicts CoNLL-2003's four
 * (PER, ORG, LOC, MISC); the resolver refines MISC into NORP
 * (nationalities, religious and political groups) where it can. */
typedef enum ng_entity_type {
    NG_ENTITY_PER = 0,
    NG_ENTITY_ORG,
    NG_ENTITY_LOC,
    NG_ENTITY_NORP,
    NG_ENTITY_MISC
} ng_entity_type;

/* One mention of an entity: its code-point span in the record's text and
 * the words as written there. */
typedef struct ng_entity_mention {
    uint32_t start, end;
    ng_str text;
} ng_entity_mention;

/* An entity: the mentions in one article that name the same person,
 * organisation, place or group. `name` is the fullest form; `role` is a
 * title or office written before the name ("US Secretary of State"). */
typedef struct ng_entity {
    uint32_t id; /* 1-based, unique within the record */
    ng_entity_type type;
    ng_str name;
    ng_strlist aliases; /* other forms, such as "Zelensky" or "SBU" */
    ng_str role;        /* absent when none is written */
    ng_entity_mention *mentions;
    size_t n_mentions;
} ng_entity;

/* A place the article mentions, resolved to a GeoNames entry of the
 * gazetteer (data/gazetteer.bin; GeoNames, CC BY 4.0). Demonyms count as
 * mentions of their country ("North Korean" -> KP). */
typedef struct ng_place {
    ng_str name;        /* the gazetteer's name: "Kursk Oblast" */
    uint32_t geonameid;
    ng_str feature;     /* GeoNames feature code: "PPLC", "PPLA", "PPL", "ADM1", "PCLI" */
    char country[3];    /* ISO 3166-1 alpha-2, NUL-terminated; "" when unknown */
    ng_str admin1;      /* GeoNames first-level code within the country ("41"); absent for countries */
    double lat, lon;    /* degrees; a region or country: the centre of its cities' spread */
    ng_entity_mention *mentions; /* in text order */
    size_t n_mentions;
} ng_place;

/* One article. See docs/record.md for the JSON form and each field's
 * meaning. Absent strings are {NULL, 0}; absent lists are empty. */
typedef struct ng_record {
    char id[17]; /* 16 lowercase hex digits: a stable 64-bit hash */
    struct {
        ng_str path;      /* the input's name ("-" for stdin) */
        ng_str url;       /* the page's URL, when known */
        ng_format format; /* the format the article was read as */
        long record;      /* 1-based record number in a WARC or JSON Lines input, else 0 */
    } source;

    ng_str title;
    ng_strlist authors;      /* person names, without "By" or the outlet */
    ng_strlist contributors; /* from "... contributed to this report" */
    ng_str outlet;           /* site or agency name: "CNN" */
    ng_str section;          /* "World", "Politics" */
    ng_str published;        /* ISO 8601: "2025-01-11" or "2025-01-11T12:00:00Z" */
    ng_str dateline;         /* "Kyiv, Ukraine" style place line, as written */
    ng_str language;         /* BCP 47 tag as declared ("en", "de-DE") */
    ng_str description;
    ng_str canonical_url;
    bool is_article;         /* false for index pages, login walls, video-only pages */
    ng_str not_article_reason; /* when is_article is false: why */

    ng_str text;             /* the body: NFC-normalized UTF-8, paragraphs separated by "\n\n" */
    uint32_t text_chars;     /* length of text in code points */

    ng_span *paragraphs;
    size_t n_paragraphs;
    ng_span *sentences;
    size_t n_sentences;
    ng_token *tokens;
    size_t n_tokens;

    ng_entity *entities;
    size_t n_entities;

    /* places stage (src/places.c): places on the map, in order of first mention */
    ng_place *places;
    size_t n_places;
} ng_record;

/* Options of a pipeline. Initialise with ng_options_init(), then change
 * fields. Strings are copied by ng_pipeline_new(). */
typedef struct ng_options {
    size_t max_input_bytes; /* per input and per record, after decompression; default NG_DEFAULT_MAX_INPUT */
    const char *published;  /* YYYY-MM-DD for inputs that carry no date, or NULL */
    const char *url;        /* URL of a single input, or NULL */
    ng_format format;       /* force an input format; NG_FORMAT_AUTO detects it */
    bool emit_tokens;       /* include "tokens" in JSON output */
    /* Path of the place gazetteer. NULL: $NEWSGRAPH_GAZETTEER, else the
     * path compiled in (the repo's data/gazetteer.bin); "": no places. */
    const char *gazetteer;
} ng_options;

void ng_options_init(ng_options *options);

/* Where a pipeline delivers its results. `record` is called once per
 * article, `error` once per failed input or record. Either may be NULL. */
typedef struct ng_sink {
    void (*record)(void *userdata, const ng_record *record);
    void (*error)(void *userdata, const char *path, long record, const char *reason);
    void *userdata;
} ng_sink;

typedef struct ng_pipeline ng_pipeline;

/* Creates a pipeline. Returns NULL only when out of memory. */
ng_pipeline *ng_pipeline_new(const ng_options *options);
void ng_pipeline_free(ng_pipeline *pipeline);

/* Processes a file or, recursively, a directory (entries in byte-wise
 * sorted order; symbolic links to directories are not followed, so
 * loops cannot occur). "-" reads standard input. Returns the number of
 * failures reported to sink->error (0 when everything went through). */
int ng_process_path(ng_pipeline *pipeline, const char *path, const ng_sink *sink);

/* Processes one input already in memory. `name` is used in records and
 * error messages. The bytes may be compressed (gzip, zstd). */
int ng_process_memory(ng_pipeline *pipeline, const char *name, const void *data, size_t len,
                      const ng_sink *sink);

/* Processes one stream until EOF, reading at most max_input_bytes. */
int ng_process_stream(ng_pipeline *pipeline, const char *name, FILE *stream, const ng_sink *sink);

/* Serialises a record as one line of JSON (schema newsgraph/1), without
 * the trailing newline. The returned buffer belongs to the pipeline and is
 * valid until the next call; *len receives its length. */
const char *ng_record_to_json(ng_pipeline *pipeline, const ng_record *record, size_t *len);

/* The text layer, for callers that bring their own text. `text` must be
 * valid UTF-8. Results are allocated in the pipeline's arena and are valid
 * until the next article is processed or ng_pipeline_reset() is called.
 * Both return the number of items. */
size_t ng_tokenize(ng_pipeline *pipeline, const char *text, size_t len, ng_token **tokens);
size_t ng_sentences(ng_pipeline *pipeline, const char *text, size_t len, const ng_token *tokens,
                    size_t n_tokens, ng_span **sentences);

/* Frees everything allocated for the current article. */
void ng_pipeline_reset(ng_pipeline *pipeline);

#ifdef __cplusplus
}
#endif
#endif /* NEWSGRAPH_H */

/*
 * internal.h: what the files of libnewsgraph share, in data-flow order.
 *
 * Readers: bytes to an article (ng_article: blocks of text + metadata)
 *   input.c      read a file or stream with a size limit, decompress gzip/zstd
 *   sniff.c      detect the format of an input from its bytes and name
 *   warc.c       split a WARC file into response records
 *   jsonl.c      split JSON Lines into records
 *   encoding.c   find a document's character encoding, convert to UTF-8
 *   html.c       parse HTML into a compact DOM (dom.h)
 *   content.c    find the main content of an HTML page (the article body)
 *   metadata.c   title, authors, dates, outlet... from an HTML page
 *   datetime.c   normalise date strings to ISO 8601
 *   plaintext.c  read plain-text wire copy: headline, byline, dateline...
 * The text layer: an article to a record's text, spans and words
 *   normalize.c  NFC normalisation and whitespace cleanup
 *   tokenize.c   tokens (abbrev.c: which words keep their period)
 *   sentences.c  sentence boundaries
 *   record.c     join blocks into the text, paragraphs, the record id
 *   words.c      the word layer: lowercase forms, shapes, sentence index
 * Stages: rows of the table in stages.c, each one file over ng_stage_ctx
 *   tagger.c     "ner": named-entity mentions (model file: tagger.h)
 *   entity.c     "entities": mentions grouped into entities
 *   quotes.c     "quotes": who said what
 *   counts.c     "counts": numbers claimed, and what they count
 *   timex.c      "dates": temporal expressions resolved
 *   places.c     "places": places on the map (gazetteer.c: the GeoNames table;
 *                place_entities.c: places and entities agree)
 *   events.c     "events": who did what to whom (event_args.c: subjects and
 *                objects; event_tables.h: its compiled lexicons)
 *   tone.c       "tone": GDELT-style tone
 * Around them
 *   pos.c        the part-of-speech tagger (pos.h): parse --conllu, and the
 *                "syntax" stage to come
 *   resources.c  the models and the gazetteer, opened once and shared
 *   pipeline.c   read inputs into documents, run the text layer and stages
 *   writer.c     the record's JSON form, walking the public structs
 *   check.c      ng_record_check: a record's invariants
 *   json.c       JSON writing helpers and a small reader; hash.c: hashes
 *   lexicon.c    word-list look-ups (lexicon.h) over the tables that
 *                tools/gen_lexicons.py compiles from the lexicons/ tables
 *
 * Nothing here is part of the public API: it may change at any time.
 */
#ifndef NG_INTERNAL_H
#define NG_INTERNAL_H

#include "newsgraph.h"

#include <stdarg.h>
#include <string.h>

/* ---- arena.c: one arena per article ------------------------------------
 * Bump allocation from a chain of blocks. Reset keeps the first block for
 * the next article, so steady-state processing does not call malloc. An
 * allocation that cannot be satisfied returns NULL; callers report that as
 * "out of memory" for the current input and go on. */
typedef struct ng_arena_block ng_arena_block;
typedef struct ng_arena {
    ng_arena_block *head;  /* current block; older blocks follow via ->next */
    size_t total;          /* bytes reserved in all blocks */
    size_t limit;          /* no allocation beyond this total; 0 = unlimited */
} ng_arena;

void ng_arena_init(ng_arena *a, size_t limit);
void *ng_alloc(ng_arena *a, size_t size);               /* 16-byte aligned, not zeroed */
void *ng_calloc(ng_arena *a, size_t count, size_t size); /* zeroed; NULL on overflow */
/* Grows the most recent allocation `p` of `old` bytes to `size` bytes, in
 * place when possible. */
void *ng_realloc(ng_arena *a, void *p, size_t old, size_t size);
ng_str ng_strndup(ng_arena *a, const char *s, size_t n);
ng_str ng_strdup(ng_arena *a, const char *s);
ng_str ng_sprintf(ng_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ng_arena_reset(ng_arena *a);
void ng_arena_free(ng_arena *a);
/* Starts an empty arena for one stage's working memory, limited to what
 * `parent` has left, so that the stage can free it (ng_arena_free) before
 * the next stage runs and only its output stays in `parent`. */
void ng_arena_init_scratch(ng_arena *scratch, const ng_arena *parent);

/* A growable array in an arena. Use through the NG_VEC macros. */
#define NG_VEC(T) struct { T *items; size_t len, cap; }
/* Appends `value`; evaluates to false when out of memory. */
#define NG_VEC_PUSH(arena, vec, value) \
    (ng_vec_reserve((arena), (void **)&(vec)->items, &(vec)->cap, (vec)->len + 1, sizeof(*(vec)->items)) \
         ? ((vec)->items[(vec)->len++] = (value), true) : false)
bool ng_vec_reserve(ng_arena *a, void **items, size_t *cap, size_t need, size_t elem);

/* ---- buf.c: a malloc'ed growable byte buffer -----------------------------
 * For output and for data that outlives one stage but is reused across
 * articles (the read buffer). Always NUL-terminated after any put. */
typedef struct ng_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed; further puts are ignored */
} ng_buf;

void ng_buf_put(ng_buf *b, const void *s, size_t n);
void ng_buf_putc(ng_buf *b, char c);
void ng_buf_puts(ng_buf *b, const char *s);
void ng_buf_printf(ng_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ng_buf_reserve(ng_buf *b, size_t need);
void ng_buf_clear(ng_buf *b);
void ng_buf_free(ng_buf *b);

/* ASCII case folding of one byte; other bytes, UTF-8 included, unchanged. */
static inline unsigned char ng_ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* ---- utf8.c ------------------------------------------------------------ */
/* Decodes one code point at s[0..n). Returns its length in bytes (>= 1)
 * and stores the code point, or U+FFFD and 1 for an invalid sequence. */
size_t ng_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (4 bytes room), returns the length. */
size_t ng_utf8_encode(uint32_t cp, char *out);
/* True if s[0..n) is valid UTF-8 with no NUL bytes. */
bool ng_utf8_valid(const char *s, size_t n);
/* Copies in[0..n) to out as valid UTF-8 without NUL bytes: invalid
 * sequences become U+FFFD, NULs are dropped. out needs 3*n+1 bytes (each
 * input byte yields at most 3); it is NUL-terminated. Returns the length. */
size_t ng_utf8_repair(const unsigned char *in, size_t n, char *out);
/* Number of code points in valid UTF-8. */
size_t ng_utf8_count(const char *s, size_t n);

/* ---- json.c: JSON writer and reader ------------------------------------ */
/* Writes s as a JSON string literal (with quotes). s must be UTF-8. */
void ng_json_string(ng_buf *b, const char *s, size_t n);
/* The writers of a record's members, each with its leading comma:
 * ,"key": then the value. */
void ng_json_key(ng_buf *b, const char *key);
void ng_json_str_or_null(ng_buf *b, const char *key, ng_str s);      /* null when s.ptr is NULL */
void ng_json_name_or_null(ng_buf *b, const char *key, const char *name); /* a C string or null */
void ng_json_span_or_null(ng_buf *b, const char *key, ng_span s);    /* [start,end], null when empty */
void ng_json_strlist(ng_buf *b, const char *key, ng_strlist l);
void ng_json_spans(ng_buf *b, const char *key, const ng_span *s, size_t n);
/* "key":[{"start":..,"end":..,"text":..},...] of an entity's or a place's mentions. */
void ng_json_mentions(ng_buf *b, const char *key, const ng_entity_mention *m, size_t n);

typedef enum { NG_JSON_NULL, NG_JSON_FALSE, NG_JSON_TRUE, NG_JSON_NUMBER, NG_JSON_STRING,
               NG_JSON_ARRAY, NG_JSON_OBJECT } ng_json_type;
typedef struct ng_json ng_json;
struct ng_json {
    ng_json_type type;
    ng_str str;        /* STRING: decoded UTF-8; NUMBER: the literal */
    size_t n;          /* ARRAY/OBJECT: number of children */
    ng_json **items;   /* ARRAY: values; OBJECT: values */
    ng_str *keys;      /* OBJECT: keys, parallel to items */
};
/* Parses one JSON value from s[0..n) (surrounding whitespace allowed).
 * Nesting deeper than 512 is an error. Returns NULL and sets *error (a
 * static string, with the byte offset in *error_at) on failure. */
ng_json *ng_json_parse(ng_arena *a, const char *s, size_t n, const char **error, size_t *error_at);
/* Object member by key, or NULL. */
const ng_json *ng_json_get(const ng_json *obj, const char *key);
/* The string value of obj[key], or {NULL,0}. */
ng_str ng_json_get_str(const ng_json *obj, const char *key);

/* ---- input.c ----------------------------------------------------------- */
/* Reads a whole stream into `out`, failing with "input exceeds the size
 * limit of N bytes" beyond `limit`. Returns NULL or a reason. */
const char *ng_read_stream(FILE *f, size_t limit, ng_buf *out);
/* If data starts with a gzip or zstd magic number, decompresses it into
 * `out` (all members/frames) and sets *decompressed. Output beyond
 * `limit` is an error, so compression bombs stop early. A truncated or
 * corrupt stream is an error. Returns NULL or a reason (static or arena). */
/* True when data starts with a gzip or zstd magic number. */
bool ng_is_compressed(const void *data, size_t len);
const char *ng_decompress(ng_arena *a, const void *data, size_t len, size_t limit, ng_buf *out,
                          bool *decompressed);

/* ---- sniff.c ----------------------------------------------------------- */
/* Detects the format of a (decompressed) input. `name` may be NULL. */
ng_format ng_sniff(const char *name, const char *data, size_t len);

/* ---- warc.c ------------------------------------------------------------ */
typedef struct ng_warc_record {
    long number;           /* 1-based position among all records of the file */
    ng_str type;           /* WARC-Type */
    ng_str target_uri;     /* WARC-Target-URI */
    ng_str date;           /* WARC-Date */
    ng_str content_type;   /* the HTTP Content-Type header of a response */
    const char *payload;   /* HTTP body (after the HTTP headers), not decoded */
    size_t payload_len;
    int http_status;       /* 0 if not HTTP */
} ng_warc_record;
/* Container readers (WARC, JSON Lines) get a scratch arena of their own and
 * reset it before each record, so memory stays constant in the number of
 * records; `fn` does its work in a different (the article) arena. Strings
 * in a container record live in that scratch arena or point into `data`,
 * and are valid only during the call to `fn`.
 *
 * Calls `fn` for each record of a WARC file. A malformed or truncated
 * record is reported through `bad` (with its number and reason) and
 * parsing stops there, since record boundaries are lost. Returns the
 * number of bad records. */
typedef void (*ng_warc_fn)(void *ud, const ng_warc_record *r);
typedef void (*ng_bad_record_fn)(void *ud, long number, const char *reason);
int ng_warc_each(ng_arena *a, const char *data, size_t len, ng_warc_fn fn, ng_bad_record_fn bad, void *ud);

/* ---- jsonl.c ----------------------------------------------------------- */
typedef struct ng_jsonl_record {
    long number;       /* 1-based line number */
    ng_str url, html, text, published, title;
} ng_jsonl_record;
/* Calls `fn` for each good line and `bad` for each broken one (blank
 * lines are skipped silently). A line longer than `limit` is a bad line.
 * Returns the number of bad lines. `a` is a scratch arena, as for WARC. */
typedef void (*ng_jsonl_fn)(void *ud, const ng_jsonl_record *r);
int ng_jsonl_each(ng_arena *a, const char *data, size_t len, size_t limit, ng_jsonl_fn fn,
                  ng_bad_record_fn bad, void *ud);

/* ---- encoding.c -------------------------------------------------------- */
/* Converts a document to UTF-8: the charset comes from a BOM, then the
 * HTTP Content-Type (may be NULL), then (for HTML) <meta charset> in the
 * first 1024 bytes... then sniffing (valid UTF-8, else windows-1252).
 * Invalid sequences become U+FFFD and NUL bytes are dropped, so the result
 * is always valid UTF-8 without NULs. Returns NULL or a reason. */
const char *ng_to_utf8(ng_arena *a, const char *data, size_t len, const char *http_content_type,
                       bool is_html, ng_str *out);

/* ---- the article, between the readers and the record ------------------- */
typedef enum ng_block_kind {
    NG_BLOCK_PARAGRAPH = 0,
    NG_BLOCK_HEADING,
    NG_BLOCK_LIST_ITEM,
    NG_BLOCK_QUOTE,
    NG_BLOCK_PRE,
    NG_BLOCK_TABLE_ROW
} ng_block_kind;

typedef struct ng_block {
    ng_str text;    /* UTF-8, may contain single '\n' (from <br>), never "\n\n" after cleanup */
    uint8_t kind;   /* ng_block_kind */
} ng_block;

typedef struct ng_article {
    ng_str title, outlet, section, published, dateline, language, description, canonical_url, url;
    NG_VEC(ng_str) authors;
    NG_VEC(ng_str) contributors;
    NG_VEC(ng_block) blocks;
    bool is_article;
    ng_str not_article_reason;
} ng_article;

/* Appends a block (the text is not copied) / a name (copied). */
bool ng_article_add_block(ng_arena *a, ng_article *art, ng_str text, ng_block_kind kind);

/* ---- html.c / content.c / metadata.c ------------------------------------ */
/* Reads an HTML page (valid UTF-8) into `art`: body blocks, metadata,
 * is_article. `url` (may be NULL) helps with dates and the outlet.
 * Returns NULL or a reason. */
const char *ng_read_html(ng_arena *a, const char *html, size_t len, const char *url, ng_article *art);

/* ---- datetime.c -------------------------------------------------------- */
/* Normalises a date or date-time in any common form (ISO 8601, RFC 2822,
 * "January 11, 2025", "11 Jan 2025 12:00 GMT", "2025/01/11", a date in a
 * URL path) to ISO 8601: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC, if
 * the input had a time and zone) or "YYYY-MM-DDTHH:MM:SS" (no zone).
 * Returns {NULL,0} if no plausible date is found. */
ng_str ng_normalize_datetime(ng_arena *a, const char *s, size_t n);
/* Proleptic Gregorian calendar: days since 1970-01-01 of a date, and back
 * (H. Hinnant's algorithms: exact, no tables, no floating point). */
int64_t ng_days_from_civil(int64_t y, int64_t m, int64_t d);
void ng_civil_from_days(int64_t z, int64_t *y, int *m, int *d);
/* Finds a /YYYY/MM/DD/ or YYYY-MM-DD date in a URL. */
ng_str ng_date_from_url(ng_arena *a, const char *url);

/* ---- plaintext.c ------------------------------------------------------- */
/* Reads plain text (valid UTF-8) into `art`. Returns NULL or a reason. */
const char *ng_read_text(ng_arena *a, const char *text, size_t len, ng_article *art);
/* The plain-text reader's wire-copy rules on an HTML page's blocks: a
 * dateline in front of one of the first paragraphs ("WASHINGTON (Reuters)
 * - ...") is cut off into art->dateline, and credit lines among the last
 * blocks ("Reporting by A; Editing by B", "X contributed to this report")
 * are dropped, their names added to art->contributors. NULL or a reason
 * (out of memory). */
const char *ng_wire_blocks(ng_arena *a, ng_article *art);
/* junk.c: drops from art's blocks the embed codes written out as text
 * (and cuts such tags out of a block) and runs of label-and-number lines
 * left by data widgets (case trackers, score tables). */
void ng_drop_junk_blocks(ng_arena *a, ng_article *art);

/* ---- normalize.c ------------------------------------------------------- */
/* NFC-normalises s (valid UTF-8). Returns s itself when it is already NFC
 * (the common case, checked quickly). */
ng_str ng_nfc(ng_arena *a, ng_str s);
/* Collapses runs of white space (including NBSP and other Unicode spaces)
 * to one space, keeps single '\n', trims. */
ng_str ng_clean_space(ng_arena *a, const char *s, size_t n);

/* ---- abbrev.c ----------------------------------------------------------- */
/* What a word written with a final period is (the word without it):
 * NG_ABBR_TOKEN, the tokenizer keeps the period ("Dr.", "Inc.");
 * NG_ABBR_BINDING, always followed by what it qualifies, so never ends a
 * sentence ("Dr.", "vs.", "e.g."); NG_ABBR_BEFORE_NUMBER, does not end a
 * sentence before a number ("No. 5", "Jan. 9"). 0 when unknown. */
enum { NG_ABBR_TOKEN = 1, NG_ABBR_BINDING = 2, NG_ABBR_BEFORE_NUMBER = 4 };
unsigned ng_abbrev_flags(const char *word, size_t len);

/* ---- tokenize.c / sentences.c ------------------------------------------ */
size_t ng_tokenize_text(ng_arena *a, const char *text, size_t len, ng_token **out);
/* Sentence spans (code points) of text; sentences never cross "\n\n". */
size_t ng_split_sentences(ng_arena *a, const char *text, size_t len, const ng_token *tokens,
                          size_t n_tokens, ng_span **out);

/* ---- named-entity mentions -------------------------------------------- */
/* The tagger's output and the resolver's input: a run of tokens
 * [tok_start, tok_end) of one CoNLL-2003 type. */
typedef enum ng_ne_type { NG_NE_NONE = 0, NG_NE_PER, NG_NE_ORG, NG_NE_LOC, NG_NE_MISC } ng_ne_type;
typedef struct ng_mention {
    uint32_t tok_start, tok_end;
    uint8_t type; /* ng_ne_type */
} ng_mention;

/* ---- record.c: the text layer -------------------------------------------
 * Builds the record from an article: joins blocks into text, normalises
 * it, computes paragraphs, tokens, sentences and the id. */
const char *ng_record_build(ng_arena *a, const ng_article *art, ng_record *rec);

/* ---- words.c: the word layer ----------------------------------------------
 * What every stage asks about a token, computed once per record. */
enum {
    NG_SHAPE_LOWER = 1,   /* starts with a lowercase letter */
    NG_SHAPE_UPPER = 2,   /* starts with an uppercase letter */
    NG_SHAPE_ALLCAPS = 4, /* two or more letters, all uppercase */
    NG_SHAPE_DIGIT = 8,   /* contains a digit */
    NG_SHAPE_NON_ASCII = 16 /* has a character beyond ASCII other than ’ */
};
/* Compact on purpose (about nine bytes a token beside one copy of the
 * words): it lives as long as the record. */
typedef struct ng_words {
    const char *keys;         /* each token's lexicon key, NUL-terminated: its text with
                                 ASCII letters lowercased and ’ written ' (the form every
                                 lexicon here is keyed by); token i's is keys + key_at[i] */
    uint32_t *key_at;         /* per token, and one past the last: key i has length
                                 key_at[i + 1] - key_at[i] - 1 */
    uint8_t *shape;           /* per token: NG_SHAPE_* bits */
    uint32_t *sentence;       /* per token: the index of its sentence */
    uint32_t *sentence_first; /* sentence k's tokens: [sentence_first[k], sentence_first[k+1]) */
    size_t n_tokens, n_sentences;
    const ng_token_syntax *syntax; /* per token, once the syntax stage ran (= rec->syntax); else NULL */
} ng_words;
/* Token i's lexicon key and its length. */
static inline const char *ng_word_key(const ng_words *w, size_t i, size_t *len)
{
    *len = w->key_at[i + 1] - w->key_at[i] - 1;
    return w->keys + w->key_at[i];
}
/* Builds the word layer of rec's tokens and sentences in `a`. Returns NULL
 * or "out of memory". */
const char *ng_words_build(ng_arena *a, const ng_record *rec, ng_words *out);
/* For a stage's entry point called outside the pipeline (tests, fuzzers):
 * `given` when it is not NULL, else the layer built into *own; NULL when
 * out of memory. */
const ng_words *ng_words_given_or_built(ng_arena *a, const ng_record *rec, const ng_words *given, ng_words *own);

/* ---- stages.c: the stage table ------------------------------------------- */
typedef struct ng_tagger ng_tagger;
typedef struct ng_gazetteer ng_gazetteer;
typedef struct ng_pos_model ng_pos_model;
typedef struct ng_parse_model ng_parse_model;
/* What a stage reads and writes: the record (it adds its own fields), the
 * word layer, the shared resources (NULL members when absent) and what the
 * earlier stages left for later ones. */
typedef struct ng_stage_ctx {
    ng_arena *arena;              /* the article arena: results live here */
    ng_record *rec;
    const ng_words *words;
    const ng_tagger *tagger;
    const ng_gazetteer *gazetteer;
    const ng_pos_model *pos;      /* the POS tagger (events tags the sentences it codes) */
    ng_mention *mentions;         /* the "ner" stage's tagger mentions */
    size_t n_mentions;
    const ng_parse_model *parser; /* for the syntax stage */
    ng_words *words_rw;           /* the pipeline's word layer, which the syntax stage extends */
    ng_arena *work;               /* NULL, or the pipeline's working memory kept across articles (ner) */
} ng_stage_ctx;
/* A row of the table: the stage's name (for --stages and --timings), its
 * entry point (NULL or a reason that fails the article) and its JSON
 * writer (",\"key\":..." for the record; NULL when it writes nothing). */
typedef struct ng_stage {
    const char *name;
    const char *(*run)(ng_stage_ctx *ctx);
    void (*write_json)(ng_buf *b, const ng_record *rec);
} ng_stage;
/* Stage i of the table, or NULL past the end. */
const ng_stage *ng_stage_at(size_t i);

/* ---- writer.c: the JSON form of a record --------------------------------- */
void ng_record_json(ng_buf *out, const ng_record *rec, bool emit_tokens);

/* ---- hash.c ---------------------------------------------------------------- */
/* FNV-1a finished by ng_mix64: record ids, tagger feature hashes. */
uint64_t ng_hash64(const void *data, size_t len, uint64_t seed);
uint64_t ng_checksum64(const void *data, size_t n); /* fast checksum of mapped data files */

/* The 64-bit finaliser of MurmurHash3: every input bit reaches every
 * output bit. It ends ng_hash64, ng_checksum64 and the tagger's feature
 * hashes (changing it changes every trained model). */
static inline uint64_t ng_mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

#endif /* NG_INTERNAL_H */

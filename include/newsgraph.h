/*
 * newsgraph.h: the public interface of libnewsgraph. Its comments are the
 * API manual.
 *
 * libnewsgraph turns news articles (HTML pages, plain wire copy, WARC
 * archives, JSON Lines) into records: clean text, metadata, the text layer
 * (paragraphs, sentences, tokens) and the facts the stages find in it
 * (entities, quotes, counts, dates, places, events, tone). Every span in a
 * record is a [start, end) pair of Unicode code point offsets into the
 * record's `text`, so each fact can be traced back to the exact words it
 * came from.
 *
 * Usage, in short:
 *
 *     ng_resource_options ro;
 *     ng_resource_options_init(&ro);
 *     ro.model_dir = "models";              // ner.bin; NULL: no tagger
 *     ro.gazetteer = "data/gazetteer.bin";  // NULL: no places
 *     char why[512];
 *     ng_resources *res = ng_resources_open(&ro, why, sizeof why);
 *     if (!res) { fprintf(stderr, "%s\n", why); exit(2); }
 *
 *     ng_options opt;
 *     ng_options_init(&opt);
 *     ng_pipeline *p = ng_pipeline_new(&opt, res);  // one per thread
 *     ng_sink sink = { on_record, on_error, userdata };
 *     int failures = ng_process_path(p, "articles/", &sink);
 *     ng_pipeline_free(p);
 *     ng_resources_free(res);
 *
 * Resources (the NER model, the gazetteer) are opened once, mapped
 * read-only, and shared by any number of pipelines in any number of
 * threads. A pipeline holds all mutable state (an arena reset between
 * articles, reusable buffers); it is not thread-safe, so run one pipeline
 * per thread. The library has no global mutable state and reads no
 * environment variables.
 *
 * Lifetimes: a record handed to a sink, and every string and array inside
 * it, lives in the pipeline's article arena. It is valid only until the
 * sink callback returns. Copy what you need to keep.
 *
 * Errors: every input either yields records or calls the sink's error
 * callback with the input's name, the record number within a container
 * (0 for a single-article input) and a one-line reason. Processing then
 * goes on with the next record or input.
 *
 * ABI: option structs start with a `size` field that their init function
 * sets, so a program built against an older, shorter struct keeps working
 * with a newer library. Check ng_version() against NG_VERSION at run time
 * if you load the shared library dynamically.
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

/* Marks the functions of the API: the shared library exports these and
 * nothing else (it is built with -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#define NG_API __attribute__((visibility("default")))
#else
#define NG_API
#endif

#define NG_VERSION "0.2.0"
/* The record schema written by ng_record_to_json(). See docs/record.md. */
#define NG_SCHEMA "newsgraph/2"

/* Default limit on one input's size, after decompression (64 MiB). */
#define NG_DEFAULT_MAX_INPUT ((size_t)64 << 20)

/* A UTF-8 string. Every string of a record is NUL-terminated (`ptr[len]`
 * is '\0', so printf("%s") prints the string alone); `len` excludes the
 * terminator. An absent value has ptr == NULL and len == 0. Spans say
 * where in `text` a string was written; the string itself is a copy. */
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
NG_API const char *ng_format_name(ng_format format);

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
NG_API const char *ng_token_kind_name(ng_token_kind kind);

/* A token: its span in code points, its span in UTF-8 bytes of the
 * record's text (for fast access from C), and its class. */
typedef struct ng_token {
    uint32_t start, end;   /* code points */
    uint32_t bstart, bend; /* bytes */
    uint8_t kind;          /* ng_token_kind */
} ng_token;

/* A token's syntax (the syntax stage): its UD part of speech (ng_upos_name),
 * Penn tag (ng_xpos_name), head and relation to it (ng_dep_name). The
 * head is the index of another token of the same sentence in
 * ng_record.tokens, or NG_NO_HEAD for the root of the sentence. */
#define NG_NO_HEAD 0xffffffffu
typedef struct ng_token_syntax {
    uint32_t head;
    uint8_t upos, xpos, dep;
} ng_token_syntax;

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

/* The name written in records for an entity type ("PER", "NORP", ...). */
NG_API const char *ng_entity_type_name(ng_entity_type type);

/* One mention of an entity: its code-point span in the record's text and
 * the words as written there. */
typedef struct ng_entity_mention {
    uint32_t start, end;
    ng_str text;
} ng_entity_mention;

/* Where an entity was found (bits of ng_entity.sources). A byline author
 * not named in the body has NG_ENTITY_FROM_BYLINE only and no mentions:
 * the byline is not part of `text`, so it has no span. */
#define NG_ENTITY_FROM_TEXT 1u
#define NG_ENTITY_FROM_BYLINE 2u

/* An entity: the mentions in one article that name the same person,
 * organisation, place or group. `name` is the fullest form written (for a
 * nationality, the adjective of the demonym lexicon: "North Korean");
 * `role` is a title or office written before the name ("US Secretary of
 * State"). */
typedef struct ng_entity {
    uint32_t id; /* 1-based, unique within the record */
    ng_entity_type type;
    ng_str name;
    ng_strlist aliases; /* other forms, such as "Zelensky" or "SBU" */
    ng_str role;        /* absent when none is written */
    char country[3];    /* ISO 3166-1 alpha-2 code of a country (LOC) or a
                           nationality (NORP): "KP" for "North Korean"; "" if none */
    uint8_t sources;    /* NG_ENTITY_FROM_TEXT | NG_ENTITY_FROM_BYLINE */
    ng_entity_mention *mentions; /* in text order; empty for a byline-only entity */
    size_t n_mentions;
} ng_entity;

/* Temporal expression types of TimeML's TIMEX3: a calendar date or
 * period (DATE), a time of day (TIME), a length of time (DURATION), a
 * recurrence (SET). */
typedef enum ng_date_type {
    NG_DATE_DATE = 0,
    NG_DATE_TIME,
    NG_DATE_DURATION,
    NG_DATE_SET
} ng_date_type;

/* "DATE", "TIME", "DURATION", "SET". */
NG_API const char *ng_date_type_name(ng_date_type type);

/* A temporal expression: its code-point span in the record's text, the
 * words as written, its type, and its TIMEX3 value resolved against the
 * record's `published` date ("2025-01-09", "2024-W52", "2024-FA", "P3Y",
 * "PAST_REF", "XXXX-01-09" when no publication date is known). */
typedef struct ng_date {
    uint32_t start, end;
    ng_str text;
    ng_date_type type;
    ng_str value;
} ng_date;
/* Counts and amounts (counts.c), after GDELT GKG counts and amounts. */
typedef enum ng_count_kind {    /* the event a count belongs to; see docs/record.md */
    NG_COUNT_NONE = 0,
    NG_COUNT_KILL,
    NG_COUNT_WOUND,
    NG_COUNT_ARREST,
    NG_COUNT_KIDNAP,
    NG_COUNT_CAPTURE,
    NG_COUNT_DEPLOY,
    NG_COUNT_PROTEST,
    NG_COUNT_DISPLACE,
    NG_COUNT_EVACUATE,
    NG_COUNT_AFFECT
} ng_count_kind;

typedef enum ng_count_approx {  /* the qualifier written before the number */
    NG_APPROX_EXACT = 0,   /* no qualifier: "11,000" */
    NG_APPROX_ABOUT,       /* about, around, some, roughly, approximately, an estimated */
    NG_APPROX_MORE_THAN,   /* more than, over, upwards of */
    NG_APPROX_LESS_THAN,   /* fewer than, less than, under */
    NG_APPROX_AT_LEAST,    /* at least, no fewer than */
    NG_APPROX_UP_TO,       /* up to, as many as, at most */
    NG_APPROX_NEARLY,      /* nearly, almost, close to */
    NG_APPROX_INDEFINITE   /* a vague quantity: "several hundred", "dozens", "hundreds of" */
} ng_count_approx;

typedef enum ng_count_type {    /* what the number measures */
    NG_AMOUNT_COUNT = 0,   /* things or people counted */
    NG_AMOUNT_MONEY,       /* unit: ISO 4217 code */
    NG_AMOUNT_PERCENT,     /* unit: "%" */
    NG_AMOUNT_DISTANCE,    /* unit: "km", "mi", "m" */
    NG_AMOUNT_AREA         /* unit: "km2", "mi2", "m2", "ha", "acre" */
} ng_count_type;

/* Names as written in records: "KILL" (NULL for NG_COUNT_NONE), "about"
 * (NULL for NG_APPROX_EXACT), "count", "money", ... */
NG_API const char *ng_count_kind_name(ng_count_kind kind);
NG_API const char *ng_count_approx_name(ng_count_approx approx);
NG_API const char *ng_count_type_name(ng_count_type type);

/* One number claimed in the text, with what it counts. */
typedef struct ng_count {
    double value;          /* in units: "$1.2 billion" is 1.2e9, "several hundred" 200 */
    uint8_t approx;        /* ng_count_approx */
    uint8_t type;          /* ng_count_type */
    uint8_t kind;          /* ng_count_kind of the governing verb or noun */
    uint8_t kind2;         /* a second kind joined by or/and ("killed or wounded"), else NONE */
    ng_str unit;           /* see ng_count_type; absent for plain counts */
    ng_str object;         /* the counted noun phrase ("North Korean troops"), absent if none */
    ng_str text;           /* the number as written, qualifier and unit included */
    uint32_t start, end;   /* span of `text` in code points */
} ng_count;

/* Tone of the whole text (tone.c), in the sense of GDELT V1.5 tone:
 * densities are percentages of word_count. */
typedef struct ng_tone {
    double score;          /* positive - negative */
    double positive;       /* 100 * positive words / word_count */
    double negative;       /* 100 * negative words / word_count */
    double polarity;       /* positive + negative */
    uint32_t word_count;   /* word tokens of text */
} ng_tone;
/* How a quote's speaker was found (see docs/record.md, "quotes"). */
typedef enum ng_speaker_via {
    NG_SPEAKER_NONE = 0,     /* no speaker found */
    NG_SPEAKER_NAME,         /* a name next to the cue: "Zelensky said" */
    NG_SPEAKER_DESCRIPTION,  /* a noun phrase: "the SBU spokesman", "a senior official" */
    NG_SPEAKER_PRONOUN,      /* he/she/they..., resolved to an earlier speaker */
    NG_SPEAKER_CONTINUATION  /* no cue of its own: the previous quote's speaker */
} ng_speaker_via;

/* "none", "name", "description", "pronoun", "continuation". */
NG_API const char *ng_speaker_via_name(ng_speaker_via via);

/* One attribution: who said what. `start/end` is the quoted or reported
 * content (without the quotation marks), `text` its words. A span with
 * start == end is absent. `speaker` is the best name for the speaker: the
 * words at speaker_span, or for a pronoun or continuation the earlier
 * speaker it stands for (then `antecedent` is where that speaker is
 * written). `hedge` is the word that distances the writer from the claim
 * ("claims", "according to", "purportedly"), or absent. */
typedef struct ng_quote {
    ng_str text;
    uint32_t start, end;
    bool direct;          /* in quotation marks */
    bool partial;         /* direct, but a fragment inside the writer's sentence: called it "a disaster" */
    ng_str cue;           /* "said", "according to"; absent for a continuation */
    ng_span cue_span;
    ng_str speaker;
    ng_span speaker_span;
    ng_span antecedent;
    uint32_t speaker_entity; /* id in entities[], 0 when not linked */
    uint8_t speaker_via;     /* ng_speaker_via */
    ng_str hedge;
    uint8_t attribution;     /* ng_attribution: for an indirect one, what the writer reports of the source */
} ng_quote;
/* What an indirect attribution reports: always the source's claim in the
 * writer's words, never the outlet's own statement. */
typedef enum ng_attribution {
    NG_ATTRIBUTION_SPEECH = 0,  /* said, told, according to */
    NG_ATTRIBUTION_BELIEF = 1,  /* believes, wants, expects: a state of mind the writer ascribes */
    NG_ATTRIBUTION_FINDING = 2  /* a poll, study or document shows / found */
} ng_attribution;
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
    /* Per mention: the id (ng_entity.id) of the ORG entity whose name holds
     * the mention ("Kentucky" in "University of Kentucky"), or 0 for a place
     * named on its own. NULL when every mention is 0. */
    uint32_t *mention_org;
} ng_place;

/* An actor of an event (ng_event.source, .target): the words that name it
 * and what they resolve to. An absent actor has start == end and no text. */
typedef struct ng_event_actor {
    ng_str text;           /* the noun phrase as written: "Ukrainian forces" */
    uint32_t start, end;   /* its span in code points */
    uint32_t entity;       /* id in entities[], 0 when not an entity's mention */
    char country[4];       /* ISO 3166-1 alpha-3 ("UKR"), NUL-terminated; "" when unknown */
    char sector[4];        /* PLOVER/CAMEO sector ("MIL", "GOV", "COP", "REB", "CVL" ...); "" when unknown */
} ng_event_actor;

/* What the text commits to about an event (ng_event.modality). */
typedef enum ng_event_modality {
    NG_MODALITY_ASSERTED = 0, /* it happened, or happens */
    NG_MODALITY_THREATENED,   /* threatened: "threatened to ban", "will attack" */
    NG_MODALITY_PLANNED,      /* promised, planned, offered: "will release", "agreed to" */
    NG_MODALITY_DEMANDED,     /* demanded of someone: "must withdraw", "demanded that" */
    NG_MODALITY_DENIED        /* denied: "denied attacking" */
} ng_event_modality;

/* "asserted", "threatened", "planned", "demanded", "denied" (NULL past the end). */
NG_API const char *ng_event_modality_name(ng_event_modality modality);

/* An event: who did what to whom, where and when, coded in PLOVER and
 * CAMEO, with the words it came from and the claim behind it (see
 * docs/events.md for the coding rules). Static strings (type, mode, the
 * `how` fields) live as long as the library; the rest in the arena. */
typedef struct ng_event {
    uint32_t start, end;   /* the evidence: source, trigger and target, and the words between */
    ng_str text;           /* the evidence as written */
    uint32_t sentence;     /* index in sentences[] */
    const char *type;      /* PLOVER event type: "FIGHT", "AGREE", ... */
    const char *mode;      /* PLOVER mode of the CAMEO code ("seize", "demo"), NULL when none */
    char cameo[5];         /* CAMEO code, 2 to 4 digits: "190", "0874" */
    uint8_t quad_class;    /* 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict */
    double goldstein;      /* Goldstein scale of the CAMEO code, -10 .. +10 */
    ng_event_actor source, target;
    ng_str trigger;        /* the words that code the event: "captured", "strike" */
    uint32_t trigger_start, trigger_end;
    struct {               /* where it happened; name NULL when unknown */
        ng_str name;       /* the gazetteer's name */
        const char *how;   /* "sentence", "paragraph" or "dateline": where the place was found */
        uint32_t geonameid;
        double lat, lon;
        uint32_t start, end; /* the mention used (start == end for the dateline) */
    } where;
    struct {               /* when it happened; value NULL when unknown */
        ng_str value;      /* TIMEX3 value ("2025-01-07") or the publication date */
        const char *how;   /* "sentence" (a date of the sentence) or "published" */
        uint32_t start, end; /* the date's span (start == end for the publication date) */
    } when;
    uint32_t *counts;      /* indices in counts[] of the numbers that quantify it */
    size_t n_counts;
    uint32_t attributed_to; /* entity id of the speaker when the event is reported speech, else 0 */
    ng_str attributed_text; /* the speaker as written ("Zelensky"), absent when not reported */
    bool hedged;           /* the writer keeps a distance: "purportedly", "claims" */
    ng_str hedge;          /* the hedging cue, absent when not hedged */
    bool negated;          /* "did not attack" */
    uint8_t modality;      /* ng_event_modality */
} ng_event;

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
    ng_str language;         /* ISO 639-1 code identified from text ("en", "de"); absent when unsure */
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

    /* entity.c: people, organisations, places, groups (in order of first
     * mention; byline-only authors last). See docs/record.md. */
    ng_entity *entities;
    size_t n_entities;

    /* Temporal expressions in text order (timex stage). */
    ng_date *dates;
    size_t n_dates;
    /* counts.c and tone.c */
    ng_count *counts;      /* in text order */
    size_t n_counts;
    ng_tone tone;
    /* quotes.c: direct quotes and indirect attributions, in text order. */
    ng_quote *quotes;
    size_t n_quotes;
    /* places stage (src/places.c): places on the map, in order of first mention */
    ng_place *places;
    size_t n_places;
    /* events stage (src/events.c): coded events, in text order */
    ng_event *events;
    size_t n_events;

    /* Bit i is set when stage i (ng_stage_name(i)) ran on this record;
     * the JSON form has the keys of the stages that ran. */
    uint32_t stages;
    /* syntax stage (src/syntax.c, only when asked): one entry per token,
     * parallel to tokens; NULL when it did not run or had no models. */
    ng_token_syntax *syntax;

    /* Language identification (src/langid.c), after the text layer. */
    double language_confidence; /* 0..1, the identifier's posterior for `language`; 0 without one */
    ng_str language_declared;   /* BCP 47 tag as the page declares it ("en", "de-DE"): a hint only */
} ng_record;

/* ---- version ------------------------------------------------------------ */

/* The library's version, NG_VERSION of the build ("0.2.0"). */
NG_API const char *ng_version(void);

/* ---- resources: models and data, shared by every pipeline --------------- */

typedef struct ng_resources ng_resources;

/* What to open. Initialise with ng_resource_options_init(), then set. */
typedef struct ng_resource_options {
    size_t size;           /* sizeof(ng_resource_options); set by init */
    /* Directory holding the named-entity model "ner.bin", or NULL for
     * none: then no tagger runs, and entities come only from the byline
     * (authors named in metadata). */
    const char *model_dir;
    /* Path of the place gazetteer (data/gazetteer.bin in the source tree,
     * PREFIX/share/newsgraph/gazetteer.bin when installed), or NULL for
     * none: then records have no places. */
    const char *gazetteer;
} ng_resource_options;

NG_API void ng_resource_options_init(ng_resource_options *options);

/* Opens (maps read-only and checks) every resource named in `options`.
 * On failure returns NULL and writes into why[0..why_size) one line
 * naming the file and the reason ("models/ner.bin: No such file or
 * directory", "data/gazetteer.bin: corrupt gazetteer (checksum
 * mismatch)"). A resource that is named must load; nothing is skipped
 * silently. The result is immutable: any number of pipelines in any number
 * of threads may use it at once. Free it after the last pipeline. */
NG_API ng_resources *ng_resources_open(const ng_resource_options *options, char *why, size_t why_size);
NG_API void ng_resources_free(ng_resources *resources);

/* What was loaded: true when the NER model / the POS model / the
 * gazetteer is there. */
NG_API bool ng_resources_has_model(const ng_resources *resources);
NG_API bool ng_resources_has_pos(const ng_resources *resources);
/* Whether the resources have the dependency parser (parse.bin beside
 * pos.bin in model_dir; it is read only when pos.bin is there too). */
NG_API bool ng_resources_has_parser(const ng_resources *resources);
NG_API bool ng_resources_has_gazetteer(const ng_resources *resources);

/* ---- stages -------------------------------------------------------------- */

/* The stages that run on each record after the text layer, in the order
 * they run (and the order of their keys in the JSON form): "ner" (the
 * tagger's mentions, no output of its own), "entities", "syntax",
 * "quotes", "counts", "dates", "places", "events", "tone". A stage reads
 * what the earlier ones wrote; one that finds no resource it needs (no
 * model, no gazetteer) runs and finds nothing. "syntax" (POS tags and a
 * dependency parse per token, ng_record.syntax) runs only when asked: it is
 * in NG_STAGES_ALL but not in ng_stages_default(). */
NG_API size_t ng_stage_count(void);
/* The name of stage `index`, or NULL when index >= ng_stage_count(). */
NG_API const char *ng_stage_name(size_t index);
/* The index of the stage called `name` (len bytes), or -1. */
NG_API int ng_stage_find(const char *name, size_t len);
/* Every stage, "syntax" included. */
#define NG_STAGES_ALL 0xffffffffu
/* The default of ng_options.stages: every stage but those that run only
 * when asked ("syntax"). Add one with |= 1u << ng_stage_find("syntax", 6). */
NG_API uint32_t ng_stages_default(void);

/* ---- pipelines ----------------------------------------------------------- */

/* Options of a pipeline. Initialise with ng_options_init(), then change
 * fields. */
typedef struct ng_options {
    size_t size;            /* sizeof(ng_options); set by ng_options_init */
    size_t max_input_bytes; /* per input and per record, after decompression; default NG_DEFAULT_MAX_INPUT */
    ng_format format;       /* force an input format; NG_FORMAT_AUTO detects it */
    bool emit_tokens;       /* include "tokens" in the JSON form */
    uint32_t stages;        /* bit i: run stage i; default ng_stages_default() */
    bool timings;           /* measure the time of each stage (ng_pipeline_stage_seconds) */
} ng_options;

NG_API void ng_options_init(ng_options *options);

/* Where a pipeline delivers its results. `record` is called once per
 * article, `error` once per failed input or record. Either may be NULL. */
typedef struct ng_sink {
    void (*record)(void *userdata, const ng_record *record);
    void (*error)(void *userdata, const char *path, long record, const char *reason);
    void *userdata;
} ng_sink;

typedef struct ng_pipeline ng_pipeline;

/* Creates a pipeline over `resources` (NULL: none, so no tagger and no
 * places). The resources must outlive the pipeline. Returns NULL only
 * when out of memory. */
NG_API ng_pipeline *ng_pipeline_new(const ng_options *options, const ng_resources *resources);
NG_API void ng_pipeline_free(ng_pipeline *pipeline);

/* Seconds spent in stage `index` (see ng_stage_name) by this pipeline so
 * far, when options.timings is set; index ng_stage_count() is the reading
 * and text layer before the stages, ng_stage_count() + 1 the JSON writer. */
NG_API double ng_pipeline_stage_seconds(const ng_pipeline *pipeline, size_t index);

/* ---- documents: one input, with what is known about it ------------------ */

/* One input in memory and what the caller knows about it. Initialise with
 * ng_document_init(), then set. Only `data` and `len` are required. */
typedef struct ng_document {
    size_t size;              /* sizeof(ng_document); set by init */
    const char *name;         /* for records and errors (a path, a URL...); NULL: "-" */
    const void *data;         /* the bytes: may be gzip or zstd, a WARC or JSON Lines container */
    size_t len;
    ng_format format;         /* NG_FORMAT_AUTO: detect from the bytes and the name */
    const char *url;          /* the page's URL, or NULL */
    const char *published;    /* a publication date (ISO 8601, RFC 2822...) used when
                                 the page gives none, or NULL */
    const char *content_type; /* an HTTP Content-Type (for the charset), or NULL */
    long record;              /* for a document cut from a container: its 1-based record
                                 number there, written in records and errors; else 0 */
    ng_format container;      /* and that container's format (NG_FORMAT_WARC or
                                 NG_FORMAT_JSONL, the record's source.format); else AUTO */
} ng_document;

NG_API void ng_document_init(ng_document *document);

/* Processes one document: decompresses it, splits a container into its
 * records, and extracts each article to a record for sink->record. Returns
 * the number of failures reported to sink->error. */
NG_API int ng_process_document(ng_pipeline *pipeline, const ng_document *document, const ng_sink *sink);

/* ---- reading inputs ------------------------------------------------------ */

/* Where ng_read_path delivers documents. `document` is called for each
 * article-bearing document (a file, or one record of a WARC or JSON Lines
 * container): format is HTML or TEXT, and the bytes are decompressed. The
 * document and its bytes are valid only during the call. `error` is called
 * for each input or record that cannot be read. */
typedef struct ng_document_sink {
    void (*document)(void *userdata, const ng_document *document);
    void (*error)(void *userdata, const char *path, long record, const char *reason);
    void *userdata;
} ng_document_sink;

/* Reads a file or, recursively, a directory (entries in byte-wise sorted
 * order; symbolic links to directories are not followed, so loops cannot
 * occur; hidden files are skipped). "-" reads standard input. Each input
 * is read whole, up to max_input_bytes after decompression, and cut into
 * documents. Uses the pipeline's buffers (not its article arena), so
 * ng_process_document may be called on the same pipeline from within the
 * callback. Returns the number of errors reported. */
NG_API int ng_read_path(ng_pipeline *pipeline, const char *path, const ng_document_sink *sink);

/* ng_read_path and ng_process_document together: every article of `path`
 * to sink->record. Returns the number of failures. */
NG_API int ng_process_path(ng_pipeline *pipeline, const char *path, const ng_sink *sink);

/* Processes one input already in memory: a document named `name` with
 * nothing else known. */
NG_API int ng_process_memory(ng_pipeline *pipeline, const char *name, const void *data, size_t len,
                             const ng_sink *sink);

/* Processes one stream until EOF, reading at most max_input_bytes. */
NG_API int ng_process_stream(ng_pipeline *pipeline, const char *name, FILE *stream, const ng_sink *sink);

/* ---- records ------------------------------------------------------------- */

/* Serialises a record as one line of JSON (schema NG_SCHEMA), without
 * the trailing newline. The returned buffer belongs to the pipeline and is
 * valid until the next call; *len receives its length. NULL when out of
 * memory. */
NG_API const char *ng_record_to_json(ng_pipeline *pipeline, const ng_record *record, size_t *len);

/* Checks a record's invariants: every span inside text and start <= end,
 * span lists in order, tokens' byte and code point spans agreeing, each
 * fact's `text` equal to the words at its span, entity ids 1..n and
 * references to them valid, every string NUL-terminated valid UTF-8.
 * Returns true, or false with the first violation described in
 * why[0..why_size). Linear in the record's size; for tests and fuzzers. */
NG_API bool ng_record_check(const ng_record *record, char *why, size_t why_size);

/* The language of text[0..len) (valid UTF-8), as a record's `language`: an
 * ISO 639-1 code ("en", "de", "ja"), or NULL when the text has too few
 * letters or a script of no language known here. *confidence (may be NULL)
 * receives the identifier's posterior, 0..1. Linear in len; thread-safe. */
NG_API const char *ng_language_identify(const char *text, size_t len, double *confidence);

/* True when stage `index` runs only on English text (its lexicons or model
 * are English): a record whose `language` is another language skips it.
 * Only "entities" is not (without the tagger it lists the byline's authors). */
NG_API bool ng_stage_english_only(size_t index);

/* True when stage `index` applies to a text in `record`'s language: every
 * stage on English text and on text whose language was not identified (too
 * short to say), only the language-agnostic ones on any other language.
 * This is the one rule the pipeline follows; a record's `stages` bits are
 * the selected stages for which it holds. */
NG_API bool ng_stage_applies(size_t index, const ng_record *record);

/* ---- the text layer, for callers that bring their own text --------------- */

/* `text` must be valid UTF-8. Results are allocated in the pipeline's
 * arena and are valid until the next article is processed or
 * ng_pipeline_reset() is called. Both return the number of items. */
NG_API size_t ng_tokenize(ng_pipeline *pipeline, const char *text, size_t len, ng_token **tokens);
NG_API size_t ng_sentences(ng_pipeline *pipeline, const char *text, size_t len, const ng_token *tokens,
                           size_t n_tokens, ng_span **sentences);

/* Tags pre-tokenised words with the NER model, for evaluation on corpora
 * that come tokenised (CoNLL). words[0..n) are UTF-8 strings;
 * sentence_starts[0..n_sentences) the index of each sentence's first word.
 * Writes one label per word: 0 outside a name, else 1 + 2*type + inside,
 * type 0..3 = PER, ORG, LOC, MISC, inside 0 for the first word of a name
 * and 1 for the others (so 1 = B-PER, 2 = I-PER, ...). Returns false when
 * out of memory or without a model. Uses the pipeline's arena. */
NG_API bool ng_tag_words(ng_pipeline *pipeline, const ng_str *words, size_t n, const uint32_t *sentence_starts,
                         size_t n_sentences, uint8_t *labels);

/* Part-of-speech tags for one pre-tokenised sentence words[0..n), with the
 * POS model (pos.bin in the resources' model_dir, trained on UD English
 * EWT): upos[i] gets a Universal Dependencies UPOS tag (0..16, named by
 * ng_upos_name) and xpos[i] a Penn Treebank tag (0..51, ng_xpos_name).
 * Tagging is greedy left to right within the sentence. Returns false,
 * writing nothing, when the resources have no POS model. */
NG_API bool ng_pos_tag_words(ng_pipeline *pipeline, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos);
/* Dependency parse of one pre-tokenised sentence words[0..n): tags it as
 * ng_pos_tag_words does (upos, xpos), then parses it with the parser model
 * (parse.bin, trained on UD English EWT): head[i] is 0 when word i is the
 * root, else the 1-based position of its head (so words[head[i] - 1]);
 * dep[i] its relation (ng_dep_name). Every parse is a tree with exactly
 * one root; time is linear in n. Returns false, writing nothing, without
 * both models or when out of memory. Keeps a working buffer in the
 * pipeline (about 60 bytes a word), reused by the next call. */
NG_API bool ng_parse_words(ng_pipeline *pipeline, const ng_str *words, size_t n, uint8_t *upos, uint8_t *xpos,
                           uint32_t *head, uint8_t *dep);
/* The name of UPOS tag i ("ADJ" ... "X") / Penn tag i ("NN", "-LRB-", ...),
 * or NULL past the last one. */
NG_API const char *ng_upos_name(unsigned i);
NG_API const char *ng_xpos_name(unsigned i);
/* The name of dependency relation i ("punct", "nsubj:pass", ...; the UD
 * relations with English subtypes), or NULL past the last one. */
NG_API const char *ng_dep_name(unsigned i);

/* Frees everything allocated for the current article. */
NG_API void ng_pipeline_reset(ng_pipeline *pipeline);

#ifdef __cplusplus
}
#endif
#endif /* NEWSGRAPH_H */

/*
 * stages.c: the stage table.
 *
 * Every stage after the text layer is one row: its name, its entry point
 * over ng_stage_ctx, and its JSON writer. The pipeline runs the rows in
 * order, times them and lets the caller pick some by name; the writer
 * writes their members in the same order. Adding a stage is one file that
 * defines `const ng_stage ng_stage_NAME` and one X(NAME) below, in data-flow
 * order: a stage reads what the rows above it wrote.
 */
#include "internal.h"

#define NG_STAGE_TABLE(X) \
    X(ner)                \
    X(entities)           \
    X(syntax)             \
    X(quotes)             \
    X(counts)             \
    X(dates)              \
    X(places)             \
    X(events)             \
    X(tone)

#define DECLARE_STAGE(name) extern const ng_stage ng_stage_##name;
NG_STAGE_TABLE(DECLARE_STAGE)

#define STAGE_ROW(name) &ng_stage_##name,
static const ng_stage *const table[] = {NG_STAGE_TABLE(STAGE_ROW)};
#define N_STAGES (sizeof table / sizeof *table)
_Static_assert(N_STAGES <= 32, "ng_options.stages and ng_record.stages are 32-bit masks");

const ng_stage *ng_stage_at(size_t i) { return i < N_STAGES ? table[i] : NULL; }

size_t ng_stage_count(void) { return N_STAGES; }

const char *ng_stage_name(size_t i) { return i < N_STAGES ? table[i]->name : NULL; }

uint32_t ng_stages_default(void)
{
    uint32_t mask = 0;
    for (size_t i = 0; i < N_STAGES; i++)
        if (table[i] != &ng_stage_syntax) mask |= 1u << i;
    return mask;
}

/* Stages whose output does not depend on the text being English: the
 * entities stage, which without the tagger's mentions (ner is English-only)
 * lists the byline's authors. Every other stage reads English words
 * (tagger, cue verbs, number and month words, place words, tone lexicon). */
static const char *const language_agnostic[] = {"entities"};

bool ng_stage_english_only(size_t i)
{
    if (i >= N_STAGES) return false;
    for (size_t k = 0; k < sizeof language_agnostic / sizeof *language_agnostic; k++)
        if (!strcmp(table[i]->name, language_agnostic[k])) return false;
    return true;
}

bool ng_stage_applies(size_t i, const ng_record *r)
{
    bool english = !r->language.len || (r->language.len == 2 && !memcmp(r->language.ptr, "en", 2));
    return english || !ng_stage_english_only(i);
}

int ng_stage_find(const char *name, size_t len)
{
    for (size_t i = 0; i < N_STAGES; i++)
        if (strlen(table[i]->name) == len && memcmp(table[i]->name, name, len) == 0) return (int)i;
    return -1;
}

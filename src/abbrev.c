/*
 * abbrev.c: the abbreviations written with a final period, in one table.
 *
 * Two stages ask about them: the tokenizer, which keeps the period on a
 * known abbreviation ("Dr.", "Jan."), and the sentence splitter, which
 * must know whether an abbreviation can end a sentence. Each entry says
 * which of those it is, so that a word added for one stage is seen by
 * the other. Case matters: "No." is an abbreviation, "no." is not.
 * The table is small and lookups only happen at a period, so a scan
 * keyed on the first byte is fast enough.
 */
#include "internal.h"

typedef struct abbrev {
    const char *word; /* without the period */
    unsigned flags;   /* NG_ABBR_* */
} abbrev;

static const abbrev abbrevs[] = {
    {"Mr", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Mrs", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Ms", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Messrs", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Mmes", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Mme", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Mlle", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Dr", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Drs", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Prof", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Profs", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Sen", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Sens", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Rep", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Reps", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Gov", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Govs", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Gen", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Col", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Lt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Sgt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Capt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Cmdr", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Cdr", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Adm", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Maj", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Brig", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Cpl", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Pvt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Rev", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Hon", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Pres", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Supt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Det", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Insp", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Amb", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Atty", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Fr", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Sr", NG_ABBR_TOKEN},
    {"Sra", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Srta", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Jr", NG_ABBR_TOKEN},
    {"St", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Ste", NG_ABBR_TOKEN},
    {"Mt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Ft", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Rt", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"Inc", NG_ABBR_TOKEN},
    {"Ltd", NG_ABBR_TOKEN},
    {"Co", NG_ABBR_TOKEN},
    {"Corp", NG_ABBR_TOKEN},
    {"Cos", NG_ABBR_TOKEN},
    {"Bros", NG_ABBR_TOKEN},
    {"Plc", NG_ABBR_TOKEN},
    {"Assn", NG_ABBR_TOKEN},
    {"Dept", NG_ABBR_TOKEN},
    {"Univ", NG_ABBR_TOKEN},
    {"Intl", NG_ABBR_TOKEN},
    {"Jan", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Feb", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Mar", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Apr", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Jun", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Jul", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Aug", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Sep", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Sept", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Oct", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Nov", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Dec", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"No", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Nos", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Vol", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Vols", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Fig", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Figs", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Art", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Sec", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Ch", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Ed", NG_ABBR_TOKEN},
    {"Eds", NG_ABBR_TOKEN},
    {"Op", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"Ave", NG_ABBR_TOKEN},
    {"Blvd", NG_ABBR_TOKEN},
    {"Rd", NG_ABBR_TOKEN},
    {"Hwy", NG_ABBR_TOKEN},
    {"Ala", NG_ABBR_TOKEN},
    {"Ariz", NG_ABBR_TOKEN},
    {"Ark", NG_ABBR_TOKEN},
    {"Calif", NG_ABBR_TOKEN},
    {"Colo", NG_ABBR_TOKEN},
    {"Conn", NG_ABBR_TOKEN},
    {"Fla", NG_ABBR_TOKEN},
    {"Kan", NG_ABBR_TOKEN},
    {"Ky", NG_ABBR_TOKEN},
    {"Md", NG_ABBR_TOKEN},
    {"Mich", NG_ABBR_TOKEN},
    {"Minn", NG_ABBR_TOKEN},
    {"Mont", NG_ABBR_TOKEN},
    {"Neb", NG_ABBR_TOKEN},
    {"Nev", NG_ABBR_TOKEN},
    {"Okla", NG_ABBR_TOKEN},
    {"Ore", NG_ABBR_TOKEN},
    {"Tenn", NG_ABBR_TOKEN},
    {"Tex", NG_ABBR_TOKEN},
    {"Vt", NG_ABBR_TOKEN},
    {"Wis", NG_ABBR_TOKEN},
    {"Wyo", NG_ABBR_TOKEN},
    {"etc", NG_ABBR_TOKEN},
    {"vs", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"v", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"al", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"approx", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"ca", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"cf", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"pp", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"p", NG_ABBR_TOKEN | NG_ABBR_BEFORE_NUMBER},
    {"est", NG_ABBR_TOKEN},
    {"Esq", NG_ABBR_TOKEN},
    {"Gens", NG_ABBR_TOKEN | NG_ABBR_BINDING},
    {"e.g", NG_ABBR_BINDING},
    {"i.e", NG_ABBR_BINDING},
};

unsigned ng_abbrev_flags(const char *word, size_t len)
{
    if (len == 0 || len > 6) return 0;
    for (size_t k = 0; k < sizeof abbrevs / sizeof *abbrevs; k++) {
        const char *w = abbrevs[k].word;
        if (w[0] == word[0] && strlen(w) == len && memcmp(w, word, len) == 0) return abbrevs[k].flags;
    }
    return 0;
}

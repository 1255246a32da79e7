/*
 * test_langid.c: language identification (src/langid.c) and the English-only
 * stages it gates (src/pipeline.c). The sentences here are not in the
 * training texts (lexicons/langid).
 */
#include "check.h"
#include "internal.h"
#include "langid.h"

static const char *lang_of(const char *s, double *conf) { return ng_language_identify(s, strlen(s), conf); }

TEST(latin_script_languages_by_model)
{
    static const struct { const char *text, *code; } cases[] = {
        {"The mayor promised on Friday to rebuild the bridge before the winter, but residents remain sceptical.", "en"},
        {"Der Bürgermeister versprach am Freitag, die Brücke noch vor dem Winter wieder aufzubauen.", "de"},
        {"Le maire a promis vendredi de reconstruire le pont avant l'hiver, mais les habitants restent sceptiques.", "fr"},
        {"El alcalde prometió el viernes reconstruir el puente antes del invierno, pero los vecinos siguen escépticos.", "es"},
        {"Il sindaco ha promesso venerdì di ricostruire il ponte prima dell'inverno, ma i residenti restano scettici.", "it"},
        {"O presidente da câmara prometeu na sexta-feira reconstruir a ponte antes do inverno.", "pt"},
        {"De burgemeester beloofde vrijdag de brug nog voor de winter te herbouwen, maar de bewoners twijfelen.", "nl"},
        {"Burmistrz obiecał w piątek, że most zostanie odbudowany przed zimą, ale mieszkańcy są sceptyczni.", "pl"},
        {"Belediye başkanı cuma günü köprüyü kıştan önce yeniden inşa edeceğini söyledi.", "tr"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double conf = -1;
        CHECK_STR(lang_of(cases[i].text, &conf), cases[i].code);
        CHECK(conf > 0.5 && conf <= 1.0);
    }
}

TEST(cyrillic_languages_are_told_apart)
{
    CHECK_STR(lang_of("Мэр пообещал в пятницу восстановить мост до начала зимы, но жители сомневаются.", NULL), "ru");
    CHECK_STR(lang_of("Мер пообіцяв у п'ятницю відновити міст до початку зими, але мешканці сумніваються.", NULL), "uk");
}

TEST(scripts_of_one_language)
{
    double conf = 0;
    CHECK_STR(lang_of("市長は金曜日、冬が来る前に橋を再建すると約束したが、住民は懐疑的だ。", &conf), "ja");
    CHECK(conf > 0.9);
    CHECK_STR(lang_of("市长周五承诺在冬天到来之前重建这座桥，但居民们仍然持怀疑态度。", NULL), "zh");
    CHECK_STR(lang_of("시장은 금요일 겨울이 오기 전에 다리를 재건하겠다고 약속했다.", NULL), "ko");
    CHECK_STR(lang_of("Ο δήμαρχος υποσχέθηκε την Παρασκευή να ξαναχτίσει τη γέφυρα πριν από τον χειμώνα.", NULL), "el");
}

/* A Japanese page quoting code in Latin letters: words, not letters, are
 * counted per script, so the ideographs and kana still win. */
TEST(japanese_with_code_stays_japanese)
{
    const char *t = "個人的にWebAssemblyには強く期待しており、その中でもGoが有力だと感じています。"
                    "コードはこのようになります。extern fn console_log(start: i32); fn cstr(s: &str) -> i32 "
                    "{ std::ffi::CString::new(s).unwrap().into_raw() as i32 } さらにCanvasを使うことも。";
    CHECK_STR(lang_of(t, NULL), "ja");
}

TEST(too_little_text_is_not_guessed)
{
    double conf = 1;
    CHECK(lang_of("Hello there", &conf) == NULL);
    CHECK(conf == 0);
    CHECK(lang_of("", &conf) == NULL);
    CHECK(ng_language_identify(NULL, 0, &conf) == NULL);
    CHECK(lang_of("12345 67890 !!! ??? ... 2024-01-01 $$$ %%% 42 43 44 45", NULL) == NULL);
    /* a short sentence of names the model cannot place with confidence is
     * either English or undetermined, never confidently another language */
    const char *l = lang_of("Lagos residents queued for fuel as prices in Nigeria doubled.", &conf);
    CHECK(l == NULL || !strcmp(l, "en"));
}

static void count_ngram(void *ud, uint32_t key)
{
    (void)key;
    ++*(size_t *)ud;
}

/* Words padded with spaces: "ab" gives " ", "a"... as 1- to 4-grams
 * " a", "a", " ab", "ab", "b", " ab ", "ab ", "b " (a lone space is
 * not one): 8. */
TEST(ngrams_of_a_word)
{
    size_t n = 0;
    CHECK_INT(ng_langid_ngrams("ab", 2, NG_SCRIPT_LATIN, 100, count_ngram, &n), 8);
    CHECK_INT(n, 8);
    n = 0;
    CHECK_INT(ng_langid_ngrams("AB", 2, NG_SCRIPT_LATIN, 100, count_ngram, &n), 8);
    CHECK_INT(ng_langid_ngrams("абв", strlen("абв"), NG_SCRIPT_LATIN, 100, count_ngram, &n), 0);
    /* the letter cap bounds the work */
    CHECK(ng_langid_ngrams("abcdefghij", 10, NG_SCRIPT_LATIN, 3, count_ngram, &n) < 16);
}

TEST(english_only_stages)
{
    int entities = ng_stage_find("entities", 8);
    CHECK(entities >= 0);
    for (size_t i = 0; i < ng_stage_count(); i++) CHECK(ng_stage_english_only(i) == ((int)i != entities));
    CHECK(!ng_stage_english_only(ng_stage_count()));
    /* the pipeline's rule: all stages on English or unidentified text */
    ng_record english = {0}, unknown = {0}, german = {0};
    english.language = (ng_str){"en", 2};
    german.language = (ng_str){"de", 2};
    for (size_t i = 0; i < ng_stage_count(); i++) {
        CHECK(ng_stage_applies(i, &english));
        CHECK(ng_stage_applies(i, &unknown));
        CHECK(ng_stage_applies(i, &german) == ((int)i == entities));
    }
}

typedef struct seen { char json[8192]; const char *language; } seen;

static void keep(void *ud, const ng_record *rec)
{
    seen *s = ud;
    ng_buf b = {0};
    ng_record_json(&b, rec, false);
    snprintf(s->json, sizeof s->json, "%s", b.data ? b.data : "");
    ng_buf_free(&b);
}

static void extract_text(const char *text, seen *s)
{
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, NULL);
    ng_sink sink = {keep, NULL, s};
    CHECK_INT(ng_process_memory(p, "t.txt", text, strlen(text), &sink), 0);
    ng_pipeline_free(p);
}

TEST(non_english_record_skips_english_only_stages)
{
    seen s = {{0}, NULL};
    extract_text("Die Polizei hat am Donnerstag, dem 9. Mai, zwei Männer festgenommen. \"Wir ermitteln weiter\", "
                 "sagte ein Sprecher der Behörde. Drei Menschen wurden bei dem Unfall verletzt.\n", &s);
    CHECK(strstr(s.json, "\"language\":\"de\"") != NULL);
    CHECK(strstr(s.json, "\"stages\":[\"entities\"]") != NULL);
    CHECK(strstr(s.json, "\"entities\":[]") != NULL);
    const char *english_keys[] = {"\"quotes\"", "\"counts\"", "\"dates\"", "\"places\"", "\"events\"", "\"tone\""};
    for (size_t i = 0; i < sizeof english_keys / sizeof *english_keys; i++) CHECK(strstr(s.json, english_keys[i]) == NULL);
}

TEST(english_record_runs_every_stage)
{
    seen s = {{0}, NULL};
    extract_text("Police arrested two men on Thursday, May 9. \"We are still investigating,\" a spokesman said. "
                 "Three people were injured in the crash.\n", &s);
    CHECK(strstr(s.json, "\"language\":\"en\"") != NULL);
    CHECK(strstr(s.json, "\"stages\":[\"ner\",\"entities\",\"quotes\",\"counts\",\"dates\",\"places\",\"events\",\"tone\"]") != NULL);
    CHECK(strstr(s.json, "\"quotes\":[{") != NULL);
    CHECK(strstr(s.json, "\"tone\":{") != NULL);
}

int main(void)
{
    RUN(latin_script_languages_by_model);
    RUN(cyrillic_languages_are_told_apart);
    RUN(scripts_of_one_language);
    RUN(japanese_with_code_stays_japanese);
    RUN(too_little_text_is_not_guessed);
    RUN(ngrams_of_a_word);
    RUN(english_only_stages);
    RUN(non_english_record_skips_english_only_stages);
    RUN(english_record_runs_every_stage);
    return check_report("langid");
}

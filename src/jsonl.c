/*
 * jsonl.c: split JSON Lines into records, one JSON object per line.
 *
 * Lines end at "\n" (a "\r" before it is dropped, so CRLF files work) and
 * blank lines are skipped. Each line is parsed on its own into the scratch
 * arena, which is reset before the next one, so memory is constant in the
 * number of lines and a broken line only costs itself: unlike WARC, line
 * boundaries survive any damage, so the walk always goes on.
 *
 * The fields we read are "url", "html", "text", "published" and "title".
 * Each must be a string when present; null counts as absent, because
 * dataset exporters write null for missing values. Any other type is a
 * broken line, reported with the field's name, rather than a silently
 * empty field. Other members are ignored. Whether a line has "html" or
 * "text" at all is the pipeline's business.
 */
#include "internal.h"

static const char *type_name(ng_json_type t)
{
    switch (t) {
    case NG_JSON_NULL: return "null";
    case NG_JSON_FALSE:
    case NG_JSON_TRUE: return "a boolean";
    case NG_JSON_NUMBER: return "a number";
    case NG_JSON_STRING: return "a string";
    case NG_JSON_ARRAY: return "an array";
    default: return "an object";
    }
}

/* Reads obj[key] into *out. Returns NULL or the reason the line is bad. */
static const char *get_field(ng_arena *a, const ng_json *obj, const char *key, ng_str *out)
{
    const ng_json *v = ng_json_get(obj, key);
    *out = (ng_str){NULL, 0};
    if (!v || v->type == NG_JSON_NULL) return NULL;
    if (v->type == NG_JSON_STRING) {
        /* An empty string is present: keep a non-NULL pointer. */
        *out = v->str.ptr ? v->str : (ng_str){"", 0};
        return NULL;
    }
    ng_str why = ng_sprintf(a, "\"%s\" must be a string, not %s", key, type_name(v->type));
    return why.ptr ? why.ptr : "a field has the wrong type";
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

int ng_jsonl_each(ng_arena *a, const char *data, size_t len, size_t limit, ng_jsonl_fn fn, ng_bad_record_fn bad,
                  void *ud)
{
    int bad_count = 0;
    long number = 0;
    size_t pos = 0;
    while (pos < len) {
        number++;
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *s = data + pos;
        size_t n = end - pos;
        pos = nl ? end + 1 : len;
        if (n && s[n - 1] == '\r') n--;
        size_t skipped = 0;
        if (number == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3, skipped = 3;
        if (blank(s, n)) continue;

        ng_arena_reset(a);
        const char *why = NULL;
        ng_str msg = {NULL, 0};
        if (limit && n > limit) {
            msg = ng_sprintf(a, "line of %zu bytes exceeds the size limit of %zu bytes", n, limit);
            why = msg.ptr ? msg.ptr : "line exceeds the size limit";
        }
        const ng_json *obj = NULL;
        if (!why) {
            const char *err = NULL;
            size_t at = 0;
            obj = ng_json_parse(a, s, n, &err, &at);
            if (!obj) {
                /* 1-based, like a column: the byte the parser stopped at. */
                msg = ng_sprintf(a, "invalid JSON at byte %zu: %s", at + skipped + 1, err ? err : "invalid JSON");
                why = msg.ptr ? msg.ptr : "invalid JSON";
            } else if (obj->type != NG_JSON_OBJECT) {
                msg = ng_sprintf(a, "line is %s, not a JSON object", type_name(obj->type));
                why = msg.ptr ? msg.ptr : "line is not a JSON object";
            }
        }
        ng_jsonl_record r;
        memset(&r, 0, sizeof r);
        r.number = number;
        if (!why) why = get_field(a, obj, "url", &r.url);
        if (!why) why = get_field(a, obj, "html", &r.html);
        if (!why) why = get_field(a, obj, "text", &r.text);
        if (!why) why = get_field(a, obj, "published", &r.published);
        if (!why) why = get_field(a, obj, "title", &r.title);
        if (why) {
            bad_count++;
            bad(ud, number, why);
            continue;
        }
        fn(ud, &r);
    }
    return bad_count;
}

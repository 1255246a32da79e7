/*
 * json.c: the JSON writer used for records, and a small JSON reader for
 * JSON Lines input and JSON-LD metadata in pages.
 *
 * The reader builds a tree in the article arena. It is strict RFC 8259
 * (no comments, no trailing commas) except that it tolerates invalid
 * UTF-8 inside strings by replacing it with U+FFFD: pages embed JSON-LD in
 * every encoding mistake imaginable, and metadata is still worth having.
 * Nesting is capped (JSON_MAX_DEPTH) and the parser is iterative over
 * arrays and objects only to that depth, so hostile input cannot exhaust
 * the stack.
 */
#include "internal.h"

#include <stdlib.h>

#define JSON_MAX_DEPTH 512

void ng_json_string(ng_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!ng_buf_reserve(b, b->len + n + 2)) return;
    ng_buf_putc(b, '"');
    size_t run = 0; /* start of the pending run of bytes that need no escape */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[6];
        if (c >= 0x20 && c != '"' && c != '\\') {
            /* U+2028/U+2029 are valid JSON but break JavaScript consumers. */
            if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                ng_buf_put(b, s + run, i - run);
                ng_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                i += 2;
                run = i + 1;
            }
            continue;
        }
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0'; u[4] = hex[c >> 4]; u[5] = hex[c & 15];
            break;
        }
        ng_buf_put(b, s + run, i - run);
        if (esc) ng_buf_puts(b, esc); else ng_buf_put(b, u, 6);
        run = i + 1;
    }
    ng_buf_put(b, s + run, n - run);
    ng_buf_putc(b, '"');
}

typedef struct json_parser {
    ng_arena *a;
    const char *s;
    size_t n, i;
    const char *error;
} json_parser;

static void skip_ws(json_parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool read_hex4(json_parser *p, uint32_t *v)
{
    if (p->n - p->i < 4) return false;
    uint32_t x = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(p->s[p->i + (size_t)k]);
        if (h < 0) return false;
        x = x << 4 | (uint32_t)h;
    }
    p->i += 4;
    *v = x;
    return true;
}

static bool parse_string(json_parser *p, ng_str *out)
{
    p->i++; /* opening quote */
    size_t start = p->i;
    /* Fast path: no escapes and valid UTF-8, so the literal is the value. */
    size_t j = start;
    while (j < p->n && p->s[j] != '"' && p->s[j] != '\\' && (unsigned char)p->s[j] >= 0x20) j++;
    if (j < p->n && p->s[j] == '"' && ng_utf8_valid(p->s + start, j - start)) {
        *out = ng_strndup(p->a, p->s + start, j - start);
        p->i = j + 1;
        if (!out->ptr) { p->error = "out of memory"; return false; }
        return true;
    }
    size_t cap = (j - start) + 64; /* grows below; escapes rarely lengthen */
    char *buf = ng_alloc(p->a, cap);
    size_t len = 0;
    if (!buf) { p->error = "out of memory"; return false; }
    while (p->i < p->n) {
        if (cap - len < 8) {
            size_t ncap = cap * 2;
            char *nb = ng_realloc(p->a, buf, cap, ncap);
            if (!nb) { p->error = "out of memory"; return false; }
            buf = nb;
            cap = ncap;
        }
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            buf[len] = '\0';
            *out = (ng_str){buf, len};
            return true;
        }
        if (c < 0x20) { p->error = "control character in string"; return false; }
        if (c == '\\') {
            p->i++;
            if (p->i >= p->n) break;
            char e = p->s[p->i++];
            uint32_t cp;
            switch (e) {
            case '"': buf[len++] = '"'; break;
            case '\\': buf[len++] = '\\'; break;
            case '/': buf[len++] = '/'; break;
            case 'b': buf[len++] = '\b'; break;
            case 'f': buf[len++] = '\f'; break;
            case 'n': buf[len++] = '\n'; break;
            case 'r': buf[len++] = '\r'; break;
            case 't': buf[len++] = '\t'; break;
            case 'u':
                if (!read_hex4(p, &cp)) { p->error = "bad \\u escape"; return false; }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (p->n - p->i >= 6 && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
                        p->i += 2;
                        if (!read_hex4(p, &lo)) { p->error = "bad \\u escape"; return false; }
                        if (lo >= 0xDC00 && lo <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        else cp = 0xFFFD; /* unpaired: keep going, the text matters more */
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                if (cp == 0) cp = 0xFFFD; /* records never carry NUL */
                len += ng_utf8_encode(cp, buf + len);
                break;
            default:
                p->error = "bad escape in string";
                return false;
            }
            continue;
        }
        if (c < 0x80) { buf[len++] = (char)c; p->i++; continue; }
        uint32_t cp;
        size_t k = ng_utf8_decode((const unsigned char *)p->s + p->i, p->n - p->i, &cp);
        len += ng_utf8_encode(cp, buf + len);
        p->i += k;
    }
    p->error = "unterminated string";
    return false;
}

static ng_json *new_value(json_parser *p, ng_json_type t)
{
    ng_json *v = ng_calloc(p->a, 1, sizeof *v);
    if (!v) p->error = "out of memory";
    else v->type = t;
    return v;
}

static ng_json *parse_value(json_parser *p, int depth);

static ng_json *parse_container(json_parser *p, int depth, bool object)
{
    if (depth >= JSON_MAX_DEPTH) { p->error = "nesting too deep"; return NULL; }
    ng_json *v = new_value(p, object ? NG_JSON_OBJECT : NG_JSON_ARRAY);
    if (!v) return NULL;
    NG_VEC(ng_json *) items = {0};
    NG_VEC(ng_str) keys = {0};
    char close = object ? '}' : ']';
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == close) { p->i++; return v; }
    for (;;) {
        skip_ws(p);
        if (object) {
            ng_str key;
            if (p->i >= p->n || p->s[p->i] != '"') { p->error = "expected a string key"; return NULL; }
            if (!parse_string(p, &key)) return NULL;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') { p->error = "expected ':'"; return NULL; }
            p->i++;
            if (!NG_VEC_PUSH(p->a, &keys, key)) { p->error = "out of memory"; return NULL; }
        }
        ng_json *child = parse_value(p, depth + 1);
        if (!child) return NULL;
        if (!NG_VEC_PUSH(p->a, &items, child)) { p->error = "out of memory"; return NULL; }
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') { p->i++; continue; }
        if (p->i < p->n && p->s[p->i] == close) { p->i++; break; }
        p->error = object ? "expected ',' or '}'" : "expected ',' or ']'";
        return NULL;
    }
    v->items = items.items;
    v->keys = keys.items;
    v->n = items.len;
    return v;
}

static bool match_word(json_parser *p, const char *w)
{
    size_t k = strlen(w);
    if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0) return false;
    p->i += k;
    return true;
}

static ng_json *parse_value(json_parser *p, int depth)
{
    skip_ws(p);
    if (p->i >= p->n) { p->error = "unexpected end of input"; return NULL; }
    char c = p->s[p->i];
    ng_json *v;
    switch (c) {
    case '{': return parse_container(p, depth, true);
    case '[': return parse_container(p, depth, false);
    case '"':
        v = new_value(p, NG_JSON_STRING);
        if (!v || !parse_string(p, &v->str)) return NULL;
        return v;
    case 't': if (match_word(p, "true")) return new_value(p, NG_JSON_TRUE); break;
    case 'f': if (match_word(p, "false")) return new_value(p, NG_JSON_FALSE); break;
    case 'n': if (match_word(p, "null")) return new_value(p, NG_JSON_NULL); break;
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = p->i;
            if (p->s[p->i] == '-') p->i++;
            size_t digits = p->i;
            while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
            if (p->i == digits) break;
            if (p->i < p->n && p->s[p->i] == '.') {
                p->i++;
                size_t frac = p->i;
                while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
                if (p->i == frac) break;
            }
            if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
                p->i++;
                if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
                size_t ex = p->i;
                while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
                if (p->i == ex) break;
            }
            v = new_value(p, NG_JSON_NUMBER);
            if (v) v->str = ng_strndup(p->a, p->s + start, p->i - start);
            return v;
        }
    }
    p->error = "invalid JSON value";
    return NULL;
}

ng_json *ng_json_parse(ng_arena *a, const char *s, size_t n, const char **error, size_t *error_at)
{
    json_parser p = {a, s, n, 0, NULL};
    ng_json *v = parse_value(&p, 0);
    if (v) {
        skip_ws(&p);
        if (p.i != p.n) { p.error = "trailing characters after the JSON value"; v = NULL; }
    }
    if (!v) {
        if (error) *error = p.error ? p.error : "invalid JSON";
        if (error_at) *error_at = p.i;
    }
    return v;
}

const ng_json *ng_json_get(const ng_json *obj, const char *key)
{
    if (!obj || obj->type != NG_JSON_OBJECT) return NULL;
    size_t k = strlen(key);
    for (size_t i = 0; i < obj->n; i++)
        if (obj->keys[i].len == k && memcmp(obj->keys[i].ptr, key, k) == 0) return obj->items[i];
    return NULL;
}

ng_str ng_json_get_str(const ng_json *obj, const char *key)
{
    const ng_json *v = ng_json_get(obj, key);
    if (v && v->type == NG_JSON_STRING) return v->str;
    return (ng_str){NULL, 0};
}

/* ---- the members of a record --------------------------------------------- */

void ng_json_key(ng_buf *b, const char *key)
{
    ng_buf_puts(b, ",\"");
    ng_buf_puts(b, key);
    ng_buf_puts(b, "\":");
}

void ng_json_str_or_null(ng_buf *b, const char *key, ng_str s)
{
    ng_json_key(b, key);
    if (s.ptr) ng_json_string(b, s.ptr, s.len);
    else ng_buf_puts(b, "null");
}

void ng_json_name_or_null(ng_buf *b, const char *key, const char *name)
{
    ng_json_key(b, key);
    if (name) ng_json_string(b, name, strlen(name));
    else ng_buf_puts(b, "null");
}

void ng_json_span_or_null(ng_buf *b, const char *key, ng_span s)
{
    ng_json_key(b, key);
    if (s.start == s.end) ng_buf_puts(b, "null");
    else ng_buf_printf(b, "[%u,%u]", s.start, s.end);
}

void ng_json_strlist(ng_buf *b, const char *key, ng_strlist l)
{
    ng_json_key(b, key);
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < l.count; i++) {
        if (i) ng_buf_putc(b, ',');
        ng_json_string(b, l.items[i].ptr ? l.items[i].ptr : "", l.items[i].len);
    }
    ng_buf_putc(b, ']');
}

void ng_json_spans(ng_buf *b, const char *key, const ng_span *s, size_t n)
{
    ng_json_key(b, key);
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) ng_buf_printf(b, i ? ",[%u,%u]" : "[%u,%u]", s[i].start, s[i].end);
    ng_buf_putc(b, ']');
}

void ng_json_mentions(ng_buf *b, const char *key, const ng_entity_mention *m, size_t n)
{
    ng_json_key(b, key);
    ng_buf_putc(b, '[');
    for (size_t k = 0; k < n; k++) {
        ng_buf_printf(b, "%s{\"start\":%u,\"end\":%u,\"text\":", k ? "," : "", m[k].start, m[k].end);
        ng_json_string(b, m[k].text.ptr ? m[k].text.ptr : "", m[k].text.len);
        ng_buf_putc(b, '}');
    }
    ng_buf_putc(b, ']');
}

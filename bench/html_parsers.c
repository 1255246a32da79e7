/* html_parsers.c - throughput + robustness benchmark of HTML parser candidates
 * for newsgraph: libxml2 HTML SAX (push parser), libxml2 HTML tree
 * (htmlReadMemory), gumbo 0.10.1 (default options, and max_errors=0), and a
 * minimal hand-written tokenizer (lower bound for an own tokenizer).
 * Build:  gcc -O2 -std=c17 -Wall -Wextra $(xml2-config --cflags) \
 *           bench/html_parsers.c -lxml2 -lgumbo -lz -o /tmp/html_parsers
 * Run:    find DIR -name '*.gz' | sort | xargs /tmp/html_parsers
 *         (pages are gunzipped into memory first; only parse(+free) is timed,
 *         each candidate runs in its own forked child so peak-RSS growth
 *         (VmHWM after clear_refs) is per candidate)
 * Probe:  [DEPTH=n] [TIMEOUT=s] /tmp/html_parsers --probe [name]; --stats f.gz.. per page
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <zlib.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <gumbo.h>

typedef struct { char *p; size_t n; } Buf;

static double now(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static long proc_kb(const char *key) {
    FILE *f = fopen("/proc/self/status", "r"); char line[256]; long v = -1;
    size_t kl = strlen(key);
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl)) { v = atol(line + kl + 1); break; }
    fclose(f); return v;
}
static void reset_hwm(void) {
    FILE *f = fopen("/proc/self/clear_refs", "w"); if (f) { fputs("5", f); fclose(f); }
}

static int read_gz(const char *path, Buf *b) {
    gzFile g = gzopen(path, "rb"); if (!g) return -1;
    size_t cap = 1 << 16, n = 0; char *p = malloc(cap); int r;
    gzbuffer(g, 1 << 17);
    while ((r = gzread(g, p + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)r;
        if (n == cap) { cap *= 2; p = realloc(p, cap); }
    }
    gzclose(g);
    b->p = p; b->n = n; return 0;
}

/* ---------------- result stats ---------------- */
typedef struct {
    unsigned long elems, text_bytes, attrs, attr_bytes, max_attr, depth;
    int extra;          /* libxml2: ctxt->errNo / wellFormed info */
} Stats;

/* ---------------- (a1) libxml2 SAX ---------------- */
typedef struct { Stats s; unsigned long cur; } SaxCtx;
static void sx_start(void *u, const xmlChar *name, const xmlChar **atts) {
    SaxCtx *c = u; (void)name;
    c->s.elems++; if (++c->cur > c->s.depth) c->s.depth = c->cur;
    if (atts) for (int i = 0; atts[i]; i += 2) {
        c->s.attrs++;
        if (atts[i + 1]) { size_t l = strlen((const char *)atts[i + 1]);
            c->s.attr_bytes += l; if (l > c->s.max_attr) c->s.max_attr = l; }
    }
}
static void sx_end(void *u, const xmlChar *name) { SaxCtx *c = u; (void)name; if (c->cur) c->cur--; }
static void sx_chars(void *u, const xmlChar *ch, int len) { SaxCtx *c = u; (void)ch; c->s.text_bytes += (unsigned long)len; }
static void sx_comment(void *u, const xmlChar *v) { SaxCtx *c = u; c->s.text_bytes += strlen((const char *)v); }

static int xml_opts_base = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_COMPACT;

static Stats run_sax(const char *p, size_t n, int huge) {
    xmlSAXHandler h; memset(&h, 0, sizeof h);
    h.startElement = sx_start; h.endElement = sx_end;
    h.characters = sx_chars; h.ignorableWhitespace = sx_chars; h.cdataBlock = sx_chars;
    h.comment = sx_comment;
    SaxCtx c; memset(&c, 0, sizeof c);
    htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&h, &c, NULL, 0, NULL, XML_CHAR_ENCODING_NONE);
    int unk_ = htmlCtxtUseOptions(ctxt, xml_opts_base | (huge ? XML_PARSE_HUGE : 0));
    static int warned_; if (unk_ && !warned_++) fprintf(stderr, "htmlCtxtUseOptions: unhandled options 0x%x\n", unk_);
    /* feed in 1 MB chunks (a single >2GB chunk would overflow int anyway) */
    size_t off = 0;
    do {
        size_t k = n - off > (1 << 20) ? (1 << 20) : n - off;
        htmlParseChunk(ctxt, p + off, (int)k, off + k == n);
        off += k;
    } while (off < n);
    c.s.extra = ctxt->errNo;
    if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
    return c.s;
}

/* ---------------- (a2) libxml2 tree ---------------- */
static void xml_walk(xmlDocPtr d, Stats *s) {
    xmlNodePtr n = d ? d->children : NULL; unsigned long dep = 1;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            s->elems++; if (dep > s->depth) s->depth = dep;
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                s->attrs++;
                if (a->children && a->children->content) {
                    size_t l = strlen((const char *)a->children->content);
                    s->attr_bytes += l; if (l > s->max_attr) s->max_attr = l; }
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE ||
                    n->type == XML_COMMENT_NODE) && n->content)
            s->text_bytes += strlen((const char *)n->content);
        if (n->type == XML_ELEMENT_NODE && n->children) { n = n->children; dep++; continue; }
        while (n && !n->next) { n = n->parent; dep--; if (n == (xmlNodePtr)d) n = NULL; }
        if (n) n = n->next;
    }
}
static xmlDocPtr tree_parse(const char *p, size_t n, int huge) {
    return htmlReadMemory(p, (int)n, NULL, NULL, xml_opts_base | (huge ? XML_PARSE_HUGE : 0));
}

/* ---------------- (b) gumbo ---------------- */
static void gumbo_walk(GumboNode *root, Stats *s) {
    /* iterative DFS with explicit stack */
    size_t cap = 1024, sp = 0;
    struct Fr { GumboNode *n; unsigned long d; } *st = malloc(cap * sizeof *st);
    st[sp++] = (struct Fr){root, 1};
    while (sp) {
        struct Fr f = st[--sp]; GumboNode *n = f.n;
        if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            s->elems++; if (f.d > s->depth) s->depth = f.d;
            GumboVector *at = &n->v.element.attributes;
            for (unsigned i = 0; i < at->length; i++) {
                GumboAttribute *a = at->data[i]; size_t l = strlen(a->value);
                s->attrs++; s->attr_bytes += l; if (l > s->max_attr) s->max_attr = l; }
            GumboVector *ch = &n->v.element.children;
            for (unsigned i = 0; i < ch->length; i++) {
                if (sp == cap) { cap *= 2; st = realloc(st, cap * sizeof *st); }
                st[sp++] = (struct Fr){ch->data[i], f.d + 1};
            }
        } else if (n->type == GUMBO_NODE_DOCUMENT) {
            GumboVector *ch = &n->v.document.children;
            for (unsigned i = 0; i < ch->length; i++) {
                if (sp == cap) { cap *= 2; st = realloc(st, cap * sizeof *st); }
                st[sp++] = (struct Fr){ch->data[i], f.d};
            }
        } else {
            s->text_bytes += strlen(n->v.text.text);
        }
    }
    free(st);
}
static GumboOptions gopt_noerr;

/* ---------------- (c) minimal tokenizer ---------------- */
static inline int lc(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline int isws(int c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
static const char *find_close(const char *s, const char *e, const char *name, size_t nl) {
    /* find "</name" case-insensitively */
    while (s < e) {
        const char *q = memchr(s, '<', (size_t)(e - s));
        if (!q) return e;
        if (q + 2 + nl <= e && q[1] == '/') {
            size_t i = 0; while (i < nl && lc((unsigned char)q[2 + i]) == name[i]) i++;
            if (i == nl) return q;
        }
        s = q + 1;
    }
    return e;
}
static Stats run_mini(const char *p, size_t n) {
    Stats s; memset(&s, 0, sizeof s);
    const char *c = p, *e = p + n; long depth = 0;
    while (c < e) {
        const char *lt = memchr(c, '<', (size_t)(e - c));
        if (!lt) { s.text_bytes += (unsigned long)(e - c); break; }
        s.text_bytes += (unsigned long)(lt - c);
        c = lt + 1;
        if (c >= e) break;
        if (*c == '!') {
            if (c + 2 < e && c[1] == '-' && c[2] == '-') {
                const char *q = c + 3;
                const char *end = memmem(q, (size_t)(e - q), "-->", 3);
                if (!end) { s.text_bytes += (unsigned long)(e - q); c = e; break; }
                s.text_bytes += (unsigned long)(end - q); c = end + 3;
            } else {
                const char *q = memchr(c, '>', (size_t)(e - c)); c = q ? q + 1 : e;
            }
            continue;
        }
        if (*c == '?') { const char *q = memchr(c, '>', (size_t)(e - c)); c = q ? q + 1 : e; continue; }
        int end_tag = 0;
        if (*c == '/') { end_tag = 1; c++; }
        if (c >= e || !((lc((unsigned char)*c) >= 'a' && lc((unsigned char)*c) <= 'z'))) {
            s.text_bytes++; continue;          /* literal '<' */
        }
        char name[16]; size_t nl = 0;
        while (c < e && !isws((unsigned char)*c) && *c != '>' && *c != '/') {
            if (nl < sizeof name - 1) name[nl] = (char)lc((unsigned char)*c);
            nl++; c++;
        }
        if (nl >= sizeof name) nl = sizeof name - 1;
        name[nl] = 0;
        int selfclose = 0;
        /* attributes */
        while (c < e && *c != '>') {
            if (isws((unsigned char)*c)) { c++; continue; }
            if (*c == '/') { selfclose = 1; c++; continue; }
            selfclose = 0;
            while (c < e && !isws((unsigned char)*c) && *c != '>' && *c != '=' && *c != '/') c++;
            s.attrs++;
            while (c < e && isws((unsigned char)*c)) c++;
            if (c < e && *c == '=') {
                c++; while (c < e && isws((unsigned char)*c)) c++;
                const char *v0 = c, *v1;
                if (c < e && (*c == '"' || *c == '\'')) {
                    const char *q = memchr(c + 1, *c, (size_t)(e - c - 1));
                    v0 = c + 1; v1 = q ? q : e; c = q ? q + 1 : e;
                } else {
                    while (c < e && !isws((unsigned char)*c) && *c != '>') c++;
                    v1 = c;
                }
                unsigned long l = (unsigned long)(v1 - v0);
                s.attr_bytes += l; if (l > s.max_attr) s.max_attr = l;
            }
        }
        if (c < e) c++;
        if (end_tag) { if (depth) depth--; continue; }
        s.elems++;
        if (!selfclose) { depth++; if ((unsigned long)depth > s.depth) s.depth = (unsigned long)depth; }
        if (!strcmp(name, "script") || !strcmp(name, "style") ||
            !strcmp(name, "textarea") || !strcmp(name, "title")) {
            const char *q = find_close(c, e, name, nl);
            s.text_bytes += (unsigned long)(q - c); c = q;
        }
    }
    return s;
}

/* ---------------- candidate dispatch ---------------- */
enum { C_SAX, C_SAXH, C_TREE, C_TREEH, C_GUMBO, C_GUMBO0, C_MINI, C_N };
static const char *cname[C_N] = {"libxml2-SAX", "libxml2-SAX+HUGE", "libxml2-tree",
                                 "libxml2-tree+HUGE", "gumbo", "gumbo(max_errors=0)", "mini-tokenizer"};

/* parse; returns parse seconds in *tp, free seconds in *tf; if st, fill stats */
static void run_one(int cand, const char *p, size_t n, double *tp, double *tf, Stats *st) {
    double t0 = now(), t1, t2;
    Stats s; memset(&s, 0, sizeof s);
    switch (cand) {
    case C_SAX: case C_SAXH:
        s = run_sax(p, n, cand == C_SAXH); t1 = t2 = now(); break;
    case C_TREE: case C_TREEH: {
        xmlDocPtr d = tree_parse(p, n, cand == C_TREEH); t1 = now();
        if (st) { xml_walk(d, &s); t1 = now(); }
        xmlFreeDoc(d); t2 = now(); break; }
    case C_GUMBO: case C_GUMBO0: {
        GumboOutput *o = gumbo_parse_with_options(cand == C_GUMBO ? &kGumboDefaultOptions : &gopt_noerr, p, n);
        t1 = now();
        if (st) { s.extra = (int)o->errors.length; gumbo_walk(o->document, &s);
                  t1 = now(); }
        gumbo_destroy_output(cand == C_GUMBO ? &kGumboDefaultOptions : &gopt_noerr, o); t2 = now(); break; }
    default:
        s = run_mini(p, n); t1 = t2 = now(); break;
    }
    *tp = t1 - t0; *tf = t2 - t1;
    if (st) *st = s;
    static volatile unsigned long sink; sink += s.elems + s.text_bytes;
}

/* ---------------- corpus benchmark ---------------- */
static int bench(int argc, char **argv) {
    Buf *pg = calloc((size_t)argc, sizeof *pg); size_t np = 0, tot = 0;
    for (int i = 1; i < argc; i++) {
        if (read_gz(argv[i], &pg[np]) == 0) { tot += pg[np].n; np++; }
        else fprintf(stderr, "cannot read %s\n", argv[i]);
    }
    printf("%zu pages, %.1f MB decompressed HTML\n", np, tot / 1e6);
    printf("%-20s %9s %9s %9s %9s %10s\n", "candidate", "MB/s", "pages/s", "MB/s+free", "pages/s+f", "peakRSS+MB");
    int cands[] = {C_SAX, C_TREE, C_GUMBO, C_GUMBO0, C_MINI};
    for (size_t ci = 0; ci < sizeof cands / sizeof *cands; ci++) {
        int cand = cands[ci];
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            reset_hwm(); long base = proc_kb("VmRSS");
            double sp = 0, sf = 0;
            for (size_t i = 0; i < np; i++) { double a, b; run_one(cand, pg[i].p, pg[i].n, &a, &b, NULL); sp += a; sf += b; }
            long hwm = proc_kb("VmHWM");
            printf("%-20s %9.1f %9.1f %9.1f %9.1f %10.1f\n", cname[cand], tot / 1e6 / sp, np / sp,
                   tot / 1e6 / (sp + sf), np / (sp + sf), (hwm - base) / 1024.0);
            fflush(stdout); _exit(0);
        }
        int stt; waitpid(pid, &stt, 0);
        if (!WIFEXITED(stt)) printf("%-20s died: signal %d\n", cname[cand], WTERMSIG(stt));
    }
    return 0;
}

/* ---------------- probes ---------------- */
static uint64_t rng = 88172645463325252ull;
static uint64_t xs(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }
static Buf gen(const char *name) {
    size_t cap = 64u << 20; char *p = malloc(cap); size_t n = 0;
#define PUT(s) do { size_t l_ = strlen(s); memcpy(p + n, s, l_); n += l_; } while (0)
    if (!strncmp(name, "deep_", 5)) {
        const char *tag = name + 5; char o[32]; snprintf(o, sizeof o, "<%s>", tag);
        PUT("<!DOCTYPE html><html><body>");
        int dn = getenv("DEPTH") ? atoi(getenv("DEPTH")) : 300000;
        for (int i = 0; i < dn; i++) PUT(o);
        PUT("deep-text");
    } else if (!strcmp(name, "attr50M")) {
        PUT("<html><body><div title=\"");
        memset(p + n, 'a', 50000000); n += 50000000;
        PUT("\">after-attr</div></body></html>");
    } else if (!strcmp(name, "unclosed_comment")) {
        PUT("<!--");
        while (n < 10000000) PUT("<p>hello <b>world</b> text</p>\n");
    } else if (!strcmp(name, "unclosed_script")) {
        PUT("<html><body><p>before</p><script>");
        while (n < 10000000) PUT("var x = '<p>' + \"</div>\"; if (a<b) {}\n");
    } else if (!strcmp(name, "nul10M")) {
        memset(p, 0, 10000000); n = 10000000;
    } else if (!strcmp(name, "random10M")) {
        for (; n < 10000000; n += 8) { uint64_t r = xs(); memcpy(p + n, &r, 8); }
    } else { fprintf(stderr, "unknown probe %s\n", name); exit(2); }
    return (Buf){p, n};
}

static int probe(const char *only) {
    const char *probes[] = {"deep_div", "deep_b", "deep_span", "attr50M", "unclosed_comment",
                            "unclosed_script", "nul10M", "random10M"};
    printf("%-17s %-20s %8s %8s %8s %9s %8s %10s %10s %9s  %s\n", "probe", "candidate", "result",
           "parse_s", "free_s", "peakMB", "depth", "elems", "text_B", "maxattr", "errs");
    for (size_t pi = 0; pi < sizeof probes / sizeof *probes; pi++) {
        if (only && strcmp(only, probes[pi])) continue;
        Buf b = gen(probes[pi]);
        for (int cand = 0; cand < C_N; cand++) {
            int fd[2]; if (pipe(fd)) return 1;
            fflush(stdout);
            double t0 = now();
            pid_t pid = fork();
            if (pid == 0) {
                struct rlimit rl = {8ul << 30, 8ul << 30}; setrlimit(RLIMIT_AS, &rl); /* 8 GB cap */
                close(fd[0]); alarm(getenv("TIMEOUT") ? (unsigned)atoi(getenv("TIMEOUT")) : 180);
                reset_hwm(); long base = proc_kb("VmRSS");
                double tp, tf; Stats s;
                run_one(cand, b.p, b.n, &tp, &tf, &s);
                long hwm = proc_kb("VmHWM");
                char out[512];
                int l = snprintf(out, sizeof out, "%-8s %8.2f %8.2f %9.1f %8lu %10lu %10lu %9lu  %d\n", "ok",
                                 tp, tf, (hwm - base) / 1024.0, s.depth, s.elems, s.text_bytes, s.max_attr, s.extra);
                if (write(fd[1], out, (size_t)l) < 0) _exit(3);
                _exit(0);
            }
            close(fd[1]);
            char out[512] = {0}; ssize_t r = read(fd[0], out, sizeof out - 1); close(fd[0]);
            int stt; struct rusage ru; wait4(pid, &stt, 0, &ru);
            double wall = now() - t0;
            printf("%-17s %-20s ", probes[pi], cname[cand]);
            if (WIFEXITED(stt) && r > 0) fputs(out, stdout);
            else printf("SIG%-5s %8.2f (wall)  maxrss(incl.input)=%.1fMB  %s\n",
                        WIFSIGNALED(stt) ? sigabbrev_np(WTERMSIG(stt)) : "?", wall, ru.ru_maxrss / 1024.0,
                        r > 0 ? "(died after parse, in free/walk)" : "");
            fflush(stdout);
        }
        free(b.p);
    }
    return 0;
}

int main(int argc, char **argv) {
    xmlInitParser();
    gopt_noerr = kGumboDefaultOptions; gopt_noerr.max_errors = 0;
    if (argc >= 2 && !strcmp(argv[1], "--probe")) return probe(argc > 2 ? argv[2] : NULL);
    if (argc >= 2 && !strcmp(argv[1], "--stats")) {   /* per-file: elems/text per candidate */
        int cs[] = {C_SAX, C_TREE, C_GUMBO, C_MINI};
        for (int i = 2; i < argc; i++) {
            Buf b; if (read_gz(argv[i], &b)) continue;
            printf("%s %zu", argv[i], b.n);
            for (int k = 0; k < 4; k++) { double a, c; Stats s; run_one(cs[k], b.p, b.n, &a, &c, &s);
                printf(" %s:e=%lu,t=%lu,d=%lu", cname[cs[k]], s.elems, s.text_bytes, s.depth); }
            printf("\n"); free(b.p);
        }
        return 0;
    }
    if (argc < 2) { fprintf(stderr, "usage: %s files.gz... | --probe [name]\n", argv[0]); return 2; }
    return bench(argc, argv);
}

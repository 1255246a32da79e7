/*
 * clusters: learns hierarchical word clusters from raw news text, for the
 * NER tagger's cluster features (`make` runs it before training; see
 * models/MODEL.md).
 *
 *   clusters -o OUT.tsv [--text FILE|DIR]... [--jsonl FILE]... [--conll FILE]...
 *            [--gmb FILE.csv.gz]... [--min-count N] [--max-words N] [--contexts N]
 *            [--dims N] [--seed N]
 *
 * Inputs: --text reads plain UTF-8 text files (directories recursively, in
 * sorted order; gzip is fine) and tokenizes them with the engine's own
 * tokenizer, so the clustered words are split exactly as `extract` splits
 * them; --jsonl takes the "text" field of `newsgraph extract` records;
 * --conll the first column of CoNLL files; --gmb the word column of the
 * GMB CSV (Latin-1). Lines (and CoNLL/GMB sentences) are the sequences.
 *
 * Algorithm (chosen because Brown clustering's O(V K^2) merges do not fit
 * in the build's time budget at K = 1000+, and because k-means over SVD'd
 * PPMI context vectors gives clusters of the same use for NER (Guo et al.
 * 2014) in seconds):
 *   1. vocabulary: words as written (case kept: "Apple" and "apple" are
 *      different words to NER), the --max-words most frequent with at
 *      least --min-count occurrences;
 *   2. each word's context vector: counts of the words 2 and 1 before and
 *      1 and 2 after (four position-specific blocks over the --contexts
 *      most frequent words, plus rare words by shape and a boundary
 *      symbol), weighted by positive PMI with context-distribution
 *      smoothing (alpha 0.75, Levy et al. 2015);
 *   3. a rank --dims (200) randomized SVD of that matrix (Halko et al. 2011: a
 *      Gaussian sketch, two power iterations, Cholesky QR), the word
 *      vectors being U * sqrt(S), then normalized;
 *   4. top-down spherical k-means: 16 clusters, each split into 4, four
 *      times, so each word gets a 12-bit path whose prefixes of 4, 6, 8,
 *      10 and 12 bits are clusterings at 16..4096 granularities (the role
 *      of Brown clusters' bit-string prefixes).
 * Deterministic: fixed seeds, sorted inputs, one thread.
 *
 * Output: one line per word, "PATH<TAB>WORD<TAB>COUNT", PATH as a 12-char
 * bit string (Brown's "paths" format), sorted by path then count.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

enum { LEVELS = 5 };
static const int BRANCH[LEVELS] = {16, 4, 4, 4, 4};
static const int BITS[LEVELS] = {4, 2, 2, 2, 2};
enum { PATH_BITS = 12, BOUNDARY = 0xffffffffu, N_POS = 4, N_SHAPES = 4 };

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "clusters: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("%s", "out of memory");
    return p;
}
static void *xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) die("%s", "out of memory");
    return p;
}
static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("%s", "out of memory");
    return p;
}

static double now_secs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- vocabulary: interned words and the token stream ------------------------ */

typedef struct vocab {
    char *pool;            /* word bytes, NUL-terminated */
    size_t pool_len, pool_cap;
    uint64_t *off;         /* word id -> offset in pool */
    uint64_t *count;
    size_t n, cap;
    uint32_t *slots;       /* open addressing: id + 1; 0 = empty */
    size_t mask;
    uint32_t *stream;      /* word ids, BOUNDARY between sequences */
    size_t n_stream, stream_cap;
} vocab;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

static const char *word_of(const vocab *v, uint32_t id) { return v->pool + v->off[id]; }

static void vocab_grow(vocab *v)
{
    size_t n = v->slots ? (v->mask + 1) * 2 : 1 << 16;
    free(v->slots);
    v->slots = xcalloc(n, sizeof *v->slots);
    v->mask = n - 1;
    for (size_t id = 0; id < v->n; id++) {
        const char *w = word_of(v, (uint32_t)id);
        size_t j = hash_bytes(w, strlen(w)) & v->mask;
        while (v->slots[j]) j = (j + 1) & v->mask;
        v->slots[j] = (uint32_t)id + 1;
    }
}

static void push_id(vocab *v, uint32_t id)
{
    if (v->n_stream == v->stream_cap) {
        v->stream_cap = v->stream_cap ? v->stream_cap * 2 : 1 << 20;
        v->stream = xrealloc(v->stream, v->stream_cap * sizeof *v->stream);
    }
    v->stream[v->n_stream++] = id;
}

static void boundary(vocab *v)
{
    if (v->n_stream && v->stream[v->n_stream - 1] != BOUNDARY) push_id(v, BOUNDARY);
}

static void add_word(vocab *v, const char *s, size_t n)
{
    if (!n || n > 64) { boundary(v); return; } /* not a word worth a cluster */
    if ((v->n + 1) * 2 > v->mask + 1 || !v->slots) vocab_grow(v);
    size_t j = hash_bytes(s, n) & v->mask;
    for (; v->slots[j]; j = (j + 1) & v->mask) {
        uint32_t id = v->slots[j] - 1;
        const char *w = word_of(v, id);
        if (!strncmp(w, s, n) && w[n] == 0) { v->count[id]++; push_id(v, id); return; }
    }
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1 << 16;
        v->off = xrealloc(v->off, v->cap * sizeof *v->off);
        v->count = xrealloc(v->count, v->cap * sizeof *v->count);
    }
    if (v->pool_len + n + 1 > v->pool_cap) {
        while (v->pool_len + n + 1 > v->pool_cap) v->pool_cap = v->pool_cap ? v->pool_cap * 2 : 1 << 20;
        v->pool = xrealloc(v->pool, v->pool_cap);
    }
    memcpy(v->pool + v->pool_len, s, n);
    v->pool[v->pool_len + n] = 0;
    v->off[v->n] = v->pool_len;
    v->count[v->n] = 1;
    v->pool_len += n + 1;
    v->slots[j] = (uint32_t)v->n + 1;
    push_id(v, (uint32_t)v->n++);
}

/* ---- readers ---------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f) die("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + (1 << 16) > cap) buf = xrealloc(buf, cap *= 2);
        int got = gzread(f, buf + n, 1 << 16);
        if (got < 0) die("cannot read %s", path);
        if (got == 0) break;
        n += (size_t)got;
    }
    gzclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Tokenizes UTF-8 text; a newline between two tokens ends a sequence. */
static void add_text(vocab *v, ng_arena *a, const char *text, size_t len)
{
    char *fixed = NULL;
    if (!ng_utf8_valid(text, len)) {
        fixed = xmalloc(len * 3 + 1);
        len = ng_utf8_repair((const unsigned char *)text, len, fixed);
        text = fixed;
    }
    ng_token *tok;
    size_t nt = ng_tokenize_text(a, text, len, &tok);
    uint32_t prev_end = 0;
    for (size_t i = 0; i < nt; i++) {
        if (i && memchr(text + prev_end, '\n', tok[i].bstart - prev_end)) boundary(v);
        add_word(v, text + tok[i].bstart, tok[i].bend - tok[i].bstart);
        prev_end = tok[i].bend;
    }
    boundary(v);
    free(fixed);
    ng_arena_reset(a);
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static void add_text_path(vocab *v, ng_arena *a, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) die("cannot open %s", path);
    if (!S_ISDIR(st.st_mode)) {
        size_t len;
        char *text = read_file(path, &len);
        add_text(v, a, text, len);
        free(text);
        return;
    }
    DIR *d = opendir(path);
    if (!d) die("cannot open %s", path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) names = xrealloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[n] = xmalloc(l);
        snprintf(names[n++], l, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        /* Plain text only: the corpus directories also hold readmes and annotations. */
        const char *dot = strrchr(names[i], '.');
        struct stat s2;
        if (stat(names[i], &s2) == 0 && (S_ISDIR(s2.st_mode) || (dot && (!strcmp(dot, ".txt") || !strcmp(dot, ".gz")))) &&
            !strstr(names[i], "README"))
            add_text_path(v, a, names[i]);
        free(names[i]);
    }
    free(names);
}

static void add_jsonl(vocab *v, ng_arena *a, const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    for (char *line = data, *end; line < data + len; line = end + 1) {
        end = memchr(line, '\n', (size_t)(data + len - line));
        if (!end) end = data + len;
        const char *error;
        size_t at;
        ng_json *j = ng_json_parse(a, line, (size_t)(end - line), &error, &at);
        ng_str text = j ? ng_json_get_str(j, "text") : (ng_str){NULL, 0};
        if (text.len) {
            char *copy = xmalloc(text.len + 1);
            memcpy(copy, text.ptr, text.len);
            ng_arena_reset(a);
            add_text(v, a, copy, text.len);
            free(copy);
        }
        ng_arena_reset(a);
    }
    free(data);
}

static void add_conll(vocab *v, const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    for (char *line = data, *end; line < data + len; line = end + 1) {
        end = memchr(line, '\n', (size_t)(data + len - line));
        if (!end) end = data + len;
        size_t n = (size_t)(end - line);
        char *sp = memchr(line, ' ', n);
        size_t wl = sp ? (size_t)(sp - line) : n;
        if (!wl || !strncmp(line, "-DOCSTART-", 10)) boundary(v);
        else add_word(v, line, wl);
    }
    boundary(v);
    free(data);
}

/* GMB rows "Sentence: N,Word,POS,Tag" in Latin-1 (the word may hold commas). */
static void add_gmb(vocab *v, const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    char word[256];
    for (char *line = data, *end; line < data + len; line = end + 1) {
        end = memchr(line, '\n', (size_t)(data + len - line));
        if (!end) end = data + len;
        char *e = end;
        if (e > line && e[-1] == '\r') e--;
        if (e <= line) continue;
        char *c1 = memchr(line, ',', (size_t)(e - line));
        char *c3 = e;
        while (c3 > line && c3[-1] != ',') c3--;
        char *c2 = c3 - 1;
        while (c2 > line && c2[-1] != ',') c2--;
        if (!c1 || c3 <= line || c2 <= c1 + 1 || !strncmp(line, "Sentence #", 10)) continue;
        if (line[0] == 'S') boundary(v);
        size_t k = 0;
        for (const char *p = c1 + 1; p < c2 - 1 && k + 2 < sizeof word; p++) {
            unsigned char c = (unsigned char)*p;
            if (c < 0x80) word[k++] = (char)c;
            else word[k++] = (char)(0xC0 | (c >> 6)), word[k++] = (char)(0x80 | (c & 0x3F));
        }
        add_word(v, word, k);
    }
    boundary(v);
    free(data);
}

/* ---- dense linear algebra helpers --------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return *s = x;
}
static double rng_unit(uint64_t *s) { return ((double)(rng_next(s) >> 11) + 0.5) / 9007199254740992.0; }
static double rng_gauss(uint64_t *s) { return sqrt(-2 * log(rng_unit(s))) * cos(6.283185307179586 * rng_unit(s)); }

/* Orthonormalizes the k columns of the row-major n x k matrix y in place
 * (Cholesky QR: G = Y'Y = L L', Y <- Y L^-T), done twice for accuracy. */
static void orthonormalize(float *y, size_t n, size_t k)
{
    double *g = xmalloc(k * k * sizeof *g);
    double *row = xmalloc(k * sizeof *row);
    for (int rep = 0; rep < 2; rep++) {
        memset(g, 0, k * k * sizeof *g);
        for (size_t r = 0; r < n; r++) {
            const float *yr = y + r * k;
            for (size_t i = 0; i < k; i++) {
                double a = yr[i];
                if (a == 0) continue;
                for (size_t j = i; j < k; j++) g[i * k + j] += a * yr[j];
            }
        }
        /* Cholesky, lower triangle in g (a tiny ridge keeps a rank-deficient sketch factorable). */
        double ridge = 0;
        for (size_t i = 0; i < k; i++) ridge += g[i * k + i];
        ridge = ridge / (double)k * 1e-10 + 1e-30;
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j <= i; j++) {
                double s = g[j * k + i] + (i == j ? ridge : 0); /* upper holds the sums */
                for (size_t m = 0; m < j; m++) s -= g[i * k + m] * g[j * k + m];
                if (i == j) g[i * k + i] = sqrt(s > 1e-300 ? s : 1e-300);
                else g[i * k + j] = s / g[j * k + j];
            }
        for (size_t r = 0; r < n; r++) {
            float *yr = y + r * k;
            for (size_t i = 0; i < k; i++) {
                double s = yr[i];
                for (size_t m = 0; m < i; m++) s -= g[i * k + m] * row[m];
                row[i] = s / g[i * k + i];
            }
            for (size_t i = 0; i < k; i++) yr[i] = (float)row[i];
        }
    }
    free(g);
    free(row);
}

/* Eigen-decomposition of the symmetric k x k matrix a (destroyed) by
 * cyclic Jacobi: eigenvalues in w (descending), eigenvectors in the
 * columns of v. */
static void jacobi_eigen(double *a, size_t k, double *w, double *v)
{
    for (size_t i = 0; i < k * k; i++) v[i] = 0;
    for (size_t i = 0; i < k; i++) v[i * k + i] = 1;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0, diag = 0;
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++) *(i == j ? &diag : &off) += a[i * k + j] * a[i * k + j];
        if (off <= 1e-22 * diag) break;
        for (size_t p = 0; p < k; p++)
            for (size_t q = p + 1; q < k; q++) {
                double apq = a[p * k + q];
                if (fabs(apq) < 1e-300) continue;
                double theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
                double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (size_t r = 0; r < k; r++) {
                    double arp = a[r * k + p], arq = a[r * k + q];
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for (size_t r = 0; r < k; r++) {
                    double apr = a[p * k + r], aqr = a[q * k + r];
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for (size_t r = 0; r < k; r++) {
                    double vrp = v[r * k + p], vrq = v[r * k + q];
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
    }
    for (size_t i = 0; i < k; i++) w[i] = a[i * k + i];
    /* Sort by eigenvalue, descending (selection sort: k is small). */
    for (size_t i = 0; i < k; i++) {
        size_t best = i;
        for (size_t j = i + 1; j < k; j++)
            if (w[j] > w[best]) best = j;
        if (best == i) continue;
        double t = w[i];
        w[i] = w[best], w[best] = t;
        for (size_t r = 0; r < k; r++) {
            t = v[r * k + i];
            v[r * k + i] = v[r * k + best], v[r * k + best] = t;
        }
    }
}

/* ---- sparse matrix (CSR) -------------------------------------------------------- */

typedef struct csr {
    size_t rows, cols;
    uint64_t *start; /* rows + 1 */
    uint32_t *col;
    float *val;
} csr;

/* y (rows x k) = M x (cols x k) */
static void csr_mul(const csr *m, const float *x, float *y, size_t k)
{
    memset(y, 0, m->rows * k * sizeof *y);
    for (size_t r = 0; r < m->rows; r++) {
        float *yr = y + r * k;
        for (uint64_t e = m->start[r]; e < m->start[r + 1]; e++) {
            const float *xr = x + (size_t)m->col[e] * k;
            float a = m->val[e];
            for (size_t i = 0; i < k; i++) yr[i] += a * xr[i];
        }
    }
}

/* x (cols x k) = M' y (rows x k) */
static void csr_mul_t(const csr *m, const float *y, float *x, size_t k)
{
    memset(x, 0, m->cols * k * sizeof *x);
    for (size_t r = 0; r < m->rows; r++) {
        const float *yr = y + r * k;
        for (uint64_t e = m->start[r]; e < m->start[r + 1]; e++) {
            float *xr = x + (size_t)m->col[e] * k;
            float a = m->val[e];
            for (size_t i = 0; i < k; i++) xr[i] += a * yr[i];
        }
    }
}

/* ---- spherical k-means ------------------------------------------------------------- */

static float dotf(const float *a, const float *b, size_t d)
{
    float s = 0;
    for (size_t i = 0; i < d; i++) s += a[i] * b[i];
    return s;
}

/* Splits the points idx[0..n) (rows of the unit vectors e, d wide) into up
 * to K clusters; writes each point's cluster to out[0..n). */
static void kmeans(const float *e, size_t d, const uint32_t *idx, size_t n, int K, uint64_t seed, uint8_t *out)
{
    if ((size_t)K >= n) {
        for (size_t i = 0; i < n; i++) out[i] = (uint8_t)i;
        return;
    }
    float *c = xcalloc((size_t)K * d, sizeof *c);
    float *best = xmalloc(n * sizeof *best);
    uint64_t rng = seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL;
    /* k-means++ seeding with cosine distance. */
    size_t first = rng_next(&rng) % n;
    memcpy(c, e + (size_t)idx[first] * d, d * sizeof *c);
    for (size_t i = 0; i < n; i++) best[i] = 1 - dotf(e + (size_t)idx[i] * d, c, d);
    for (int j = 1; j < K; j++) {
        double total = 0;
        for (size_t i = 0; i < n; i++) total += best[i] > 0 ? best[i] : 0;
        double pick = rng_unit(&rng) * total;
        size_t chosen = n - 1;
        for (size_t i = 0; i < n; i++) {
            pick -= best[i] > 0 ? best[i] : 0;
            if (pick <= 0) { chosen = i; break; }
        }
        float *cj = c + (size_t)j * d;
        memcpy(cj, e + (size_t)idx[chosen] * d, d * sizeof *cj);
        for (size_t i = 0; i < n; i++) {
            float dist = 1 - dotf(e + (size_t)idx[i] * d, cj, d);
            if (dist < best[i]) best[i] = dist;
        }
    }
    double *sum = xmalloc((size_t)K * d * sizeof *sum);
    size_t *size = xmalloc((size_t)K * sizeof *size);
    memset(out, 0xff, n);
    for (int iter = 0; iter < 20; iter++) {
        size_t changed = 0;
        for (size_t i = 0; i < n; i++) {
            const float *x = e + (size_t)idx[i] * d;
            int bj = 0;
            float bs = -2;
            for (int j = 0; j < K; j++) {
                float s = dotf(x, c + (size_t)j * d, d);
                if (s > bs) bs = s, bj = j;
            }
            if (out[i] != bj) changed++, out[i] = (uint8_t)bj;
            best[i] = bs;
        }
        if (!changed) break;
        memset(sum, 0, (size_t)K * d * sizeof *sum);
        memset(size, 0, (size_t)K * sizeof *size);
        for (size_t i = 0; i < n; i++) {
            const float *x = e + (size_t)idx[i] * d;
            double *s = sum + (size_t)out[i] * d;
            for (size_t t = 0; t < d; t++) s[t] += x[t];
            size[out[i]]++;
        }
        for (int j = 0; j < K; j++) {
            float *cj = c + (size_t)j * d;
            if (!size[j]) {
                /* An empty cluster takes the point that fits its own worst. */
                size_t worst = 0;
                for (size_t i = 1; i < n; i++)
                    if (best[i] < best[worst]) worst = i;
                memcpy(cj, e + (size_t)idx[worst] * d, d * sizeof *cj);
                best[worst] = 2;
                continue;
            }
            double norm = 0;
            for (size_t t = 0; t < d; t++) norm += sum[(size_t)j * d + t] * sum[(size_t)j * d + t];
            norm = norm > 0 ? 1 / sqrt(norm) : 0;
            for (size_t t = 0; t < d; t++) cj[t] = (float)(sum[(size_t)j * d + t] * norm);
        }
    }
    free(c);
    free(best);
    free(sum);
    free(size);
}

/* Recursively splits idx[0..n) at `level`, appending path bits to code[]. */
static void split(const float *e, size_t d, uint32_t *idx, size_t n, int level, uint32_t prefix, uint32_t *code,
                  uint64_t seed)
{
    if (level == LEVELS || n == 0) {
        for (size_t i = 0; i < n; i++) code[idx[i]] = prefix;
        return;
    }
    int K = BRANCH[level];
    uint8_t *asg = xmalloc(n);
    kmeans(e, d, idx, n, K, seed * 31 + prefix + 1, asg);
    /* Group the points by cluster (stable), then recurse into each. */
    uint32_t *tmp = xmalloc(n * sizeof *tmp);
    size_t pos = 0;
    size_t starts[17];
    for (int j = 0; j < K; j++) {
        starts[j] = pos;
        for (size_t i = 0; i < n; i++)
            if (asg[i] == j) tmp[pos++] = idx[i];
    }
    starts[K] = pos;
    memcpy(idx, tmp, n * sizeof *idx);
    free(tmp);
    free(asg);
    for (int j = 0; j < K; j++)
        split(e, d, idx + starts[j], starts[j + 1] - starts[j], level + 1, (prefix << BITS[level]) | (uint32_t)j, code,
              seed);
}

/* ---- main -------------------------------------------------------------------------- */

static vocab *sort_vocab;
static int cmp_count(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (sort_vocab->count[a] != sort_vocab->count[b]) return sort_vocab->count[a] > sort_vocab->count[b] ? -1 : 1;
    return strcmp(word_of(sort_vocab, a), word_of(sort_vocab, b));
}

static int shape_class(const char *w)
{
    unsigned char c = (unsigned char)w[0];
    if (c >= 'A' && c <= 'Z') return 0;
    if (c >= 'a' && c <= 'z') return 1;
    if (c >= '0' && c <= '9') return 2;
    return 3;
}

typedef struct out_row { uint32_t code; uint32_t id; } out_row;
static int cmp_out(const void *x, const void *y)
{
    const out_row *a = x, *b = y;
    if (a->code != b->code) return a->code < b->code ? -1 : 1;
    return cmp_count(&a->id, &b->id);
}

int main(int argc, char **argv)
{
    const char *out_path = NULL;
    size_t min_count = 3, max_words = 100000, n_ctx = 4000, dims = 200;
    uint64_t seed = 1;
    vocab v = {0};
    ng_arena a;
    ng_arena_init(&a, 0);
    double t0 = now_secs();
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc) die("%s needs a value", o);
        const char *val = argv[++i];
        if (!strcmp(o, "-o")) out_path = val;
        else if (!strcmp(o, "--text")) add_text_path(&v, &a, val);
        else if (!strcmp(o, "--jsonl")) add_jsonl(&v, &a, val);
        else if (!strcmp(o, "--conll")) add_conll(&v, val);
        else if (!strcmp(o, "--gmb")) add_gmb(&v, val);
        else if (!strcmp(o, "--min-count")) min_count = strtoul(val, NULL, 10);
        else if (!strcmp(o, "--max-words")) max_words = strtoul(val, NULL, 10);
        else if (!strcmp(o, "--contexts")) n_ctx = strtoul(val, NULL, 10);
        else if (!strcmp(o, "--dims")) dims = strtoul(val, NULL, 10);
        else if (!strcmp(o, "--seed")) seed = strtoull(val, NULL, 10);
        else die("unknown option %s", o);
    }
    if (!out_path) die("%s", "usage: clusters -o OUT.tsv [--text PATH] [--jsonl FILE] [--conll FILE] [--gmb FILE]");
    if (dims < 8 || dims > 400) die("%s", "--dims must be 8..400");
    boundary(&v);
    size_t n_tokens = v.n_stream;
    for (size_t i = 0; i < v.n_stream; i++) n_tokens -= v.stream[i] == BOUNDARY;
    fprintf(stderr, "clusters: %zu tokens, %zu distinct words (%.1fs)\n", n_tokens, v.n, now_secs() - t0);

    /* Rank words by frequency: rank r < n_targets are clustered, r < n_ctx are contexts. */
    uint32_t *by_rank = xmalloc(v.n * sizeof *by_rank), *rank = xmalloc(v.n * sizeof *rank);
    for (size_t i = 0; i < v.n; i++) by_rank[i] = (uint32_t)i;
    sort_vocab = &v;
    qsort(by_rank, v.n, sizeof *by_rank, cmp_count);
    for (size_t r = 0; r < v.n; r++) rank[by_rank[r]] = (uint32_t)r;
    size_t nt = 0;
    while (nt < v.n && nt < max_words && v.count[by_rank[nt]] >= min_count) nt++;
    if (n_ctx > v.n) n_ctx = v.n;
    size_t cblock = n_ctx + N_SHAPES + 1; /* contexts: frequent words, rare words by shape, boundary */
    size_t ncols = N_POS * cblock;
    if (nt < 64) die("%s", "too little text to cluster");

    /* Positions of each target (counting sort), then its context counts. */
    uint64_t *pstart = xcalloc(nt + 1, sizeof *pstart);
    for (size_t i = 0; i < v.n_stream; i++)
        if (v.stream[i] != BOUNDARY && rank[v.stream[i]] < nt) pstart[rank[v.stream[i]] + 1]++;
    for (size_t r = 0; r < nt; r++) pstart[r + 1] += pstart[r];
    uint32_t *pos = xmalloc(pstart[nt] * sizeof *pos);
    uint64_t *fill = xmalloc(nt * sizeof *fill);
    memcpy(fill, pstart, nt * sizeof *fill);
    for (size_t i = 0; i < v.n_stream; i++)
        if (v.stream[i] != BOUNDARY && rank[v.stream[i]] < nt) pos[fill[rank[v.stream[i]]]++] = (uint32_t)i;
    free(fill);

    csr m = {nt, ncols, xcalloc(nt + 1, sizeof(uint64_t)), NULL, NULL};
    size_t cap = 1 << 20;
    m.col = xmalloc(cap * sizeof *m.col);
    m.val = xmalloc(cap * sizeof *m.val);
    float *dense = xcalloc(ncols, sizeof *dense);
    uint8_t *touched = xcalloc(ncols, 1);
    double *colsum = xcalloc(ncols, sizeof *colsum);
    uint64_t nnz = 0;
    static const int OFFS[N_POS] = {-2, -1, 1, 2};
    for (size_t r = 0; r < nt; r++) {
        for (uint64_t p = pstart[r]; p < pstart[r + 1]; p++) {
            size_t i = pos[p];
            for (int k = 0; k < N_POS; k++) {
                /* The context at offset o: the boundary if one comes first. */
                int o = OFFS[k], step = o < 0 ? -1 : 1;
                size_t c = n_ctx + N_SHAPES; /* boundary */
                size_t j = i;
                for (int s = 0; s != o; s += step) {
                    if ((step < 0 && j == 0) || (step > 0 && j + 1 >= v.n_stream)) { j = SIZE_MAX; break; }
                    j = (size_t)((ptrdiff_t)j + step);
                    if (v.stream[j] == BOUNDARY) { j = SIZE_MAX; break; }
                }
                if (j != SIZE_MAX) {
                    uint32_t id = v.stream[j];
                    c = rank[id] < n_ctx ? rank[id] : n_ctx + (size_t)shape_class(word_of(&v, id));
                }
                size_t col = (size_t)k * cblock + c;
                dense[col] += 1;
                touched[col] = 1;
            }
        }
        /* Columns in ascending order (deterministic and cache friendly). */
        for (size_t col = 0; col < ncols; col++) {
            if (!touched[col]) continue;
            if (nnz == cap) {
                cap *= 2;
                m.col = xrealloc(m.col, cap * sizeof *m.col);
                m.val = xrealloc(m.val, cap * sizeof *m.val);
            }
            m.col[nnz] = (uint32_t)col;
            m.val[nnz++] = dense[col];
            colsum[col] += dense[col];
            dense[col] = 0;
            touched[col] = 0;
        }
        m.start[r + 1] = nnz;
    }
    free(pos);
    free(pstart);
    free(dense);
    free(touched);

    /* PPMI with smoothed context probabilities. */
    double smooth_total = 0;
    for (size_t c = 0; c < ncols; c++) smooth_total += pow(colsum[c], 0.75);
    uint64_t w_nnz = 0;
    for (size_t r = 0; r < nt; r++) {
        double rowsum = 0;
        for (uint64_t e = m.start[r]; e < m.start[r + 1]; e++) rowsum += m.val[e];
        uint64_t s = m.start[r];
        m.start[r] = w_nnz;
        for (uint64_t e = s; e < m.start[r + 1]; e++) {
            double pmi = log((double)m.val[e] * smooth_total / (rowsum * pow(colsum[m.col[e]], 0.75)));
            if (pmi <= 0) continue;
            m.col[w_nnz] = m.col[e];
            m.val[w_nnz++] = (float)pmi;
        }
    }
    m.start[nt] = w_nnz;
    free(colsum);
    fprintf(stderr, "clusters: %zu words x %zu contexts, %llu positive PMI cells (%.1fs)\n", nt, ncols,
            (unsigned long long)w_nnz, now_secs() - t0);

    /* Randomized SVD. */
    size_t k = dims + 16;
    float *omega = xmalloc(ncols * k * sizeof *omega);
    float *q = xmalloc(nt * k * sizeof *q);
    uint64_t rng = seed * 0x2545F4914F6CDD1DULL + 77;
    for (size_t i = 0; i < ncols * k; i++) omega[i] = (float)rng_gauss(&rng);
    csr_mul(&m, omega, q, k);
    orthonormalize(q, nt, k);
    for (int it = 0; it < 2; it++) {
        csr_mul_t(&m, q, omega, k);
        orthonormalize(omega, ncols, k);
        csr_mul(&m, omega, q, k);
        orthonormalize(q, nt, k);
    }
    csr_mul_t(&m, q, omega, k); /* B' = M'Q, cols x k */
    double *g = xcalloc(k * k, sizeof *g), *ev = xmalloc(k * sizeof *ev), *u = xmalloc(k * k * sizeof *u);
    for (size_t c = 0; c < ncols; c++) {
        const float *br = omega + c * k;
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++) g[i * k + j] += (double)br[i] * br[j];
    }
    jacobi_eigen(g, k, ev, u);
    /* Word vectors: Q U diag(sqrt(sigma)), sigma = sqrt(eigenvalue); then unit length. */
    float *emb = xmalloc(nt * dims * sizeof *emb);
    for (size_t r = 0; r < nt; r++) {
        const float *qr = q + r * k;
        double norm = 0;
        for (size_t j = 0; j < dims; j++) {
            double s = 0;
            for (size_t i = 0; i < k; i++) s += qr[i] * u[i * k + j];
            s *= pow(ev[j] > 0 ? ev[j] : 0, 0.25);
            emb[r * dims + j] = (float)s;
            norm += s * s;
        }
        norm = norm > 0 ? 1 / sqrt(norm) : 0;
        for (size_t j = 0; j < dims; j++) emb[r * dims + j] = (float)(emb[r * dims + j] * norm);
    }
    free(omega);
    free(q);
    free(g);
    free(ev);
    free(u);
    free(m.start);
    free(m.col);
    free(m.val);
    fprintf(stderr, "clusters: %zu-dimensional vectors (%.1fs)\n", dims, now_secs() - t0);

    uint32_t *idx = xmalloc(nt * sizeof *idx), *code = xmalloc(nt * sizeof *code);
    for (size_t r = 0; r < nt; r++) idx[r] = (uint32_t)r;
    split(emb, dims, idx, nt, 0, 0, code, seed);
    free(idx);
    free(emb);

    out_row *rows = xmalloc(nt * sizeof *rows);
    for (size_t r = 0; r < nt; r++) rows[r] = (out_row){code[r], by_rank[r]};
    qsort(rows, nt, sizeof *rows, cmp_out);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    FILE *f = fopen(tmp, "wb");
    if (!f) die("cannot write %s", tmp);
    for (size_t r = 0; r < nt; r++) {
        char bits[PATH_BITS + 1];
        for (int b = 0; b < PATH_BITS; b++) bits[b] = (char)('0' + ((rows[r].code >> (PATH_BITS - 1 - b)) & 1));
        bits[PATH_BITS] = 0;
        fprintf(f, "%s\t%s\t%llu\n", bits, word_of(&v, rows[r].id), (unsigned long long)v.count[rows[r].id]);
    }
    if (fclose(f) != 0 || rename(tmp, out_path) != 0) die("cannot write %s", out_path);
    fprintf(stderr, "clusters: %zu words in %d-bit paths written to %s (%.1fs)\n", nt, PATH_BITS, out_path,
            now_secs() - t0);
    free(rows);
    free(code);
    free(by_rank);
    free(rank);
    free(v.pool);
    free(v.off);
    free(v.count);
    free(v.slots);
    free(v.stream);
    ng_arena_free(&a);
    return 0;
}

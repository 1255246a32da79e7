/*
 * newsgraph: the command-line client of libnewsgraph.
 *
 * A thin shell over the library: each subcommand parses its arguments,
 * opens the shared resources, calls the library and formats what comes
 * back. Errors go to stderr as "newsgraph: PATH[:record N]: reason".
 * Exit status: 0 when every input went through, 1 when some failed, 2 for
 * usage errors and resources that cannot be loaded.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef NG_SOURCE_DATA /* set by the Makefile: the source tree's data/ */
#define NG_SOURCE_DATA "data"
#endif

static const char usage[] =
    "usage: newsgraph extract [options] [FILE|DIR ...]   articles to JSON records\n"
    "       newsgraph tag --conll [options] < FILE.conll  NER tags for CoNLL columns\n"
    "       newsgraph parse --conllu [options] < F.conllu POS tags for CoNLL-U\n"
    "       newsgraph ingest [--db PATH] [FILE|DIR ...]   articles into a store (SQLite)\n"
    "       newsgraph query [--db PATH] [KIND] [filters]  rows of a store\n"
    "       newsgraph export [--db PATH] --format F       a store as GDELT, ACLED, JSONL, CSV\n"
    "       newsgraph serve [--db PATH] [--port 8080]      a store's JSON API and web UI\n"
    "       newsgraph COMMAND --help                      a command's options\n"
    "       newsgraph --help | --version\n"
    "\n"
    "extract reads news articles (HTML, plain text, WARC, JSON Lines; gzip and\n"
    "zstd transparently) and writes one JSON record per article (schema\n" NG_SCHEMA
    ",\n"
    "docs/record.md) to standard output. tag --conll tags CoNLL-2003 columns\n"
    "with the NER model, for evaluation. The model is trained by\n"
    "build/tools/train-ner (make train; models/MODEL.md).\n"
    "\n"
    "Exit status: 0 all inputs read, 1 some failed, 2 usage error or a model or\n"
    "gazetteer that cannot be loaded.\n";

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("newsgraph: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'newsgraph %s%s--help'.\n", command ? command : "", command ? " " : "");
    return EXIT_USAGE;
}

int cli_option_value(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') { *val = a + n + 1; return 1; }
    if (a[n] != '\0') return 0;
    if (*i + 1 >= argc) return -1;
    *val = argv[++*i];
    return 1;
}

bool cli_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need) n *= 2;
    void *p = realloc(*items, n * elem);
    if (!p) return false;
    *items = p, *cap = n;
    return true;
}

double cli_seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int cli_column_options(const char *command, const char *format_flag, const char *help, int argc, char **argv,
                       cli_resource_choice *choice, bool *timing)
{
    bool format = false;
    for (int i = 0; i < argc; i++) {
        const char *val = NULL;
        int took;
        if ((took = cli_option_value(argc, argv, &i, "--models", &val))) {
            if (took < 0) return cli_usage_error(command, "%s needs a value", "--models");
            choice->models = val;
        } else if (!strcmp(argv[i], format_flag)) {
            format = true;
        } else if (!strcmp(argv[i], "--timing")) {
            *timing = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(help, stdout);
            return EXIT_OK;
        } else {
            return cli_usage_error(command, "unknown option '%s'", argv[i]);
        }
    }
    if (!format) return cli_usage_error(command, "%s needs %s (the only input format for now)", command, format_flag);
    return -1;
}

/* The directory of the running program. */
static void program_dir(const char *argv0, char *dir, size_t size)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = 0;
    else snprintf(exe, sizeof exe, "%s", argv0 ? argv0 : "./newsgraph");
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    else snprintf(exe, sizeof exe, ".");
    snprintf(dir, size, "%s", exe);
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

ng_resources *cli_open_resources(const char *argv0, const cli_resource_choice *c, bool need_gazetteer, bool quiet)
{
    char dir[4096], models[2][4200], model_file[4400], gazetteer[4400];
    program_dir(argv0, dir, sizeof dir);
    snprintf(models[0], sizeof models[0], "%.4000s/models", dir);
    snprintf(models[1], sizeof models[1], "%.4000s/../share/newsgraph", dir);
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    if (c->models) {
        ro.model_dir = c->models;
    } else if (!c->no_ner) {
        bool has_ner = false;
        for (int k = 0; k < 2 && !has_ner; k++) {
            snprintf(model_file, sizeof model_file, "%.4200s/ner.bin", models[k]);
            if (exists(model_file)) ro.model_dir = models[k], has_ner = true;
        }
        /* Else a directory with only the POS model (pos.bin ships with the
         * source; ner.bin is built where its data is). */
        for (int k = 0; k < 2 && !ro.model_dir; k++) {
            snprintf(model_file, sizeof model_file, "%.4200s/pos.bin", models[k]);
            if (exists(model_file)) ro.model_dir = models[k];
        }
        if (!has_ner && !quiet)
            fprintf(stderr, "newsgraph: warning: no NER model (looked for ner.bin in %s and %s); "
                            "entities come only from bylines\n", models[0], models[1]);
    }
    if (need_gazetteer) {
        const char *env = getenv("NEWSGRAPH_GAZETTEER");
        if (c->gazetteer) {
            ro.gazetteer = *c->gazetteer ? c->gazetteer : NULL;
        } else if (env && *env) {
            ro.gazetteer = env;
        } else {
            snprintf(gazetteer, sizeof gazetteer, "%.4000s/../share/newsgraph/gazetteer.bin", dir);
            if (!exists(gazetteer)) snprintf(gazetteer, sizeof gazetteer, "%s/gazetteer.bin", NG_SOURCE_DATA);
            if (exists(gazetteer)) ro.gazetteer = gazetteer;
            else if (!quiet)
                fprintf(stderr, "newsgraph: warning: no gazetteer (looked in %s/../share/newsgraph and %s); "
                                "records will have no places\n", dir, NG_SOURCE_DATA);
        }
    }
    char why[1024];
    ng_resources *res = ng_resources_open(&ro, why, sizeof why);
    if (!res) fprintf(stderr, "newsgraph: %s\n", why);
    return res;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fputs(usage, stderr); return EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) { fputs(usage, stdout); return EXIT_OK; }
    if (!strcmp(cmd, "--version")) { printf("newsgraph %s (library %s)\n", NG_VERSION, ng_version()); return EXIT_OK; }
    if (!strcmp(cmd, "extract")) return cmd_extract(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "tag")) return cmd_tag(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "parse")) return cmd_parse(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "ingest")) return cmd_ingest(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "query")) return cmd_query(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "export")) return cmd_export(argc - 2, argv + 2, argv[0]);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 2, argv + 2, argv[0]);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}

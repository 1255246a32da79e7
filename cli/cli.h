/*
 * cli.h: what the subcommands of the newsgraph CLI share. The CLI is a
 * client of libnewsgraph: it includes only the public header.
 */
#ifndef NG_CLI_H
#define NG_CLI_H

#include "newsgraph.h"

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses (documented in every --help and the README). */
enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* Prints "newsgraph: MESSAGE" and the hint to try the subcommand's --help;
 * returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Matches "--name VALUE" (advancing *i) or "--name=VALUE". Returns 1 and
 * sets *val on a match, -1 when the value is missing, 0 for another
 * argument. */
int cli_option_value(int argc, char **argv, int *i, const char *name, const char **val);

/* Where the CLI looks for its data when not told: the model directory
 * (<dir of this program>/models, then <dir>/../share/newsgraph) and the
 * gazetteer ($NEWSGRAPH_GAZETTEER, <dir>/../share/newsgraph/gazetteer.bin,
 * then the source tree's data/gazetteer.bin). */
typedef struct cli_resource_choice {
    const char *models;       /* --models DIR, or NULL */
    bool no_ner;              /* --no-ner */
    const char *gazetteer;    /* --gazetteer PATH ("" = none), or NULL */
} cli_resource_choice;

/* Opens the resources the user asked for, or the defaults that exist.
 * A file named explicitly (or found by default) that fails to load is an
 * error: "newsgraph: PATH: reason" on stderr and NULL (exit 2). A default
 * that does not exist gives a warning once and the run goes on without it.
 * `need_gazetteer` false skips the gazetteer (tag needs only the model). */
ng_resources *cli_open_resources(const char *argv0, const cli_resource_choice *choice, bool need_gazetteer,
                                 bool quiet);

/* Grows *items (of elem bytes each, *cap of them) to hold `need`,
 * doubling. False when out of memory (*items is then unchanged). */
bool cli_grow(void **items, size_t *cap, size_t need, size_t elem);

/* Seconds since t0 (CLOCK_MONOTONIC). */
struct timespec;
double cli_seconds_since(const struct timespec *t0);

/* The options of the column-format commands (tag --conll, parse --conllu):
 * --models DIR, the format flag, --timing, --help. Returns -1 to go on,
 * else the exit status (0 after printing `help` for --help). */
int cli_column_options(const char *command, const char *format_flag, const char *help, int argc, char **argv,
                       cli_resource_choice *choice, bool *timing);

int cmd_extract(int argc, char **argv, const char *argv0);
int cmd_tag(int argc, char **argv, const char *argv0);
int cmd_parse(int argc, char **argv, const char *argv0);
int cmd_ingest(int argc, char **argv, const char *argv0);
int cmd_query(int argc, char **argv, const char *argv0);
int cmd_export(int argc, char **argv, const char *argv0);
/* server/serve.c */
int cmd_serve(int argc, char **argv, const char *argv0);

#endif /* NG_CLI_H */

/* A store user, built against an installed libnewsgraph_store by
 * tests/install.sh (pkg-config newsgraph-store): ingests one article into
 * a new database twice and prints how many articles it holds.
 * Usage: install_store_use DB */
#include <newsgraph.h>
#include <newsgraph_store.h>
#include <stdio.h>
#include <string.h>

static ng_store *store;

static void rec(void *u, const ng_record *r)
{
    (void)u;
    ng_store_ingest(store, r);
}

static int count(void *u, const ng_store_row *row)
{
    (void)row;
    ++*(long *)u;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    char why[512];
    store = ng_store_open(argv[1], NULL, why, sizeof why);
    if (!store) { fprintf(stderr, "install_store_use: %s\n", why); return 2; }
    ng_pipeline *p = ng_pipeline_new(NULL, NULL);
    const char text[] = "Harbor trial\n\nBy Ellen Ruiz, Bay Post\n\nA tidal turbine powered 40 homes on Monday.\n";
    ng_sink sink = {rec, NULL, NULL};
    for (int i = 0; i < 2; i++) ng_process_memory(p, "turbine.txt", text, strlen(text), &sink);
    ng_pipeline_free(p);
    ng_store_query q;
    ng_store_query_init(&q);
    long n = 0;
    if (ng_store_query_run(store, &q, count, &n, why, sizeof why) < 0) { fprintf(stderr, "%s\n", why); return 1; }
    if (ng_store_close(store, why, sizeof why) != 0) { fprintf(stderr, "%s\n", why); return 1; }
    printf("articles %ld\n", n);
    return 0;
}

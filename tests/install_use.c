/* A library user, built against an installed libnewsgraph by
 * tests/install.sh: prints each entity's name and each mention's words
 * with printf("%s") (record strings are NUL-terminated copies), one per
 * line, and checks every record. Usage: install_use [MODEL_DIR [GAZETTEER]] */
#include <newsgraph.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void rec(void *u, const ng_record *r)
{
    (void)u;
    char why[256];
    if (!ng_record_check(r, why, sizeof why)) { printf("CHECK FAILED: %s\n", why); failures++; }
    for (size_t i = 0; i < r->n_entities; i++) {
        printf("entity %s\n", r->entities[i].name.ptr);
        for (size_t k = 0; k < r->entities[i].n_mentions; k++) printf("mention %s\n", r->entities[i].mentions[k].text.ptr);
    }
}

int main(int argc, char **argv)
{
    ng_resource_options ro;
    ng_resource_options_init(&ro);
    ro.model_dir = argc > 1 && *argv[1] ? argv[1] : NULL;
    ro.gazetteer = argc > 2 && *argv[2] ? argv[2] : NULL;
    char why[512];
    ng_resources *res = ng_resources_open(&ro, why, sizeof why);
    if (!res) { fprintf(stderr, "install_use: %s\n", why); return 2; }
    if (strcmp(ng_version(), NG_VERSION) != 0) { fprintf(stderr, "install_use: version mismatch\n"); return 2; }
    ng_options o;
    ng_options_init(&o);
    ng_pipeline *p = ng_pipeline_new(&o, res);
    ng_sink s = {rec, NULL, NULL};
    static const char t[] = "Harbor ferry aground\nBy Marcus Delaney\n\nPORTLAND, Maine (AP) - Captain Ellen Ruiz said "
                            "the ferry Casco Star ran aground near Peaks Island on Tuesday. Ruiz praised the crew.\n";
    int f = ng_process_memory(p, "mem", t, sizeof t - 1, &s);
    ng_pipeline_free(p);
    ng_resources_free(res);
    return f || failures;
}

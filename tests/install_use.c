/* A library user: built against an installed libnewsgraph by tests/install.sh. */
#include <newsgraph.h>
static void rec(void *u, const ng_record *r) { (void)u; printf("%s %u chars %zu sentences\n", r->id, r->text_chars, r->n_sentences); }
int main(void) { ng_options o; ng_options_init(&o); ng_pipeline *p = ng_pipeline_new(&o);
  ng_sink s = {rec, NULL, NULL}; const char t[] = "Hello there. This is Dr. Smith speaking."; int f = ng_process_memory(p, "mem", t, sizeof t - 1, &s); ng_pipeline_free(p); return f; }

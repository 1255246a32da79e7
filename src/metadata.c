/* metadata.c: STUB (to be replaced by page metadata extraction). */
#include "dom.h"

const char *ng_html_metadata(ng_arena *a, const ng_dom *dom, const char *url, ng_article *art)
{
    (void)a; (void)dom; (void)url; (void)art;
    return NULL;
}

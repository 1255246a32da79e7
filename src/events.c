/*
 * events.c: the "events" stage: who did what to whom, where and when.
 *
 * A skeleton: the row is in the stage table and the record carries an
 * empty `events` list, so consumers can rely on the key. The event coder
 * (PLOVER/CAMEO types, actors from the entities and places, the claim
 * behind each event) fills it; it will read the syntax stage's parse.
 */
#include "internal.h"

static const char *find_events(ng_stage_ctx *stage)
{
    stage->rec->events = NULL;
    stage->rec->n_events = 0;
    return NULL;
}

static void write_events(ng_buf *b, const ng_record *r)
{
    ng_json_key(b, "events");
    ng_buf_putc(b, '[');
    for (size_t i = 0; i < r->n_events; i++) {
        const ng_event *e = &r->events[i];
        ng_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        ng_json_string(b, e->text.ptr ? e->text.ptr : "", e->text.len);
        ng_buf_printf(b, ",\"start\":%u,\"end\":%u}", e->start, e->end);
    }
    ng_buf_putc(b, ']');
}

const ng_stage ng_stage_events = {"events", find_events, write_events};

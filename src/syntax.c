/*
 * syntax.c: the "syntax" stage: tags and parses each sentence of the word
 * layer (pos.h, parse.h) and keeps, per token, its UPOS, XPOS, head and
 * relation in rec->syntax, which the word layer points at for the stages
 * after it.
 *
 * It runs only when asked (not in ng_stages_default()): tagging and
 * parsing cost more than the other stages together, and no default
 * output needs them yet. Without pos.bin and parse.bin it runs and finds
 * nothing (rec->syntax stays NULL).
 *
 * The tokens are the record's own (ng_token), not UD's words: "don't" is
 * one token here where EWT has "do" + "n't", so such tokens are tagged as
 * the model sees them. Linear: one pass per sentence, the parser's 2n
 * moves, working memory of the longest sentence.
 */
#include "parse.h"
#include "pos.h"

static const char *run(ng_stage_ctx *ctx)
{
    ng_record *rec = ctx->rec;
    if (!ctx->pos || !ctx->parser || !rec->n_tokens) return NULL;
    ng_words own;
    const ng_words *w = ng_words_given_or_built(ctx->arena, rec, ctx->words, &own);
    if (!w) return "out of memory";
    size_t n = rec->n_tokens, longest = 0;
    for (size_t s = 0; s < w->n_sentences; s++) {
        size_t len = w->sentence_first[s + 1] - w->sentence_first[s];
        if (len > longest) longest = len;
    }
    if (longest > UINT32_MAX - 2) return "sentence too long";
    ng_token_syntax *out = ng_alloc(ctx->arena, n * sizeof *out);
    ng_str *words = ng_alloc(ctx->arena, (longest + 1) * sizeof *words);
    uint8_t *upos = ng_alloc(ctx->arena, longest + 1), *xpos = ng_alloc(ctx->arena, longest + 1);
    uint8_t *dep = ng_alloc(ctx->arena, longest + 1);
    uint32_t *head = ng_alloc(ctx->arena, (longest + 1) * sizeof *head);
    void *work = ng_alloc(ctx->arena, ng_parse_work_size(longest));
    if (!out || !words || !upos || !xpos || !dep || !head || !work) return "out of memory";
    /* Tokens before the first sentence or past the last (none, as the
     * text layer builds them) keep "no head". */
    for (size_t i = 0; i < n; i++) out[i] = (ng_token_syntax){NG_NO_HEAD, 0, 0, 0};
    const ng_parse_weights *wt = ng_parse_model_weights(ctx->parser);
    for (size_t s = 0; s < w->n_sentences; s++) {
        size_t first = w->sentence_first[s], len = w->sentence_first[s + 1] - first;
        if (!len) continue;
        for (size_t i = 0; i < len; i++) {
            const ng_token *t = &rec->tokens[first + i];
            words[i] = (ng_str){rec->text.ptr + t->bstart, t->bend - t->bstart};
        }
        ng_pos_tag(ctx->pos, words, len, upos, xpos);
        ng_parse_weights_run(wt, words, len, upos, xpos, head, dep, work);
        for (size_t i = 0; i < len; i++)
            out[first + i] = (ng_token_syntax){head[i] ? (uint32_t)(first + head[i] - 1) : NG_NO_HEAD, upos[i], xpos[i], dep[i]};
    }
    rec->syntax = out;
    if (ctx->words_rw) ctx->words_rw->syntax = out;
    return NULL;
}

const ng_stage ng_stage_syntax = {"syntax", run, NULL};

/*
 * pagekind.h: pages that have text and are still not articles: files of a
 * web site (style sheets, scripts, robots.txt), code and data, video
 * pages, forum and social threads, pastes. Each test reads general
 * evidence (a file name's extension, the page's declared type, its
 * structure, the shape of its text), never a site's name.
 */
#ifndef NG_PAGEKIND_H
#define NG_PAGEKIND_H

#include "dom.h"

/* Why a document named `name` (an input path, may be NULL) with URL `url`
 * (may be NULL) is a file of a site and not a page: "a .css file, not a
 * page", "robots.txt, not a page"; NULL otherwise. From the last path
 * segment of the URL, else of the name, without a compression suffix. */
const char *ng_file_not_article(const char *name, const char *url);

/* Why the text of a plain-text document is not prose: most lines are
 * code or directives (ending in ; { } or "Key: value") and almost none is
 * a sentence. NULL when it reads as prose. Linear in the text. */
const char *ng_text_not_article(const ng_article *art);

/* Why an HTML page whose main text (blocks[0..n_blocks), `words` words)
 * was found is nevertheless not an article: a video page (declared video
 * type with little text), a source code repository (schema.org
 * SoftwareSourceCode), a paste (the longest block is the content of a
 * <textarea>), or a thread of user posts (ten or more elements marked
 * "comment" or "tweet" hold 70% of the page's text and 90% of the main
 * text is theirs, or half of it with little main text). NULL otherwise. One
 * walk of the tree. */
const char *ng_html_not_article(ng_arena *a, const ng_dom *dom, const ng_block *blocks, size_t n_blocks, size_t words);

#endif

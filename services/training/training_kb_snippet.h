/*  training_kb_snippet: what a search hit shows: its text with the query's terms marked in
    【】, and of a long body only the passage holding most of them. The terms are those the
    index made of the query (kb_terms in migration 002: lower-case words of Latin letters and
    digits, Chinese bigrams, a lone ideograph), so what is marked is what was matched; the
    text is compared folded the same way (ASCII and full-width letters in lower case).       */
#ifndef TRAINING_KB_SNIPPET_H_INCLUDED
#define TRAINING_KB_SNIPPET_H_INCLUDED

#include <stddef.h>

#define TRAINING_KB_MARK_OPEN  "【"
#define TRAINING_KB_MARK_CLOSE "】"
#define TRAINING_KB_ELLIPSIS   "…"

//  text (valid UTF-8) with every run of characters matched by a term between 【 and 】.
//  window 0: the whole text; else at most window characters around the most matched ones,
//  with "…" where the text was cut. Caller frees.
char *training_kb_mark (const char *text, char *const *terms, size_t term_count, size_t window);

#endif

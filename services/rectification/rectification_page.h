/*  rectification_page: the two ends of a paged list of forms (common/sf_page.h). Forms are
    paged by a time (issued_ms for ListForms, deadline_ms for the notice) and the id that
    breaks ties: the token carries the last listed form's pair.                            */
#ifndef RECTIFICATION_PAGE_H_INCLUDED
#define RECTIFICATION_PAGE_H_INCLUDED

#include "rectification.pb-c.h"
#include "sf_page.h"

//  Sort keys of a page of forms: a time, then the id.
#define RECT_PAGE_FORM_KEYS 2

//  Which time a list of forms is ordered by.
typedef enum { RECT_PAGE_BY_ISSUED, RECT_PAGE_BY_DEADLINE } rect_page_order_t;

//  Where the page starts, for the store: *position is NULL on the first page, else after
//  (time, id). Returns 0, or -1 with the call failed (a token whose keys are not numbers).
int rect_page_forms_after (sf_call_t *call, const sf_page_t *page, int64_t after [RECT_PAGE_FORM_KEYS],
                           const int64_t **position);

//  Ends a page of forms read with one more than page->size: drops that one and, when there
//  was one, sets *next_page_token to continue after the last form kept.
void rect_page_forms_end (sf_call_t *call, const sf_page_t *page, rect_page_order_t order,
                          Rectification__Form **forms, size_t *count, char **next_page_token);

#endif

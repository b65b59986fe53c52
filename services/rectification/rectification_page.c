/*  rectification_page: see rectification_page.h.                                           */
#include "rectification_page.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int
rect_page_forms_after (sf_call_t *call, const sf_page_t *page, int64_t after [RECT_PAGE_FORM_KEYS],
                       const int64_t **position)
{
    *position = NULL;
    if (!page->after)
        return 0;
    for (int key = 0; key < RECT_PAGE_FORM_KEYS; key++)
        if (sf_page_after_int (call, page, key, &after [key]))
            return -1;
    *position = after;
    return 0;
}

void
rect_page_forms_end (sf_call_t *call, const sf_page_t *page, rect_page_order_t order,
                     Rectification__Form **forms, size_t *count, char **next_page_token)
{
    if (*count <= (size_t) page->size)
        return;
    while (*count > (size_t) page->size)
        sf_pb_destroy (&forms [--*count]);
    const Rectification__Form *last = forms [*count - 1];
    char time [24], id [24];
    snprintf (time, sizeof time, "%" PRId64, order == RECT_PAGE_BY_ISSUED? last->issued_ms: last->deadline_ms);
    snprintf (id, sizeof id, "%" PRId64, last->id);
    const char *keys [RECT_PAGE_FORM_KEYS] = { time, id };
    char *token = sf_page_token (call, keys, RECT_PAGE_FORM_KEYS);
    sf_pb_set (next_page_token, token);
    free (token);
}

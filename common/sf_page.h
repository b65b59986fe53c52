/*  sf_page: paging for every list a daemon answers, so that no request can produce an
    unbounded reply.

    A list request carries page_size and page_token, its reply next_page_token (empty on the
    last page). Paging is keyset-based, never OFFSET: a handler asks for the rows after the
    previous page's last row, in the order of its sort keys, and one more than a page:

        WHERE (k1, k2) > ($after1, $after2) ORDER BY k1, k2 LIMIT $size + 1

    A row inserted while a client walks the pages is seen once or not at all (when it sorts
    before the page being read), and no other row is skipped or repeated.

    The token is opaque to clients: an sf.PageToken (proto/envelope.proto) holding the request
    type and the last row's keys, packed and written base64url without padding. The type lets
    a list refuse a token made by another. The token is not signed: a client that forges one
    only chooses where its own listing starts, and every filter and permission still applies.

        sf_page_t page;
        if (sf_page_open (call, request->page_size, request->page_token, 2, &page))
            return;                          //  the call is failed, invalid_argument
        ... query page.size + 1 rows after page.after (NULL: from the first row) ...
        if (rows > page.size)                //  return page.size rows and where to go on
            reply->next_page_token = sf_page_token (call, last_returned_row_keys, 2);
        sf_page_close (&page);                                                               */
#ifndef SF_PAGE_H_INCLUDED
#define SF_PAGE_H_INCLUDED

#include "sf_rpc_server.h"

#include <stdint.h>

#define SF_PAGE_SIZE_DEFAULT 100   //  rows when the request names no page_size
#define SF_PAGE_SIZE_MAX 1000      //  a larger page_size is lowered to this (documented, not an error)

typedef struct {
    int size;          //  rows this page returns: 1..SF_PAGE_SIZE_MAX
    int key_count;     //  sort keys per row, as the handler asked
    char **after;      //  the previous page's last row keys (key_count strings); NULL on the first page
} sf_page_t;

//  Reads a request's page_size and page_token. Returns 0, or -1 with the call failed
//  (invalid_argument, bilingual reason naming page_size or page_token): negative size; a token
//  that does not decode, was made for another request type, or has the wrong key count.
int sf_page_open (sf_call_t *call, int32_t page_size, const char *page_token, int key_count, sf_page_t *page);

//  The token that continues after a row with these keys; caller frees.
char *sf_page_token (const sf_call_t *call, const char *const *keys, int key_count);

//  The key-th key of page->after (a page that has one) as a whole number, for keys that are
//  ids or times. Returns 0, or -1 with the call failed as for a token that does not decode:
//  only a token made by hand holds a key that is not the number the list wrote.
int sf_page_after_int (sf_call_t *call, const sf_page_t *page, int key, int64_t *value);

//  Frees what sf_page_open kept; safe twice.
void sf_page_close (sf_page_t *page);

#endif

/*  inspection_page: the inspection daemon's paging, on top of common/sf_page.

    A token's keys are text; these lists sort by whole numbers, decimals (a hazard's D) and
    codes. Each key read back from a token is checked here against the kind the list wrote
    ('n' whole number, 'd' decimal, 's' text), so that a forged token is answered
    invalid_argument, naming page_token, instead of failing in SQL.

    Replies of several lists (GetRiskRegister, GetUnitHistory) page each list on its own: one
    page_size bounds every list, and the token holds per list a mark ("+": more after the
    keys that follow, ".": ended) and the keys of its last row sent. A list that ended is not
    read again; the token is empty once every list ended.                                  */
#ifndef INSPECTION_PAGE_H_INCLUDED
#define INSPECTION_PAGE_H_INCLUDED

#include "sf_page.h"

#include <stdbool.h>
#include <stddef.h>

//  The most lists one reply pages (GetUnitHistory's five).
#define INSPECTION_PAGE_LISTS_MAX 5
//  The most sort keys of one list, and of a whole token of several lists (a mark per list).
#define INSPECTION_PAGE_KEYS_MAX 4
#define INSPECTION_PAGE_TOKEN_KEYS_MAX (INSPECTION_PAGE_LISTS_MAX * (1 + INSPECTION_PAGE_KEYS_MAX))

//  sf_page_open with the kinds of the keys, one letter per key ("nn": two whole numbers).
//  0, or -1 with the call failed (invalid_argument) and page closed.
int inspection_page_open (sf_call_t *call, int32_t page_size, const char *page_token, const char *kinds,
                          sf_page_t *page);

//  Frees the rows past size of a repeated message field: a page reads one row more than it
//  returns, to know whether another page follows. True when there were more.
bool inspection_page_trim (void *rows_p, size_t *count, int size);

//  Sets *token (a string field of a reply, e.g. &list->next_page_token) to the token that
//  continues after a row with these keys.
void inspection_page_set_token (const sf_call_t *call, char **token, const char *const *keys, int key_count);

//  Where one list of a reply of several starts.
typedef struct {
    bool done;                   //  it ended on an earlier page: read none of it
    const char *const *after;    //  its last row sent, NULL: from its first row
} inspection_cursor_t;

typedef struct {
    sf_page_t page;              //  page.size bounds every list
    size_t list_count;
    const char *kinds [INSPECTION_PAGE_LISTS_MAX];
    inspection_cursor_t cursors [INSPECTION_PAGE_LISTS_MAX];
    char *next [INSPECTION_PAGE_TOKEN_KEYS_MAX];   //  the next token's keys, as they are known
    bool more;                   //  some list goes on
} inspection_pages_t;

//  Reads page_size and page_token for lists of the given key kinds (kinds [i] for list i).
//  0, or -1 with the call failed (invalid_argument).
int inspection_pages_open (sf_call_t *call, int32_t page_size, const char *page_token, const char *const *kinds,
                           size_t list_count, inspection_pages_t *pages);

//  Records that list has more rows after the row with these keys (as many as its kinds).
void inspection_pages_more (inspection_pages_t *pages, size_t list, const char *const *keys);

//  Sets *token to the token of the next page, or leaves it empty when every list ended.
void inspection_pages_set_token (inspection_pages_t *pages, const sf_call_t *call, char **token);

//  Frees what inspection_pages_open and inspection_pages_more kept; safe twice.
void inspection_pages_close (inspection_pages_t *pages);

#endif

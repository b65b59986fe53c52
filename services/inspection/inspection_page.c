/*  inspection_page: key checks, the extra row of a page, and tokens of several lists. See
    inspection_page.h.                                                                       */
#include "inspection_page.h"
#include "inspection_messages.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  The marks of a list in a token of several.
#define S_MARK_MORE "+"
#define S_MARK_DONE "."
//  Digits of the largest int64, which every whole-number key fits in.
#define S_NUMBER_DIGITS_MAX 18

static bool
s_digits (const char *text, size_t *count)
{
    *count = strspn (text, "0123456789");
    return *count > 0;
}

//  True when text is a key of that kind: 'n' a whole number (an optional minus, at most 18
//  digits), 'd' a decimal (digits, optionally a point and digits), 's' any text but empty.
static bool
s_key_valid (char kind, const char *text)
{
    size_t count;
    switch (kind) {
        case 'n':
            if (*text == '-')
                text++;
            return s_digits (text, &count) && count <= S_NUMBER_DIGITS_MAX && text [count] == 0;
        case 'd':
            if (!s_digits (text, &count))
                return false;
            text += count;
            if (*text == 0)
                return true;
            return *text == '.' && s_digits (text + 1, &count) && text [1 + count] == 0;
        case 's':
            return *text != 0;
        default:
            assert (false);
            return false;
    }
}

static bool
s_keys_valid (const char *kinds, char *const *keys)
{
    for (size_t key = 0; kinds [key]; key++)
        if (!s_key_valid (kinds [key], keys [key]))
            return false;
    return true;
}

static int
s_refuse (sf_call_t *call, sf_page_t *page)
{
    sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_PAGE_TOKEN, sf_route_type (call->route));
    sf_page_close (page);
    return -1;
}

int
inspection_page_open (sf_call_t *call, int32_t page_size, const char *page_token, const char *kinds,
                      sf_page_t *page)
{
    assert (kinds && *kinds && strlen (kinds) <= INSPECTION_PAGE_KEYS_MAX);
    if (sf_page_open (call, page_size, page_token, (int) strlen (kinds), page))
        return -1;
    if (page->after && !s_keys_valid (kinds, page->after))
        return s_refuse (call, page);
    return 0;
}

bool
inspection_page_trim (void *rows_p, size_t *count, int size)
{
    ProtobufCMessage **rows = *(ProtobufCMessage ***) rows_p;
    assert (size > 0);
    if (*count <= (size_t) size)
        return false;
    for (size_t row = (size_t) size; row < *count; row++)
        protobuf_c_message_free_unpacked (rows [row], NULL);
    *count = (size_t) size;
    return true;
}

void
inspection_page_set_token (const sf_call_t *call, char **token, const char *const *keys, int key_count)
{
    char *text = sf_page_token (call, keys, key_count);
    sf_pb_set (token, text);
    free (text);
}

//  --------------------------------------------------------------------------------------
//  Several lists

//  Where list's mark stands in the token's keys.
static size_t
s_mark_at (const inspection_pages_t *pages, size_t list)
{
    size_t at = 0;
    for (size_t before = 0; before < list; before++)
        at += 1 + strlen (pages->kinds [before]);
    return at;
}

int
inspection_pages_open (sf_call_t *call, int32_t page_size, const char *page_token, const char *const *kinds,
                       size_t list_count, inspection_pages_t *pages)
{
    assert (list_count > 0 && list_count <= INSPECTION_PAGE_LISTS_MAX);
    memset (pages, 0, sizeof *pages);
    pages->list_count = list_count;
    for (size_t list = 0; list < list_count; list++) {
        assert (kinds [list] && *kinds [list] && strlen (kinds [list]) <= INSPECTION_PAGE_KEYS_MAX);
        pages->kinds [list] = kinds [list];
    }
    size_t key_count = s_mark_at (pages, list_count);
    sf_page_t *page = &pages->page;
    if (sf_page_open (call, page_size, page_token, (int) key_count, page))
        return -1;
    for (size_t list = 0; page->after && list < list_count; list++) {
        char *const *mark = page->after + s_mark_at (pages, list);
        inspection_cursor_t *cursor = &pages->cursors [list];
        if (strcmp (*mark, S_MARK_DONE) == 0)
            cursor->done = true;
        else
        if (strcmp (*mark, S_MARK_MORE) == 0 && s_keys_valid (kinds [list], mark + 1))
            cursor->after = (const char *const *) mark + 1;
        else
            return s_refuse (call, page);
    }
    return 0;
}

void
inspection_pages_more (inspection_pages_t *pages, size_t list, const char *const *keys)
{
    assert (list < pages->list_count);
    size_t at = s_mark_at (pages, list);
    free (pages->next [at]);
    pages->next [at] = strdup (S_MARK_MORE);
    for (size_t key = 0; pages->kinds [list][key]; key++) {
        free (pages->next [at + 1 + key]);
        pages->next [at + 1 + key] = strdup (keys [key]);
    }
    pages->more = true;
}

void
inspection_pages_set_token (inspection_pages_t *pages, const sf_call_t *call, char **token)
{
    if (!pages->more)
        return;
    size_t key_count = s_mark_at (pages, pages->list_count);
    const char *keys [INSPECTION_PAGE_TOKEN_KEYS_MAX];
    for (size_t list = 0; list < pages->list_count; list++) {
        size_t at = s_mark_at (pages, list);
        bool more = pages->next [at] != NULL;
        keys [at] = more? pages->next [at]: S_MARK_DONE;
        for (size_t key = 0; pages->kinds [list][key]; key++)
            keys [at + 1 + key] = more? pages->next [at + 1 + key]: "";
    }
    inspection_page_set_token (call, token, keys, (int) key_count);
}

void
inspection_pages_close (inspection_pages_t *pages)
{
    assert (pages);
    for (size_t key = 0; key < INSPECTION_PAGE_TOKEN_KEYS_MAX; key++) {
        free (pages->next [key]);
        pages->next [key] = NULL;
    }
    pages->more = false;
    sf_page_close (&pages->page);
}

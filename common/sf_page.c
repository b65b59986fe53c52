/*  sf_page: the page size and position of a list request, and the token that continues it.
    See sf_page.h.                                                                           */
#include "sf_page.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include "envelope.pb-c.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_negative_size = {
    "page_size 不能为负数（收到 %d）；不填或填 0 即每页 %d 行",
    "page_size must not be negative (got %d); leave it out or send 0 for %d rows a page"
};
static const sf_text_t s_msg_bad_token = {
    "page_token 无效：它不是本服务在上一页回复中给出的 next_page_token",
    "page_token is not valid: it is not a next_page_token this service gave in a previous page"
};
static const sf_text_t s_msg_other_list = {
    "page_token 属于另一个列表（%s），不能用来翻 %s 的页",
    "page_token belongs to another list (%s): it cannot page through %s"
};
static const sf_text_t s_msg_key_count = {
    "page_token 无效：它带有 %zu 个排序键，%s 的页需要 %d 个",
    "page_token is not valid: it carries %zu sort keys, a page of %s needs %d"
};

//  A zarmour for tokens: base64url without padding, so a token needs no escaping in a URL,
//  a JSON string or a shell argument.
static zarmour_t *
s_armour_new (void)
{
    zarmour_t *armour = zarmour_new ();
    assert (armour);
    zarmour_set_mode (armour, ZARMOUR_MODE_BASE64_URL);
    zarmour_set_pad (armour, false);
    return armour;
}

//  The packed sf.PageToken a token holds, or NULL when it is not the exact text this class
//  writes: zarmour skips characters outside the alphabet and ignores stray low bits, so the
//  bytes are encoded again and must give the token back. *size excludes the NUL zarmour adds.
static zchunk_t *
s_unarmour (const char *token, size_t *size)
{
    zarmour_t *armour = s_armour_new ();
    zchunk_t *chunk = zarmour_decode (armour, token);
    char *again = NULL;
    if (chunk && zchunk_size (chunk) > 0) {
        *size = zchunk_size (chunk) - 1;
        again = zarmour_encode (armour, zchunk_data (chunk), *size);
    }
    if (!again || strcmp (again, token) != 0)
        zchunk_destroy (&chunk);
    free (again);
    zarmour_destroy (&armour);
    return chunk;
}

//  The token's position, or NULL (the call is failed) when it is not one of this list's.
static Sf__PageToken *
s_token_read (sf_call_t *call, const char *token, int key_count)
{
    size_t size = 0;
    zchunk_t *chunk = s_unarmour (token, &size);
    Sf__PageToken *position = NULL;
    if (chunk) {
        sf_pb_fault_t fault;
        //  No key can be longer than the token that holds it.
        position = (Sf__PageToken *) sf_pb_unpack_checked (&sf__page_token__descriptor, zchunk_data (chunk),
                                                           size, size, NULL, &fault);
        zchunk_destroy (&chunk);
    }
    const char *type = sf_route_type (call->route);
    if (!position)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_bad_token);
    else
    if (strcmp (position->type, type) != 0)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_other_list, position->type, type);
    else
    if (position->n_after != (size_t) key_count)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_key_count, position->n_after, type, key_count);
    else
        return position;
    sf_pb_destroy (&position);
    return NULL;
}

int
sf_page_open (sf_call_t *call, int32_t page_size, const char *page_token, int key_count, sf_page_t *page)
{
    assert (call && call->route && page && key_count > 0);
    memset (page, 0, sizeof *page);
    if (page_size < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_negative_size, page_size, SF_PAGE_SIZE_DEFAULT);
        return -1;
    }
    page->size = page_size == 0? SF_PAGE_SIZE_DEFAULT
               : page_size > SF_PAGE_SIZE_MAX? SF_PAGE_SIZE_MAX: page_size;
    page->key_count = key_count;
    if (!page_token || !*page_token)
        return 0;

    Sf__PageToken *position = s_token_read (call, page_token, key_count);
    if (!position)
        return -1;
    page->after = calloc ((size_t) key_count, sizeof *page->after);
    assert (page->after);
    for (int key = 0; key < key_count; key++) {
        //  Ownership of each key moves to the page.
        page->after [key] = position->after [key];
        position->after [key] = NULL;
    }
    position->n_after = 0;
    sf_pb_destroy (&position);
    return 0;
}

char *
sf_page_token (const sf_call_t *call, const char *const *keys, int key_count)
{
    assert (call && call->route && keys && key_count > 0);
    Sf__PageToken position = SF__PAGE_TOKEN__INIT;
    position.type = (char *) sf_route_type (call->route);
    position.n_after = (size_t) key_count;
    char *after [key_count];
    for (int key = 0; key < key_count; key++)
        after [key] = sf_codec_wire (keys [key]);
    position.after = after;

    size_t size;
    uint8_t *packed = sf_codec_pack (&position.base, &size);
    zarmour_t *armour = s_armour_new ();
    char *token = zarmour_encode (armour, packed, size);
    assert (token);
    zarmour_destroy (&armour);
    free (packed);
    return token;
}

int
sf_page_after_int (sf_call_t *call, const sf_page_t *page, int key, int64_t *value)
{
    assert (call && page && page->after && key >= 0 && key < page->key_count);
    const char *text = page->after [key];
    char *end;
    errno = 0;
    long long number = strtoll (text, &end, 10);
    if (!*text || *end || errno || isspace ((unsigned char) *text)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_bad_token);
        return -1;
    }
    *value = (int64_t) number;
    return 0;
}

void
sf_page_close (sf_page_t *page)
{
    assert (page);
    if (page->after)
        for (int key = 0; key < page->key_count; key++)
            free (page->after [key]);
    free (page->after);
    page->after = NULL;
}

/*  sf_page_test: page sizes (default, lowered, refused), tokens that round-trip any keys and
    stay URL-safe, and every token a list must refuse: garbage, altered, padded, another
    list's, the wrong number of keys. Each refusal is invalid_argument naming the field in
    both languages.                                                                         */
#include "sf_page.h"
#include "sf_codec.h"
#include "sf_testkit.h"

#include "envelope.pb-c.h"

#include <czmq.h>
#include <string.h>

//  Two lists: any two request types will do, the routes are never served.
static const sf_route_t s_list = { .request = &sf__health__descriptor, .reply = &sf__health_info__descriptor };
static const sf_route_t s_other = { .request = &sf__set_clock__descriptor, .reply = &sf__health_info__descriptor };

typedef struct {
    sf_reply_t reply;
    sf_call_t call;
} s_call_t;

static void
s_call_init (s_call_t *self, const sf_route_t *route)
{
    memset (self, 0, sizeof *self);
    self->call.route = route;
    self->call.reply = &self->reply;
}

//  Opens the page and expects it refused as invalid_argument naming field in both languages.
static void
s_check_refused (int32_t size, const char *token, int key_count, const char *field)
{
    s_call_t c;
    s_call_init (&c, &s_list);
    sf_page_t page;
    SF_CHECK (sf_page_open (&c.call, size, token, key_count, &page) == -1);
    SF_CHECK (c.reply.status == SF_INVALID_ARGUMENT);
    SF_CHECK (c.reply.reason_zh && strstr (c.reply.reason_zh, field));
    SF_CHECK (c.reply.reason_en && strstr (c.reply.reason_en, field));
    SF_CHECK (page.after == NULL);
    sf_page_close (&page);
    sf_reply_clear (&c.reply);
}

static int
s_open_size (int32_t size)
{
    s_call_t c;
    s_call_init (&c, &s_list);
    sf_page_t page;
    SF_CHECK (sf_page_open (&c.call, size, "", 1, &page) == 0);
    SF_CHECK (page.after == NULL && page.key_count == 1);
    SF_CHECK (c.reply.status == 0);
    sf_page_close (&page);
    return page.size;
}

static void
test_sizes (void)
{
    SF_CHECK (s_open_size (0) == SF_PAGE_SIZE_DEFAULT);
    SF_CHECK (s_open_size (1) == 1);
    SF_CHECK (s_open_size (250) == 250);
    SF_CHECK (s_open_size (SF_PAGE_SIZE_MAX) == SF_PAGE_SIZE_MAX);
    SF_CHECK (s_open_size (SF_PAGE_SIZE_MAX + 1) == SF_PAGE_SIZE_MAX);
    SF_CHECK (s_open_size (INT32_MAX) == SF_PAGE_SIZE_MAX);
    s_check_refused (-1, "", 1, "page_size");
    s_check_refused (INT32_MIN, "", 1, "page_size");

    //  No token at all is the first page too.
    s_call_t c;
    s_call_init (&c, &s_list);
    sf_page_t page;
    SF_CHECK (sf_page_open (&c.call, 0, NULL, 2, &page) == 0);
    SF_CHECK (page.after == NULL && page.size == SF_PAGE_SIZE_DEFAULT);
    sf_page_close (&page);
    sf_page_close (&page);
}

static void
test_round_trip (void)
{
    char long_key [4096];
    memset (long_key, 'k', sizeof long_key - 1);
    long_key [sizeof long_key - 1] = 0;
    const char *keys [] = { "P01/W2/T3", "", "2026-03-01 08:00:00.000001+08", "整改单 P01-R2026-000001",
                            "-9223372036854775808", long_key };
    int count = sizeof keys / sizeof keys [0];

    s_call_t c;
    s_call_init (&c, &s_list);
    for (int key_count = 1; key_count <= count; key_count++) {
        char *token = sf_page_token (&c.call, keys, key_count);
        SF_CHECK (token && *token);
        //  URL-safe, no padding: letters, digits, '-' and '_' only.
        SF_CHECK (strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                  == strlen (token));

        sf_page_t page;
        SF_CHECK (sf_page_open (&c.call, 10, token, key_count, &page) == 0);
        SF_CHECK (page.size == 10 && page.key_count == key_count && page.after);
        for (int key = 0; key < key_count; key++)
            SF_CHECK_STR (page.after [key], keys [key]);
        sf_page_close (&page);
        SF_CHECK (page.after == NULL);
        free (token);
    }
    SF_CHECK (c.reply.status == 0);
}

static void
test_refused_tokens (void)
{
    s_call_t c;
    s_call_init (&c, &s_list);
    const char *keys [] = { "P01", "42" };
    char *token = sf_page_token (&c.call, keys, 2);

    //  Not base64url, or not the text this class writes.
    s_check_refused (0, "!!!", 2, "page_token");
    s_check_refused (0, "a", 2, "page_token");
    s_check_refused (0, "next page please", 2, "page_token");
    char *padded = zsys_sprintf ("%s=", token);
    s_check_refused (0, padded, 2, "page_token");
    char *spaced = zsys_sprintf (" %s", token);
    s_check_refused (0, spaced, 2, "page_token");
    //  Valid base64url, but the bytes are not an sf.PageToken.
    s_check_refused (0, "_____w", 2, "page_token");
    //  Cut short: its last field no longer decodes.
    char *cut = strdup (token);
    cut [strlen (cut) - 4] = 0;
    s_check_refused (0, cut, 2, "page_token");
    //  Another list's token, and a token with a key count this list does not use.
    s_call_t o;
    s_call_init (&o, &s_other);
    char *other = sf_page_token (&o.call, keys, 2);
    s_check_refused (0, other, 2, "page_token");
    s_check_refused (0, token, 1, "page_token");
    s_check_refused (0, token, 3, "page_token");
    //  The reason for another list names both.
    s_call_t r;
    s_call_init (&r, &s_list);
    sf_page_t page;
    SF_CHECK (sf_page_open (&r.call, 0, other, 2, &page) == -1);
    SF_CHECK (strstr (r.reply.reason_en, "sf.SetClock") && strstr (r.reply.reason_en, "sf.Health"));
    sf_reply_clear (&r.reply);

    //  A negative size is refused whatever the token.
    s_check_refused (-5, token, 2, "page_size");
    //  And the good token still opens.
    SF_CHECK (sf_page_open (&c.call, 0, token, 2, &page) == 0);
    SF_CHECK_STR (page.after [1], "42");
    sf_page_close (&page);

    free (padded);
    free (spaced);
    free (cut);
    free (other);
    free (token);
}

//  A token holding a NUL inside a key is refused, as a string with a NUL is everywhere.
static void
test_nul_in_key (void)
{
    //  type "sf.Health", after "a\0b": packed by hand, since protobuf-c cannot pack it.
    const uint8_t packed [] = { 0x0a, 9, 's', 'f', '.', 'H', 'e', 'a', 'l', 't', 'h', 0x12, 3, 'a', 0, 'b' };
    zarmour_t *armour = zarmour_new ();
    zarmour_set_mode (armour, ZARMOUR_MODE_BASE64_URL);
    zarmour_set_pad (armour, false);
    char *token = zarmour_encode (armour, packed, sizeof packed);
    zarmour_destroy (&armour);
    s_check_refused (0, token, 1, "page_token");
    free (token);
}

static void
test_after_int (void)
{
    s_call_t c;
    s_call_init (&c, &s_list);
    const char *keys [] = { "1767225600000", "-42", "12x", "", " 7", "99999999999999999999" };
    char *token = sf_page_token (&c.call, keys, 6);
    sf_page_t page;
    SF_CHECK (sf_page_open (&c.call, 0, token, 6, &page) == 0);
    int64_t value;
    SF_CHECK (sf_page_after_int (&c.call, &page, 0, &value) == 0 && value == 1767225600000LL);
    SF_CHECK (sf_page_after_int (&c.call, &page, 1, &value) == 0 && value == -42);
    SF_CHECK (c.reply.status == 0);
    for (int key = 2; key < 6; key++) {
        SF_CHECK (sf_page_after_int (&c.call, &page, key, &value) == -1);
        SF_CHECK (c.reply.status == SF_INVALID_ARGUMENT && strstr (c.reply.reason_en, "page_token"));
        sf_reply_clear (&c.reply);
        s_call_init (&c, &s_list);
    }
    sf_page_close (&page);
    free (token);
}

int
main (void)
{
    test_sizes ();
    test_round_trip ();
    test_refused_tokens ();
    test_nul_in_key ();
    test_after_int ();
    printf ("sf_page: OK\n");
    return 0;
}

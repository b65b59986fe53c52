/*  sf_status_test: every status is named and told in both languages; the wire mapping and
    bilingual formatting with positional arguments.                                         */
#include "sf_status.h"
#include "sf_testkit.h"

#include <string.h>

static const struct {
    sf_status_t status;
    const char *name;
} s_expected [] = {
    { SF_OK, "ok" },
    { SF_INVALID_ARGUMENT, "invalid_argument" },
    { SF_MALFORMED, "malformed" },
    { SF_TOO_LARGE, "too_large" },
    { SF_UNKNOWN_TYPE, "unknown_type" },
    { SF_NOT_FOUND, "not_found" },
    { SF_ALREADY_EXISTS, "already_exists" },
    { SF_FAILED_PRECONDITION, "failed_precondition" },
    { SF_PERMISSION_DENIED, "permission_denied" },
    { SF_DEADLINE_EXCEEDED, "deadline_exceeded" },
    { SF_UNAVAILABLE, "unavailable" },
    { SF_INTERNAL, "internal" },
    { SF_CONFLICT, "conflict" },
};
#define STATUS_COUNT (sizeof s_expected / sizeof s_expected [0])

//  True when text holds at least one character outside ASCII (the zh texts are Chinese).
static bool
s_has_non_ascii (const char *text)
{
    for (const unsigned char *p = (const unsigned char *) text; *p; p++)
        if (*p >= 0x80)
            return true;
    return false;
}

static void
test_every_status_has_name_and_texts (void)
{
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        sf_status_t status = s_expected [i].status;
        SF_CHECK ((int) status == (int) i + 1);
        SF_CHECK_STR (sf_status_name (status), s_expected [i].name);
        const sf_text_t *text = sf_status_text (status);
        SF_CHECK (text && text->zh && text->en);
        SF_CHECK (*text->zh && *text->en);
        SF_CHECK (s_has_non_ascii (text->zh));
        SF_CHECK (!s_has_non_ascii (text->en));
        //  Generic texts are used as formats without arguments.
        SF_CHECK (!strchr (text->zh, '%') && !strchr (text->en, '%'));
        for (size_t j = 0; j < i; j++) {
            SF_CHECK (strcmp (sf_status_name (s_expected [j].status), s_expected [i].name) != 0);
            SF_CHECK (strcmp (sf_status_text (s_expected [j].status)->en, text->en) != 0);
            SF_CHECK (strcmp (sf_status_text (s_expected [j].status)->zh, text->zh) != 0);
        }
    }
    //  Outside the enum: named and told as internal.
    const int unknown [] = { 0, -1, 14, 99, 1 << 30 };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown [0]; i++) {
        SF_CHECK_STR (sf_status_name ((sf_status_t) unknown [i]), "internal");
        SF_CHECK (sf_status_text ((sf_status_t) unknown [i]) == sf_status_text (SF_INTERNAL));
    }
}

static void
test_retryable (void)
{
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        sf_status_t status = s_expected [i].status;
        bool expected = status == SF_UNAVAILABLE || status == SF_DEADLINE_EXCEEDED;
        SF_CHECK (sf_status_retryable (status) == expected);
    }
    SF_CHECK (!sf_status_retryable ((sf_status_t) 0));
    SF_CHECK (!sf_status_retryable ((sf_status_t) 99));
}

static void
test_from_wire (void)
{
    for (size_t i = 0; i < STATUS_COUNT; i++)
        SF_CHECK (sf_status_from_wire ((int) s_expected [i].status) == s_expected [i].status);
    const int unknown [] = { 0, -1, 14, 15, 99, 1 << 30, -2147483647 - 1 };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown [0]; i++)
        SF_CHECK (sf_status_from_wire (unknown [i]) == SF_INTERNAL);
}

static void
s_formatv (const sf_text_t *text, char **zh, char **en, ...)
{
    va_list args;
    va_start (args, en);
    sf_text_formatv (text, zh, en, args);
    va_end (args);
}

static void
test_text_format (void)
{
    //  The two languages put the same arguments in a different order.
    const sf_text_t moved = {
        "员工 %2$s 已从 %3$s 调到 %1$s（第 %4$d 次）",
        "Employee %2$s moved to %1$s from %3$s (move %4$d)"
    };
    char *zh = NULL, *en = NULL;
    sf_text_format (&moved, &zh, &en, "P02", "张三", "P01", 3);
    SF_CHECK_STR (zh, "员工 张三 已从 P01 调到 P02（第 3 次）");
    SF_CHECK_STR (en, "Employee 张三 moved to P02 from P01 (move 3)");
    free (zh);
    free (en);

    //  The va_list form gives the same result (both languages read the arguments).
    s_formatv (&moved, &zh, &en, "B", "A", "C", 12);
    SF_CHECK_STR (zh, "员工 A 已从 C 调到 B（第 12 次）");
    SF_CHECK_STR (en, "Employee A moved to B from C (move 12)");
    free (zh);
    free (en);

    //  Plain sequential arguments.
    const sf_text_t plain = { "编码 %s 已存在（%d）", "Code %s already exists (%d)" };
    sf_text_format (&plain, &zh, &en, "T-01", 7);
    SF_CHECK_STR (zh, "编码 T-01 已存在（7）");
    SF_CHECK_STR (en, "Code T-01 already exists (7)");
    free (zh);
    free (en);

    //  A status's generic text formats to itself.
    sf_text_format (sf_status_text (SF_CONFLICT), &zh, &en);
    SF_CHECK_STR (zh, sf_status_text (SF_CONFLICT)->zh);
    SF_CHECK_STR (en, sf_status_text (SF_CONFLICT)->en);
    free (zh);
    free (en);

    //  Literal percent signs and long arguments.
    char long_arg [5000];
    memset (long_arg, 'q', sizeof long_arg - 1);
    long_arg [sizeof long_arg - 1] = 0;
    const sf_text_t percent = { "完成 100%% %1$s", "100%% done %1$s" };
    sf_text_format (&percent, &zh, &en, long_arg);
    SF_CHECK (strncmp (zh, "完成 100% qqq", strlen ("完成 100% qqq")) == 0);
    SF_CHECK (strlen (en) == strlen ("100% done ") + sizeof long_arg - 1);
    free (zh);
    free (en);
}

int
main (void)
{
    test_every_status_has_name_and_texts ();
    test_retryable ();
    test_from_wire ();
    test_text_format ();
    printf ("sf_status_test: OK\n");
    return 0;
}

/*  sf_json: commas and nesting, every escape, UTF-8 kept or replaced, numbers at their
    limits, doubles and floats in their shortest exact form, base64, reuse after reset, and
    a document larger than the first buffer.                                                */
#include "sf_json.h"
#include "sf_testkit.h"

#include <float.h>
#include <math.h>
#include <string.h>

static void
s_test_structure (void)
{
    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    sf_json_object_end (json);
    SF_CHECK_STR (sf_json_text (json), "{}");

    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "code", "P01");
    sf_json_key_int (json, "version", 3);
    sf_json_key_bool (json, "active", true);
    sf_json_key (json, "parent");
    sf_json_null (json);
    sf_json_key (json, "nodes");
    sf_json_array_begin (json);
    sf_json_int (json, 1);
    sf_json_string (json, NULL);
    sf_json_array_begin (json);
    sf_json_array_end (json);
    sf_json_object_begin (json);
    sf_json_key_bool (json, "ok", false);
    sf_json_object_end (json);
    sf_json_array_end (json);
    sf_json_key (json, "empty");
    sf_json_array_begin (json);
    sf_json_array_end (json);
    sf_json_object_end (json);
    SF_CHECK_STR (sf_json_text (json),
        "{\"code\":\"P01\",\"version\":3,\"active\":true,\"parent\":null,"
        "\"nodes\":[1,null,[],{\"ok\":false}],\"empty\":[]}");
    SF_CHECK (sf_json_size (json) == strlen (sf_json_text (json)));

    //  A bare value is a document too.
    sf_json_reset (json);
    sf_json_string (json, "x");
    SF_CHECK_STR (sf_json_text (json), "\"x\"");
    sf_json_destroy (&json);
    SF_CHECK (json == NULL);
    sf_json_destroy (&json);
}

static void
s_test_escapes (void)
{
    sf_json_t *json = sf_json_new ();
    sf_json_string (json, "q\" b\\ s/ \b\f\n\r\t \x01\x1f\x7f end");
    SF_CHECK_STR (sf_json_text (json),
        "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f\x7f end\"");

    //  Keys are escaped like strings.
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "a\"\n", "");
    sf_json_object_end (json);
    SF_CHECK_STR (sf_json_text (json), "{\"a\\\"\\n\":\"\"}");
    sf_json_destroy (&json);
}

static void
s_test_utf8 (void)
{
    sf_json_t *json = sf_json_new ();
    //  Chinese, a 2-byte letter and a 4-byte emoji pass through unchanged.
    sf_json_string (json, "生产部 é \xf0\x9f\x98\x80");
    SF_CHECK_STR (sf_json_text (json), "\"生产部 é \xf0\x9f\x98\x80\"");

    //  A lone continuation byte, a truncated sequence at the end, an overlong '/', an
    //  encoded surrogate, a code point above U+10FFFF and a lead byte followed by ASCII.
    sf_json_reset (json);
    sf_json_string (json, "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xf4\x90\x80\x80" "e\xe7" "f\xe7\x94");
    SF_CHECK_STR (sf_json_text (json),
        "\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffd\\ufffde\\ufffdf\\ufffd\\ufffd\"");
    sf_json_destroy (&json);
}

static void
s_test_numbers (void)
{
    sf_json_t *json = sf_json_new ();
    sf_json_array_begin (json);
    sf_json_int (json, INT64_MIN);
    sf_json_int (json, INT64_MAX);
    sf_json_int (json, 0);
    sf_json_int (json, -1);
    sf_json_array_end (json);
    SF_CHECK_STR (sf_json_text (json), "[-9223372036854775808,9223372036854775807,0,-1]");
    sf_json_destroy (&json);
}

//  Every double in text (an array of numbers) reads back as the one written.
static void
s_check_doubles_back (const char *text, const double *values, size_t count)
{
    const char *at = text + 1;
    for (size_t i = 0; i < count; i++) {
        char *end;
        double back = strtod (at, &end);
        SF_CHECK (end > at && back == values [i] && signbit (back) == signbit (values [i]));
        at = end + 1;
    }
}

static void
s_test_reals (void)
{
    sf_json_t *json = sf_json_new ();
    sf_json_array_begin (json);
    sf_json_double (json, 0.1);
    sf_json_double (json, 0);
    sf_json_double (json, -0.0);
    sf_json_double (json, 1.5e300);
    sf_json_double (json, 3);
    sf_json_double (json, NAN);
    sf_json_double (json, INFINITY);
    sf_json_double (json, -INFINITY);
    sf_json_array_end (json);
    SF_CHECK_STR (sf_json_text (json), "[0.1,0,-0.0,1.5e+300,3,\"NaN\",\"Infinity\",\"-Infinity\"]");

    //  Values that need all 17 digits, and the extremes, read back exactly.
    double hard [] = { 0.1 + 0.2, 1.0 / 3, DBL_MAX, -DBL_MAX, DBL_MIN, 4.9406564584124654e-324,
                       9007199254740993.0, -2.2250738585072009e-308 };
    size_t count = sizeof hard / sizeof hard [0];
    sf_json_reset (json);
    sf_json_array_begin (json);
    for (size_t i = 0; i < count; i++)
        sf_json_double (json, hard [i]);
    sf_json_array_end (json);
    SF_CHECK (strstr (sf_json_text (json), "[0.30000000000000004,0.3333333333333333,"));
    s_check_doubles_back (sf_json_text (json), hard, count);

    //  A float prints as its own shortest form, not the double it widens to.
    sf_json_reset (json);
    sf_json_array_begin (json);
    sf_json_float (json, 0.1f);
    sf_json_float (json, 16777216.0f);
    sf_json_float (json, FLT_MAX);
    sf_json_float (json, -FLT_MIN);
    sf_json_float (json, 1.0f / 3);
    sf_json_array_end (json);
    SF_CHECK_STR (sf_json_text (json), "[0.1,16777216,3.4028235e+38,-1.1754944e-38,0.33333334]");
    sf_json_destroy (&json);
}

static void
s_test_base64 (void)
{
    sf_json_t *json = sf_json_new ();
    sf_json_array_begin (json);
    const char *plain [] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
    for (size_t i = 0; i < sizeof plain / sizeof plain [0]; i++)
        sf_json_base64 (json, (const uint8_t *) plain [i], strlen (plain [i]));
    uint8_t high [] = { 0xfb, 0xff, 0xbf, 0x00 };
    sf_json_base64 (json, high, sizeof high);
    sf_json_base64 (json, NULL, 0);
    sf_json_array_end (json);
    //  RFC 4648 section 10, then the two characters beyond the letters and digits.
    SF_CHECK_STR (sf_json_text (json),
        "[\"\",\"Zg==\",\"Zm8=\",\"Zm9v\",\"Zm9vYg==\",\"Zm9vYmE=\",\"Zm9vYmFy\",\"+/+/AA==\",\"\"]");
    sf_json_destroy (&json);
}

static void
s_test_growth (void)
{
    size_t count = 100000;
    char *text = malloc (count + 1);
    SF_CHECK (text);
    memset (text, 'x', count);
    text [count] = 0;
    sf_json_t *json = sf_json_new ();
    sf_json_array_begin (json);
    for (int i = 0; i < 3; i++)
        sf_json_string (json, text);
    sf_json_array_end (json);
    SF_CHECK (sf_json_size (json) == 3 * (count + 2) + 2 + 2);
    SF_CHECK (strlen (sf_json_text (json)) == sf_json_size (json));
    SF_CHECK (strncmp (sf_json_text (json), "[\"xxx", 5) == 0);
    SF_CHECK (strcmp (sf_json_text (json) + sf_json_size (json) - 5, "xxx\"]") == 0);

    //  After a reset the buffer starts over, keeping its capacity.
    sf_json_reset (json);
    SF_CHECK (sf_json_size (json) == 0);
    SF_CHECK_STR (sf_json_text (json), "");
    sf_json_bool (json, true);
    SF_CHECK_STR (sf_json_text (json), "true");
    sf_json_destroy (&json);
    free (text);
}

int
main (void)
{
    s_test_structure ();
    s_test_escapes ();
    s_test_utf8 ();
    s_test_numbers ();
    s_test_reals ();
    s_test_base64 ();
    s_test_growth ();
    printf ("sf_json: OK\n");
    return 0;
}

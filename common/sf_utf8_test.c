/*  sf_utf8: well-formedness, character counts, control characters.                         */
#include "sf_testkit.h"
#include "sf_utf8.h"

#include <string.h>

static bool
s_valid (const char *text)
{
    return sf_utf8_valid (text, strlen (text));
}

int
main (void)
{
    SF_CHECK (s_valid (""));
    SF_CHECK (s_valid ("plain ascii"));
    SF_CHECK (s_valid ("安全环保部"));
    SF_CHECK (s_valid ("\xf0\x9f\x9a\x92"));             //  U+1F692, four bytes
    SF_CHECK (!s_valid ("\xff"));
    SF_CHECK (!s_valid ("\xc0\xaf"));                     //  overlong '/'
    SF_CHECK (!s_valid ("\xe0\x80\xaf"));                 //  overlong, three bytes
    SF_CHECK (!s_valid ("\xed\xa0\x80"));                 //  surrogate U+D800
    SF_CHECK (!s_valid ("\xf4\x90\x80\x80"));             //  above U+10FFFF
    SF_CHECK (!s_valid ("\xe5\xae"));                     //  cut short
    SF_CHECK (!s_valid ("\xb0\xb2\xc8\xab"));             //  GBK bytes of 安全
    SF_CHECK (sf_utf8_valid ("a\0b", 3));                //  NUL is valid UTF-8 ...
    SF_CHECK (sf_utf8_has_control ("a\0b", 3));           //  ... but a control character

    SF_CHECK (sf_utf8_chars ("安全a", strlen ("安全a")) == 3);
    SF_CHECK (sf_utf8_chars ("", 0) == 0);

    SF_CHECK (!sf_utf8_has_control ("张伟 Zhang", strlen ("张伟 Zhang")));
    SF_CHECK (sf_utf8_has_control ("a\tb", 3));
    SF_CHECK (sf_utf8_has_control ("a\x7f", 2));
    SF_CHECK (sf_utf8_has_control ("\xc2\x85", 2));       //  U+0085, a C1 control
    SF_CHECK (!sf_utf8_has_control ("\xc2\xa0", 2));      //  U+00A0 is not
    return 0;
}

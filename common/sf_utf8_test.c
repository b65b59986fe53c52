/*  sf_utf8: well-formedness, character counts, control characters, blank text.             */
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
    //  Text a person writes may break lines and hold tabs; nothing else.
    SF_CHECK (!sf_utf8_has_control_in_text ("1. 检查\r\n2.\t更换", strlen ("1. 检查\r\n2.\t更换")));
    SF_CHECK (sf_utf8_has_control_in_text ("a\x01b", 3));
    SF_CHECK (sf_utf8_has_control_in_text ("a\x7f", 2));
    SF_CHECK (sf_utf8_has_control_in_text ("\xc2\x85", 2));
    SF_CHECK (!sf_utf8_has_control ("\xc2\xa0", 2));      //  U+00A0 is not

    //  Blank: nothing, or only white space and invisible padding, in any mix.
    SF_CHECK (sf_utf8_blank (NULL));
    SF_CHECK (sf_utf8_blank (""));
    SF_CHECK (sf_utf8_blank ("   "));
    SF_CHECK (sf_utf8_blank (" \t\r\n\v\f"));
    SF_CHECK (sf_utf8_blank ("\xe3\x80\x80"));              //  U+3000, the full-width space
    SF_CHECK (sf_utf8_blank ("\xe3\x80\x80 \xe3\x80\x80"));
    SF_CHECK (sf_utf8_blank ("\xc2\xa0\xc2\x85"));           //  U+00A0, U+0085
    SF_CHECK (sf_utf8_blank ("\xe1\x9a\x80\xe1\xa0\x8e"));   //  U+1680, U+180E
    SF_CHECK (sf_utf8_blank ("\xe2\x80\x80\xe2\x80\x8a\xe2\x80\x8b\xe2\x80\x8d"));   //  U+2000, U+200A, U+200B, U+200D
    SF_CHECK (sf_utf8_blank ("\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe2\x81\xa0"));
    SF_CHECK (sf_utf8_blank ("\xef\xbb\xbf "));              //  U+FEFF, a BOM, and a space
    SF_CHECK (!sf_utf8_blank ("a"));
    SF_CHECK (!sf_utf8_blank ("  .  "));
    SF_CHECK (!sf_utf8_blank ("\xe3\x80\x80安全"));
    SF_CHECK (!sf_utf8_blank ("\xe2\x80\x8e"));               //  U+200E, a direction mark: not ours to call blank
    SF_CHECK (!sf_utf8_blank (" \xff"));                      //  not UTF-8: other checks refuse it
    SF_CHECK (!sf_utf8_blank ("\xe3\x80"));                   //  cut short
    SF_CHECK (!sf_utf8_blank ("\xc0\xa0"));                   //  overlong space
    return 0;
}

/*  inspection_rules: text a handler requires (min_chars above 0) is refused when blank, in
    any of the spaces people paste; optional text may be empty.                              */
#include "inspection_rules.h"
#include "sf_testkit.h"

int
main (void)
{
    SF_CHECK (inspection_text_fits ("地面油污", 1, 10));
    SF_CHECK (!inspection_text_fits ("地面油污较多的地方", 1, 5));
    SF_CHECK (!inspection_text_fits ("", 1, 10));
    SF_CHECK (!inspection_text_fits ("   ", 1, 10));
    SF_CHECK (!inspection_text_fits ("\xe3\x80\x80", 1, 10));              //  U+3000
    SF_CHECK (!inspection_text_fits ("\xc2\xa0\xe2\x80\x8b", 1, 10));      //  U+00A0, a zero-width space
    SF_CHECK (inspection_text_fits ("", 0, 10));
    SF_CHECK (inspection_text_fits ("\xe3\x80\x80", 0, 10));               //  optional: not ours to judge
    return 0;
}

/*  gateway_files_type: the four types by their magic bytes whatever the name; SVG, text,
    GIF, short and empty content refused; references parsed (case folded) or refused.       */
#include "gateway_files_type.h"
#include "sf_testkit.h"

#include <sodium.h>

#include <string.h>

static gw_file_type_t
s_sniff (const char *bytes, size_t size)
{
    return gw_file_type_sniff ((const uint8_t *) bytes, size);
}

int
main (void)
{
    SF_CHECK (sodium_init () >= 0);
    SF_CHECK (s_sniff ("\xFF\xD8\xFF\xE0\0\x10JFIF", 10) == GW_FILE_JPEG);
    SF_CHECK (s_sniff ("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) == GW_FILE_PNG);
    SF_CHECK (s_sniff ("RIFF\x24\0\0\0WEBPVP8 ", 16) == GW_FILE_WEBP);
    SF_CHECK (s_sniff ("%PDF-1.7\n", 9) == GW_FILE_PDF);
    //  Refused: an SVG (whatever it is called), text, a GIF, a RIFF that is a WAV, too short.
    const char *svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    SF_CHECK (s_sniff (svg, strlen (svg)) == GW_FILE_NONE);
    SF_CHECK (s_sniff ("hello world", 11) == GW_FILE_NONE);
    SF_CHECK (s_sniff ("GIF89a", 6) == GW_FILE_NONE);
    SF_CHECK (s_sniff ("RIFF\x24\0\0\0WAVEfmt ", 16) == GW_FILE_NONE);
    SF_CHECK (s_sniff ("\xFF\xD8", 2) == GW_FILE_NONE);
    SF_CHECK (s_sniff ("", 0) == GW_FILE_NONE);
    //  MIME names both ways.
    SF_CHECK_STR (gw_file_type_mime (GW_FILE_PNG), "image/png");
    SF_CHECK (gw_file_type_from_mime ("application/pdf") == GW_FILE_PDF);
    SF_CHECK (gw_file_type_from_mime ("image/svg+xml") == GW_FILE_NONE);
    SF_CHECK (gw_file_type_image (GW_FILE_WEBP) && !gw_file_type_image (GW_FILE_PDF));
    //  The digest and references.
    char hex [GW_FILE_HEX_CHARS + 1];
    gw_file_sha256_hex ((const uint8_t *) "abc", 3, hex);
    SF_CHECK_STR (hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    SF_CHECK (gw_file_hex_valid (hex));
    char parsed [GW_FILE_HEX_CHARS + 1];
    SF_CHECK (gw_file_ref_parse ("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", parsed) == 0);
    SF_CHECK_STR (parsed, hex);
    SF_CHECK (gw_file_ref_parse ("https://example.com/a.jpg", parsed) < 0);
    SF_CHECK (gw_file_ref_parse ("sha256:ba7816", parsed) < 0);
    SF_CHECK (gw_file_ref_parse ("sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", parsed) < 0);
    SF_CHECK (!gw_file_hex_valid ("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    SF_CHECK (!gw_file_hex_valid ("../etc/passwd"));
    return 0;
}

/*  gateway_qr_svg: the SVG holds exactly the dark modules libqrencode gives (read back from
    its path), inside a quiet zone of 4, on white; the same text gives the same bytes; the
    title is escaped; a text too long for any version is refused.                           */
#include "gateway_qr.h"
#include "sf_testkit.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The modules the SVG's path draws, into dark [side * side]; -1 when it is not what we write.
static int
s_read_path (const char *svg, int side, unsigned char *dark)
{
    const char *d = strstr (svg, " d=\"");
    if (!d)
        return -1;
    d += 4;
    while (*d == 'M') {
        int x, y, run, back, used = 0;
        if (sscanf (d, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &back, &used) != 4 || used == 0 || run != back)
            return -1;
        if (x < 0 || y < 0 || run < 1 || x + run > side || y >= side)
            return -1;
        for (int i = 0; i < run; i++)
            dark [y * side + x + i] = 1;
        d += used;
    }
    return *d == '"'? 0: -1;
}

static void
s_modules_match (const char *text)
{
    int width = 0;
    char *svg = gw_qr_svg (text, &width);
    SF_CHECK (svg);
    QRcode *code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    SF_CHECK (code && code->width == width);
    int side = width + 2 * GW_QR_QUIET;
    char view [64];
    snprintf (view, sizeof view, "viewBox=\"0 0 %d %d\"", side, side);
    SF_CHECK (strstr (svg, view));
    SF_CHECK (strstr (svg, "<rect width=\"") && strstr (svg, "fill=\"#fff\""));
    unsigned char *dark = calloc ((size_t) (side * side), 1);
    SF_CHECK (dark && s_read_path (svg, side, dark) == 0);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int inside = x >= GW_QR_QUIET && x < GW_QR_QUIET + width && y >= GW_QR_QUIET && y < GW_QR_QUIET + width;
            int want = inside? code->data [(y - GW_QR_QUIET) * width + x - GW_QR_QUIET] & 1: 0;
            SF_CHECK (dark [y * side + x] == want);
        }
    //  The same text, the same bytes.
    char *again = gw_qr_svg (text, NULL);
    SF_CHECK_STR (again, svg);
    free (again);
    free (dark);
    QRcode_free (code);
    free (svg);
}

int
main (void)
{
    s_modules_match ("http://127.0.0.1:8080/m/#check/P01D1T1S");
    s_modules_match ("https://safety.plant.example/m/#check/A_VERY_LONG_UNIT_CODE_OF_SIXTY_FOUR_CHARACTERS_0123456789abcdef");
    //  A URL of a post is a small code: version 3 or 4 (29 or 33 modules) at level M.
    int width = 0;
    char *svg = gw_qr_svg ("http://127.0.0.1:8080/m/#check/P01D1T1S", &width);
    SF_CHECK (width >= 25 && width <= 33);
    SF_CHECK (strlen (svg) < 8000);
    free (svg);
    //  The title is escaped.
    svg = gw_qr_svg ("a<b&\"c\">", NULL);
    SF_CHECK (strstr (svg, "<title>a&lt;b&amp;&quot;c&quot;&gt;</title>"));
    free (svg);
    //  Beyond version 40 at level M (2,331 bytes): refused.
    char text [4000];
    memset (text, 'x', sizeof text - 1);
    text [sizeof text - 1] = 0;
    SF_CHECK (gw_qr_svg (text, NULL) == NULL);
    return 0;
}

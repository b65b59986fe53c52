/*  gateway_qr_svg: a QR code drawn as SVG (gateway_qr.h). Each row's runs of dark modules
    become one "M x y h n v 1 h -n z" each: a few kilobytes for a URL, crisp at any size,
    printable.                                                                               */
#include "gateway_qr.h"

#include <qrencode.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t size;
    size_t capacity;
} s_text_t;

static int
s_add (s_text_t *text, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static int
s_add (s_text_t *text, const char *format, ...)
{
    va_list args;
    for (;;) {
        size_t room = text->capacity - text->size;
        va_start (args, format);
        int length = vsnprintf (text->data + text->size, room, format, args);
        va_end (args);
        if (length < 0)
            return -1;
        if ((size_t) length < room) {
            text->size += (size_t) length;
            return 0;
        }
        size_t capacity = text->capacity * 2 + (size_t) length;
        char *grown = realloc (text->data, capacity);
        if (!grown)
            return -1;
        text->data = grown;
        text->capacity = capacity;
    }
}

//  text with & < > " escaped, for the <title>.
static int
s_add_escaped (s_text_t *out, const char *text)
{
    for (const char *c = text; *c; c++) {
        int rc = *c == '&'? s_add (out, "&amp;"): *c == '<'? s_add (out, "&lt;"): *c == '>'? s_add (out, "&gt;")
               : *c == '"'? s_add (out, "&quot;"): s_add (out, "%c", *c);
        if (rc < 0)
            return -1;
    }
    return 0;
}

char *
gw_qr_svg (const char *text, int *modules_p)
{
    QRcode *code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return NULL;
    int width = code->width;
    int side = width + 2 * GW_QR_QUIET;
    s_text_t out = { .capacity = 4096 };
    out.data = malloc (out.capacity);
    int rc = out.data? 0: -1;
    if (rc == 0)
        rc = s_add (&out,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                    "<title>", side, side);
    if (rc == 0)
        rc = s_add_escaped (&out, text);
    if (rc == 0)
        rc = s_add (&out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", side, side);
    for (int y = 0; y < width && rc == 0; y++) {
        const unsigned char *row = code->data + (size_t) y * (size_t) width;
        for (int x = 0; x < width && rc == 0; x++) {
            if (!(row [x] & 1))
                continue;
            int run = 1;
            while (x + run < width && (row [x + run] & 1))
                run++;
            rc = s_add (&out, "M%d %dh%dv1h-%dz", x + GW_QR_QUIET, y + GW_QR_QUIET, run, run);
            x += run - 1;
        }
    }
    if (rc == 0)
        rc = s_add (&out, "\"/></svg>\n");
    QRcode_free (code);
    if (rc < 0) {
        free (out.data);
        return NULL;
    }
    if (modules_p)
        *modules_p = width;
    return out.data;
}

/*  gateway_qr: QR codes of the field page's paths (README.md, "The field web and QR codes").

    GET /m/qr.svg?path=/m/%23check/<unit> (signed in) answers an SVG QR code of the absolute
    URL of that path on this gateway: what a phone's camera opens at a post or an area. Only
    paths under /m/ in a small character set are encoded, never text a caller chose freely:
    the gateway is no QR service for arbitrary content. The codes are made with libqrencode
    (error correction M, byte mode) and drawn as one SVG path of dark modules.              */
#ifndef GATEWAY_QR_H_INCLUDED
#define GATEWAY_QR_H_INCLUDED

#include <stdbool.h>

//  The longest path encoded (a unit code is at most 64 characters).
#define GW_QR_PATH_MAX 200
//  The quiet zone around the code, in modules (ISO/IEC 18004 asks for 4).
#define GW_QR_QUIET 4

//  True when path may be encoded: "/m/" then [A-Za-z0-9._~/#?=&-], at most GW_QR_PATH_MAX
//  characters, no ".." and no "//".
bool gw_qr_path_valid (const char *path);

//  True when host (a Host header) is a name or address with an optional port:
//  [A-Za-z0-9.:[]-], 1 to 255 characters.
bool gw_qr_host_valid (const char *host);

//  "http(s)://<host><path>", fresh string; NULL when host or path is not valid.
char *gw_qr_url (const char *host, bool https, const char *path);

//  The SVG of text's QR code (fresh string), its modules a viewBox of units (size + 2 quiet
//  zones) drawn black on white, with a <title> of text (escaped); NULL when libqrencode
//  refuses (text too long). *modules_p (may be NULL) gets the code's width in modules.
char *gw_qr_svg (const char *text, int *modules_p);

#endif

/*  gateway_files_type: what an attachment is, decided from its first bytes (magic numbers),
    never from its name or the client's Content-Type (README.md, "Attachments"), and the
    references to attachments ("sha256:<64 lowercase hex digits>") that findings, forms and
    evidence carry.                                                                          */
#ifndef GATEWAY_FILES_TYPE_H_INCLUDED
#define GATEWAY_FILES_TYPE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  The types taken; anything else is refused (415).
typedef enum {
    GW_FILE_NONE = 0,
    GW_FILE_JPEG,
    GW_FILE_PNG,
    GW_FILE_WEBP,
    GW_FILE_PDF
} gw_file_type_t;

#define GW_FILE_HEX_CHARS 64           //  a SHA-256 in hex
#define GW_FILE_REF_PREFIX "sha256:"

//  The type of the content by its magic bytes; GW_FILE_NONE when it is none of the four.
gw_file_type_t gw_file_type_sniff (const uint8_t *data, size_t size);
//  "image/jpeg", "image/png", "image/webp", "application/pdf"; "" for GW_FILE_NONE.
const char *gw_file_type_mime (gw_file_type_t type);
//  The type a stored MIME name stands for (GW_FILE_NONE when none).
gw_file_type_t gw_file_type_from_mime (const char *mime);
//  True for the images (decoded, thumbnailed).
bool gw_file_type_image (gw_file_type_t type);

//  True when hex is exactly 64 lowercase hex digits.
bool gw_file_hex_valid (const char *hex);
//  The digest of a reference "sha256:<hex>" (hex in either case) into hex, lowercase. 0, or
//  -1 when ref is not such a reference (a URL, an object key of another store).
int gw_file_ref_parse (const char *ref, char hex [GW_FILE_HEX_CHARS + 1]);
//  SHA-256 of data as 64 lowercase hex digits.
void gw_file_sha256_hex (const uint8_t *data, size_t size, char hex [GW_FILE_HEX_CHARS + 1]);

#endif

/*  gateway_files_type: types by magic bytes, references (gateway_files_type.h).             */
#include "gateway_files_type.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

static bool
s_starts (const uint8_t *data, size_t size, size_t at, const char *magic, size_t length)
{
    return size >= at + length && memcmp (data + at, magic, length) == 0;
}

gw_file_type_t
gw_file_type_sniff (const uint8_t *data, size_t size)
{
    if (s_starts (data, size, 0, "\xFF\xD8\xFF", 3))
        return GW_FILE_JPEG;
    if (s_starts (data, size, 0, "\x89PNG\r\n\x1A\n", 8))
        return GW_FILE_PNG;
    if (s_starts (data, size, 0, "RIFF", 4) && s_starts (data, size, 8, "WEBP", 4))
        return GW_FILE_WEBP;
    if (s_starts (data, size, 0, "%PDF-", 5))
        return GW_FILE_PDF;
    return GW_FILE_NONE;
}

static const char *const s_mime [] = {
    [GW_FILE_NONE] = "",
    [GW_FILE_JPEG] = "image/jpeg",
    [GW_FILE_PNG] = "image/png",
    [GW_FILE_WEBP] = "image/webp",
    [GW_FILE_PDF] = "application/pdf",
};

const char *
gw_file_type_mime (gw_file_type_t type)
{
    return type <= GW_FILE_PDF? s_mime [type]: "";
}

gw_file_type_t
gw_file_type_from_mime (const char *mime)
{
    for (int type = GW_FILE_JPEG; mime && type <= GW_FILE_PDF; type++)
        if (strcmp (mime, s_mime [type]) == 0)
            return (gw_file_type_t) type;
    return GW_FILE_NONE;
}

bool
gw_file_type_image (gw_file_type_t type)
{
    return type == GW_FILE_JPEG || type == GW_FILE_PNG || type == GW_FILE_WEBP;
}

bool
gw_file_hex_valid (const char *hex)
{
    if (!hex || strlen (hex) != GW_FILE_HEX_CHARS)
        return false;
    for (const char *c = hex; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    return true;
}

int
gw_file_ref_parse (const char *ref, char hex [GW_FILE_HEX_CHARS + 1])
{
    size_t prefix = strlen (GW_FILE_REF_PREFIX);
    if (!ref || strncmp (ref, GW_FILE_REF_PREFIX, prefix) != 0 || strlen (ref + prefix) != GW_FILE_HEX_CHARS)
        return -1;
    for (int i = 0; i < GW_FILE_HEX_CHARS; i++)
        hex [i] = (char) tolower ((unsigned char) ref [prefix + i]);
    hex [GW_FILE_HEX_CHARS] = 0;
    return gw_file_hex_valid (hex)? 0: -1;
}

void
gw_file_sha256_hex (const uint8_t *data, size_t size, char hex [GW_FILE_HEX_CHARS + 1])
{
    uint8_t digest [crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (digest, data, size);
    sodium_bin2hex (hex, GW_FILE_HEX_CHARS + 1, digest, sizeof digest);
}

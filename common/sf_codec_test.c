/*  sf_codec: copies never NULL, packing matches protobuf-c's own size.                      */
#include "envelope.pb-c.h"
#include "sf_codec.h"
#include "sf_testkit.h"

#include <string.h>

int
main (void)
{
    char *copy = sf_codec_strdup (NULL);
    SF_CHECK_STR (copy, "");
    free (copy);
    copy = sf_codec_strdup ("安全");
    SF_CHECK_STR (copy, "安全");
    free (copy);
    SF_CHECK_STR (sf_codec_wire (NULL), "");

    uint8_t *bytes = sf_codec_bytes (NULL, 0);
    SF_CHECK (bytes);
    free (bytes);
    const uint8_t data [] = { 0, 1, 2, 0 };
    bytes = sf_codec_bytes (data, sizeof data);
    SF_CHECK (memcmp (bytes, data, sizeof data) == 0);
    free (bytes);

    Sf__Text text = SF__TEXT__INIT;
    text.zh = sf_codec_wire ("隐患");
    text.en = sf_codec_wire ("hazard");
    size_t size;
    uint8_t *packed = sf_codec_pack (&text.base, &size);
    SF_CHECK (size == sf__text__get_packed_size (&text));
    Sf__Text *back = sf__text__unpack (NULL, size, packed);
    SF_CHECK (back);
    SF_CHECK_STR (back->zh, "隐患");
    SF_CHECK_STR (back->en, "hazard");
    sf__text__free_unpacked (back, NULL);
    free (packed);

    //  An empty message packs to zero bytes in a buffer that is still valid.
    Sf__Text empty = SF__TEXT__INIT;
    packed = sf_codec_pack (&empty.base, &size);
    SF_CHECK (packed && size == 0);
    free (packed);
    return 0;
}

/*  gateway_files_image: JPEG, PNG and WebP made here are checked and thumbnailed (longer side
    thumb_pixels, JPEG, EXIF orientation honoured); refused: a truncated JPEG, a PNG whose
    header claims 20000x20000 (before any decoding), an image over the pixel limit, a PDF or
    an SVG handed over as an image.                                                           */
#include "gateway_files_image.h"
#include "sf_testkit.h"

#include <string.h>
#include <vips/vips.h>

#define S_MAX_PIXELS 50000000
#define S_THUMB 256

typedef struct {
    void *data;
    size_t size;
} s_blob_t;

//  A width x height image in colour (a gradient, so the encoders have something to do),
//  with orientation when > 0, saved as type.
static s_blob_t
s_make (int width, int height, gw_file_type_t type, int orientation)
{
    VipsImage *x = NULL, *rgb = NULL, *image = NULL;
    SF_CHECK (vips_xyz (&x, width, height, NULL) == 0);
    SF_CHECK (vips_bandjoin_const1 (x, &rgb, 40, NULL) == 0);
    SF_CHECK (vips_cast_uchar (rgb, &image, NULL) == 0);
    if (orientation)
        vips_image_set_int (image, VIPS_META_ORIENTATION, orientation);
    s_blob_t blob = { 0 };
    int failed = type == GW_FILE_JPEG? vips_jpegsave_buffer (image, &blob.data, &blob.size, NULL)
               : type == GW_FILE_PNG? vips_pngsave_buffer (image, &blob.data, &blob.size, NULL)
               : vips_webpsave_buffer (image, &blob.data, &blob.size, NULL);
    SF_CHECK (failed == 0);
    g_object_unref (x);
    g_object_unref (rgb);
    g_object_unref (image);
    return blob;
}

static uint32_t
s_crc32 (const uint8_t *data, size_t size)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; i++) {
        crc ^= data [i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

static void
s_be32 (uint8_t *at, uint32_t value)
{
    at [0] = (uint8_t) (value >> 24);
    at [1] = (uint8_t) (value >> 16);
    at [2] = (uint8_t) (value >> 8);
    at [3] = (uint8_t) value;
}

//  A chunk of type with size bytes of data at out; returns its whole length.
static size_t
s_png_chunk (uint8_t *out, const char *type, const uint8_t *data, uint32_t size)
{
    s_be32 (out, size);
    memcpy (out + 4, type, 4);
    if (size)
        memcpy (out + 8, data, size);
    s_be32 (out + 8 + size, s_crc32 (out + 4, 4 + size));
    return 12 + size;
}

//  A PNG of width x height, 8-bit RGB, whose data is the start of a zlib stream and then
//  nothing: what a decompression bomb shows before its pixels.
static size_t
s_png_header (uint8_t *out, uint32_t width, uint32_t height)
{
    memcpy (out, "\x89PNG\r\n\x1A\n", 8);
    uint8_t header [13];
    s_be32 (header, width);
    s_be32 (header + 4, height);
    memcpy (header + 8, "\x08\x02\x00\x00\x00", 5);
    size_t size = 8 + s_png_chunk (out + 8, "IHDR", header, 13);
    const uint8_t start [16] = { 0x78, 0x9c };
    size += s_png_chunk (out + size, "IDAT", start, sizeof start);
    size += s_png_chunk (out + size, "IEND", NULL, 0);
    return size;
}

static void
s_thumb_size (const gw_image_t *image, int *width, int *height)
{
    VipsImage *thumb = NULL;
    SF_CHECK (vips_jpegload_buffer (image->thumb, image->thumb_size, &thumb, NULL) == 0);
    *width = vips_image_get_width (thumb);
    *height = vips_image_get_height (thumb);
    g_object_unref (thumb);
}

static void
s_accepts (gw_file_type_t type)
{
    s_blob_t blob = s_make (800, 600, type, 0);
    SF_CHECK (gw_file_type_sniff (blob.data, blob.size) == type);
    gw_image_t image;
    SF_CHECK (gw_image_check (blob.data, blob.size, type, S_MAX_PIXELS, S_THUMB, &image) == GW_IMAGE_OK);
    SF_CHECK (image.width == 800 && image.height == 600);
    SF_CHECK (gw_file_type_sniff (image.thumb, image.thumb_size) == GW_FILE_JPEG);
    int width, height;
    s_thumb_size (&image, &width, &height);
    SF_CHECK (width == S_THUMB && height == 192);
    gw_image_clear (&image);
    //  Over a lower pixel limit: refused from the header.
    SF_CHECK (gw_image_check (blob.data, blob.size, type, 800 * 600 - 1, S_THUMB, &image) == GW_IMAGE_TOO_MANY_PIXELS);
    SF_CHECK (image.thumb == NULL);
    g_free (blob.data);
}

int
main (void)
{
    SF_CHECK (gw_image_start () == 0);
    s_accepts (GW_FILE_JPEG);
    s_accepts (GW_FILE_PNG);
    s_accepts (GW_FILE_WEBP);

    //  EXIF orientation 6 (turned 90°): a 400x200 photo shows 200x400.
    s_blob_t turned = s_make (400, 200, GW_FILE_JPEG, 6);
    gw_image_t image;
    SF_CHECK (gw_image_check (turned.data, turned.size, GW_FILE_JPEG, S_MAX_PIXELS, S_THUMB, &image) == GW_IMAGE_OK);
    SF_CHECK (image.width == 200 && image.height == 400);
    int width, height;
    s_thumb_size (&image, &width, &height);
    SF_CHECK (width == 128 && height == S_THUMB);
    gw_image_clear (&image);
    g_free (turned.data);

    //  Transparency (RGBA PNG) flattened on white in the JPEG thumbnail.
    VipsImage *x = NULL, *clear = NULL, *rgba = NULL;
    SF_CHECK (vips_black (&x, 300, 200, "bands", 4, NULL) == 0);
    SF_CHECK (vips_cast_uchar (x, &clear, NULL) == 0);
    SF_CHECK (vips_copy (clear, &rgba, "interpretation", VIPS_INTERPRETATION_sRGB, NULL) == 0);
    s_blob_t transparent = { 0 };
    SF_CHECK (vips_pngsave_buffer (rgba, &transparent.data, &transparent.size, NULL) == 0);
    g_object_unref (x);
    g_object_unref (clear);
    g_object_unref (rgba);
    SF_CHECK (gw_image_check (transparent.data, transparent.size, GW_FILE_PNG, S_MAX_PIXELS, S_THUMB, &image)
              == GW_IMAGE_OK);
    VipsImage *shown = NULL;
    SF_CHECK (vips_jpegload_buffer (image.thumb, image.thumb_size, &shown, NULL) == 0);
    double mean = 0;
    SF_CHECK (vips_avg (shown, &mean, NULL) == 0 && mean > 250);
    SF_CHECK (vips_image_get_bands (shown) == 3);
    g_object_unref (shown);
    gw_image_clear (&image);
    g_free (transparent.data);

    //  A truncated JPEG: its first half.
    s_blob_t whole = s_make (1200, 900, GW_FILE_JPEG, 0);
    SF_CHECK (gw_image_check (whole.data, whole.size / 2, GW_FILE_JPEG, S_MAX_PIXELS, S_THUMB, &image)
              == GW_IMAGE_INVALID);
    SF_CHECK (image.thumb == NULL);
    g_free (whole.data);
    //  A truncated PNG too.
    s_blob_t png = s_make (1200, 900, GW_FILE_PNG, 0);
    SF_CHECK (gw_image_check (png.data, png.size / 2, GW_FILE_PNG, S_MAX_PIXELS, S_THUMB, &image) == GW_IMAGE_INVALID);
    g_free (png.data);

    //  The bomb: 20000x20000 claimed, refused before decoding.
    uint8_t bomb [128];
    size_t bomb_size = s_png_header (bomb, 20000, 20000);
    SF_CHECK (gw_file_type_sniff (bomb, bomb_size) == GW_FILE_PNG);
    SF_CHECK (gw_image_check (bomb, bomb_size, GW_FILE_PNG, S_MAX_PIXELS, S_THUMB, &image) == GW_IMAGE_TOO_MANY_PIXELS);
    //  Under the limit, the same header with no data is not an image.
    bomb_size = s_png_header (bomb, 100, 100);
    SF_CHECK (gw_image_check (bomb, bomb_size, GW_FILE_PNG, S_MAX_PIXELS, S_THUMB, &image) == GW_IMAGE_INVALID);

    //  Not images: an SVG and a PDF handed over as one (the loaders for them are blocked).
    const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    SF_CHECK (gw_image_check ((const uint8_t *) svg, strlen (svg), GW_FILE_PNG, S_MAX_PIXELS, S_THUMB, &image)
              == GW_IMAGE_INVALID);
    SF_CHECK (gw_image_check ((const uint8_t *) "%PDF-1.4\n", 9, GW_FILE_PDF, S_MAX_PIXELS, S_THUMB, &image)
              == GW_IMAGE_INVALID);
    //  Nor does libvips's own sniffing reach its SVG loader.
    SF_CHECK (vips_image_new_from_buffer ((void *) svg, strlen (svg), "", NULL) == NULL);
    vips_error_clear ();
    gw_image_stop ();
    return 0;
}

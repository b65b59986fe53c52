/*  gateway_files_image: libvips, limited (gateway_files_image.h).                          */
#include "gateway_files_image.h"
#include "sf_log.h"

#include <string.h>
#include <vips/vips.h>

//  The loaders allowed, by their libvips class names (8.14).
static const char *const s_loaders [] = {
    "VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer", "VipsForeignLoadWebpBuffer", NULL
};

int
gw_image_start (void)
{
    if (VIPS_INIT ("sf-gateway")) {
        sf_error ("gateway: libvips does not start: %s", vips_error_buffer ());
        vips_error_clear ();
        return -1;
    }
    vips_cache_set_max (0);
    vips_cache_set_max_mem (0);
    vips_cache_set_max_files (0);
    vips_concurrency_set (1);
    vips_operation_block_set ("VipsForeignLoad", TRUE);
    for (int i = 0; s_loaders [i]; i++)
        vips_operation_block_set (s_loaders [i], FALSE);
    return 0;
}

void
gw_image_stop (void)
{
    vips_shutdown ();
}

//  The header alone (libvips decodes lazily): the image's size before any pixel is read.
static VipsImage *
s_header (const uint8_t *data, size_t size, gw_file_type_t type)
{
    VipsImage *image = NULL;
    int failed = -1;
    if (type == GW_FILE_JPEG)
        failed = vips_jpegload_buffer ((void *) data, size, &image, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    else
    if (type == GW_FILE_PNG)
        failed = vips_pngload_buffer ((void *) data, size, &image, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    else
    if (type == GW_FILE_WEBP)
        failed = vips_webpload_buffer ((void *) data, size, &image, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    return failed? NULL: image;
}

gw_image_result_t
gw_image_check (const uint8_t *data, size_t size, gw_file_type_t type, int64_t max_pixels, int thumb_pixels,
                gw_image_t *out)
{
    memset (out, 0, sizeof *out);
    if (!gw_file_type_image (type))
        return GW_IMAGE_INVALID;
    gw_image_result_t result = GW_IMAGE_INVALID;
    VipsImage *header = s_header (data, size, type);
    if (!header) {
        sf_info ("gateway: an upload's %s header does not read: %s", gw_file_type_mime (type), vips_error_buffer ());
        goto done;
    }
    int width = vips_image_get_width (header), height = vips_image_get_height (header);
    bool swap = vips_image_get_orientation_swap (header);
    g_object_unref (header);
    if (width <= 0 || height <= 0)
        goto done;
    if ((int64_t) width * height > max_pixels) {
        sf_info ("gateway: an upload of %dx%d pixels refused (more than %lld)", width, height, (long long) max_pixels);
        result = GW_IMAGE_TOO_MANY_PIXELS;
        goto done;
    }
    //  fail_on as an option string: libvips 8.14 passes the direct option on to the loader
    //  too late for some truncated JPEGs (tried: the thumbnail was made from half a file).
    VipsImage *thumb = NULL;
    if (vips_thumbnail_buffer ((void *) data, size, &thumb, thumb_pixels, "option_string", "fail_on=warning",
                               NULL)) {
        sf_info ("gateway: an upload's %s does not decode: %s", gw_file_type_mime (type), vips_error_buffer ());
        goto done;
    }
    //  A JPEG has no transparency: a transparent PNG or WebP shows on white, as on a page.
    if (vips_image_hasalpha (thumb)) {
        VipsImage *flat = NULL;
        VipsArrayDouble *white = vips_array_double_newv (1, 255.0);
        int failed = vips_flatten (thumb, &flat, "background", white, NULL);
        vips_area_unref (VIPS_AREA (white));
        g_object_unref (thumb);
        if (failed) {
            sf_info ("gateway: an upload's %s does not decode: %s", gw_file_type_mime (type), vips_error_buffer ());
            goto done;
        }
        thumb = flat;
    }
    void *buffer = NULL;
    size_t length = 0;
    int failed = vips_jpegsave_buffer (thumb, &buffer, &length, "Q", 80, "strip", TRUE, NULL);
    g_object_unref (thumb);
    if (failed) {
        //  Decoding is lazy: a damaged image fails here, as its pixels are read.
        sf_info ("gateway: an upload's %s does not decode: %s", gw_file_type_mime (type), vips_error_buffer ());
        goto done;
    }
    out->width = swap? height: width;
    out->height = swap? width: height;
    out->thumb = buffer;
    out->thumb_size = length;
    result = GW_IMAGE_OK;
done:
    vips_error_clear ();
    //  The calling thread's buffers go back now: the HTTP pool's threads live long.
    vips_thread_shutdown ();
    return result;
}

void
gw_image_clear (gw_image_t *image)
{
    g_free (image->thumb);
    memset (image, 0, sizeof *image);
}

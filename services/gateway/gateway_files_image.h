/*  gateway_files_image: images checked and thumbnailed with libvips 8.14 (README.md,
    "Attachments"; docs/design/issue16-screens-field-web.md, "Tried first").

    Only the JPEG, PNG and WebP loaders may run (every other loader blocked: no SVG, no
    ImageMagick, no PDF renderer behind a renamed file). The header is read first and an
    image of more than max_pixels is refused before anything is decoded; then the whole
    image is decoded with fail_on=warning (a truncated file is refused) into a JPEG
    thumbnail whose longer side is thumb_pixels, turned as its EXIF orientation says.
    libvips runs with its cache off and one thread per operation (the VM has 2 cores and the
    HTTP pool its own threads).                                                             */
#ifndef GATEWAY_FILES_IMAGE_H_INCLUDED
#define GATEWAY_FILES_IMAGE_H_INCLUDED

#include "gateway_files_type.h"

#include <stddef.h>
#include <stdint.h>

//  Starts libvips for the process (once, before any gw_image_check). 0, or -1 (logged).
int gw_image_start (void);
//  Stops it (after the last gw_image_check).
void gw_image_stop (void);

typedef enum {
    GW_IMAGE_OK = 0,
    GW_IMAGE_TOO_MANY_PIXELS,        //  refused from the header alone
    GW_IMAGE_INVALID                 //  not a whole, well-formed image of its type
} gw_image_result_t;

typedef struct {
    int width;                       //  as shown (after the EXIF orientation)
    int height;
    uint8_t *thumb;                  //  JPEG, g_free'd by gw_image_clear
    size_t thumb_size;
} gw_image_t;

//  Checks data, an image of type (by its magic bytes), and makes its thumbnail. On
//  GW_IMAGE_OK image is filled (gw_image_clear frees it); otherwise it is left empty.
gw_image_result_t gw_image_check (const uint8_t *data, size_t size, gw_file_type_t type, int64_t max_pixels,
                                  int thumb_pixels, gw_image_t *image);
void gw_image_clear (gw_image_t *image);

#endif

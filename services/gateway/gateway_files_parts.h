/*  gateway_files_parts: what the files of the attachments part share (gateway_files.c,
    gateway_files_upload.c, gateway_files_serve.c).                                          */
#ifndef GATEWAY_FILES_PARTS_H_INCLUDED
#define GATEWAY_FILES_PARTS_H_INCLUDED

#include "gateway.h"

#include <stdint.h>

#define GW_FILES_PATH "/api/v1/files"            //  POST: upload
#define GW_FILES_PREFIX "/api/v1/files/"         //  GET, HEAD: /api/v1/files/<sha256 hex>

typedef struct {
    int64_t max_file_bytes;          //  gateway.max_file_bytes
    int64_t max_file_pixels;         //  gateway.max_file_pixels
    int thumb_pixels;                //  gateway.thumb_pixels
} gw_files_t;

//  POST /api/v1/files (state is the gateway's).
void gw_files_upload (gw_req_t *req, void *state);
//  GET and HEAD /api/v1/files/<hex>[?thumb=1].
void gw_files_serve (gw_req_t *req, void *state);

#endif

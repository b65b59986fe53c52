/*  gateway_files_upload: POST /api/v1/files (README.md, "Attachments"). The raw body is the
    file. Its type comes from its first bytes; the request's Content-Type is not believed
    (a phone names a PNG image/jpeg as readily as anything) and serves only the CSRF rule of
    a cookie session. The same bytes are one file whoever sends them, however often.        */
#include "gateway_files_image.h"
#include "gateway_files_parts.h"
#include "gateway_files_store.h"
#include "gateway_problem.h"
#include "gateway_session.h"
#include "sf_clock.h"
#include "sf_json.h"
#include "sf_log.h"

#include <stdio.h>
#include <string.h>

//  Any signed-in account may attach a photo to what it reports, except the wall screens'
//  read-only accounts (an account holding only the role screen).
static bool
s_may_upload (const gw_who_t *who)
{
    if (who->role_count == 0)
        return true;                 //  the implicit worker on the employee's unit
    for (size_t i = 0; i < who->role_count; i++)
        if (strcmp (who->roles [i], "screen") != 0)
            return true;
    return false;
}

static void
s_answer (gw_req_t *req, const gw_blob_info_t *info, bool created)
{
    char ref [sizeof GW_FILE_REF_PREFIX + GW_FILE_HEX_CHARS];
    snprintf (ref, sizeof ref, GW_FILE_REF_PREFIX "%s", info->sha256);
    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    sf_json_key_string (json, "ref", ref);
    sf_json_key_string (json, "type", gw_file_type_mime (info->type));
    sf_json_key_int (json, "size", info->size);
    sf_json_key_int (json, "width", info->width);
    sf_json_key_int (json, "height", info->height);
    sf_json_object_end (json);
    gw_req_add_header (req, "Cache-Control", "no-store");
    char location [sizeof GW_FILES_PREFIX + GW_FILE_HEX_CHARS];
    snprintf (location, sizeof location, GW_FILES_PREFIX "%s", info->sha256);
    gw_req_add_header (req, "Location", location);
    gw_req_respond (req, created? 201: 200, "application/json", sf_json_text (json), sf_json_size (json));
    sf_json_destroy (&json);
}

static void
s_unavailable (gw_req_t *req, sf_db_t *db)
{
    sf_warn ("gateway: storing an upload: %s", db? sf_db_error (db): "no database");
    gw_problem_http (req, 503, "unavailable", "附件暂时无法保存，请稍后重试", "The file cannot be stored now; try again later",
                     1000);
}

//  Checks, decodes and stores the body as who's upload; answers req.
static void
s_store (gw_state_t *state, gw_req_t *req, const gw_who_t *who)
{
    const gw_files_t *files = state->files;
    size_t size;
    const uint8_t *data = (const uint8_t *) gw_req_body (req, &size);
    gw_blob_info_t info = { .type = gw_file_type_sniff (data, size), .size = (int64_t) size };
    if (info.type == GW_FILE_NONE) {
        sf_info ("gateway: an upload of %zu bytes by %s refused: not JPEG, PNG, WebP or PDF", size, who->login);
        gw_problem_http (req, 415, "invalid_argument", "只接受 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容判断）",
                         "Only JPEG, PNG or WebP images and PDF files are taken (judged by the content)", 0);
        return;
    }
    gw_file_sha256_hex (data, size, info.sha256);
    sf_db_t *db = gw_db (state);
    int64_t now = sf_clock_now_ms ();
    //  Known bytes: nothing to decode again.
    int known = db? gw_files_store_find (db, &info): -1;
    if (known < 0) {
        s_unavailable (req, db);
        return;
    }
    if (known) {
        if (gw_files_store_note_uploader (db, info.sha256, who->login, now) < 0) {
            s_unavailable (req, db);
            return;
        }
        s_answer (req, &info, false);
        return;
    }
    gw_image_t image = { 0 };
    if (gw_file_type_image (info.type)) {
        gw_image_result_t result = gw_image_check (data, size, info.type, files->max_file_pixels, files->thumb_pixels,
                                                   &image);
        if (result == GW_IMAGE_TOO_MANY_PIXELS) {
            char zh [128], en [128];
            snprintf (zh, sizeof zh, "图片像素过多（上限 %lld 像素）", (long long) files->max_file_pixels);
            snprintf (en, sizeof en, "The image has too many pixels (at most %lld)", (long long) files->max_file_pixels);
            gw_problem_http (req, 413, "resource_exhausted", zh, en, 0);
            return;
        }
        if (result != GW_IMAGE_OK) {
            gw_problem_http (req, 415, "invalid_argument", "图片已损坏或不完整，无法读取",
                             "The image is damaged or incomplete and cannot be read", 0);
            return;
        }
        info.width = image.width;
        info.height = image.height;
    }
    int created = gw_files_store_put (db, &info, data, image.thumb, image.thumb_size, who->login, now);
    gw_image_clear (&image);
    if (created < 0) {
        s_unavailable (req, db);
        return;
    }
    if (created)
        sf_info ("gateway: file sha256:%s (%s, %zu bytes) uploaded by %s", info.sha256, gw_file_type_mime (info.type),
                 size, who->login);
    s_answer (req, &info, created);
}

void
gw_files_upload (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    if (strcmp (gw_req_method (req), "POST") != 0) {
        gw_req_add_header (req, "Allow", "POST");
        gw_problem_http (req, 405, "unimplemented", "上传附件请用 POST", "Upload a file with POST", 0);
        return;
    }
    gw_who_t who = { 0 };
    if (gw_session_authenticate (state, req, &who) < 0)
        return;
    if (!s_may_upload (&who)) {
        sf_info ("gateway: an upload by %s refused: a screen account is read-only", who.login);
        gw_problem_http (req, 403, "permission_denied", "大屏账号只读，不能上传附件",
                         "A screen account is read-only: it cannot upload files", 0);
    }
    else
        s_store (state, req, &who);
    gw_who_clear (&who);
}

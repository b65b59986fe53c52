/*  gateway_files_serve: GET and HEAD /api/v1/files/<sha256 hex>[?thumb=1] (README.md,
    "Attachments"). A file is served to its uploaders (they had the bytes), and to an account
    that may read an object linking it: the account's plants must hold such a link, then the
    daemon owning the object decides, asked as the account (gateway_files_scope.h). Anyone
    else, and any name that is no file, gets the same 404: whether a file exists is never
    told; a daemon that does not answer gives 503, never the file. The bytes never change
    under a name (it is their digest): cached privately for ever.                           */
#include "gateway_files_parts.h"
#include "gateway_files_scope.h"
#include "gateway_files_store.h"
#include "gateway_problem.h"
#include "gateway_session.h"
#include "sf_log.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
s_not_found (gw_req_t *req)
{
    gw_problem_http (req, 404, "not_found", "没有这个附件，或无权查看", "No such file, or not yours to see", 0);
}

//  True when the request's If-None-Match names etag (or is "*").
static bool
s_not_modified (gw_req_t *req, const char *etag)
{
    const char *match = gw_req_header (req, "If-None-Match");
    return match && (strstr (match, etag) || strcmp (match, "*") == 0);
}

static void
s_headers (gw_req_t *req, gw_file_type_t type, const char *etag, const char *hex, bool thumb)
{
    gw_req_add_header (req, "ETag", etag);
    gw_req_add_header (req, "Cache-Control", "private, max-age=31536000, immutable");
    gw_req_add_header (req, "X-Content-Type-Options", "nosniff");
    //  A PDF is saved, never shown in our origin (it could carry script for a viewer).
    char disposition [128];
    if (type == GW_FILE_PDF && !thumb)
        snprintf (disposition, sizeof disposition, "attachment; filename=\"%.16s.pdf\"", hex);
    else
        snprintf (disposition, sizeof disposition, "inline");
    gw_req_add_header (req, "Content-Disposition", disposition);
    gw_req_add_header (req, "Content-Security-Policy", "default-src 'none'; sandbox");
}

typedef struct {
    gw_state_t *state;
    char hex [GW_FILE_HEX_CHARS + 1];
    char login [65];
    bool thumb;
    bool head;
} s_serve_t;

static void
s_unavailable (gw_req_t *req)
{
    gw_problem_http (req, 503, "unavailable", "附件暂时无法读取，请稍后重试", "The file cannot be read now; try again later",
                     1000);
}

//  Answers with the file, read as login that may read it: any link grants it (linked), else
//  only an upload of login's.
static void
s_send_file (gw_req_t *req, const s_serve_t *serve, bool linked)
{
    gw_who_t reader = { .company = linked };
    snprintf (reader.login, sizeof reader.login, "%s", serve->login);
    sf_db_t *db = gw_db (serve->state);
    gw_file_type_t type = GW_FILE_NONE;
    uint8_t *data = NULL;
    size_t size = 0;
    int found = db? gw_files_store_read (db, serve->hex, serve->thumb, &reader, &type, serve->head? NULL: &data, &size): -1;
    if (found < 0) {
        sf_warn ("gateway: reading file %s for %s: %s", serve->hex, serve->login, db? sf_db_error (db): "no database");
        s_unavailable (req);
    }
    else
    if (!found || (!serve->head && !data))
        s_not_found (req);
    else {
        char etag [GW_FILE_HEX_CHARS + 8];
        snprintf (etag, sizeof etag, "\"%s%s\"", serve->hex, serve->thumb? "-t": "");
        s_headers (req, type, etag, serve->hex, serve->thumb);
        if (s_not_modified (req, etag))
            gw_req_respond (req, 304, NULL, "", 0);
        else
        if (serve->head) {
            //  libmicrohttpd sends no body for HEAD, but the length of the one it was given.
            char *blank = calloc (1, size? size: 1);
            gw_req_respond (req, 200, gw_file_type_mime (type), blank, size);
            free (blank);
        }
        else
            gw_req_respond (req, 200, gw_file_type_mime (type), (const char *) data, size);
    }
    free (data);
}

//  The daemons' verdict on the objects linking the file (a pool thread).
static void
s_verdict (gw_req_t *req, gw_files_verdict_t verdict, void *arg)
{
    s_serve_t *serve = arg;
    if (verdict == GW_FILES_GRANTED)
        s_send_file (req, serve, true);
    else
    if (verdict == GW_FILES_UNAVAILABLE)
        s_unavailable (req);
    else
        s_not_found (req);
}

void
gw_files_serve (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    const char *method = gw_req_method (req);
    bool head = strcmp (method, "HEAD") == 0;
    if (!head && strcmp (method, "GET") != 0) {
        gw_req_add_header (req, "Allow", "GET, HEAD");
        gw_problem_http (req, 405, "unimplemented", "附件只能用 GET 读取", "A file is read with GET", 0);
        return;
    }
    gw_who_t who = { 0 };
    if (gw_session_authenticate (state, req, &who) < 0)
        return;
    const char *hex = gw_req_path (req) + strlen (GW_FILES_PREFIX);
    const char *thumb_arg = gw_req_query (req, "thumb");
    bool thumb = thumb_arg && (strcmp (thumb_arg, "1") == 0 || strcmp (thumb_arg, "true") == 0);
    if (!gw_file_hex_valid (hex)) {
        gw_who_clear (&who);
        s_not_found (req);
        return;
    }
    s_serve_t *serve = calloc (1, sizeof *serve);
    assert (serve);
    serve->state = state;
    snprintf (serve->hex, sizeof serve->hex, "%s", hex);
    snprintf (serve->login, sizeof serve->login, "%s", who.login);
    serve->thumb = thumb;
    serve->head = head;
    sf_db_t *db = gw_db (state);
    gw_file_scope_t scope;
    if (!db || gw_files_scope_find (db, hex, &who, &scope) < 0) {
        sf_warn ("gateway: who reads file %s for %s: %s", hex, who.login, db? sf_db_error (db): "no database");
        s_unavailable (req);
        free (serve);
    }
    else
    if (scope.uploader) {
        s_send_file (req, serve, scope.linked);
        free (serve);
    }
    else
    if (scope.count == 0) {
        s_not_found (req);
        free (serve);
    }
    else
        gw_files_scope_ask (state, req, who.login, &scope, s_verdict, serve, free);
    gw_who_clear (&who);
}

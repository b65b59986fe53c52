/*  gateway_files_serve: GET and HEAD /api/v1/files/<sha256 hex>[?thumb=1] (README.md,
    "Attachments"). A file is served to an account whose plants hold an object linking it,
    or to its uploaders while nothing links it; anyone else, and any name that is no file,
    gets the same 404: whether a file exists is never told. The bytes never change under a
    name (it is their digest): cached privately for ever.                                    */
#include "gateway_files_parts.h"
#include "gateway_files_store.h"
#include "gateway_problem.h"
#include "gateway_session.h"
#include "sf_log.h"

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
    sf_db_t *db = gw_db (state);
    gw_file_type_t type = GW_FILE_NONE;
    uint8_t *data = NULL;
    size_t size = 0;
    int found = db? gw_files_store_read (db, hex, thumb, &who, &type, head? NULL: &data, &size): -1;
    if (found < 0) {
        sf_warn ("gateway: reading file %s for %s: %s", hex, who.login, db? sf_db_error (db): "no database");
        gw_problem_http (req, 503, "unavailable", "附件暂时无法读取，请稍后重试", "The file cannot be read now; try again later",
                         1000);
    }
    else
    if (!found || (!head && !data))
        s_not_found (req);
    else {
        char etag [GW_FILE_HEX_CHARS + 8];
        snprintf (etag, sizeof etag, "\"%s%s\"", hex, thumb? "-t": "");
        s_headers (req, type, etag, hex, thumb);
        if (s_not_modified (req, etag))
            gw_req_respond (req, 304, NULL, "", 0);
        else
        if (head) {
            //  libmicrohttpd sends no body for HEAD, but the length of the one it was given.
            char *blank = calloc (1, size? size: 1);
            gw_req_respond (req, 200, gw_file_type_mime (type), blank, size);
            free (blank);
        }
        else
            gw_req_respond (req, 200, gw_file_type_mime (type), (const char *) data, size);
    }
    free (data);
    gw_who_clear (&who);
}

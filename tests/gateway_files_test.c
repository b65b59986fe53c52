/*  Attachments of the gateway (services/gateway/README.md, "Attachments"), black-box over
    HTTP: a JPEG and a PNG uploaded give a ref "sha256:<hex>" and a thumbnail; the same bytes
    twice are one row (201 then 200); a PNG sent as image/jpeg is stored as the PNG it is;
    a truncated JPEG, a PNG claiming 20000x20000, an SVG named a JPEG and a text file are
    refused and store nothing; more than gateway.max_file_bytes is 413 while a file over
    the server's 1 MiB body limit (a PDF) is taken; no session is 401, a screen account 403;
    the CSRF rule: the cookie with text/plain, no type, a foreign Origin or Sec-Fetch-Site
    cross-site is refused, the cookie with image/jpeg from the page's own origin is taken.
    Reading: before anything links a file only its uploader reads it; a finding reported
    with the ref links it, then whoever inspection.GetFinding lets read the finding reads it
    (and the thumbnail): the team's leader and worker, the plant's manager, the company's
    EHS; a worker of another team of the plant (worker2) and an account of plant Q get 404
    for both. An evidence photo (rectification.GetForm decides) likewise, and
    its uploader reads it though the form is not in its scope; with rectification stopped
    it is 503, never the file, and served again once it is back. HEAD, ETag and 304; a
    gateway restart keeps all of it.                                                         */
#include "gateway_testlib.h"

#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_FILES "/api/v1/files"
#define S_MAX_FILE_BYTES 2097152     //  over the server's max_body_bytes (1 MiB)

static gt_stack_t s_stack;

typedef struct {
    char *data;
    size_t size;
} s_blob_t;

static s_blob_t
s_fixture (const char *name)
{
    char path [1024];
    snprintf (path, sizeof path, "%s/tests/fixtures/%s", sf_test_env ("SF_SOURCE_DIR"), name);
    FILE *file = fopen (path, "rb");
    SF_CHECK (file);
    s_blob_t blob = { 0 };
    SF_CHECK (fseek (file, 0, SEEK_END) == 0);
    blob.size = (size_t) ftell (file);
    rewind (file);
    blob.data = malloc (blob.size);
    SF_CHECK (blob.data && fread (blob.data, 1, blob.size, file) == blob.size);
    fclose (file);
    return blob;
}

static size_t
s_collect (char *data, size_t size, size_t count, void *arg)
{
    s_blob_t *buffer = arg;
    size_t bytes = size * count;
    char *grown = realloc (buffer->data, buffer->size + bytes + 1);
    SF_CHECK (grown);
    buffer->data = grown;
    memcpy (buffer->data + buffer->size, data, bytes);
    buffer->size += bytes;
    buffer->data [buffer->size] = 0;
    return bytes;
}

//  POST /api/v1/files with size bytes of data and headers (NULL-terminated "Name: value").
static gt_response_t
s_upload (const char *const *headers, const void *data, size_t size)
{
    s_blob_t out = { 0 }, head = { 0 };
    CURL *curl = curl_easy_init ();
    SF_CHECK (curl);
    char url [256];
    snprintf (url, sizeof url, "%s" S_FILES, s_stack.url);
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_POST, 1L);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, data);
    curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_HEADERDATA, &head);
    struct curl_slist *list = NULL;
    bool typed = false;
    for (int i = 0; headers && headers [i]; i++) {
        list = curl_slist_append (list, headers [i]);
        typed = typed || strncasecmp (headers [i], "Content-Type:", 13) == 0;
    }
    //  libcurl would say application/x-www-form-urlencoded: "Content-Type:" sends none.
    if (!typed)
        list = curl_slist_append (list, "Content-Type:");
    list = curl_slist_append (list, "Expect:");
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
    gt_response_t response = { 0 };
    if (curl_easy_perform (curl) == CURLE_OK)
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all (list);
    curl_easy_cleanup (curl);
    response.headers = head.data? head.data: strdup ("");
    response.body = out.data? out.data: strdup ("");
    response.body_size = out.size;
    return response;
}

static char *
s_bearer (const char *token)
{
    char *header = malloc (strlen (token) + 32);
    sprintf (header, "Authorization: Bearer %s", token);
    return header;
}

//  An upload by token as type (NULL: none); the status, the ref in ref (when 200/201).
static long
s_upload_as (const char *token, const char *type, const s_blob_t *blob, char ref [80], char **body)
{
    char *authorization = s_bearer (token);
    char content_type [96];
    snprintf (content_type, sizeof content_type, "Content-Type: %s", type? type: "");
    const char *headers [] = { authorization, content_type, NULL };
    gt_response_t response = s_upload (headers, blob->data, blob->size);
    free (authorization);
    long status = response.status;
    if (ref) {
        ref [0] = 0;
        const char *at = strstr (response.body, "\"ref\":\"");
        if (at)
            snprintf (ref, 80, "%.71s", at + 7);
    }
    if (body)
        *body = strdup (response.body);
    if (status >= 400 && status != 413 && status != 415 && status != 401 && status != 403)
        fprintf (stderr, "upload: %ld %s\n", status, response.body);
    gt_response_clear (&response);
    return status;
}

static int64_t
s_count (const char *sql, const char *param)
{
    const char *values [] = { param };
    sf_rows_t *rows = sf_db_query (s_stack.db, sql, param? 1: 0, param? values: NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

//  GET (or HEAD) /api/v1/files/<hex of ref>[?thumb=1] by token.
static gt_response_t
s_get (const char *method, const char *token, const char *ref, bool thumb, const char *extra)
{
    char path [256];
    snprintf (path, sizeof path, S_FILES "/%s%s", ref + strlen ("sha256:"), thumb? "?thumb=1": "");
    char *authorization = s_bearer (token);
    const char *headers [] = { authorization, extra, NULL };
    gt_response_t response = gt_http (&s_stack, method, path, headers, NULL, 0);
    free (authorization);
    return response;
}

//  HEAD /api/v1/files/<hex of ref> by token (libcurl waits for no body).
static gt_response_t
s_head (const char *token, const char *ref)
{
    s_blob_t out = { 0 }, head = { 0 };
    CURL *curl = curl_easy_init ();
    SF_CHECK (curl);
    char url [256];
    snprintf (url, sizeof url, "%s" S_FILES "/%s", s_stack.url, ref + strlen ("sha256:"));
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_HEADERDATA, &head);
    char *authorization = s_bearer (token);
    struct curl_slist *list = curl_slist_append (NULL, authorization);
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
    gt_response_t response = { 0 };
    if (curl_easy_perform (curl) == CURLE_OK)
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all (list);
    curl_easy_cleanup (curl);
    free (authorization);
    response.headers = head.data? head.data: strdup ("");
    response.body = out.data? out.data: strdup ("");
    response.body_size = out.size;
    return response;
}

static long
s_read_status (const char *token, const char *ref, bool thumb)
{
    gt_response_t response = s_get ("GET", token, ref, thumb, NULL);
    long status = response.status;
    if (status == 404)
        SF_CHECK (strstr (response.body, "not_found"));
    gt_response_clear (&response);
    return status;
}

static void
s_check_header (const gt_response_t *response, const char *name, const char *value)
{
    char *got = gt_response_header (response, name);
    if (!got || !strstr (got, value))
        fprintf (stderr, "header %s: '%s', expected '%s'\n", name, got? got: "(none)", value);
    SF_CHECK (got && strstr (got, value));
    free (got);
}

static uint32_t
s_crc32 (const unsigned char *data, size_t size)
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
s_be32 (unsigned char *at, uint32_t value)
{
    at [0] = (unsigned char) (value >> 24);
    at [1] = (unsigned char) (value >> 16);
    at [2] = (unsigned char) (value >> 8);
    at [3] = (unsigned char) value;
}

static size_t
s_png_chunk (unsigned char *out, const char *type, const unsigned char *data, uint32_t size)
{
    s_be32 (out, size);
    memcpy (out + 4, type, 4);
    if (size)
        memcpy (out + 8, data, size);
    s_be32 (out + 8 + size, s_crc32 (out + 4, 4 + size));
    return 12 + size;
}

//  A decompression bomb's opening: a PNG header claiming width x height, then hardly any data.
static size_t
s_png_bomb (unsigned char *out, uint32_t width, uint32_t height)
{
    memcpy (out, "\x89PNG\r\n\x1A\n", 8);
    unsigned char header [13];
    s_be32 (header, width);
    s_be32 (header + 4, height);
    memcpy (header + 8, "\x08\x02\x00\x00\x00", 5);
    size_t size = 8 + s_png_chunk (out + 8, "IHDR", header, 13);
    const unsigned char start [16] = { 0x78, 0x9c };
    size += s_png_chunk (out + size, "IDAT", start, sizeof start);
    return size + s_png_chunk (out + size, "IEND", NULL, 0);
}

static char s_jpeg_ref [80], s_png_ref [80];

static void
s_uploads (void)
{
    char *worker = gt_login (&s_stack, "worker");
    char *leader = gt_login (&s_stack, "leader");
    s_blob_t jpeg = s_fixture ("gateway_files_photo.jpg");
    s_blob_t png = s_fixture ("gateway_files_photo.png");

    //  A JPEG (EXIF orientation 6: 640x480 shown 480x640): ref, size, thumbnail.
    char *body = NULL;
    SF_CHECK (s_upload_as (worker, "image/jpeg", &jpeg, s_jpeg_ref, &body) == 201);
    SF_CHECK (strncmp (s_jpeg_ref, "sha256:", 7) == 0 && strlen (s_jpeg_ref) == 71);
    SF_CHECK (strstr (body, "\"type\":\"image/jpeg\"") && strstr (body, "\"width\":480")
              && strstr (body, "\"height\":640"));
    free (body);
    const char *hex = s_jpeg_ref + 7;
    SF_CHECK (s_count ("SELECT count(*) FROM blob WHERE sha256 = $1 AND encode (sha256 (data), 'hex') = sha256 "
                       "AND thumb IS NOT NULL AND uploaded_by = 'worker'", hex) == 1);
    //  The same bytes again (by another account too): the same row, 200.
    char again [80];
    SF_CHECK (s_upload_as (worker, "image/jpeg", &jpeg, again, NULL) == 200);
    SF_CHECK_STR (again, s_jpeg_ref);
    SF_CHECK (s_upload_as (leader, "image/jpeg", &jpeg, again, NULL) == 200);
    SF_CHECK (s_count ("SELECT count(*) FROM blob WHERE sha256 = $1", hex) == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM blob_uploader WHERE sha256 = $1", hex) == 2);

    //  A PNG sent as image/jpeg: the content decides.
    SF_CHECK (s_upload_as (leader, "image/jpeg", &png, s_png_ref, &body) == 201);
    SF_CHECK (strstr (body, "\"type\":\"image/png\"") && strstr (body, "\"width\":320"));
    free (body);
    SF_CHECK (s_count ("SELECT count(*) FROM blob WHERE sha256 = $1 AND type = 'image/png'", s_png_ref + 7) == 1);

    //  Refused, nothing stored: a truncated JPEG, a pixel bomb, an SVG named a JPEG, text.
    int64_t blobs = s_count ("SELECT count(*) FROM blob", NULL);
    s_blob_t half = { jpeg.data, jpeg.size / 2 };
    SF_CHECK (s_upload_as (worker, "image/jpeg", &half, NULL, &body) == 415);
    SF_CHECK (strstr (body, "reason_zh") && strstr (body, "reason_en"));
    free (body);
    unsigned char bomb [128];
    s_blob_t bomb_blob = { (char *) bomb, s_png_bomb (bomb, 20000, 20000) };
    SF_CHECK (s_upload_as (worker, "image/png", &bomb_blob, NULL, NULL) == 413);
    const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>";
    s_blob_t svg_blob = { (char *) svg, strlen (svg) };
    SF_CHECK (s_upload_as (worker, "image/jpeg", &svg_blob, NULL, NULL) == 415);
    s_blob_t text = { "just some text\n", 15 };
    SF_CHECK (s_upload_as (worker, "application/octet-stream", &text, NULL, NULL) == 415);
    s_blob_t empty = { "", 0 };
    SF_CHECK (s_upload_as (worker, "image/jpeg", &empty, NULL, NULL) == 415);
    //  Over gateway.max_file_bytes: 413; a PDF over the server's 1 MiB is taken.
    s_blob_t big = { calloc (1, S_MAX_FILE_BYTES + 1), S_MAX_FILE_BYTES + 1 };
    memcpy (big.data, "\xFF\xD8\xFF", 3);
    SF_CHECK (s_upload_as (worker, "image/jpeg", &big, NULL, NULL) == 413);
    SF_CHECK (s_count ("SELECT count(*) FROM blob", NULL) == blobs);
    s_blob_t pdf = { big.data, 1536 * 1024 };
    memcpy (pdf.data, "%PDF-1.4\n", 9);
    char pdf_ref [80];
    SF_CHECK (s_upload_as (worker, "application/pdf", &pdf, pdf_ref, &body) == 201);
    SF_CHECK (strstr (body, "\"type\":\"application/pdf\"") && strstr (body, "\"size\":1572864"));
    free (body);
    gt_response_t response = s_get ("GET", worker, pdf_ref, false, NULL);
    SF_CHECK (response.status == 200 && response.body_size == pdf.size);
    s_check_header (&response, "Content-Type", "application/pdf");
    s_check_header (&response, "Content-Disposition", "attachment");
    gt_response_clear (&response);
    SF_CHECK (s_read_status (worker, pdf_ref, true) == 404);       //  a PDF has no thumbnail
    free (big.data);

    //  No session: 401; a screen account: 403.
    const char *anonymous [] = { "Content-Type: image/jpeg", NULL };
    response = s_upload (anonymous, jpeg.data, jpeg.size);
    SF_CHECK (response.status == 401);
    gt_response_clear (&response);
    char *screen = gt_login (&s_stack, "screen");
    SF_CHECK (s_upload_as (screen, "image/png", &png, NULL, NULL) == 403);
    free (screen);
    free (jpeg.data);
    free (png.data);
    free (worker);
    free (leader);
}

//  The CSRF rule with the cookie (gateway_session_auth.c).
static void
s_csrf (void)
{
    char *worker = gt_login (&s_stack, "worker");
    s_blob_t png = s_fixture ("gateway_files_photo.png");
    char cookie [256], origin [128], foreign [] = "Origin: http://evil.example";
    snprintf (cookie, sizeof cookie, "Cookie: sf_session=%s", worker);
    snprintf (origin, sizeof origin, "Origin: %s", s_stack.url);
    const char *plain [] = { cookie, "Content-Type: text/plain", NULL };
    const char *untyped [] = { cookie, NULL };
    const char *form [] = { cookie, "Content-Type: multipart/form-data; boundary=x", NULL };
    const char *cross_origin [] = { cookie, "Content-Type: image/png", foreign, NULL };
    const char *null_origin [] = { cookie, "Content-Type: image/png", "Origin: null", NULL };
    const char *cross_fetch [] = { cookie, "Content-Type: image/png", "Sec-Fetch-Site: cross-site", NULL };
    const char *const *refused [] = { plain, untyped, form, cross_origin, null_origin, cross_fetch };
    int64_t uploaders = s_count ("SELECT count(*) FROM blob_uploader WHERE login = 'worker'", NULL);
    for (size_t i = 0; i < sizeof refused / sizeof refused [0]; i++) {
        gt_response_t response = s_upload (refused [i], png.data, png.size);
        if (response.status != 403)
            fprintf (stderr, "csrf case %zu: %ld %s\n", i, response.status, response.body);
        SF_CHECK (response.status == 403 && strstr (response.body, "permission_denied"));
        gt_response_clear (&response);
    }
    SF_CHECK (s_count ("SELECT count(*) FROM blob_uploader WHERE login = 'worker'", NULL) == uploaders);
    //  The page's own origin, with the file's type: taken.
    const char *own [] = { cookie, "Content-Type: image/png", origin, "Sec-Fetch-Site: same-origin", NULL };
    gt_response_t response = s_upload (own, png.data, png.size);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    //  The rule holds for every change made with the cookie: JSON from another site too.
    const char *json_foreign [] = { cookie, "Content-Type: application/json", foreign, NULL };
    response = gt_http (&s_stack, "POST", "/api/v1/gateway.Gateway/WhoAmI", json_foreign, "{}", 0);
    SF_CHECK (response.status == 403);
    gt_response_clear (&response);
    const char *json_own [] = { cookie, "Content-Type: application/json", origin, NULL };
    response = gt_http (&s_stack, "POST", "/api/v1/gateway.Gateway/WhoAmI", json_own, "{}", 0);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    //  Bearer is no cookie: no CSRF to fear.
    char *authorization = s_bearer (worker);
    const char *bearer_foreign [] = { authorization, "Content-Type: image/png", foreign, NULL };
    response = s_upload (bearer_foreign, png.data, png.size);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    free (authorization);
    free (png.data);
    free (worker);
}

static void
s_wait_link (const char *ref, const char *kind)
{
    const char *values [] = { ref + 7, kind };
    for (int waited = 0; waited < 20000; waited += 100) {
        sf_rows_t *rows = sf_db_query (s_stack.db, "SELECT count(*) FROM blob_link WHERE sha256 = $1 AND object_kind = $2",
                                       2, values);
        SF_CHECK (rows);
        int64_t count = sf_rows_int (rows, 0, 0);
        sf_rows_destroy (&rows);
        if (count > 0)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "no %s link of %s within 20 s\n", kind, ref);
    SF_CHECK (false);
}

//  Who reads what, before and after a link.
static void
s_reads (void)
{
    char *worker = gt_login (&s_stack, "worker");
    char *leader = gt_login (&s_stack, "leader");
    char *manager = gt_login (&s_stack, "manager");
    char *qmanager = gt_login (&s_stack, "qmanager");
    char *ehs = gt_login (&s_stack, "ehs");
    char *worker2 = gt_login (&s_stack, "worker2");

    //  Nothing links the JPEG: its uploaders read it, nobody else (a 404 like no file at all).
    gt_response_t response = s_get ("GET", worker, s_jpeg_ref, false, NULL);
    s_blob_t jpeg = s_fixture ("gateway_files_photo.jpg");
    SF_CHECK (response.status == 200 && response.body_size == jpeg.size
              && memcmp (response.body, jpeg.data, jpeg.size) == 0);
    s_check_header (&response, "Content-Type", "image/jpeg");
    s_check_header (&response, "Cache-Control", "private");
    s_check_header (&response, "Cache-Control", "immutable");
    s_check_header (&response, "X-Content-Type-Options", "nosniff");
    s_check_header (&response, "Content-Disposition", "inline");
    char *etag = gt_response_header (&response, "ETag");
    SF_CHECK (etag && strstr (etag, s_jpeg_ref + 7));
    gt_response_clear (&response);
    char if_none [160];
    snprintf (if_none, sizeof if_none, "If-None-Match: %s", etag);
    response = s_get ("GET", worker, s_jpeg_ref, false, if_none);
    SF_CHECK (response.status == 304);
    gt_response_clear (&response);
    free (etag);
    free (jpeg.data);
    response = s_get ("GET", worker, s_jpeg_ref, true, NULL);
    SF_CHECK (response.status == 200 && response.body_size > 100
              && memcmp (response.body, "\xFF\xD8\xFF", 3) == 0);
    gt_response_clear (&response);
    SF_CHECK (s_read_status (leader, s_jpeg_ref, false) == 200);   //  uploaded it too
    SF_CHECK (s_read_status (manager, s_jpeg_ref, false) == 404);
    SF_CHECK (s_read_status (qmanager, s_jpeg_ref, true) == 404);
    //  No file of that name, a name that is no digest, no session.
    SF_CHECK (s_read_status (worker, "sha256:0000000000000000000000000000000000000000000000000000000000000000", false)
              == 404);
    response = gt_http (&s_stack, "GET", S_FILES "/..%2F..%2Fetc%2Fpasswd", (const char *[]) { NULL }, NULL, 0);
    SF_CHECK (response.status == 401);
    gt_response_clear (&response);
    char *authorization = s_bearer (worker);
    response = gt_http (&s_stack, "GET", S_FILES "/../../etc/passwd", (const char *[]) { authorization, NULL }, NULL, 0);
    SF_CHECK (response.status == 404);
    gt_response_clear (&response);
    free (authorization);

    //  The leader reports a finding in its team with the PNG: the link lets plant P read it.
    SF_CHECK (s_read_status (manager, s_png_ref, false) == 404);
    char body [1024];
    snprintf (body, sizeof body,
              "{\"finding\":{\"description\":\"配电箱门未关 with a photo\",\"factor\":\"FACTOR_MACHINE\","
              "\"location\":\"一号车间\",\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\","
              "\"attachments\":[\"%s\",\"https://example.com/not-ours.jpg\"]},\"source\":\"SOURCE_REPORT\"}",
              gt_code (&s_stack, "D1T1"), s_png_ref);
    response = gt_post (&s_stack, leader, "/api/v1/inspection.Inspection/ReportFinding", body, "files-finding-1");
    if (response.status != 200)
        fprintf (stderr, "ReportFinding: %ld %s\n", response.status, response.body);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    s_wait_link (s_png_ref, "finding");
    char where [160];
    snprintf (where, sizeof where, "%s/%s", gt_code (&s_stack, "P"), gt_code (&s_stack, "D1T1"));
    const char *values [] = { s_png_ref + 7, where };
    sf_rows_t *rows = sf_db_query (s_stack.db, "SELECT count(*) FROM blob_link WHERE sha256 = $1 "
                                   "AND object_kind = 'finding' AND plant || '/' || unit = $2", 2, values);
    SF_CHECK (rows && sf_rows_int (rows, 0, 0) == 1);
    sf_rows_destroy (&rows);
    SF_CHECK (s_read_status (manager, s_png_ref, false) == 200);
    SF_CHECK (s_read_status (manager, s_png_ref, true) == 200);
    SF_CHECK (s_read_status (leader, s_png_ref, true) == 200);
    SF_CHECK (s_read_status (ehs, s_png_ref, false) == 200);       //  a company grant: every plant
    SF_CHECK (s_read_status (qmanager, s_png_ref, false) == 404);
    SF_CHECK (s_read_status (qmanager, s_png_ref, true) == 404);
    SF_CHECK (s_read_status (worker, s_png_ref, false) == 200);    //  the team's worker
    //  In plant P, but the finding is not theirs to read: another team's worker.
    SF_CHECK (s_read_status (worker2, s_png_ref, false) == 404);
    SF_CHECK (s_read_status (worker2, s_png_ref, true) == 404);
    //  HEAD: the headers and the length, no body.
    response = s_head (manager, s_png_ref);
    SF_CHECK (response.status == 200 && response.body_size == 0);
    s_check_header (&response, "Content-Type", "image/png");
    s_check_header (&response, "Content-Length", "34863");
    gt_response_clear (&response);
    //  The form rectification issues from the finding carries the photo too.
    s_wait_link (s_png_ref, "form");
    free (worker);
    free (leader);
    free (manager);
    free (qmanager);
    free (ehs);
    free (worker2);
}

//  POST path {"number": number, more} as token: the status.
static long
s_form_call (const char *token, const char *method, const char *number, const char *more)
{
    char path [128], body [1024];
    snprintf (path, sizeof path, "/api/v1/rectification.Rectification/%s", method);
    snprintf (body, sizeof body, "{\"number\":\"%s\"%s}", number, more? more: "");
    gt_response_t response = gt_post (&s_stack, token, path, body, NULL);
    long status = response.status;
    if (status != 200)
        fprintf (stderr, "%s %s: %ld %s\n", method, number, status, response.body);
    gt_response_clear (&response);
    return status;
}

//  A status of GET /api/v1/files/<hex of ref> as token, waiting up to 20 s for it.
static long
s_read_slow (const char *token, const char *ref, char **body)
{
    char path [160], authorization [256];
    snprintf (path, sizeof path, S_FILES "/%s", ref + 7);
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", token);
    gt_response_t response = gt_http (&s_stack, "GET", path, (const char *[]) { authorization, NULL }, NULL, 20000);
    long status = response.status;
    if (body)
        *body = strdup (response.body);
    gt_response_clear (&response);
    return status;
}

//  The evidence of the form issued from the finding: a photo the worker uploaded, the
//  leader submits. rectification.GetForm decides who reads it; without rectification, 503.
static void
s_evidence (void)
{
    char *worker = gt_login (&s_stack, "worker");
    char *worker2 = gt_login (&s_stack, "worker2");
    char *leader = gt_login (&s_stack, "leader");
    char *manager = gt_login (&s_stack, "manager");
    char *qmanager = gt_login (&s_stack, "qmanager");
    //  Other bytes than the PNG's (a PNG ends at IEND: what follows is not read).
    s_blob_t png = s_fixture ("gateway_files_photo.png");
    s_blob_t photo = { malloc (png.size + 16), png.size + 16 };
    memcpy (photo.data, png.data, png.size);
    memcpy (photo.data + png.size, "evidence photo!!", 16);
    char ref [80];
    SF_CHECK (s_upload_as (worker, "image/png", &photo, ref, NULL) == 201);
    free (photo.data);
    free (png.data);

    const char *values [] = { s_png_ref + 7 };
    sf_rows_t *rows = sf_db_query (s_stack.db, "SELECT object_id FROM blob_link WHERE sha256 = $1 AND object_kind = 'form'",
                                   1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char number [128];
    snprintf (number, sizeof number, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    SF_CHECK (s_form_call (leader, "AcknowledgeForm", number, NULL) == 200);
    SF_CHECK (s_form_call (leader, "StartRectification", number, NULL) == 200);
    char evidence [256];
    snprintf (evidence, sizeof evidence, ",\"evidence\":{\"text\":\"门已关好并上锁\",\"attachments\":[\"%s\"]}", ref);
    SF_CHECK (s_form_call (leader, "SubmitEvidence", number, evidence) == 200);
    s_wait_link (ref, "evidence");
    SF_CHECK (s_read_status (worker, ref, false) == 200);          //  the uploader
    SF_CHECK (s_read_status (leader, ref, false) == 200);
    SF_CHECK (s_read_status (manager, ref, true) == 200);
    SF_CHECK (s_read_status (worker2, ref, false) == 404);
    SF_CHECK (s_read_status (qmanager, ref, false) == 404);

    //  Rectification stopped: the manager gets 503 (a problem in both languages), never the
    //  file; the uploader needs no daemon. Back again: served.
    sf_test_daemon_stop (&s_stack.base.rectification, SIGTERM);
    char *body = NULL;
    long status = s_read_slow (manager, ref, &body);
    if (status != 503)
        fprintf (stderr, "rectification stopped: %ld %s\n", status, body);
    SF_CHECK (status == 503 && strstr (body, "unavailable") && strstr (body, "reason_zh") && strstr (body, "reason_en"));
    free (body);
    SF_CHECK (s_read_status (worker, ref, false) == 200);
    sf_test_daemon_restart (&s_stack.base.rectification);
    for (int waited = 0; (status = s_read_slow (manager, ref, NULL)) != 200 && waited < 20000; waited += 200)
        sf_test_sleep_ms (200);
    SF_CHECK (status == 200);
    SF_CHECK (s_read_status (worker2, ref, false) == 404);
    free (worker);
    free (worker2);
    free (leader);
    free (manager);
    free (qmanager);
}

static void
s_restart (void)
{
    int64_t blobs = s_count ("SELECT count(*) FROM blob", NULL);
    int64_t links = s_count ("SELECT count(*) FROM blob_link", NULL);
    //  A clean stop (libvips shut down with the rest): exit status 0.
    pid_t pid = s_stack.gateway.pid;
    SF_CHECK (pid > 0 && kill (pid, SIGTERM) == 0);
    siginfo_t info = { 0 };
    SF_CHECK (waitid (P_PID, (id_t) pid, &info, WEXITED | WNOWAIT) == 0);
    if (info.si_code != CLD_EXITED || info.si_status != 0)
        fprintf (stderr, "the gateway stopped with code %d status %d\n", info.si_code, info.si_status);
    sf_test_daemon_stop (&s_stack.gateway, 0);     //  reaps it; a signal's end is told with its log
    SF_CHECK (info.si_code == CLD_EXITED && info.si_status == 0);
    gt_gateway_restart (&s_stack);
    char *worker = gt_login (&s_stack, "worker");
    char *manager = gt_login (&s_stack, "manager");
    char *qmanager = gt_login (&s_stack, "qmanager");
    SF_CHECK (s_count ("SELECT count(*) FROM blob", NULL) == blobs);
    SF_CHECK (s_count ("SELECT count(*) FROM blob_link", NULL) == links);
    SF_CHECK (s_read_status (worker, s_jpeg_ref, false) == 200);
    SF_CHECK (s_read_status (manager, s_jpeg_ref, false) == 404);
    SF_CHECK (s_read_status (manager, s_png_ref, true) == 200);
    SF_CHECK (s_read_status (qmanager, s_png_ref, false) == 404);
    s_blob_t jpeg = s_fixture ("gateway_files_photo.jpg");
    char again [80];
    SF_CHECK (s_upload_as (worker, "image/jpeg", &jpeg, again, NULL) == 200);
    SF_CHECK_STR (again, s_jpeg_ref);
    free (jpeg.data);
    free (worker);
    free (manager);
    free (qmanager);
}

int
main (void)
{
    char env [128];
    snprintf (env, sizeof env, "SF_GATEWAY_MAX_FILE_BYTES=%d", S_MAX_FILE_BYTES);
    gt_stack_start (&s_stack, "gwfiles", env);
    s_uploads ();
    s_csrf ();
    s_reads ();
    s_evidence ();
    s_restart ();
    gt_stack_stop (&s_stack);
    return 0;
}

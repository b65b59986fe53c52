/*  gateway_files_store: the attachments' SQL (gateway_files_store.h).                      */
#include "gateway_files_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
gw_files_store_find (sf_db_t *db, gw_blob_info_t *info)
{
    const char *params [] = { info->sha256 };
    sf_rows_t *rows = sf_db_query (db, "SELECT type, size, width, height FROM blob WHERE sha256 = $1", 1, params);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        info->type = gw_file_type_from_mime (sf_rows_text (rows, 0, 0));
        info->size = sf_rows_int (rows, 0, 1);
        info->width = (int) sf_rows_int (rows, 0, 2);
        info->height = (int) sf_rows_int (rows, 0, 3);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
gw_files_store_put (sf_db_t *db, const gw_blob_info_t *info, const uint8_t *data, const uint8_t *thumb,
                    size_t thumb_size, const char *login, int64_t now)
{
    char size [24], width [16], height [16], uploaded [24];
    snprintf (size, sizeof size, "%" PRId64, info->size);
    snprintf (width, sizeof width, "%d", info->width);
    snprintf (height, sizeof height, "%d", info->height);
    snprintf (uploaded, sizeof uploaded, "%" PRId64, now);
    const char *params [] = { info->sha256, gw_file_type_mime (info->type), size, width, height, (const char *) data,
                              (const char *) thumb, login, uploaded };
    const int lengths [] = { 0, 0, 0, 0, 0, (int) info->size, (int) thumb_size, 0, 0 };
    const int formats [] = { 0, 0, 0, 0, 0, 1, 1, 0, 0 };
    //  The uploader's row is written whatever the blob's insert did (a CTE's statements all
    //  run); the count says whether the blob is new.
    sf_rows_t *rows = sf_db_query_ex (db,
        "WITH stored AS ("
        "  INSERT INTO blob (sha256, type, size, width, height, data, thumb, uploaded_by, uploaded_ms)"
        "  VALUES ($1, $2, $3::bigint, $4::integer, $5::integer, $6, $7, $8, $9::bigint)"
        "  ON CONFLICT (sha256) DO NOTHING RETURNING 1), "
        "uploader AS ("
        "  INSERT INTO blob_uploader (sha256, login, uploaded_ms) VALUES ($1, $8, $9::bigint)"
        "  ON CONFLICT (sha256, login) DO UPDATE SET uploaded_ms = greatest (blob_uploader.uploaded_ms, EXCLUDED.uploaded_ms)) "
        "SELECT count (*) FROM stored", 9, params, lengths, formats);
    if (!rows)
        return -1;
    int created = sf_rows_int (rows, 0, 0) > 0;
    sf_rows_destroy (&rows);
    return created;
}

int
gw_files_store_note_uploader (sf_db_t *db, const char *sha256, const char *login, int64_t now)
{
    char uploaded [24];
    snprintf (uploaded, sizeof uploaded, "%" PRId64, now);
    const char *params [] = { sha256, login, uploaded };
    return sf_db_exec (db,
        "INSERT INTO blob_uploader (sha256, login, uploaded_ms) VALUES ($1, $2, $3::bigint) "
        "ON CONFLICT (sha256, login) DO UPDATE SET uploaded_ms = greatest (blob_uploader.uploaded_ms, EXCLUDED.uploaded_ms)",
        3, params) < 0? -1: 0;
}

int
gw_files_store_read (sf_db_t *db, const char *sha256, bool thumb, const gw_who_t *who, gw_file_type_t *type,
                     uint8_t **data, size_t *size)
{
    char *plants = sf_db_array_literal (who->plants, who->plant_count);
    const char *params [] = { sha256, thumb? "t": "f", data? "t": "f", who->login, plants, who->company? "t": "f" };
    //  A thumbnail is a JPEG whatever the file; a PDF has none (no row).
    sf_rows_t *rows = sf_db_query (db,
        "SELECT CASE WHEN $2::boolean THEN 'image/jpeg' ELSE b.type END,"
        "       CASE WHEN NOT $3::boolean THEN NULL WHEN $2::boolean THEN b.thumb ELSE b.data END,"
        "       CASE WHEN $2::boolean THEN length (b.thumb) ELSE b.size END "
        "FROM blob b "
        "WHERE b.sha256 = $1 AND (NOT $2::boolean OR b.thumb IS NOT NULL) AND ("
        "  EXISTS (SELECT 1 FROM blob_link l WHERE l.sha256 = b.sha256 AND ($6::boolean OR l.plant = ANY ($5::text[])))"
        "  OR (NOT EXISTS (SELECT 1 FROM blob_link l WHERE l.sha256 = b.sha256)"
        "      AND EXISTS (SELECT 1 FROM blob_uploader u WHERE u.sha256 = b.sha256 AND u.login = $4)))",
        6, params);
    free (plants);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        *type = gw_file_type_from_mime (sf_rows_text (rows, 0, 0));
        *size = (size_t) sf_rows_int (rows, 0, 2);
        if (data)
            *data = sf_rows_bytes (rows, 0, 1, size);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
gw_files_store_link (sf_db_t *db, const gw_file_link_t *link, int64_t now)
{
    char linked [24];
    snprintf (linked, sizeof linked, "%" PRId64, now);
    const char *params [] = { link->sha256, link->kind, link->id, link->plant, link->unit, linked };
    return sf_db_exec (db,
        "INSERT INTO blob_link (sha256, object_kind, object_id, plant, unit, linked_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6::bigint) "
        "ON CONFLICT (sha256, object_kind, object_id) DO UPDATE SET plant = EXCLUDED.plant, unit = EXCLUDED.unit "
        "WHERE (blob_link.plant, blob_link.unit) IS DISTINCT FROM (EXCLUDED.plant, EXCLUDED.unit)",
        6, params) < 0? -1: 0;
}

int64_t
gw_files_store_sweep (sf_db_t *db, int64_t before_ms, int limit)
{
    char before [24], count [16];
    snprintf (before, sizeof before, "%" PRId64, before_ms);
    snprintf (count, sizeof count, "%d", limit);
    const char *params [] = { before, count };
    sf_rows_t *rows = sf_db_query (db,
        "WITH doomed AS ("
        "  SELECT b.sha256 FROM blob b"
        "  WHERE b.uploaded_ms < $1::bigint"
        "    AND NOT EXISTS (SELECT 1 FROM blob_link l WHERE l.sha256 = b.sha256)"
        "    AND NOT EXISTS (SELECT 1 FROM blob_uploader u WHERE u.sha256 = b.sha256 AND u.uploaded_ms >= $1::bigint)"
        "  ORDER BY b.uploaded_ms LIMIT $2::integer FOR UPDATE SKIP LOCKED), "
        "uploaders AS (DELETE FROM blob_uploader u USING doomed d WHERE u.sha256 = d.sha256) "
        "DELETE FROM blob b USING doomed d WHERE b.sha256 = d.sha256 RETURNING 1",
        2, params);
    if (!rows)
        return -1;
    int64_t deleted = sf_rows_count (rows);
    sf_rows_destroy (&rows);
    return deleted;
}

/*  gateway_files_store: the attachments' SQL (migrations/002_files.sql; README.md,
    "Attachments"): blobs by SHA-256, their uploaders, the objects linking them, and the
    sweep of files nothing links.                                                            */
#ifndef GATEWAY_FILES_STORE_H_INCLUDED
#define GATEWAY_FILES_STORE_H_INCLUDED

#include "gateway_files_links.h"
#include "gateway_files_type.h"
#include "gateway_session.h"
#include "sf_db.h"

typedef struct {
    char sha256 [GW_FILE_HEX_CHARS + 1];
    gw_file_type_t type;
    int64_t size;
    int width;
    int height;
} gw_blob_info_t;

//  What is stored under info->sha256 into info. 1 found, 0 not, -1 on a database error.
int gw_files_store_find (sf_db_t *db, gw_blob_info_t *info);

//  Stores a file (thumb may be NULL) unless its bytes are stored already, and notes login as
//  its uploader at now either way, in one statement. 1 when stored now, 0 when it was
//  already, -1 on a database error.
int gw_files_store_put (sf_db_t *db, const gw_blob_info_t *info, const uint8_t *data, const uint8_t *thumb,
                        size_t thumb_size, const char *login, int64_t now);

//  Notes login as an uploader of a stored file at now. 0, or -1.
int gw_files_store_note_uploader (sf_db_t *db, const char *sha256, const char *login, int64_t now);

//  The file (or its thumbnail) for who: only when an object linking it lies in a plant who
//  sees (gw_who_sees_plant), or while nothing links it, when who uploaded it. On 1 *type,
//  *data (the caller frees) and *size are set (a HEAD may pass NULL data: only the size is
//  read); 0 when who may not read it or there is none (never told apart); -1 on a database
//  error.
int gw_files_store_read (sf_db_t *db, const char *sha256, bool thumb, const gw_who_t *who, gw_file_type_t *type,
                         uint8_t **data, size_t *size);

//  Records that an object links a file (its plant and unit as the event says; every event
//  about a form says it again: the row is written only when they change). 0, or -1.
int gw_files_store_link (sf_db_t *db, const gw_file_link_t *link, int64_t now);

//  Deletes up to limit files that nothing links and nobody uploaded at or after before_ms,
//  with their uploaders. How many, or -1.
int64_t gw_files_store_sweep (sf_db_t *db, int64_t before_ms, int limit);

#endif

/*  gateway_files_store: against a real schema (migrations 001, 002): the same bytes are one
    blob, every uploader noted; binary content read back byte for byte, HEAD reads the size
    only; who reads: the uploaders while nothing links a file, then only the plants of the
    objects linking it (a company grant: every plant), never a thumbnail a PDF lacks; a link
    recorded twice is one; the sweep deletes only files nothing links and nobody uploaded
    since the cut, with their uploaders.                                                    */
#include "gateway_files_store.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t gateway_migrations [];

static sf_db_t *s_db;

static gw_who_t
s_who (const char *login, const char *plant, bool company)
{
    gw_who_t who = { 0 };
    snprintf (who.login, sizeof who.login, "%s", login);
    if (plant) {
        who.plants = calloc (1, sizeof *who.plants);
        who.plants [0] = strdup (plant);
        who.plant_count = 1;
    }
    who.company = company;
    return who;
}

static int
s_reads (const char *sha256, const char *login, const char *plant, bool company, bool thumb)
{
    gw_who_t who = s_who (login, plant, company);
    gw_file_type_t type;
    uint8_t *data = NULL;
    size_t size = 0;
    int found = gw_files_store_read (s_db, sha256, thumb, &who, &type, &data, &size);
    SF_CHECK (found >= 0);
    free (data);
    gw_who_clear (&who);
    return found;
}

static gw_blob_info_t
s_put (const uint8_t *data, size_t size, gw_file_type_t type, const char *login, int64_t now, int expected)
{
    gw_blob_info_t info = { .type = type, .size = (int64_t) size, .width = 2, .height = 1 };
    gw_file_sha256_hex (data, size, info.sha256);
    const uint8_t thumb [] = { 0xFF, 0xD8, 0xFF, 0x00, 0x01 };
    bool image = gw_file_type_image (type);
    SF_CHECK (gw_files_store_put (s_db, &info, data, image? thumb: NULL, image? sizeof thumb: 0, login, now)
              == expected);
    return info;
}

int
main (void)
{
    char *schema = sf_test_unique ("gw_files");
    s_db = sf_test_db (schema);
    SF_CHECK (sf_migrate (s_db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (s_db, schema, "gateway", gateway_migrations) >= 2);

    //  Every byte value, NUL included, comes back as it went.
    uint8_t png [300];
    memcpy (png, "\x89PNG\r\n\x1A\n", 8);
    for (size_t i = 8; i < sizeof png; i++)
        png [i] = (uint8_t) i;
    gw_blob_info_t photo = s_put (png, sizeof png, GW_FILE_PNG, "alice", 1000, 1);
    s_put (png, sizeof png, GW_FILE_PNG, "bob", 2000, 0);
    s_put (png, sizeof png, GW_FILE_PNG, "bob", 2500, 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob", NULL) == 1);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob_uploader", NULL) == 2);
    SF_CHECK (sf_test_scalar (s_db, "SELECT max(uploaded_ms) FROM blob_uploader WHERE login = 'bob'", NULL) == 2500);
    gw_blob_info_t found = { 0 };
    memcpy (found.sha256, photo.sha256, sizeof found.sha256);
    SF_CHECK (gw_files_store_find (s_db, &found) == 1 && found.type == GW_FILE_PNG && found.size == 300
              && found.width == 2);
    gw_who_t alice = s_who ("alice", NULL, false);
    gw_file_type_t type;
    uint8_t *data = NULL;
    size_t size = 0;
    SF_CHECK (gw_files_store_read (s_db, photo.sha256, false, &alice, &type, &data, &size) == 1);
    SF_CHECK (type == GW_FILE_PNG && size == sizeof png && memcmp (data, png, size) == 0);
    free (data);
    data = NULL;
    SF_CHECK (gw_files_store_read (s_db, photo.sha256, true, &alice, &type, &data, &size) == 1);
    SF_CHECK (type == GW_FILE_JPEG && size == 5);
    free (data);
    size = 0;
    SF_CHECK (gw_files_store_read (s_db, photo.sha256, false, &alice, &type, NULL, &size) == 1 && size == 300);
    gw_who_clear (&alice);

    //  Unlinked: the uploaders only.
    SF_CHECK (s_reads (photo.sha256, "bob", NULL, false, false) == 1);
    SF_CHECK (s_reads (photo.sha256, "carol", "P01", false, false) == 0);
    SF_CHECK (s_reads (photo.sha256, "ehs", NULL, true, false) == 0);
    //  Linked to a finding of P01 (twice: one link): P01 and the company read it, the
    //  uploader outside P01 and Q01 no longer.
    gw_file_link_t link = { .kind = "finding", .id = "P01-F2026-000001", .plant = "P01", .unit = "P01D1T1" };
    memcpy (link.sha256, photo.sha256, sizeof link.sha256);
    SF_CHECK (gw_files_store_link (s_db, &link, 3000) == 0);
    SF_CHECK (gw_files_store_link (s_db, &link, 3001) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob_link", NULL) == 1);
    link.unit = "P01D1T2";                 //  the form handed to another team
    SF_CHECK (gw_files_store_link (s_db, &link, 3002) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob_link WHERE unit = 'P01D1T2'", NULL) == 1);
    SF_CHECK (s_reads (photo.sha256, "carol", "P01", false, false) == 1);
    SF_CHECK (s_reads (photo.sha256, "carol", "P01", false, true) == 1);
    SF_CHECK (s_reads (photo.sha256, "ehs", NULL, true, false) == 1);
    SF_CHECK (s_reads (photo.sha256, "alice", NULL, false, false) == 0);
    SF_CHECK (s_reads (photo.sha256, "quinn", "Q01", false, false) == 0);
    SF_CHECK (s_reads (photo.sha256, "quinn", "Q01", false, true) == 0);

    //  A PDF has no thumbnail; an unknown name reads as nothing.
    uint8_t pdf [] = "%PDF-1.4\n%%EOF\n";
    gw_blob_info_t paper = s_put (pdf, sizeof pdf - 1, GW_FILE_PDF, "alice", 1000, 1);
    SF_CHECK (s_reads (paper.sha256, "alice", NULL, false, false) == 1);
    SF_CHECK (s_reads (paper.sha256, "alice", NULL, false, true) == 0);
    SF_CHECK (s_reads ("0000000000000000000000000000000000000000000000000000000000000000", "alice", NULL, false, false)
              == 0);

    //  The sweep at 2000: the PDF (unlinked, last uploaded at 1000) goes with its uploader;
    //  the linked photo stays; an unlinked file uploaded again after the cut stays.
    uint8_t other [] = "%PDF-1.7\nanother\n";
    gw_blob_info_t again = s_put (other, sizeof other - 1, GW_FILE_PDF, "dave", 500, 1);
    s_put (other, sizeof other - 1, GW_FILE_PDF, "erin", 2600, 0);
    SF_CHECK (gw_files_store_sweep (s_db, 2000, 100) == 1);
    found = (gw_blob_info_t) { 0 };
    memcpy (found.sha256, paper.sha256, sizeof found.sha256);
    SF_CHECK (gw_files_store_find (s_db, &found) == 0);
    memcpy (found.sha256, again.sha256, sizeof found.sha256);
    SF_CHECK (gw_files_store_find (s_db, &found) == 1);
    memcpy (found.sha256, photo.sha256, sizeof found.sha256);
    SF_CHECK (gw_files_store_find (s_db, &found) == 1);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob_uploader", NULL) == 4);
    //  Later, nothing new: the other goes too; a second sweep finds nothing.
    SF_CHECK (gw_files_store_sweep (s_db, 3000, 100) == 1);
    SF_CHECK (gw_files_store_sweep (s_db, 3000, 100) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob", NULL) == 1);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count(*) FROM blob_uploader", NULL) == 2);

    sf_test_drop_schema (s_db, schema);
    sf_db_destroy (&s_db);
    free (schema);
    return 0;
}

/*  gateway_files_scope: against a real schema (migrations 001, 002), what decides who reads a
    file before any daemon is asked: whether the account uploaded it, whether anything links
    it, and the objects linking it in the account's plants (a company grant: every plant),
    newest first, at most GW_FILES_SCOPE_OBJECTS.                                            */
#include "gateway_files_scope.h"
#include "gateway_files_store.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t gateway_migrations [];

static sf_db_t *s_db;

static gw_file_scope_t
s_find (const char *sha256, const char *login, const char *plant, bool company)
{
    gw_who_t who = { 0 };
    snprintf (who.login, sizeof who.login, "%s", login);
    if (plant) {
        who.plants = calloc (1, sizeof *who.plants);
        who.plants [0] = strdup (plant);
        who.plant_count = 1;
    }
    who.company = company;
    gw_file_scope_t scope;
    SF_CHECK (gw_files_scope_find (s_db, sha256, &who, &scope) == 0);
    gw_who_clear (&who);
    return scope;
}

static void
s_link (const char *sha256, const char *kind, const char *id, const char *plant, int64_t now)
{
    gw_file_link_t link = { .kind = kind, .id = id, .plant = plant, .unit = "U" };
    snprintf (link.sha256, sizeof link.sha256, "%s", sha256);
    SF_CHECK (gw_files_store_link (s_db, &link, now) == 0);
}

int
main (void)
{
    char *schema = sf_test_unique ("gw_scope");
    s_db = sf_test_db (schema);
    SF_CHECK (sf_migrate (s_db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (s_db, schema, "gateway", gateway_migrations) >= 2);

    uint8_t png [64];
    memcpy (png, "\x89PNG\r\n\x1A\n", 8);
    memset (png + 8, 7, sizeof png - 8);
    gw_blob_info_t info = { .type = GW_FILE_PNG, .size = (int64_t) sizeof png, .width = 1, .height = 1 };
    gw_file_sha256_hex (png, sizeof png, info.sha256);
    SF_CHECK (gw_files_store_put (s_db, &info, png, NULL, 0, "alice", 1000) == 1);
    const char *hex = info.sha256;

    //  Nothing links it: alice uploaded it, bob did not; no objects.
    gw_file_scope_t scope = s_find (hex, "alice", "P", false);
    SF_CHECK (scope.uploader && !scope.linked && scope.count == 0);
    scope = s_find (hex, "bob", "P", false);
    SF_CHECK (!scope.uploader && !scope.linked && scope.count == 0);

    //  Linked in P (a finding, then the form and its evidence) and in Q: newest first, only P's.
    s_link (hex, "finding", "P-F-1", "P", 2000);
    s_link (hex, "form", "P-R-1", "P", 3000);
    s_link (hex, "evidence", "P-R-1", "P", 4000);
    s_link (hex, "finding", "Q-F-1", "Q", 5000);
    scope = s_find (hex, "bob", "P", false);
    SF_CHECK (!scope.uploader && scope.linked && scope.count == 3);
    SF_CHECK_STR (scope.objects [0].kind, "evidence");
    SF_CHECK_STR (scope.objects [0].id, "P-R-1");
    SF_CHECK_STR (scope.objects [1].kind, "form");
    SF_CHECK_STR (scope.objects [2].kind, "finding");
    SF_CHECK_STR (scope.objects [2].id, "P-F-1");
    scope = s_find (hex, "carol", "Q", false);
    SF_CHECK (scope.linked && scope.count == 1);
    SF_CHECK_STR (scope.objects [0].id, "Q-F-1");
    //  No plant of the account's holds a link: nothing to ask, though the file is linked.
    scope = s_find (hex, "dave", "R", false);
    SF_CHECK (scope.linked && scope.count == 0 && !scope.uploader);
    scope = s_find (hex, "alice", NULL, false);
    SF_CHECK (scope.uploader && scope.linked && scope.count == 0);
    //  A company grant: every plant's, but at most GW_FILES_SCOPE_OBJECTS, the newest.
    s_link (hex, "finding", "P-F-2", "P", 6000);
    scope = s_find (hex, "ehs", NULL, true);
    SF_CHECK (scope.count == GW_FILES_SCOPE_OBJECTS);
    SF_CHECK_STR (scope.objects [0].id, "P-F-2");
    SF_CHECK_STR (scope.objects [1].id, "Q-F-1");
    SF_CHECK_STR (scope.objects [3].kind, "form");

    //  Another name: nothing at all.
    scope = s_find ("0000000000000000000000000000000000000000000000000000000000000000", "alice", "P", true);
    SF_CHECK (!scope.uploader && !scope.linked && scope.count == 0);

    sf_test_drop_schema (s_db, schema);
    sf_db_destroy (&s_db);
    free (schema);
    return 0;
}

/*  inspection_ahead_test: a finding stored with its id and number computed ahead, against
    real PostgreSQL. The first finding of a plant is numbered the ordinary way (nothing is known
    yet) and noted; the next ones are only queued (no round trip) and what the store returns is
    what the COMMIT stores, field for field, with consecutive numbers and the board counting
    each once. A number taken meanwhile by another session, a transaction rolled back, and
    a new year each make the computed number wrong: the COMMIT fails with SF001 and nothing of
    it stays; the ordinary insert then notes the right number and the next ones go ahead
    again. Two schemas in one process keep their numbers apart.                                */
#include "inspection_ahead.h"
#include "inspection_store.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t inspection_migrations [];

#define NOW_MS 1796084400000LL          //  2026-12-01T08:20:00+08:00
#define NEXT_YEAR_MS 1798761600000LL    //  2027-01-01T00:00:00+08:00

static sf_db_t *
s_schema_db (char **schema)
{
    *schema = sf_test_unique ("inspect_ahead");
    sf_db_t *db = sf_test_db (*schema);
    SF_CHECK (sf_migrate (db, *schema, "common", common_migrations) >= 12);
    SF_CHECK (sf_migrate (db, *schema, "inspection", inspection_migrations) >= 12);
    return db;
}

static Inspection__Finding
s_input (const char *plant, int64_t ms)
{
    static char unit [32];
    static char *attachments [] = { "oss://a/1.jpg", "oss://a/2.jpg" };
    snprintf (unit, sizeof unit, "%s-D01", plant);
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.description = "消防通道堆放纸箱";
    finding.factor = 2;
    finding.location = "东侧";
    finding.severity = 1;
    finding.responsible_unit = unit;
    finding.responsible_person = "";
    finding.n_attachments = 2;
    finding.attachments = attachments;
    finding.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    finding.lesson_ref = "";
    finding.reporter = "u";
    finding.reporter_unit = unit;
    finding.plant_code = (char *) plant;
    finding.reported_ms = ms;
    finding.hazard_key = "";
    return finding;
}

//  One finding of plant at ms in a transaction of its own, ahead when asked and the store can:
//  the finding returned (checked against the stored row) or NULL when the COMMIT failed (its
//  SQLSTATE then SF001). *sent: whether the store talked to the database before COMMIT.
static Inspection__Finding *
s_store (sf_db_t *db, const char *plant, int64_t ms, bool ahead, bool *sent)
{
    Inspection__Finding input = s_input (plant, ms);
    SF_CHECK (sf_db_begin (db) == 0);
    uint64_t trips = sf_db_round_trips (db);
    Inspection__Finding *stored = inspection_store_finding_insert (db, &input, plant, "Asia/Shanghai", true, ahead);
    SF_CHECK (stored);
    *sent = sf_db_round_trips (db) != trips;
    if (sf_db_commit (db)) {
        SF_CHECK_STR (sf_db_sqlstate (db), "SF001");
        sf_pb_destroy (&stored);
        return NULL;
    }
    Inspection__Finding *read = NULL;
    SF_CHECK (inspection_store_finding_find (db, stored->number, &read) == 1);
    SF_CHECK (sf_test_same_message (&stored->base, &read->base));
    sf_pb_destroy (&read);
    return stored;
}

//  As ReportFinding runs: ahead, and when its check failed, again the ordinary way.
static Inspection__Finding *
s_report (sf_db_t *db, const char *plant, int64_t ms, bool *sent)
{
    Inspection__Finding *stored = s_store (db, plant, ms, true, sent);
    return stored? stored: s_store (db, plant, ms, false, sent);
}

//  s_report, which must store number: whether the store talked to the database before COMMIT.
static bool
s_reported (sf_db_t *db, const char *plant, int64_t ms, const char *number)
{
    bool sent;
    Inspection__Finding *finding = s_report (db, plant, ms, &sent);
    SF_CHECK (finding);
    SF_CHECK_STR (finding->number, number);
    sf_pb_destroy (&finding);
    return sent;
}

static int64_t
s_scalar (sf_db_t *db, const char *sql)
{
    return sf_test_scalar (db, sql, NULL);
}

int
main (void)
{
    char *schema, *other_schema;
    sf_db_t *db = s_schema_db (&schema);
    sf_db_t *other = s_schema_db (&other_schema);
    sf_db_t *meddler = sf_test_db_session (schema);
    bool sent;
    //  The first is numbered the ordinary way, the next ones ahead: nothing sent before COMMIT
    //  (but the id block, once).
    SF_CHECK (s_reported (db, "P01", NOW_MS, "P01-F2026-000001"));
    int quiet = 0;
    for (int index = 2; index <= 6; index++) {
        char number [32];
        snprintf (number, sizeof number, "P01-F2026-%06d", index);
        quiet += !s_reported (db, "P01", NOW_MS, number);
    }
    SF_CHECK (quiet >= 4);
    SF_CHECK (s_scalar (db, "SELECT n FROM board_finding_open WHERE plant_code = 'P01' AND severity = 1 "
                            "AND grade = 0") == 6);
    //  Another schema in the same process: its own numbers.
    SF_CHECK (s_reported (other, "P01", NOW_MS, "P01-F2026-000001"));
    //  A number taken by another session: the computed one fails, nothing stays, the ordinary
    //  insert takes the next free one, then ahead again.
    SF_CHECK (sf_db_exec (meddler, "UPDATE number_seq SET last = last + 1 WHERE scope = 'P01-F2026'", 0, NULL) == 1);
    SF_CHECK (s_store (db, "P01", NOW_MS, true, &sent) == NULL && !sent);
    SF_CHECK (s_scalar (db, "SELECT count(*) FROM finding") == 6);
    s_reported (db, "P01", NOW_MS, "P01-F2026-000008");
    SF_CHECK (!s_reported (db, "P01", NOW_MS, "P01-F2026-000009"));
    //  Rolled back: the number goes back to the sequence; the next computed one is wrong once.
    Inspection__Finding input = s_input ("P01", NOW_MS);
    SF_CHECK (sf_db_begin (db) == 0);
    Inspection__Finding *finding = inspection_store_finding_insert (db, &input, "P01", "Asia/Shanghai", true, true);
    SF_CHECK (finding);
    SF_CHECK_STR (finding->number, "P01-F2026-000010");
    sf_pb_destroy (&finding);
    sf_db_rollback (db);
    SF_CHECK (s_store (db, "P01", NOW_MS, true, &sent) == NULL);
    s_reported (db, "P01", NOW_MS, "P01-F2026-000010");
    //  A new year in the plant's zone: a new scope, found by the check.
    SF_CHECK (s_store (db, "P01", NEXT_YEAR_MS, true, &sent) == NULL);
    s_reported (db, "P01", NEXT_YEAR_MS, "P01-F2027-000001");
    SF_CHECK (!s_reported (db, "P01", NEXT_YEAR_MS, "P01-F2027-000002"));
    //  Every number once, none lost: the sequence's last numbers are the findings.
    SF_CHECK (s_scalar (db, "SELECT count(*) FROM finding") == 11);
    SF_CHECK (s_scalar (db, "SELECT sum (last) FROM number_seq") == 12);     //  one taken by hand
    SF_CHECK (s_scalar (db, "SELECT count(DISTINCT id) FROM finding") == 11);
    sf_db_destroy (&meddler);
    const char *const schemas [] = { schema, other_schema };
    sf_db_t *const dbs [] = { db, other };
    for (int i = 0; i < 2; i++) {
        char script [128];
        snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", schemas [i]);
        SF_CHECK (sf_db_exec_script (dbs [i], script) == 0);
        sf_db_t *done = dbs [i];
        sf_db_destroy (&done);
        free ((char *) schemas [i]);
    }
    printf ("inspection ahead: findings numbered ahead and sent with COMMIT equal their rows; a number taken "
            "meanwhile, a rollback and a new year fail the check and the ordinary insert puts it right\n");
    return 0;
}

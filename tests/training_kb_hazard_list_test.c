/*  From inspection to the knowledge base, through the stream: a team's hazard list imported
    in the inspection daemon (ImportHazardCsv) becomes the team's hazard-identification
    article of the training daemon's knowledge base (training_kb_inspection.h), from the
    items the event inspection.hazard_list_imported carries; a second import of the list is a
    new version of the same article. A list of 500 items goes through too (its envelope's size
    is printed).                                                                             */
#include "inspection_testlib.h"

#include <signal.h>
#include <string.h>

#define TRAINING_DAEMON "services/training/sf-training"
#define S_BIG_ITEMS 500

//  Waits (15 s at most) until the article of source is at version.
static void
s_wait_version (sf_db_t *db, const char *source, int64_t version)
{
    for (int waited = 0; waited < 15000; waited += 100) {
        if (sf_test_scalar (db, "SELECT coalesce (max (version), 0) FROM kb_article WHERE source = $1", source)
            == version)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "the article %s never reached version %lld\n", source, (long long) version);
    abort ();
}

static void
s_import (sf_rpc_client_t *admin, const char *csv)
{
    Inspection__ImportHazardCsv command = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    command.file_name = (char *) "team.csv";
    command.csv.data = (uint8_t *) csv;
    command.csv.len = strlen (csv);
    SF_CHECK (dt_ask (admin, &command.base, NULL) == SF_OK);
}

//  1 when the current version of the article of source holds text in its body.
static int64_t
s_body_has (sf_db_t *db, const char *source, const char *text)
{
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM kb_article WHERE source = $1 AND strpos (body, '%s') > 0", text);
    return sf_test_scalar (db, sql, source);
}

int
main (void)
{
    it_stack_t stack;
    it_stack_start (&stack, "kbhaz");
    char schema [64], env [256];
    snprintf (schema, sizeof schema, "%s_train", stack.prefix);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s", stack.prefix);
    sf_test_daemon_t training;
    sf_test_daemon_start (&training, TRAINING_DAEMON, schema, env);
    sf_db_t *db = sf_test_db_session (schema);

    //  The first import: the article of the team's list, its body and hazards from the items.
    char *csv = NULL, source [128];
    snprintf (source, sizeof source, "inspection.hazard_list:%sD1T1/2026", stack.prefix);
    SF_CHECK (asprintf (&csv,
        "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
        "%sD1T1,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
        "%sD1T1,2026,人,操作时佩戴手套,机械伤害,车床操作严禁戴手套,6,6,7\n", stack.prefix, stack.prefix) > 0);
    s_import (stack.admin, csv);
    free (csv);
    s_wait_version (db, source, 1);
    SF_CHECK (s_body_has (db, source, "车床卡盘无防护罩") == 1);
    SF_CHECK (s_body_has (db, source, "车床操作严禁戴手套") == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT cardinality (hazards) FROM kb_article WHERE source = $1", source) == 2);
    char unit [96];
    snprintf (unit, sizeof unit, "%sD1T1", stack.prefix);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM kb_article WHERE owner_unit = $1"
                                  " AND source LIKE 'inspection.hazard_list:%'", unit) == 1);

    //  The list imported again, changed: a new version of the same article, the old kept.
    SF_CHECK (asprintf (&csv,
        "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
        "%sD1T1,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
        "%sD1T1,2026,环,切削液泄漏地面湿滑,其他伤害,及时清理并设置防滑垫,3,6,3\n", stack.prefix, stack.prefix) > 0);
    s_import (stack.admin, csv);
    free (csv);
    s_wait_version (db, source, 2);
    SF_CHECK (s_body_has (db, source, "切削液泄漏地面湿滑") == 1);
    SF_CHECK (s_body_has (db, source, "车床操作严禁戴手套") == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM kb_article WHERE source LIKE 'inspection.hazard_list:%'",
                              NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM kb_article_version v JOIN kb_article a ON a.id = v.article_id"
                                  " WHERE a.source = $1", source) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM kb_article_version v JOIN kb_article a ON a.id = v.article_id"
                                  " WHERE a.source = $1 AND v.version = 1 AND strpos (v.body, '车床操作严禁戴手套') > 0",
                              source) == 1);

    //  A list of 500 items (another team's): its one event carries them all, through the
    //  outbox, the stream and the consumer, into an article.
    size_t size = 0;
    FILE *file = open_memstream (&csv, &size);
    fprintf (file, "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n");
    for (int i = 1; i <= S_BIG_ITEMS; i++)
        fprintf (file, "%sD1T2,2026,机,第%d号设备转动部位无防护罩，人员靠近时可能被卷入,机械伤害,"
                       "加装防护罩并与设备联锁，班前检查防护罩完好，挂警示标志,3,6,%d\n",
                 stack.prefix, i, i % 2? 15: 7);
    fclose (file);
    snprintf (source, sizeof source, "inspection.hazard_list:%sD1T2/2026", stack.prefix);
    s_import (stack.admin, csv);
    free (csv);
    s_wait_version (db, source, 1);
    SF_CHECK (s_body_has (db, source, "第1号设备转动部位无防护罩") == 1);
    int64_t envelope = sf_test_scalar (stack.db,
        "SELECT length (envelope) FROM sf_outbox WHERE event_type = 'inspection.hazard_list_imported'"
        " ORDER BY id DESC LIMIT 1", NULL);
    printf ("measured: the envelope of inspection.hazard_list_imported with %d items is %lld bytes"
            " (CSV of %zu bytes)\n", S_BIG_ITEMS, (long long) envelope, size);
    SF_CHECK (envelope > S_BIG_ITEMS * 100);

    sf_db_destroy (&db);
    sf_test_daemon_stop (&training, SIGTERM);
    it_stack_stop (&stack);
    return 0;
}

/*  notify_render_fill_test: templates filled in zh and en from the migrated schema, every
    placeholder, unknown ones and lone braces kept, links with {id} and {number}, a local
    date-time in the plants' zone, a template that does not exist.                          */
#include "notify_render.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t notify_migrations [];

int
main (void)
{
    notify_render_values_t values = { .unit = "一车间", .number = "F-2026-0001", .text = "消防通道堵塞",
                                      .deadline = "2026-12-03 17:00", .days = "3", .step = "2",
                                      .link = "https://sf.example/forms/F-2026-0001" };
    char *out = notify_render_fill ("{unit}|{number}|{text}|{deadline}|{days}|{step}|{link}", &values);
    SF_CHECK_STR (out, "一车间|F-2026-0001|消防通道堵塞|2026-12-03 17:00|3|2|https://sf.example/forms/F-2026-0001");
    free (out);
    out = notify_render_fill ("{x} { {unit {} }{unit}{", &values);
    SF_CHECK_STR (out, "{x} { {unit {} }一车间{");
    free (out);
    notify_render_values_t empty = { 0 };
    out = notify_render_fill ("a{unit}b{days}c", &empty);
    SF_CHECK_STR (out, "abc");
    free (out);

    out = notify_render_link ("https://sf.example", "/forms/{number}", "17", "F-1");
    SF_CHECK_STR (out, "https://sf.example/forms/F-1");
    free (out);
    out = notify_render_link ("https://sf.example", "/tasks/{id}", "17", "F-1");
    SF_CHECK_STR (out, "https://sf.example/tasks/17");
    free (out);
    out = notify_render_link (NULL, "/letters/coverage", NULL, NULL);
    SF_CHECK_STR (out, "/letters/coverage");
    free (out);

    char *schema = sf_test_unique ("notify_render");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "notify", notify_migrations) >= 2);

    char *subject = NULL, *body = NULL;
    SF_CHECK (notify_render (db, "rectification.form_overdue", "zh", &values, &subject, &body) == 1);
    SF_CHECK_STR (subject, "整改逾期：F-2026-0001");
    SF_CHECK (strstr (body, "一车间 的问题反馈单 F-2026-0001 已超过整改期限（2026-12-03 17:00）。"));
    SF_CHECK (strstr (body, "[查看](https://sf.example/forms/F-2026-0001)"));
    SF_CHECK (!strchr (body, '{'));
    free (subject);
    free (body);
    values.unit = "Workshop 1";
    SF_CHECK (notify_render (db, "rectification.form_escalated", "en", &values, &subject, &body) == 1);
    SF_CHECK_STR (subject, "Overdue rectification escalated (step 2): F-2026-0001");
    SF_CHECK (strstr (body, "Form F-2026-0001 of Workshop 1 is 3 days overdue"));
    free (subject);
    free (body);
    subject = body = NULL;
    SF_CHECK (notify_render (db, "no.such_template", "zh", &values, &subject, &body) == 0);
    SF_CHECK (!subject && !body);

    //  Every template of the schema fills with nothing left in braces.
    sf_rows_t *rows = sf_db_query (db, "SELECT code, language FROM template", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) >= 24);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        SF_CHECK (notify_render (db, sf_rows_text (rows, row, 0), sf_rows_text (rows, row, 1), &values,
                                 &subject, &body) == 1);
        SF_CHECK (!strchr (subject, '{') && !strchr (body, '{'));
        free (subject);
        free (body);
    }
    sf_rows_destroy (&rows);

    char local [32];
    //  2026-12-03 09:00 UTC is 17:00 in Shanghai.
    SF_CHECK (notify_render_local_time (db, 1796288400000, "Asia/Shanghai", local, sizeof local) == 0);
    SF_CHECK_STR (local, "2026-12-03 17:00");
    SF_CHECK (notify_render_local_time (db, 0, "Asia/Shanghai", local, sizeof local) == 0);
    SF_CHECK_STR (local, "");
    //  In a transaction, an unknown zone fails alone: the transaction goes on.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (notify_render_local_time (db, 1796288400000, "Mars/Olympus", local, sizeof local) == -1);
    SF_CHECK_STR (local, "");
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM template", NULL) >= 24);
    SF_CHECK (sf_db_commit (db) == 0);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("notify_render_fill_test: ok\n");
    return 0;
}

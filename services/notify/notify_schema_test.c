/*  notify_schema_test: the schema builds from the embedded migrations; the numbers it stores
    are the contract's (urgency, channel, message format and delivery status bounds); every default route names
    a known event type and every event type has its template in both languages.              */
#include "notify.pb-c.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t notify_migrations [];

int
main (void)
{
    char *schema = sf_test_unique ("notify_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "notify", notify_migrations) >= 2);

    char *found = sf_test_numbered_definitions (db, schema);
    char expected [256];
    snprintf (expected, sizeof expected, "CHECK (((urgency >= %d) AND (urgency <= %d)))",
              NOTIFY__URGENCY__URGENCY_DIGEST, NOTIFY__URGENCY__URGENCY_URGENT);
    SF_CHECK (strstr (found, expected));
    snprintf (expected, sizeof expected, "CHECK (((channel >= %d) AND (channel <= %d)))",
              NOTIFY__CHANNEL__CHANNEL_DINGTALK, NOTIFY__CHANNEL__CHANNEL_EMAIL);
    SF_CHECK (strstr (found, expected));
    snprintf (expected, sizeof expected, "CHECK (((status >= %d) AND (status <= %d)))",
              NOTIFY__DELIVERY_STATUS__DELIVERY_QUEUED, NOTIFY__DELIVERY_STATUS__DELIVERY_ESCALATED);
    SF_CHECK (strstr (found, expected));
    snprintf (expected, sizeof expected, "CHECK (((format >= %d) AND (format <= %d)))",
              NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_TEXT, NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_RICH);
    SF_CHECK (strstr (found, expected));
    free (found);

    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM event_route_kind k WHERE (SELECT count (*) FROM template t"
                                  " WHERE t.code = k.event_type) <> 2", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM route WHERE reason = ''", NULL) == 0);
    //  Templates break lines for real (E'' strings), never with a literal backslash.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM template WHERE strpos (body, '\\') > 0", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM template WHERE strpos (body, chr (10)) = 0", NULL) == 0);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("notify_schema_test: ok\n");
    return 0;
}

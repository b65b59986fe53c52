/*  gateway_openapi_document: the document of a route table: OpenAPI 3.1.0 with the project's
    version; a read has get (Connect's query parameters) and post, a write only post with an
    Idempotency-Key; operation ids, tags, roles and required fields (by JSON name) as the
    daemon described them; the problem responses; security on every route but Login; every
    message reached a schema; what the gateway does not serve (sf.Health) left out.        */
#include "gateway_openapi.h"
#include "gateway.pb-c.h"
#include "inspection.pb-c.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

static gw_routes_t *
s_table (void)
{
    char *report_roles [] = { "worker", "ehs" };
    char *report_required [] = { "finding.responsible_unit" };
    Sf__Method health = SF__METHOD__INIT, report = SF__METHOD__INIT, get = SF__METHOD__INIT;
    health.type = "sf.Health";
    health.reply_type = "sf.Health";
    report.type = "inspection.ReportFinding";
    report.reply_type = "inspection.Finding";
    report.writes = true;
    report.n_roles = 2;
    report.roles = report_roles;
    report.n_required = 1;
    report.required = report_required;
    report.scope = "finding.responsible_unit";
    get.type = "inspection.GetFinding";
    get.reply_type = "inspection.Finding";
    Sf__Method *methods [] = { &health, &report, &get };
    Sf__Description description = SF__DESCRIPTION__INIT;
    description.daemon = "inspection";
    description.version = "0.1.0";
    description.n_methods = 3;
    description.methods = methods;
    gw_routes_t *table = gw_routes_new ();
    SF_CHECK (gw_routes_add_description (table, &description) == 2);
    gw_routes_add_local (table, &gateway__login__descriptor, &gateway__session__descriptor, true);
    gw_routes_add_local (table, &gateway__who_am_i__descriptor, &gateway__session__descriptor, false);
    return table;
}

//  The text of path's item: from its key to the next path's (or the end of paths).
static char *
s_path_item (const char *document, const char *path)
{
    char key [256];
    snprintf (key, sizeof key, "\"%s\":{", path);
    const char *start = strstr (document, key);
    SF_CHECK (start);
    const char *end = strstr (start + 1, "\"/api/v1/");
    if (!end)
        end = strstr (start, "\"components\":");
    return strndup (start, (size_t) (end - start));
}

int
main (void)
{
    gw_routes_t *table = s_table ();
    char *document = gw_openapi_document (table, "9.8.7");
    const char *head = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Enterprise Safety Management and Control Platform API\","
                       "\"x-title-zh\":\"企业全面安全管控平台 API\",\"version\":\"9.8.7\"";
    SF_CHECK (strncmp (document, head, strlen (head)) == 0);
    SF_CHECK (strstr (document, "\"servers\":[{\"url\":\"/\"}]"));
    SF_CHECK (strstr (document, "\"tags\":[{\"name\":\"inspection\""));
    SF_CHECK (!strstr (document, "Health"));

    char *report = s_path_item (document, "/api/v1/inspection.Inspection/ReportFinding");
    SF_CHECK (!strstr (report, "\"get\":"));
    SF_CHECK (strstr (report, "\"post\":{\"operationId\":\"inspection.Inspection.ReportFinding\","
                              "\"summary\":\"inspection.ReportFinding\",\"description\":\"roles: worker, ehs"));
    SF_CHECK (strstr (report, "required fields: finding.responsibleUnit"));
    SF_CHECK (strstr (report, "\"tags\":[\"inspection\"]"));
    SF_CHECK (strstr (report, "{\"$ref\":\"#/components/parameters/IdempotencyKey\"}"));
    SF_CHECK (strstr (report, "\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":"
                              "{\"$ref\":\"#/components/schemas/inspection.ReportFinding\"}}}}"));
    SF_CHECK (strstr (report, "\"200\":{\"description\":\"inspection.Finding / 应答\",\"headers\":{\"Idempotency-Key\""));
    SF_CHECK (strstr (report, "{\"$ref\":\"#/components/schemas/inspection.Finding\"}"));
    const char *statuses [] = { "400", "401", "403", "404", "409", "413", "503" };
    for (int i = 0; i < 7; i++) {
        char key [16];
        snprintf (key, sizeof key, "\"%s\":{\"$ref\"", statuses [i]);
        SF_CHECK (strstr (report, key));
    }
    SF_CHECK (!strstr (report, "\"429\""));
    SF_CHECK (strstr (report, "\"security\":[{\"bearer\":[]},{\"cookie\":[]}]"));
    SF_CHECK (strstr (report, "\"x-sf-roles\":[\"worker\",\"ehs\"],\"x-sf-writes\":true,"
                              "\"x-sf-required\":[\"finding.responsibleUnit\"],\"x-sf-scope\":\"finding.responsible_unit\""));
    free (report);

    char *get = s_path_item (document, "/api/v1/inspection.Inspection/GetFinding");
    SF_CHECK (strstr (get, "\"get\":{\"operationId\":\"inspection.Inspection.GetFinding.get\""));
    SF_CHECK (strstr (get, "\"post\":{\"operationId\":\"inspection.Inspection.GetFinding\""));
    SF_CHECK (strstr (get, "any account"));
    SF_CHECK (strstr (get, "{\"name\":\"encoding\",\"in\":\"query\",\"required\":false,"));
    SF_CHECK (strstr (get, "{\"name\":\"message\",\"in\":\"query\",\"required\":false,"));
    SF_CHECK (strstr (get, "\"content\":{\"application/json\":{\"schema\":"
                           "{\"$ref\":\"#/components/schemas/inspection.GetFinding\"}}}}"));
    SF_CHECK (strstr (get, "{\"name\":\"base64\",\"in\":\"query\",\"required\":false,"));
    SF_CHECK (strstr (get, "{\"name\":\"connect\",\"in\":\"query\",\"required\":false,"));
    SF_CHECK (!strstr (get, "IdempotencyKey"));
    free (get);

    char *login = s_path_item (document, "/api/v1/gateway.Gateway/Login");
    SF_CHECK (strstr (login, "\"operationId\":\"gateway.Gateway.Login\""));
    SF_CHECK (strstr (login, "no session needed"));
    SF_CHECK (!strstr (login, "\"security\""));
    SF_CHECK (strstr (login, "\"429\":{\"$ref\":\"#/components/responses/TooManyRequests\"}"));
    free (login);
    char *who = s_path_item (document, "/api/v1/gateway.Gateway/WhoAmI");
    SF_CHECK (strstr (who, "\"security\":[{\"bearer\":[]},{\"cookie\":[]}]"));
    free (who);

    //  Components: every message reached (directory.Account through gateway.Session), the
    //  problem, the security schemes.
    const char *components = strstr (document, "\"components\":");
    SF_CHECK (components);
    SF_CHECK (strstr (components, "\"inspection.FindingInput\":{\"type\":\"object\""));
    SF_CHECK (strstr (components, "\"gateway.Session\":{\"type\":\"object\""));
    SF_CHECK (strstr (components, "\"directory.Account\":{\"type\":\"object\""));
    SF_CHECK (strstr (components, "\"Problem\":{\"type\":\"object\""));
    SF_CHECK (strstr (components, "\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}"));
    SF_CHECK (strstr (components, "\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\""));
    SF_CHECK (strstr (components, "\"cookie\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":\"sf_session\""));
    SF_CHECK (!strstr (components, "sf.Health"));

    //  The same table, the same document.
    char *again = gw_openapi_document (table, "9.8.7");
    SF_CHECK (strcmp (again, document) == 0);
    free (again);
    free (document);
    gw_routes_destroy (&table);
    return 0;
}

/*  Findings reach rectification reliably: reported while the rectification daemon is
    down, each becomes exactly one feedback form once it is back, also when it is killed
    with SIGKILL half way and started again; and the form's number comes back to the
    finding (in rectification), closing the loop.                                          */
#include "inspection_testlib.h"

#include <signal.h>
#include <string.h>

#define FINDINGS 40

static it_stack_t s_stack;

static void
s_report (sf_rpc_client_t *client, const char *unit, int index)
{
    char description [128];
    snprintf (description, sizeof description, "第 %d 处：配电箱门未关闭", index);
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = description;
    finding.factor = INSPECTION__FACTOR__FACTOR_MACHINE;
    finding.location = (char *) "配电室";
    finding.severity = index % 10 == 0? INSPECTION__SEVERITY__SEVERITY_MAJOR: INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) unit;
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    SF_CHECK (dt_ask (client, &request.base, NULL) == SF_OK);
}

static int64_t
s_forms (sf_db_t *rect, const char *sql)
{
    return sf_test_scalar (rect, sql, NULL);
}

int
main (void)
{
    it_stack_start (&s_stack, "ithand");
    char unit [96], reporter [96];
    snprintf (unit, sizeof unit, "%sD1T1", s_stack.prefix);
    snprintf (reporter, sizeof reporter, "%sD1", s_stack.prefix);
    sf_rpc_client_t *officer = it_client (&s_stack, "officer", "safety_officer", reporter);

    //  Rectification is not running: findings are stored and wait in the stream.
    for (int index = 1; index <= FINDINGS / 2; index++)
        s_report (officer, unit, index);
    SF_CHECK (dt_wait_published (s_stack.db, 10000));

    //  It starts, takes them up, and is killed while doing so; meanwhile more come.
    it_rectification_start (&s_stack);
    sf_db_t *rect = sf_test_db_session (s_stack.rectification_schema);
    for (int index = FINDINGS / 2 + 1; index <= FINDINGS; index++) {
        s_report (officer, unit, index);
        if (index == FINDINGS * 3 / 4)
            sf_test_daemon_stop (&s_stack.rectification, SIGKILL);
    }
    SF_CHECK (dt_wait_published (s_stack.db, 10000));
    it_rectification_start (&s_stack);

    //  One form per finding, none twice.
    bool all = it_wait_count (rect, "SELECT count(*) FROM form", NULL, FINDINGS, 30000);
    if (!all)
        fprintf (stderr, "forms: %lld\n", (long long) s_forms (rect, "SELECT count(*) FROM form"));
    SF_CHECK (all);
    SF_CHECK (s_forms (rect, "SELECT count(*) FROM form") == FINDINGS);
    SF_CHECK (s_forms (rect, "SELECT count(DISTINCT finding_id) FROM form") == FINDINGS);
    SF_CHECK (s_forms (rect, "SELECT count(*) FROM form WHERE severity = 2") == FINDINGS / 10);
    SF_CHECK (sf_test_scalar (rect, "SELECT count(*) FROM form WHERE issuer_unit = $1", reporter) == FINDINGS);

    //  The loop closes: every finding knows its form.
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count(*) FROM finding WHERE status = 2 AND form_number <> ''",
                             NULL, FINDINGS, 30000));
    sf_rpc_client_destroy (&officer);
    sf_db_destroy (&rect);
    it_stack_stop (&s_stack);
    printf ("inspection hand-over: ok\n");
    return 0;
}

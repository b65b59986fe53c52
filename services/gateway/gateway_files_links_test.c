/*  gateway_files_links: the links each payload carries: a finding's, an inspection record's
    findings', a form's own and its evidence's, an alert's form; references that are not
    "sha256:<hex>" skipped, upper-case hex folded; other payloads carry none; a failing
    recorder stops the walk.                                                                */
#include "gateway_files_links.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_testkit.h"

#include <stdio.h>
#include <string.h>

#define S_HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define S_HEX_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct {
    int count;
    char seen [8][160];
    int fail_at;                     //  the call that fails (1-based), 0: none
} s_seen_t;

static int
s_note (const gw_file_link_t *link, void *arg)
{
    s_seen_t *seen = arg;
    if (seen->fail_at && seen->count + 1 == seen->fail_at)
        return -1;
    SF_CHECK (seen->count < 8);
    snprintf (seen->seen [seen->count++], sizeof seen->seen [0], "%s %s %s %s/%s", link->kind, link->id, link->sha256,
              link->plant, link->unit);
    return 0;
}

static int
s_links (const ProtobufCMessage *message, s_seen_t *seen)
{
    sf_event_t event = { 0 };
    event.event_id = strdup ("e-1");
    event.type = strdup ("test.event");
    sf_event_set_payload (&event, message);
    memset (seen->seen, 0, sizeof seen->seen);
    seen->count = 0;
    int links = gw_files_links_of_event (&event, s_note, seen);
    sf_event_clear (&event);
    return links;
}

int
main (void)
{
    char *finding_refs [] = { "sha256:" S_HEX_A, "https://example.com/photo.jpg", "sha256:abc",
                              "SHA256:" S_HEX_B, "sha256:" "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF" };
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.number = "P01-F2026-000001";
    finding.plant_code = "P01";
    finding.responsible_unit = "P01D1T1";
    finding.description = "配电箱门未关";
    finding.attachments = finding_refs;
    finding.n_attachments = 5;
    s_seen_t seen = { 0 };
    SF_CHECK (s_links (&finding.base, &seen) == 2);
    SF_CHECK_STR (seen.seen [0], "finding P01-F2026-000001 " S_HEX_A " P01/P01D1T1");
    SF_CHECK_STR (seen.seen [1], "finding P01-F2026-000001 " S_HEX_B " P01/P01D1T1");

    //  An inspection record: each finding's.
    char *second_refs [] = { "sha256:" S_HEX_B };
    Inspection__Finding second = INSPECTION__FINDING__INIT;
    second.number = "P01-F2026-000002";
    second.plant_code = "P01";
    second.responsible_unit = "P01D2";
    second.attachments = second_refs;
    second.n_attachments = 1;
    Inspection__Finding *findings [] = { &finding, &second };
    Inspection__Record record = INSPECTION__RECORD__INIT;
    record.findings = findings;
    record.n_findings = 2;
    SF_CHECK (s_links (&record.base, &seen) == 3);
    SF_CHECK_STR (seen.seen [2], "finding P01-F2026-000002 " S_HEX_B " P01/P01D2");

    //  A form: its own attachments and its evidence's.
    char *form_refs [] = { "sha256:" S_HEX_A };
    char *evidence_refs [] = { "sha256:" S_HEX_B, "not-a-ref" };
    Rectification__Evidence evidence = RECTIFICATION__EVIDENCE__INIT;
    evidence.text = "已关闭并上锁";
    evidence.attachments = evidence_refs;
    evidence.n_attachments = 2;
    Rectification__Form form = RECTIFICATION__FORM__INIT;
    form.number = "P01-R2026-000001";
    form.plant_code = "P01";
    form.responsible_unit = "P01D1";
    form.attachments = form_refs;
    form.n_attachments = 1;
    form.evidence = &evidence;
    SF_CHECK (s_links (&form.base, &seen) == 2);
    SF_CHECK_STR (seen.seen [0], "form P01-R2026-000001 " S_HEX_A " P01/P01D1");
    SF_CHECK_STR (seen.seen [1], "evidence P01-R2026-000001 " S_HEX_B " P01/P01D1");
    //  An alert carries the form.
    Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
    alert.form = &form;
    SF_CHECK (s_links (&alert.base, &seen) == 2);
    //  Payloads with no attachments, and an object without a number.
    Inspection__Task task = INSPECTION__TASK__INIT;
    SF_CHECK (s_links (&task.base, &seen) == 0 && seen.count == 0);
    form.number = "";
    SF_CHECK (s_links (&form.base, &seen) == 0);
    form.number = "P01-R2026-000001";
    //  A recorder that fails stops the walk.
    seen.fail_at = 2;
    SF_CHECK (s_links (&form.base, &seen) == -1);
    SF_CHECK (seen.count == 1);
    return 0;
}

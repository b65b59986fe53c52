/*  scoring_overdue_test: forms overdue per day (scoring_score_rectification.c tracks them,
    scoring_overdue.c scores them) on the real schema: form_overdue (an Alert) starts the
    count once; each pass writes the whole days past the deadline not yet written, to the
    responsible person (an employee) and unit, each day its own item and moment; a pass again
    writes nothing; the rule's item_cap bounds the days; a close stops the count at closed_ms,
    a cancel too; a form closed by its deadline and never overdue earns form.closed (the unit:
    the person's points are 0 in version 1), a cancelled or late one nothing.               */
#include "scoring_score_test_fixture.h"
#include "scoring_overdue.h"
#include "rectification.pb-c.h"

static void
s_form (Rectification__Form *form, int64_t id, char *number, size_t size)
{
    rectification__form__init (form);
    snprintf (number, size, "fsP-R2026-%06" PRId64, id);
    form->id = id;
    form->number = number;
    form->plant_code = (char *) "fsP";
    form->responsible_unit = (char *) "fsT";
    form->responsible_person = (char *) "fsE1";
    form->deadline_ms = FS_T0;
}

static int
s_overdue (int64_t id)
{
    Rectification__Form form;
    char number [32];
    s_form (&form, id, number, sizeof number);
    form.overdue = true;
    Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
    alert.form = &form;
    alert.target_unit = (char *) "fsT";
    return fs_apply (scoring_rectification_apply, NULL, "rectification.form_overdue", FS_T0 + 60000, &alert.base);
}

static int
s_end (const char *type, int64_t id, int64_t closed_ms, bool overdue)
{
    Rectification__Form form;
    char number [32];
    s_form (&form, id, number, sizeof number);
    form.closed_ms = closed_ms;
    form.overdue = overdue;
    return fs_apply (scoring_rectification_apply, NULL, type, closed_ms, &form.base);
}

static int
s_pass (int64_t now_ms)
{
    SF_CHECK (sf_db_begin (fs_db) == 0);
    int scored = scoring_overdue_pass (fs_db, &fs_state, now_ms);
    SF_CHECK (scored >= 0);
    SF_CHECK (sf_db_commit (fs_db) == 0);
    return scored;
}

int
main (void)
{
    fs_open ("scoring_overdue");
    SF_CHECK (s_overdue (1) == 0);
    SF_CHECK (s_overdue (1) == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM overdue_form WHERE closed_ms IS NULL", NULL) == 1);

    //  Three and a half days late: three days, each to the person (-1) and the unit (-2).
    SF_CHECK (s_pass (FS_T0 + 3 * FS_DAY + FS_DAY / 2) == 3);
    SF_CHECK (fs_points ("fsE1") == -300 && fs_points ("fsT") == -600);
    char text [400];
    fs_text ("SELECT string_agg (item_no || ':' || (occurred_ms - 1772676000000) / 86400000 || ':' || source_key,"
             " ',' ORDER BY item_no) FROM entry WHERE subject_code = $1", "fsE1", text, sizeof text);
    SF_CHECK_STR (text, "1:1:overdue:1,2:2:overdue:1,3:3:overdue:1");
    fs_text ("SELECT reason_en || ' | ' || source_ref || ' | ' || source_event_type FROM entry WHERE item_no = 2"
             " AND subject_code = $1", "fsT", text, sizeof text);
    SF_CHECK_STR (text, "Rectification overdue (per day): fsP-R2026-000001 day 2 | fsP-R2026-000001"
                        " | rectification.form_overdue");
    //  Again at the same moment: nothing; before the deadline's next day: nothing.
    SF_CHECK (s_pass (FS_T0 + 3 * FS_DAY + FS_DAY / 2) == 0);
    SF_CHECK (s_pass (FS_T0 + 3 * FS_DAY + FS_DAY - 1) == 0);
    //  Twenty days on: the cap of 10 days.
    SF_CHECK (s_pass (FS_T0 + 20 * FS_DAY) == 7);
    SF_CHECK (fs_entries ("fsE1", "form.overdue_day") == 10 && fs_points ("fsT") == -2000);
    SF_CHECK (fs_scalar ("SELECT days_scored FROM overdue_form WHERE form_id = 1", NULL) == 10);
    SF_CHECK (s_pass (FS_T0 + 30 * FS_DAY) == 0);

    //  Form 2 closed 2.2 days late: two days, however late the pass; no reward.
    SF_CHECK (s_overdue (2) == 0);
    SF_CHECK (s_end ("rectification.form_closed", 2, FS_T0 + 2 * FS_DAY + FS_DAY / 5, true) == 0);
    SF_CHECK (s_pass (FS_T0 + 30 * FS_DAY) == 2);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE source_key = $1", "overdue:2") == 4);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE kind = $1", "form.closed") == 0);
    //  Form 3 cancelled a day late: one day.
    SF_CHECK (s_overdue (3) == 0);
    SF_CHECK (s_end ("rectification.form_cancelled", 3, FS_T0 + FS_DAY + 1, true) == 0);
    SF_CHECK (s_pass (FS_T0 + 30 * FS_DAY) == 1);
    SF_CHECK (fs_scalar ("SELECT closed_ms - 1772676000000 FROM overdue_form WHERE form_id = 3", NULL) == FS_DAY + 1);

    //  Form 4 closed by its deadline, never overdue: +1 to the unit, once; form 5 cancelled
    //  in time, form 6 closed late without tracking: nothing.
    SF_CHECK (s_end ("rectification.form_closed", 4, FS_T0 - 1000, false) == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE kind = $1", "form.closed") == 1);
    SF_CHECK (fs_scalar ("SELECT points FROM entry WHERE kind = 'form.closed' AND subject_code = $1", "fsT") == 100);
    SF_CHECK (s_end ("rectification.form_cancelled", 5, FS_T0 - 1000, false) == 0);
    SF_CHECK (s_end ("rectification.form_closed", 6, FS_T0 + 1000, false) == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE kind = $1", "form.closed") == 1);

    //  A form whose responsible person is not an employee: the unit alone.
    Rectification__Form form;
    char number [32];
    s_form (&form, 7, number, sizeof number);
    form.responsible_person = (char *) "fs.worker";
    SF_CHECK (fs_apply (scoring_rectification_apply, NULL, "rectification.form_overdue", FS_T0, &form.base) == 0);
    SF_CHECK (s_pass (FS_T0 + FS_DAY + 1) == 1);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE source_key = $1", "overdue:7") == 1);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM unscored_event", NULL) == 0);

    fs_close ();
    printf ("scoring_overdue_test: ok\n");
    return 0;
}

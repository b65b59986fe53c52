/*  training_qual: what the qual area's routes and its scheduled job share: the rules it
    reads, dates in Beijing time, its events, opening a person's onboarding levels, reading
    certificates, and judging who is qualified for their post (README_qual.md).             */
#ifndef TRAINING_QUAL_H_INCLUDED
#define TRAINING_QUAL_H_INCLUDED

#include "training_qual.pb-c.h"
#include "sf_db.h"
#include "sf_org.h"
#include "sf_rpc_server.h"

#include <stdbool.h>
#include <stdint.h>

#define QUAL_TOPIC "training"              //  events go to sf_stream_name (QUAL_TOPIC)
#define QUAL_DAY_MS (24 * 3600 * 1000LL)
//  "Every year" of the refresher: the last 365 days, so that nobody falls short on 1 January.
#define QUAL_YEAR_DAYS 365

//  The numbers of training_rule this area applies.
typedef struct {
    int64_t onboarding_hours;
    int64_t onboarding_hours_high_risk;
    int64_t refresher_hours_high_risk;
    int64_t retrain_after_months;
    int64_t renew_days;
    int64_t manager_initial_hours;              //  3号令 第九条 (migration 021)
    int64_t manager_yearly_hours;
    int64_t manager_initial_hours_high_risk;
    int64_t manager_yearly_hours_high_risk;
} qual_rules_t;

//  The rules migration 021 adds (training_rules.h names those of 001).
#define QUAL_RULE_MANAGER_INITIAL_HOURS           "manager_initial_hours"
#define QUAL_RULE_MANAGER_YEARLY_HOURS            "manager_yearly_hours"
#define QUAL_RULE_MANAGER_INITIAL_HOURS_HIGH_RISK "manager_initial_hours_high_risk"
#define QUAL_RULE_MANAGER_YEARLY_HOURS_HIGH_RISK  "manager_yearly_hours_high_risk"

//  Reads them. 0; 1 when a rule is missing (*missing names it); -1 on a database error.
int qual_rules_load (sf_db_t *db, qual_rules_t *rules, const char **missing);

//  Fails call from qual_rules_load's result (1 or -1).
void qual_fail_rules (sf_call_t *call, int rc, const char *missing);

//  Calendar arithmetic on Beijing dates (UTC+8): ms moved by years or months, the time of day
//  kept (29 February + 1 year is 1 March).
int64_t qual_add_years (int64_t ms, int years);
int64_t qual_add_months (int64_t ms, int months);
//  "YYYY-MM-DD" in Beijing time.
void qual_date_text (int64_t ms, char *text, size_t size);

//  Adds an event to the outbox of stream "training": through the call (its actor and trace)
//  or, call NULL, as the daemon's own job (actor sf-training). 0 or -1.
int qual_emit (sf_db_t *db, sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
               int64_t version, const char *plant, const ProtobufCMessage *payload);

//  Opens employee's levels for reason: all three for a new employee (nothing when it has
//  them already: returns 1), department and team again for a job change or a return, at
//  the current post, with the hours of the rules and the plant's sector; emits
//  training.onboarding_opened. 0, 1, or -1 (database error or a missing rule, logged).
int qual_onboarding_open (sf_db_t *db, sf_call_t *call, const sf_org_node_t *employee,
                          Training__OnboardingReason reason, int64_t now_ms);

//  The levels of employee, company first. 0 or -1.
int qual_levels_read (sf_db_t *db, const char *employee, Training__OnboardingLevelState ***levels, size_t *count);

//  Marks the level passed when its hours are credited and an exam passed. 1 when it just
//  passed, 0 when not (yet, or already), -1 on a database error.
int qual_level_check_pass (sf_db_t *db, const char *employee, int level, int64_t now_ms);

//  An exam attempt of the exam area (training_exam.h) scored for employee: when its
//  blueprint's purpose is an onboarding level ("onboarding.company", ".department", ".team"),
//  records passed and score on that level as OnboardingRecordExam does, in the caller's
//  transaction, unless the level is passed already or not open. Returns 1 recorded, 0 nothing
//  to record, -1 on a database error.
int qual_level_exam_from_attempt (sf_db_t *db, const char *employee, const char *purpose, bool passed, int score,
                                  int64_t now_ms);

//  The select list and source of a certificate, for qual_certificate_fill.
#define QUAL_CERTIFICATE_SELECT \
    "SELECT c.id, c.employee_code, c.type_code, t.name_zh, t.name_en, c.number, c.authority, c.issued_ms," \
    " c.expires_ms, COALESCE (c.reviewed_ms, 0), COALESCE (c.review_due_ms, 0), c.plant_code, c.version" \
    " FROM qual_certificate c JOIN qual_certificate_type t ON t.code = c.type_code"

//  A new Certificate from row of such a select, its state at now_ms.
Training__Certificate *qual_certificate_fill (sf_rows_t *rows, int row, int64_t now_ms, int64_t renew_days);

//  Judges each of codes (active employees; others are left out) at now_ms: qualified for the
//  current post (the employee's parent in the org copy) or why not. detail adds the levels,
//  the certificates and the post's requirements. *people in code order, each the caller's
//  (sf_pb_destroy each, free the array). 0 or -1 (database error or missing rule).
int qual_judge (sf_db_t *db, char *const *codes, size_t count, int64_t now_ms, bool detail,
                Training__QualificationPerson ***people, size_t *n_people);

//  The reason kinds of person as one text ("exam_absent,cert_expired"), for qual_status. Caller frees.
char *qual_reason_kinds (const Training__QualificationPerson *person);

//  The routes of yearly training plans (training_qual_plan.c): CoursePlanSet, CoursePlanGet.
void qual_plan_set (sf_call_t *call);
void qual_plan_get (sf_call_t *call);

#endif

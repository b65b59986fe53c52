/*  training_rules: the national rules the daemon applies, read from the table training_rule
    (migration 001: each value with its source). No area writes these numbers in C.         */
#ifndef TRAINING_RULES_H_INCLUDED
#define TRAINING_RULES_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

//  The rule names of migration 001.
#define TRAINING_RULE_ONBOARDING_HOURS            "onboarding_hours"
#define TRAINING_RULE_ONBOARDING_HOURS_HIGH_RISK  "onboarding_hours_high_risk"
#define TRAINING_RULE_REFRESHER_HOURS_HIGH_RISK   "refresher_hours_high_risk"
#define TRAINING_RULE_RETRAIN_AFTER_MONTHS        "retrain_after_absence_months"
#define TRAINING_RULE_EXAM_PASS_PERCENT           "exam_pass_percent"
#define TRAINING_RULE_CERT_VALID_YEARS            "special_certificate_valid_years"
#define TRAINING_RULE_CERT_REVIEW_YEARS           "special_certificate_review_years"
#define TRAINING_RULE_CERT_RENEW_DAYS             "special_certificate_renew_days"

//  The value of rule name into *value. Returns 0, 1 when the table has no such rule (our
//  bug or a damaged table: the caller fails its call as internal), -1 on a database error.
int training_rule (sf_db_t *db, const char *name, int64_t *value);

#endif

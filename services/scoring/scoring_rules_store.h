/*  scoring_rules_store: the versioned rule sets in their tables (001_rules.sql): the rule of
    a kind under the current version (what the consumers score with), a whole set read back as
    its message, a new set checked and written as the next version (scoring.SetRules).     */
#ifndef SCORING_RULES_STORE_H_INCLUDED
#define SCORING_RULES_STORE_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"
#include "sf_status.h"

#include <stdbool.h>
#include <stdint.h>

//  A kind's rule under one version, with the kind's names from the catalogue.
typedef struct {
    int64_t version;             //  the rule set's version (the current one)
    char kind [64];
    int64_t person_points;       //  centipoints; 0: the person side is not scored
    int64_t unit_points;         //  0: the unit side is not scored
    int item_cap;                //  per-item kinds: most items (days) scored, 0 no bound
    bool cascade;
    char name_zh [200];          //  the kind's names (event_kind)
    char name_en [200];
} scoring_rule_t;

//  The rule of kind under the current (highest) version into rule: 1 found, 0 when that
//  version has no row for kind or kind is not in the catalogue (rule then has points 0 and
//  the current version), -1 on a db error.
int scoring_rule_current (sf_db_t *db, const char *kind, scoring_rule_t *rule);

//  The current version (0 when there is none). -1 on a db error.
int64_t scoring_rules_version (sf_db_t *db);

//  The rule set of version (0: the current one) into *set (sf_pb_destroy frees it):
//  1 found, 0 no such version, -1 on a db error.
int scoring_rules_read (sf_db_t *db, int64_t version, Scoring__RuleSet **set);

//  Checks set as SetRules takes it (README_rules.md, "Errors"): 0 fine, 1 refused with
//  *why (a text of scoring_rules_messages.h taking one string) and what (its argument,
//  at most size-1 bytes), -1 on a db error.
int scoring_rules_check (sf_db_t *db, const Scoring__RuleSet *set, const sf_text_t **why, char *what, size_t size);

//  Writes set (checked) as the next version, by created_by at now_ms; *version gets it.
//  0, or -1 on a db error.
int scoring_rules_write (sf_db_t *db, const Scoring__RuleSet *set, const char *created_by, int64_t now_ms,
                         int64_t *version);

#endif

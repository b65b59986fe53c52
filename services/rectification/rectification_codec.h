/*  rectification_codec: proto/rectification.proto (and the inspection.Finding it consumes)
    as plain C structs. Only this file sees the generated protobuf-c types. Decoded structs
    own their strings (never NULL after a decode); *_clear frees them.                       */
#ifndef RECTIFICATION_CODEC_H_INCLUDED
#define RECTIFICATION_CODEC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  rectification.FormStatus
typedef enum {
    RECT_ISSUED = 1,
    RECT_ACKNOWLEDGED = 2,
    RECT_IN_RECTIFICATION = 3,
    RECT_SUBMITTED = 4,
    RECT_CLOSED = 5,
    RECT_CANCELLED = 6
} rect_status_t;

//  rectification.Severity (= inspection.Severity)
typedef enum { RECT_GENERAL = 1, RECT_MAJOR = 2 } rect_severity_t;

//  rectification.Pdca
typedef enum { RECT_PLAN = 1, RECT_DO = 2, RECT_CHECK = 3, RECT_ACT = 4 } rect_pdca_t;

typedef struct {
    char **items;
    size_t count;
} rect_strings_t;

typedef struct {
    char *measures;
    char *responsible_unit;
    char *responsible_person;
    int64_t funds_fen;
    int64_t time_limit_ms;
    char *interim_measures;
    char *emergency_plan_ref;
} rect_plan_t;

typedef struct {
    char *text;
    rect_strings_t attachments;
    int64_t cost_fen;
    char *submitted_by;
    int64_t submitted_ms;
} rect_evidence_t;

typedef struct {
    int64_t id;
    char *number;
    int64_t finding_id;
    char *finding_number;
    int status;                  //  rect_status_t
    int severity;                //  rect_severity_t
    char *description;
    char *location;
    char *hazard_key;
    char *responsible_unit;
    char *responsible_person;
    char *issuer_unit;
    char *issued_by;
    char *plant_code;
    char *requirement;
    int64_t deadline_ms;
    int pdca;                    //  rect_pdca_t
    bool has_plan;
    rect_plan_t plan;
    bool has_evidence;
    rect_evidence_t evidence;
    int64_t recurrence_of;
    char *recurrence_of_number;
    rect_strings_t attachments;
    int64_t issued_ms;
    int64_t closed_ms;
    char *verified_by;
    char *note;
    int rejections;
    int escalation_step;
    bool overdue;
    int64_t version;
} rect_form_t;

typedef struct {
    rect_form_t *forms;
    size_t count;
    size_t capacity;
} rect_form_list_t;

//  rectification.Alert
typedef struct {
    const rect_form_t *form;
    const char *target_unit;
    const char *target_role;
    int step;
    int64_t days;
} rect_alert_t;

//  Every request body, decoded into one struct: each request type fills its own fields.
//  Form selectors (number or id), note (note or reason), the IssueForm fields in issue.
typedef struct {
    char *number;
    int64_t id;
    char *note;
    rect_form_t issue;           //  IssueForm: unit, person, issuer, severity, texts, deadline
    bool has_plan;
    rect_plan_t plan;
    bool has_evidence;
    rect_evidence_t evidence;
    char *unit_code;             //  ListForms, GetStats, GetNotice
    int status;
    bool open_only;
    int limit;
    int64_t from_ms;
    int64_t to_ms;
} rect_command_t;

//  inspection.Finding, the fields a form takes.
typedef struct {
    int64_t id;
    char *number;
    char *description;
    char *location;
    int severity;
    char *responsible_unit;
    char *responsible_person;
    rect_strings_t attachments;
    char *reporter;
    char *reporter_unit;
    char *plant_code;
    char *hazard_key;
    int64_t reported_ms;
} rect_finding_t;

typedef struct {
    char *unit_code;
    char *unit_name_zh;
    char *unit_name_en;
    int issued;
    int closed;
    int closed_on_time;
    double closure_rate;
    double on_time_rate;
    double mean_hours_to_close;
    int overdue;
    int recurrences;
    int open;
} rect_unit_stats_t;

typedef struct {
    rect_unit_stats_t total;
    rect_unit_stats_t *units;
    size_t count;
    int64_t from_ms;
    int64_t to_ms;
} rect_stats_t;

typedef struct {
    char *unit_code;
    char *unit_name_zh;
    char *unit_name_en;
    char *plant_code;
    int64_t generated_ms;
    rect_form_list_t forms;
} rect_notice_t;

//  Decodes the body of request type ("rectification.IssueForm", ...). -1 if malformed or
//  unknown, with nothing left to clear.
int rect_command_decode (const char *type, const uint8_t *body, size_t size, rect_command_t *command);
//  Encodes a request body of type from the fields it uses, for clients. Caller frees.
uint8_t *rect_command_encode (const char *type, const rect_command_t *command, size_t *size);
void rect_command_clear (rect_command_t *command);

uint8_t *rect_form_encode (const rect_form_t *form, size_t *size);
int rect_form_decode (rect_form_t *form, const uint8_t *data, size_t size);
void rect_form_clear (rect_form_t *form);
void rect_plan_clear (rect_plan_t *plan);
void rect_evidence_clear (rect_evidence_t *evidence);
void rect_strings_add (rect_strings_t *strings, const char *text);
void rect_strings_clear (rect_strings_t *strings);

//  Appends an empty form and returns it.
rect_form_t *rect_form_list_add (rect_form_list_t *list);
uint8_t *rect_form_list_encode (const rect_form_list_t *list, size_t *size);
int rect_form_list_decode (rect_form_list_t *list, const uint8_t *data, size_t size);
void rect_form_list_clear (rect_form_list_t *list);

uint8_t *rect_alert_encode (const rect_alert_t *alert, size_t *size);
//  Decodes an Alert into form (owned) and the target fields (caller frees the strings).
int rect_alert_decode (rect_form_t *form, char **target_unit, char **target_role, int *step, int64_t *days,
                       const uint8_t *data, size_t size);

int rect_finding_decode (rect_finding_t *finding, const uint8_t *data, size_t size);
//  For tests that play the inspection daemon.
uint8_t *rect_finding_encode (const rect_finding_t *finding, size_t *size);
void rect_finding_clear (rect_finding_t *finding);

uint8_t *rect_stats_encode (const rect_stats_t *stats, size_t *size);
int rect_stats_decode (rect_stats_t *stats, const uint8_t *data, size_t size);
void rect_stats_clear (rect_stats_t *stats);
void rect_unit_stats_clear (rect_unit_stats_t *stats);

uint8_t *rect_notice_encode (const rect_notice_t *notice, size_t *size);
int rect_notice_decode (rect_notice_t *notice, const uint8_t *data, size_t size);
void rect_notice_clear (rect_notice_t *notice);

#endif

/*  inspection_codec: proto/inspection.proto (plans, tasks, records, findings, violations,
    meetings, queries) as plain structs. Only this file and inspection_hazard_codec see the
    generated protobuf-c types. Strings are owned (NULL reads as empty); clear functions
    free them.                                                                               */
#ifndef INSPECTION_CODEC_H_INCLUDED
#define INSPECTION_CODEC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  inspection.PlanLevel, TaskKind, TaskStatus, Severity, FindingSource, FindingStatus,
//  ViolationType and MeetingKind values, as the proto numbers them.
enum {
    INSPECTION_LEVEL_COMPANY_MONTHLY = 1, INSPECTION_LEVEL_DEPARTMENT_WEEKLY = 2,
    INSPECTION_LEVEL_TEAM_DAILY = 3, INSPECTION_LEVEL_SPECIAL = 4
};
enum { INSPECTION_TASK_CHECK = 1, INSPECTION_TASK_PRE_SHIFT = 2, INSPECTION_TASK_IN_SHIFT = 3,
       INSPECTION_TASK_POST_SHIFT = 4 };
enum { INSPECTION_TASK_OPEN = 1, INSPECTION_TASK_DONE = 2, INSPECTION_TASK_MISSED = 3 };
enum { INSPECTION_SEVERITY_GENERAL = 1, INSPECTION_SEVERITY_MAJOR = 2 };
enum { INSPECTION_SOURCE_INSPECTION = 1, INSPECTION_SOURCE_REPORT = 2, INSPECTION_SOURCE_LESSON = 3 };
enum { INSPECTION_FINDING_OPEN = 1, INSPECTION_FINDING_IN_RECTIFICATION = 2,
       INSPECTION_FINDING_CLOSED = 3, INSPECTION_FINDING_CANCELLED = 4 };
enum { INSPECTION_VIOLATION_ILLEGAL_COMMAND = 1, INSPECTION_VIOLATION_ILLEGAL_OPERATION = 2,
       INSPECTION_VIOLATION_DISCIPLINE = 3 };
enum { INSPECTION_MEETING_PRE_SHIFT = 1, INSPECTION_MEETING_POST_SHIFT = 2 };
#define INSPECTION_FACTOR_MAX 5

typedef struct {
    char *text_zh;
    char *text_en;
} inspection_free_item_t;

typedef struct {
    int64_t id;
    char *code;
    int level;
    char *scope_unit;
    char *title_zh;
    char *title_en;
    char *starts_on;
    char *ends_on;
    int target_kind;
    inspection_free_item_t *free_items;
    size_t free_item_count;
    bool active;
} inspection_plan_t;

typedef struct {
    char *plant_code;
    char *time_zone;
    char **shifts;
    size_t shift_count;
} inspection_calendar_t;

typedef struct {
    int64_t id;
    char *plan_code;
    int level;
    int kind;
    char *executor_unit;
    char *target_unit;
    char *plant_code;
    char *shift_date;
    int shift_no;
    int64_t window_start_ms;
    int64_t window_end_ms;
    int status;
    int64_t record_id;
} inspection_task_t;

typedef struct {
    char *key;
    char *text_zh;
    char *text_en;
    int factor;
    int colour;
} inspection_check_item_t;

typedef struct {
    char *key;
    bool passed;
    char *note;
} inspection_item_result_t;

//  A finding, and also what a reporter gives (FindingInput: the first fields only).
typedef struct {
    int64_t id;
    char *number;
    char *description;
    int factor;
    char *location;
    int severity;
    char *responsible_unit;
    char *responsible_person;
    char **attachments;
    size_t attachment_count;
    char *hazard_key;
    int source;
    int64_t task_id;
    int64_t record_id;
    char *lesson_ref;
    char *reporter;
    char *reporter_unit;
    char *plant_code;
    int64_t reported_ms;
    int status;
    char *form_number;
} inspection_finding_t;

typedef struct {
    int64_t id;
    int64_t task_id;
    char *inspector;
    char *executor_unit;
    char *target_unit;
    int64_t recorded_ms;
    int passed;
    int failed;
    inspection_item_result_t *results;
    size_t result_count;
    inspection_finding_t *findings;
    size_t finding_count;
    char *remarks;
} inspection_record_t;

typedef struct {
    int64_t id;
    char *number;
    int type;
    char *person_code;
    char *unit_code;
    char *plant_code;
    char *description;
    char *location;
    int64_t occurred_ms;
    char *recorded_by;
} inspection_violation_t;

typedef struct {
    int64_t id;
    char *team_code;
    char *shift_date;
    int shift_no;
    int kind;
    char **attendees;
    size_t attendee_count;
    char **absentees;
    size_t absentee_count;
    char *topics;
    char *risks_briefed;
    char *recorded_by;
    int64_t recorded_ms;
} inspection_meeting_t;

typedef struct {
    char *unit_code;
    char *unit_name;
    int due;
    int done;
    int missed;
    int open;
    double rate;
} inspection_completion_t;

//  Growable arrays of the above, for lists and replies.
#define INSPECTION_LIST(name, type) \
    typedef struct { type *items; size_t count; size_t capacity; } name
INSPECTION_LIST (inspection_task_list_t, inspection_task_t);
INSPECTION_LIST (inspection_check_list_t, inspection_check_item_t);
INSPECTION_LIST (inspection_finding_list_t, inspection_finding_t);
INSPECTION_LIST (inspection_violation_list_t, inspection_violation_t);
INSPECTION_LIST (inspection_meeting_list_t, inspection_meeting_t);
INSPECTION_LIST (inspection_record_list_t, inspection_record_t);
INSPECTION_LIST (inspection_completion_list_t, inspection_completion_t);

//  Appends a zeroed item and returns it.
void *inspection_list_add (void *list, size_t item_size);
#define INSPECTION_ADD(list) inspection_list_add ((list), sizeof *(list)->items)

//  Every request body of this file's part of the protocol, decoded into one struct: each
//  request type fills its own fields.
typedef struct {
    inspection_plan_t plan;                  //  CreatePlan
    inspection_calendar_t calendar;          //  SetPlantCalendar
    char *from_date;                         //  GenerateTasks, ListTasks, GetCompletion
    char *to_date;
    char *unit_code;                         //  ListTasks, ListFindings, SearchViolations, ...
    int status;                              //  ListTasks
    int limit;
    int64_t task_id;                         //  GetChecklist, RecordInspection
    inspection_item_result_t *results;       //  RecordInspection
    size_t result_count;
    inspection_finding_t *findings;          //  RecordInspection (inputs); ReportFinding: one
    size_t finding_count;
    char *remarks;
    int source;                              //  ReportFinding
    char *lesson_ref;
    int severity;                            //  ListFindings
    int factor;
    bool open_only;
    inspection_violation_t violation;        //  RecordViolation
    int violation_type;                      //  SearchViolations
    char *text;
    int64_t from_ms;                         //  SearchViolations, GetUnitHistory
    int64_t to_ms;
    inspection_meeting_t meeting;            //  RecordMeeting
} inspection_request_t;

//  Decodes the body of request type (e.g. "inspection.CreatePlan"): 0, or -1 when malformed
//  or not a type of this file.
int inspection_request_decode (const char *type, const uint8_t *body, size_t size, inspection_request_t *request);
//  For clients (safetyctl, tests): the body of request type from the same struct.
uint8_t *inspection_request_encode (const char *type, const inspection_request_t *request, size_t *size);
void inspection_request_clear (inspection_request_t *request);

uint8_t *inspection_plan_encode (const inspection_plan_t *plan, size_t *size);
uint8_t *inspection_calendar_encode (const inspection_calendar_t *calendar, size_t *size);
uint8_t *inspection_task_encode (const inspection_task_t *task, size_t *size);
uint8_t *inspection_generate_result_encode (int created, size_t *size);
int inspection_generate_result_decode (int *created, const uint8_t *data, size_t size);
uint8_t *inspection_task_list_encode (const inspection_task_list_t *list, size_t *size);
uint8_t *inspection_checklist_encode (int64_t task_id, const inspection_check_list_t *list, size_t *size);
uint8_t *inspection_record_encode (const inspection_record_t *record, size_t *size);
uint8_t *inspection_finding_encode (const inspection_finding_t *finding, size_t *size);
uint8_t *inspection_finding_list_encode (const inspection_finding_list_t *list, size_t *size);
uint8_t *inspection_violation_encode (const inspection_violation_t *violation, size_t *size);
uint8_t *inspection_violation_list_encode (const inspection_violation_list_t *list, size_t *size);
uint8_t *inspection_meeting_encode (const inspection_meeting_t *meeting, size_t *size);
uint8_t *inspection_completion_encode (const inspection_completion_list_t *list, size_t *size);
uint8_t *inspection_history_encode (const inspection_record_list_t *records, const inspection_finding_list_t *findings,
                                    const inspection_violation_list_t *violations, const inspection_task_list_t *missed,
                                    const inspection_meeting_list_t *meetings, size_t *size);

//  Decoders for clients and for the events other daemons read: 0, or -1 when malformed.
int inspection_finding_decode (inspection_finding_t *finding, const uint8_t *data, size_t size);
int inspection_task_list_decode (inspection_task_list_t *list, const uint8_t *data, size_t size);
int inspection_task_decode (inspection_task_t *task, const uint8_t *data, size_t size);
int inspection_record_decode (inspection_record_t *record, const uint8_t *data, size_t size);

//  What inspection reads of rectification.Form (the payload of rectification.form_*):
//  the finding it came from (0 for a direct form) and the form's number (caller frees).
int inspection_form_ref_decode (const uint8_t *data, size_t size, int64_t *finding_id, char **number);

void inspection_plan_clear (inspection_plan_t *plan);
void inspection_calendar_clear (inspection_calendar_t *calendar);
void inspection_task_clear (inspection_task_t *task);
void inspection_check_item_clear (inspection_check_item_t *item);
void inspection_item_result_clear (inspection_item_result_t *result);
void inspection_finding_clear (inspection_finding_t *finding);
void inspection_record_clear (inspection_record_t *record);
void inspection_violation_clear (inspection_violation_t *violation);
void inspection_meeting_clear (inspection_meeting_t *meeting);
void inspection_completion_clear (inspection_completion_t *completion);

//  Clears every item with clear and frees the array.
void inspection_list_clear (void *list, size_t item_size, void (*clear) (void *item));
#define INSPECTION_CLEAR(list, clear_fn) \
    inspection_list_clear ((list), sizeof *(list)->items, (void (*) (void *)) (clear_fn))

//  Decoders of the replies the daemon sends, for clients (safetyctl, tests): 0, or -1 when
//  malformed. Each fills its output from zero; clear it (or its lists) afterwards.
int inspection_plan_decode (inspection_plan_t *plan, const uint8_t *data, size_t size);
int inspection_calendar_decode (inspection_calendar_t *calendar, const uint8_t *data, size_t size);
int inspection_checklist_decode (int64_t *task_id, inspection_check_list_t *list, const uint8_t *data, size_t size);
int inspection_finding_list_decode (inspection_finding_list_t *list, const uint8_t *data, size_t size);
int inspection_violation_decode (inspection_violation_t *violation, const uint8_t *data, size_t size);
int inspection_violation_list_decode (inspection_violation_list_t *list, const uint8_t *data, size_t size);
int inspection_meeting_decode (inspection_meeting_t *meeting, const uint8_t *data, size_t size);
int inspection_completion_decode (inspection_completion_list_t *list, const uint8_t *data, size_t size);
int inspection_history_decode (inspection_record_list_t *records, inspection_finding_list_t *findings,
                               inspection_violation_list_t *violations, inspection_task_list_t *missed,
                               inspection_meeting_list_t *meetings, const uint8_t *data, size_t size);

#endif

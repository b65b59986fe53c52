/*  rectification_machine: the life of a feedback form as one table. Each transition names
    the states it leaves from, the state it leads to, the roles that may make it, the side
    of the org chart the actor must act for, the PDCA stage it sets and the event it emits.
    No database here: the checks that need data live in rectification_form.c.              */
#ifndef RECTIFICATION_MACHINE_H_INCLUDED
#define RECTIFICATION_MACHINE_H_INCLUDED

#include <stdbool.h>

//  Who works on the issuing side (issues, verifies, rejects), who rectifies, who cancels.
#define RECT_ROLES_ISSUING "admin,ehs,plant_safety_manager,department_head,safety_officer"
#define RECT_ROLES_RESPONSIBLE "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader"
#define RECT_ROLES_CANCEL "admin,ehs,plant_safety_manager"

typedef enum {
    RECT_T_ISSUE,
    RECT_T_ACKNOWLEDGE,
    RECT_T_RECORD_PLAN,
    RECT_T_START,
    RECT_T_SUBMIT,
    RECT_T_VERIFY,
    RECT_T_REJECT,
    RECT_T_CANCEL,
    RECT_T_COUNT
} rect_transition_t;

typedef enum {
    RECT_SIDE_NONE,              //  the consumer of findings
    RECT_SIDE_RECTIFIER,         //  the responsible unit or below it: who does the work
    RECT_SIDE_RESPONSIBLE,       //  the responsible unit or above it (a major hazard's plan is
                                 //  often made by the plant above the unit)
    RECT_SIDE_ISSUING            //  the issuer unit or above it, never the responsible unit or below
} rect_side_t;

typedef struct {
    rect_transition_t transition;
    const char *name;            //  e.g. "acknowledge"
    const char *name_zh;         //  e.g. "签收"
    unsigned from;               //  bit (1 << status) for each state it may leave
    int to;                      //  rect_status_t; 0 leaves the state as it is
    const char *roles;           //  comma-separated, as in the route table
    rect_side_t side;
    int pdca;                    //  rect_pdca_t to set; 0 leaves it
    const char *event;           //  e.g. "rectification.form_acknowledged"
} rect_move_t;

//  The row of transition.
const rect_move_t *rect_machine_move (rect_transition_t transition);

//  True when move may leave status.
bool rect_machine_allows (const rect_move_t *move, int status);

//  True for closed and cancelled.
bool rect_status_terminal (int status);
//  True for issued, acknowledged and in rectification: the deadline still counts.
bool rect_status_working (int status);

//  "issued", "已下发", ...; "?" for an unknown value.
const char *rect_status_name (int status);
const char *rect_status_name_zh (int status);
//  Parses an English or Chinese status name; 0 when unknown.
int rect_status_parse (const char *text);

const char *rect_severity_name (int severity);
const char *rect_severity_name_zh (int severity);
int rect_severity_parse (const char *text);

const char *rect_pdca_name (int pdca);
//  计划, 执行, 检查, 处理 (the PDCA stages as Chinese safety documents name them).
const char *rect_pdca_name_zh (int pdca);

#endif

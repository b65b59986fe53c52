/*  rectification_machine: the life of a feedback form as one table. Each transition names
    the states it leaves from, the state it leads to, the roles that may make it, the side
    of the org chart the actor must act for, the PDCA stage it sets and the event it emits.
    No database here: the checks that need data live in rectification_form.c.              */
#ifndef RECTIFICATION_MACHINE_H_INCLUDED
#define RECTIFICATION_MACHINE_H_INCLUDED

#include "rectification.pb-c.h"

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
    const ProtobufCMessageDescriptor *request;   //  the request that makes it
    const char *name;            //  e.g. "acknowledge"
    const char *name_zh;         //  e.g. "签收"
    unsigned from;               //  bit (1 << status) for each state it may leave
    Rectification__FormStatus to;   //  unspecified leaves the state as it is
    const char *roles;           //  comma-separated, as in the route table
    rect_side_t side;
    Rectification__Pdca pdca;    //  unspecified leaves it
    const char *event;           //  e.g. "rectification.form_acknowledged"
} rect_move_t;

//  The row of transition.
const rect_move_t *rect_machine_move (rect_transition_t transition);

//  True when move may leave status.
bool rect_machine_allows (const rect_move_t *move, int status);

//  True for issued, acknowledged and in rectification: the deadline still counts.
bool rect_status_working (int status);

#endif

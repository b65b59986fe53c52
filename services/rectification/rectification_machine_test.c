/*  The transition table: every (state, transition) pair, against the README's table; the
    names clients show.                                                                      */
#include "rectification_machine.h"
#include "rectification_names.h"
#include "sf_testkit.h"

#include <string.h>

int
main (void)
{
    //  Which state each transition may leave, row by row as in the README.
    static const char *allowed [RECT_T_COUNT] = {
        [RECT_T_ISSUE] = "", [RECT_T_ACKNOWLEDGE] = "1", [RECT_T_RECORD_PLAN] = "123",
        [RECT_T_START] = "2", [RECT_T_SUBMIT] = "3", [RECT_T_VERIFY] = "4",
        [RECT_T_REJECT] = "4", [RECT_T_CANCEL] = "1234"
    };
    for (int t = 0; t < RECT_T_COUNT; t++) {
        const rect_move_t *move = rect_machine_move ((rect_transition_t) t);
        for (int status = RECTIFICATION__FORM_STATUS__FORM_ISSUED; status <= RECTIFICATION__FORM_STATUS__FORM_CANCELLED;
             status++) {
            bool expected = strchr (allowed [t], '0' + status) != NULL;
            SF_CHECK (rect_machine_allows (move, status) == expected);
        }
        SF_CHECK (!rect_machine_allows (move, 0) && !rect_machine_allows (move, 7));
        SF_CHECK (strncmp (move->event, "rectification.", 14) == 0);
        SF_CHECK (strncmp (move->request->name, "rectification.", 14) == 0);
    }
    //  Terminal states leave by nothing.
    for (int t = 0; t < RECT_T_COUNT; t++) {
        const rect_move_t *move = rect_machine_move ((rect_transition_t) t);
        SF_CHECK (!rect_machine_allows (move, RECTIFICATION__FORM_STATUS__FORM_CLOSED));
        SF_CHECK (!rect_machine_allows (move, RECTIFICATION__FORM_STATUS__FORM_CANCELLED));
    }
    SF_CHECK (rect_machine_move (RECT_T_VERIFY)->side == RECT_SIDE_ISSUING);
    SF_CHECK (rect_machine_move (RECT_T_SUBMIT)->side == RECT_SIDE_RECTIFIER);
    SF_CHECK (rect_machine_move (RECT_T_ACKNOWLEDGE)->side == RECT_SIDE_RECTIFIER);
    SF_CHECK (rect_machine_move (RECT_T_START)->side == RECT_SIDE_RECTIFIER);
    SF_CHECK (rect_machine_move (RECT_T_RECORD_PLAN)->side == RECT_SIDE_RESPONSIBLE);
    SF_CHECK (rect_machine_move (RECT_T_REJECT)->to == RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION);
    SF_CHECK (rect_machine_move (RECT_T_VERIFY)->pdca == RECTIFICATION__PDCA__PDCA_ACT);
    SF_CHECK (rect_machine_move (RECT_T_SUBMIT)->request == &rectification__submit_evidence__descriptor);
    SF_CHECK (strstr (RECT_ROLES_CANCEL, "team_leader") == NULL);
    SF_CHECK (rect_status_working (RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION));
    SF_CHECK (!rect_status_working (RECTIFICATION__FORM_STATUS__FORM_SUBMITTED));

    SF_CHECK (rect_status_parse ("整改中") == RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION);
    SF_CHECK (rect_status_parse ("closed") == RECTIFICATION__FORM_STATUS__FORM_CLOSED);
    SF_CHECK (rect_status_parse ("nope") == 0);
    SF_CHECK (rect_severity_parse ("重大隐患") == RECTIFICATION__SEVERITY__SEVERITY_MAJOR);
    SF_CHECK (strcmp (rect_status_name (99), "?") == 0);
    SF_CHECK (strcmp (rect_pdca_name_zh (RECTIFICATION__PDCA__PDCA_DO), "执行") == 0);
    SF_CHECK (strcmp (rect_pdca_name_zh (RECTIFICATION__PDCA__PDCA_ACT), "处理") == 0);
    return 0;
}

/*  inspection_state: what the inspection daemon's handlers and jobs share, built once at
    start-up from the configuration and read-only afterwards (handlers run on several
    worker threads).                                                                         */
#ifndef INSPECTION_STATE_H_INCLUDED
#define INSPECTION_STATE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#define INSPECTION_TOPIC "inspection"

typedef struct {
    //  inspection.Colour of each LEC grade 1..5 (index 0 unused): risk.colour_by_grade.
    int colour_by_grade [6];
    //  Routine windows around a shift, minutes (inspection.routine_*).
    int pre_shift_before_min;
    int pre_shift_after_min;
    int post_shift_before_min;
    int post_shift_after_min;
    //  Calendar of a plant that has none of its own (inspection.default_*).
    char *default_time_zone;
    char **default_shifts;       //  "HH:MM-HH:MM", local time, in shift order
    size_t default_shift_count;
    const char *stream;          //  sf_stream_name (INSPECTION_TOPIC)
} inspection_state_t;

#endif

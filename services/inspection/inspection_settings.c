/*  inspection_settings: configuration into state.                                           */
#include "inspection_settings.h"
#include "inspection_colour.h"
#include "inspection_jobs.h"
#include "inspection_rules.h"
#include "sf_log.h"
#include "sf_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const sf_config_key_t inspection_settings [] = {
    { INSPECTION_COLOUR_CONFIG_KEY, SF_CFG_STRING, INSPECTION_COLOUR_DEFAULT, 0, 0,
      "risk colour of LEC grades 1..5 (red, orange, yellow, blue): the enterprise's risk policy" },
    { "inspection.default_time_zone", SF_CFG_STRING, "Asia/Shanghai", 0, 0,
      "time zone of a plant without a calendar of its own (IANA name)" },
    { "inspection.default_shifts", SF_CFG_STRING, "08:00-16:00,16:00-24:00,00:00-08:00", 0, 0,
      "shifts of a plant without a calendar of its own, local HH:MM-HH:MM, comma-separated" },
    { "inspection.pre_shift_before_min", SF_CFG_INT, "30", 0, 240, "pre-shift self-check opens this long before the shift" },
    { "inspection.pre_shift_after_min", SF_CFG_INT, "30", 0, 240, "and closes this long after the shift starts" },
    { "inspection.post_shift_before_min", SF_CFG_INT, "30", 0, 240, "post-shift clearance opens this long before the shift ends" },
    { "inspection.post_shift_after_min", SF_CFG_INT, "30", 0, 240, "and closes this long after it ends" },
    { "rectification.endpoint", SF_CFG_STRING, "", 0, 0,
      "the rectification daemon's rpc endpoint: feedback trimmed from its stream before it was applied is asked for there again" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

//  Splits "a,b,c" into valid shift specs; -1 when one is not.
static int
s_parse_shifts (const char *text, inspection_state_t *state)
{
    char *copy = strdup (text);
    char *save = NULL;
    for (char *item = strtok_r (copy, ",", &save); item; item = strtok_r (NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        if (!inspection_shift_valid (item) || state->default_shift_count == INSPECTION_SHIFTS_MAX) {
            free (copy);
            return -1;
        }
        state->default_shifts = realloc (state->default_shifts, (state->default_shift_count + 1) * sizeof (char *));
        state->default_shifts [state->default_shift_count++] = strdup (item);
    }
    free (copy);
    return state->default_shift_count? 0: -1;
}

inspection_state_t *
inspection_settings_state (sf_config_t *config)
{
    inspection_state_t *state = calloc (1, sizeof *state);
    if (!state)
        abort ();
    state->stream = sf_stream_name ("inspection");
    state->default_time_zone = strdup (sf_config_str (config, "inspection.default_time_zone"));
    state->pre_shift_before_min = (int) sf_config_int (config, "inspection.pre_shift_before_min");
    state->pre_shift_after_min = (int) sf_config_int (config, "inspection.pre_shift_after_min");
    state->post_shift_before_min = (int) sf_config_int (config, "inspection.post_shift_before_min");
    state->post_shift_after_min = (int) sf_config_int (config, "inspection.post_shift_after_min");
    //  PostgreSQL reads the same time zone database (Debian's tzdata).
    const char *zone = state->default_time_zone;
    char zone_file [256];
    snprintf (zone_file, sizeof zone_file, "/usr/share/zoneinfo/%s", zone);
    if (!*zone || strlen (zone) > 64 || strstr (zone, "..") || access (zone_file, R_OK) != 0) {
        sf_error ("inspection.default_time_zone '%s' is not a time zone (use an IANA name such as Asia/Shanghai)", zone);
        inspection_settings_stop (state);
        return NULL;
    }
    const char *colours = sf_config_str (config, INSPECTION_COLOUR_CONFIG_KEY);
    if (inspection_colour_parse (colours, state->colour_by_grade)) {
        sf_error ("%s '%s': give five colours for grades 1..5, e.g. %s", INSPECTION_COLOUR_CONFIG_KEY, colours,
                  INSPECTION_COLOUR_DEFAULT);
        inspection_settings_stop (state);
        return NULL;
    }
    const char *shifts = sf_config_str (config, "inspection.default_shifts");
    if (s_parse_shifts (shifts, state)) {
        sf_error ("inspection.default_shifts '%s': give 1 to %d shifts HH:MM-HH:MM, comma-separated", shifts,
                  INSPECTION_SHIFTS_MAX);
        inspection_settings_stop (state);
        return NULL;
    }
    return state;
}

void *
inspection_settings_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    inspection_state_t *state = inspection_settings_state (config);
    if (state)
        inspection_jobs_register (scheduler, state);
    return state;
}

void
inspection_settings_stop (void *arg)
{
    inspection_state_t *state = arg;
    if (!state)
        return;
    for (size_t index = 0; index < state->default_shift_count; index++)
        free (state->default_shifts [index]);
    free (state->default_shifts);
    free (state->default_time_zone);
    free (state);
}

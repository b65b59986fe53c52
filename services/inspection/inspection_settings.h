/*  inspection_settings: the inspection daemon's configuration keys and the read-only state
    built from them at start-up (with its scheduled jobs).                                  */
#ifndef INSPECTION_SETTINGS_H_INCLUDED
#define INSPECTION_SETTINGS_H_INCLUDED

#include "inspection_state.h"
#include "sf_config.h"
#include "sf_scheduler.h"

extern const sf_config_key_t inspection_settings [];

//  Builds the state from config and registers the jobs; NULL (logged) on a bad setting.
void *inspection_settings_start (sf_config_t *config, sf_scheduler_t *scheduler);

//  Parses the settings alone, for tests. NULL with the reason logged.
inspection_state_t *inspection_settings_state (sf_config_t *config);
void inspection_settings_stop (void *state);

#endif

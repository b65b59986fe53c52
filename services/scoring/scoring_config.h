/*  scoring_config: the daemon's own settings, beyond the common ones (sf_config.h).         */
#ifndef SCORING_CONFIG_H_INCLUDED
#define SCORING_CONFIG_H_INCLUDED

#include "sf_config.h"

extern const sf_config_key_t scoring_config [];

#endif

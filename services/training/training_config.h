/*  training_config: the daemon's own settings, beyond the common ones (sf_config.h).        */
#ifndef TRAINING_CONFIG_H_INCLUDED
#define TRAINING_CONFIG_H_INCLUDED

#include "sf_config.h"

extern const sf_config_key_t training_config [];

#endif

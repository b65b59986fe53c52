/*  lesson_config: the daemon's own settings, beyond the common ones (sf_config.h).          */
#ifndef LESSON_CONFIG_H_INCLUDED
#define LESSON_CONFIG_H_INCLUDED

#include "sf_config.h"

extern const sf_config_key_t lesson_config [];

#endif

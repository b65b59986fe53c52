/*  notify_config: the daemon's own settings, beyond the common ones (sf_config.h).          */
#ifndef NOTIFY_CONFIG_H_INCLUDED
#define NOTIFY_CONFIG_H_INCLUDED

#include "sf_config.h"

extern const sf_config_key_t notify_config [];

#endif

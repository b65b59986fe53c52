/*  gateway_config: the gateway's own settings (README.md, "Configuration").               */
#ifndef GATEWAY_CONFIG_H_INCLUDED
#define GATEWAY_CONFIG_H_INCLUDED

#include "sf_config.h"

extern const sf_config_key_t gateway_config [];

#endif

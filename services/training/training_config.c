/*  training_config: the daemon's own settings.                                             */
#include "training_config.h"

#include <stddef.h>

const sf_config_key_t training_config [] = {
    { "inspection.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the inspection daemon: the findings of evaluated drills are reported there, and it is "
      "asked to publish again the events trimmed from its stream before the knowledge base applied them "
      "(sf.Republish); empty: drill findings wait, such a loss is only reported" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

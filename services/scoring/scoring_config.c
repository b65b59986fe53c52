/*  scoring_config: the daemon's own settings.                                              */
#include "scoring_config.h"

#include <stddef.h>

const sf_config_key_t scoring_config [] = {
    { "inspection.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the inspection daemon, asked to publish again events trimmed from its stream before "
      "this daemon scored them (sf.Republish); empty: such a loss is only reported" },
    { "rectification.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the rectification daemon, asked the same for its form events" },
    { "training.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the training daemon, asked the same for its exam events" },
    { "lesson.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the lesson daemon, asked the same for its assignment events" },
    { "scoring.time_zone", SF_CFG_STRING, "Asia/Shanghai", 0, 0,
      "IANA time zone a plant's months are counted in unless scoring.SetPlantZone gave it its own" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

/*  lesson_config: the daemon's own settings.                                               */
#include "lesson_config.h"

#include <stddef.h>

const sf_config_key_t lesson_config [] = {
    { "inspection.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the inspection daemon: each assignment's special check is created there (the job "
      "tries again until inspection acknowledges), lessons are made from its findings and 三违 records, and "
      "it is asked to publish again events trimmed from its stream before this daemon applied them; empty: "
      "special checks wait" },
    { "rectification.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the rectification daemon, asked to publish again the form events trimmed from its "
      "stream before this daemon applied them (sf.Republish); empty: such a loss is only reported" },
    { "lesson.time_zone", SF_CFG_STRING, "Asia/Shanghai", 0, 0,
      "IANA time zone in which a lesson's deadline day ends and a special check's dates are counted" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

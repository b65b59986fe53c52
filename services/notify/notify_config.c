/*  notify_config: the daemon's own settings.                                               */
#include "notify_config.h"

#include <stddef.h>

const sf_config_key_t notify_config [] = {
    { "inspection.endpoint", SF_CFG_STRING, "", 0, 0,
      "rpc endpoint of the inspection daemon, asked to publish again events trimmed from its stream before "
      "this daemon read them (sf.Republish); empty: such a loss is only reported" },
    { "rectification.endpoint", SF_CFG_STRING, "", 0, 0, "the same for the rectification daemon" },
    { "training.endpoint", SF_CFG_STRING, "", 0, 0, "the same for the training daemon" },
    { "lesson.endpoint", SF_CFG_STRING, "", 0, 0, "the same for the lesson daemon" },
    { "scoring.endpoint", SF_CFG_STRING, "", 0, 0, "the same for the scoring daemon" },
    { "notify.time_zone", SF_CFG_STRING, "Asia/Shanghai", 0, 0,
      "IANA time zone of quiet hours and digest times" },
    { "notify.link_base", SF_CFG_STRING, "http://127.0.0.1:8080", 0, 0,
      "the gateway's address as people reach it: every message links to link_base + the object's path" },
    { "notify.mail_from", SF_CFG_STRING, "safety-platform@localhost", 0, 0, "the sender address of email" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

/*  safetyctl account and login: the directory's accounts, their passwords and role grants.  */
#ifndef CTL_ACCOUNT_H_INCLUDED
#define CTL_ACCOUNT_H_INCLUDED

#include "ctl.h"

extern const ctl_command_t ctl_account_command;
extern const ctl_command_t ctl_login_command;

#endif

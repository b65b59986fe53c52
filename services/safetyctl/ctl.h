/*  safetyctl, the command-line client of the platform. What every command shares: the
    global options (output, language, actor, timeout, endpoint), the exit statuses, and the
    shape of a command. Commands are tables: each names its options and their help in both
    languages, and ctl_args parses, checks and explains them from the table alone.          */
#ifndef CTL_H_INCLUDED
#define CTL_H_INCLUDED

#include "sf_status.h"

#include <stdbool.h>

#define CTL_EXIT_OK      0
#define CTL_EXIT_FAILED  1
#define CTL_EXIT_USAGE   2

typedef enum { CTL_LANG_ZH, CTL_LANG_EN } ctl_lang_t;

//  The global options, resolved against the environment.
typedef struct {
    bool json;                  //  machine output
    ctl_lang_t lang;
    const char *user;           //  the account a daemon key names; "": an operator key's own
    const char *roles;          //  comma-separated; only "service" means anything (a daemon key)
    const char *org;
    const char *plant;
    int timeout_ms;             //  per attempt; 0 for the rpc client's default
    const char *endpoint;       //  --endpoint, or NULL for the daemon's own
} ctl_t;

typedef enum {
    CTL_SWITCH,                 //  --all
    CTL_TEXT,                   //  --code VALUE or --code=VALUE
    CTL_NUMBER                  //  a positive whole number
} ctl_value_t;

typedef struct {
    const char *name;           //  without the dashes: "code"
    ctl_value_t type;
    const char *placeholder;    //  shown in help for a value: "CODE"
    bool required;
    sf_text_t help;
} ctl_option_t;

#define CTL_MAX_OPTIONS 16
#define CTL_MAX_PATH    128

typedef struct _ctl_command_t ctl_command_t;

//  One command's arguments, parsed against its table.
typedef struct {
    const ctl_command_t *command;
    char path [CTL_MAX_PATH];               //  "safetyctl directory get", for messages
    const char *values [CTL_MAX_OPTIONS];   //  by option index; NULL when not given
    const char *operand;                    //  the positional argument, if one is taken
    const char *optional_operand;           //  the second one, if given
    int next;                               //  a group: index of its subcommand in argv
    bool help;                              //  -h or --help was given
    const sf_text_t *error;                 //  why parsing failed, with up to two arguments
    const char *error_args [2];
} ctl_args_t;

//  A command runs (run) or is a group of commands (commands); only the root group has
//  options of its own (the global options).
struct _ctl_command_t {
    const char *name;
    const char *operand;                    //  placeholder of the positional argument, or NULL
    const char *optional_operand;           //  placeholder of a second one that may be left out
    sf_text_t summary;                      //  one line
    const ctl_option_t *options;            //  ends with a NULL name; may be NULL
    int (*run) (const ctl_t *ctl, const ctl_args_t *args);
    const ctl_command_t *const *commands;   //  a group: ends with NULL
    const sf_text_t *details;               //  printed after the options in --help; may be NULL
};

extern const ctl_command_t ctl_status_command;
extern const ctl_command_t ctl_directory_command;
extern const ctl_command_t ctl_events_command;
extern const ctl_command_t ctl_rectification_command;
extern const ctl_command_t ctl_call_command;
extern const ctl_command_t ctl_history_command;

#endif

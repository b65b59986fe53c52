/*  ctl_args: a command line read against a command's table (ctl.h). It gives every command
    the same checks (unknown, repeated or value-less options, required options, numbers,
    stray arguments), the same --help, generated from the table in the chosen language, and
    the walk from a group to its subcommand. A usage error exits with CTL_EXIT_USAGE.       */
#ifndef CTL_ARGS_H_INCLUDED
#define CTL_ARGS_H_INCLUDED

#include "ctl.h"

#include <stdint.h>

//  Parses argv, the words after the command's name, into args. A group stops at its first
//  operand, its subcommand. Returns 0, or -1 with the reason kept in args (ctl_args_report).
int ctl_args_parse (ctl_args_t *args, const ctl_command_t *command, const char *path, int argc, char **argv);

//  Prints the reason parsing failed and where help is; returns CTL_EXIT_USAGE.
int ctl_args_report (const ctl_t *ctl, const ctl_args_t *args);

//  Prints a usage error found by the command itself (a bad --kind, say); returns CTL_EXIT_USAGE.
int ctl_args_usage (const ctl_t *ctl, const ctl_args_t *args, const sf_text_t *text, ...);

//  The value of an option, NULL when not given; a given switch reads "".
const char *ctl_args_get (const ctl_args_t *args, const char *name);

//  The value of a number option, or fallback when not given.
int ctl_args_number (const ctl_args_t *args, const char *name, int fallback);

//  Reads a time option as every command reads one (ctl_time, Beijing time) into *ms: 0
//  when not given; a bare date is its last millisecond when end_of_day. Returns CTL_EXIT_OK,
//  or CTL_EXIT_USAGE after telling which forms a time takes.
int ctl_args_time (const ctl_t *ctl, const ctl_args_t *args, const char *name, bool end_of_day, int64_t *ms);

//  After parsing: prints --help (generated from the table, on stdout), runs the command, or
//  parses and runs a group's subcommand on the words after it. Returns the exit status.
int ctl_args_dispatch (const ctl_t *ctl, const ctl_args_t *args, int argc, char **argv);

#endif

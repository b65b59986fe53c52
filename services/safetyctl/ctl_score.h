/*  ctl_score: safetyctl score, the scoring daemon's commands (一岗双责 responsibility letters and
    the monthly comprehensive safety assessment, 安全综合考核), one file per area of the daemon:
    ctl_score.c the group and the rules (kinds, rules, zone, template), ctl_score_letters.c the
    letters (letters, letter, coverage), ctl_score_ledger.c the ledger (entries, entry, adjust,
    appeal, appeals), ctl_score_month.c the months (month, totals, report, export), and
    ctl_score_points.c points as a person reads and types them. This header is what they
    share: points, a year, an id or a number, a file read whole, the enums' words. The daemon
    checks every rule; the client turns words into values and prints.                      */
#ifndef CTL_SCORE_H_INCLUDED
#define CTL_SCORE_H_INCLUDED

#include "ctl.h"
#include "ctl_table.h"
#include "scoring.pb-c.h"

#include <stddef.h>
#include <stdint.h>

#define CTL_SCORE_DAEMON "scoring"

extern const ctl_command_t ctl_score_command;                   //  ctl_score.c
extern const ctl_command_t ctl_score_letters_command;           //  ctl_score_letters.c
extern const ctl_command_t ctl_score_letter_command;
extern const ctl_command_t ctl_score_coverage_command;
extern const ctl_command_t ctl_score_entries_command;           //  ctl_score_ledger.c
extern const ctl_command_t ctl_score_entry_command;
extern const ctl_command_t ctl_score_adjust_command;
extern const ctl_command_t ctl_score_appeal_command;
extern const ctl_command_t ctl_score_appeals_command;
extern const ctl_command_t ctl_score_month_command;             //  ctl_score_month.c
extern const ctl_command_t ctl_score_totals_command;
extern const ctl_command_t ctl_score_report_command;
extern const ctl_command_t ctl_score_export_command;

//  --plant and --month, as most commands take them.
#define CTL_SCORE_OPTION_PLANT { "plant", CTL_TEXT, "PLANT", true, { "厂区编码，如 P01", "the plant's code, e.g. P01" } }
#define CTL_SCORE_OPTION_MONTH { "month", CTL_TEXT, "YYYY-MM", true, { \
    "月份 YYYY-MM（按厂区所在时区计）", "the month, YYYY-MM (in the plant's time zone)" } }
#define CTL_SCORE_OPTION_YEAR { "year", CTL_NUMBER, "YEAR", false, { \
    "年度（默认为北京时间的今年）", "the year (default: this year, Beijing time)" } }

//  Centipoints as points (ctl_score_points.c): "-10", "2.50", "+20" with sign when signed is
//  true; buffer ≥ 32.
void ctl_score_points (int64_t centipoints, bool signed_, char *buffer, size_t size);

//  "-5", "2.5", "+0.25" (at most two decimals) into centipoints. 0, or -1 when text is not one.
int ctl_score_points_parse (const char *text, int64_t *centipoints);

//  --year, or this year in Beijing time when it is not given.
int32_t ctl_score_year (const ctl_args_t *args);

//  The operand as a positive id into *id (0 and CTL_EXIT_OK when number_ok and it is not all
//  digits: a number such as P01-L2026-000001). CTL_EXIT_OK, or CTL_EXIT_USAGE after saying why.
int ctl_score_id (const ctl_t *ctl, const ctl_args_t *args, bool number_ok, int64_t *id);

//  A whole file, NUL-terminated, into *data (the caller frees). CTL_EXIT_OK, or CTL_EXIT_FAILED
//  after saying why.
int ctl_score_read_file (const ctl_t *ctl, const char *path, char **data, size_t *size);

//  The JSON of the file at path as a descriptor message into *message_p (sf_pb_destroy).
//  CTL_EXIT_OK, or CTL_EXIT_FAILED after saying where the JSON is wrong.
int ctl_score_read_json (const ctl_t *ctl, const char *path, const ProtobufCMessageDescriptor *descriptor,
                         void *message_p);

//  A unit's or person's name in the chosen language: English when chosen and given.
const char *ctl_score_name (const ctl_t *ctl, const char *zh, const char *en);

//  "-" for an empty text.
const char *ctl_score_or_dash (const char *text);

//  Enum words in the chosen language (scoring_names).
const char *ctl_score_level_name (const ctl_t *ctl, int level);
const char *ctl_score_letter_status_name (const ctl_t *ctl, int status);
const char *ctl_score_origin_name (const ctl_t *ctl, int origin);
const char *ctl_score_appeal_status_name (const ctl_t *ctl, int status);
const char *ctl_score_month_status_name (const ctl_t *ctl, int status);
const char *ctl_score_subject_name (const ctl_t *ctl, const char *subject);

//  The usage error of an option whose word names nothing: "--level 'x' is invalid: use …".
int ctl_score_bad_word (const ctl_t *ctl, const ctl_args_t *args, const char *option, const char *value,
                        const char *choices);

//  Totals as a table: rank, code, name, points, direct, joint liability, rewards, penalties,
//  entries, tier, amount.
void ctl_score_totals_print (const ctl_t *ctl, Scoring__Total *const *totals, size_t count);

#endif

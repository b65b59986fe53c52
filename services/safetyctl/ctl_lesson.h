/*  ctl_lesson: safetyctl lesson, the lesson daemon's commands (事故举一反三), one file per
    area of the daemon: ctl_lesson.c the group and the authoring commands (tags, grade, create,
    from, show, list), ctl_lesson_publish.c targeting and publishing (preview, publish),
    ctl_lesson_assign.c the assignments (assignments, history, assignment, ack, report,
    progress). This header is what they share: reading an id, a list, a date, and showing a
    lesson. The daemon checks every rule; the client turns words into values and prints.    */
#ifndef CTL_LESSON_H_INCLUDED
#define CTL_LESSON_H_INCLUDED

#include "ctl.h"
#include "ctl_table.h"
#include "lesson.pb-c.h"

#include <stddef.h>
#include <stdint.h>

#define CTL_LESSON_DAEMON "lesson"

extern const ctl_command_t ctl_lesson_command;                  //  ctl_lesson.c
extern const ctl_command_t ctl_lesson_preview_command;          //  ctl_lesson_publish.c
extern const ctl_command_t ctl_lesson_publish_command;
extern const ctl_command_t ctl_lesson_assignments_command;      //  ctl_lesson_assign.c
extern const ctl_command_t ctl_lesson_history_command;
extern const ctl_command_t ctl_lesson_assignment_command;
extern const ctl_command_t ctl_lesson_ack_command;
extern const ctl_command_t ctl_lesson_report_command;
extern const ctl_command_t ctl_lesson_progress_command;

//  The operand as a positive id into *id. CTL_EXIT_OK, or CTL_EXIT_USAGE after saying why.
int ctl_lesson_id (const ctl_t *ctl, const ctl_args_t *args, int64_t *id);

//  The pieces of option name's text between separators, spaces around them trimmed, empty
//  ones dropped (none when the option is not given), as protobuf-c's repeated strings take
//  them. Free with ctl_lesson_strings_free.
char **ctl_lesson_split (const ctl_args_t *args, const char *name, char separator, size_t *count);
void ctl_lesson_strings_free (char **strings, size_t count);

//  Epoch ms as a Beijing date "2026-06-15"; "-" for 0.
void ctl_lesson_date (int64_t ms, char *buffer, size_t size);

//  A deadline (the end of its day, the first millisecond of the next) as the Beijing date it
//  is the end of: "2026-06-15"; "-" for 0.
void ctl_lesson_due (int64_t deadline_ms, char *buffer, size_t size);

//  A table whose first row is the header's cells, given as "a\tb\tc" in both languages.
ctl_table_t *ctl_lesson_table (const ctl_t *ctl, const sf_text_t *header);

//  The one of two texts in the chosen language: English when chosen and not empty.
const char *ctl_lesson_pick (const ctl_t *ctl, const char *zh, const char *en);

//  A lesson as a person reads it: number, title, source, grade, the accident, its tags and
//  actions, its state and who did what.
void ctl_lesson_print (const ctl_t *ctl, const Lesson__Lesson *lesson);

//  The units a publication reaches (or would), one line each, then its reasons indented.
void ctl_lesson_targets_print (const ctl_t *ctl, Lesson__Target *const *targets, size_t count);

//  Assignments as a table: id, lesson, unit, state, special check, findings, deadline, late.
void ctl_lesson_assignments_print (const ctl_t *ctl, Lesson__Assignment *const *assignments, size_t count);

#endif

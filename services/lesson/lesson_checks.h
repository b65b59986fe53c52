/*  lesson_checks: the special checks publishing asks of inspection (lesson.h,
    lesson_checks_register), sent by a periodic job from the assignment rows that are their
    outbox (README_publish.md, "The check job").                                           */
#ifndef LESSON_CHECKS_H_INCLUDED
#define LESSON_CHECKS_H_INCLUDED

#include "lesson.h"

#include <stdint.h>

#define LESSON_CHECKS_JOB "lesson.checks"
#define LESSON_CHECKS_PERIOD_MS 3000
#define LESSON_CHECKS_BATCH 20
//  One attempt of one call; the job tries again at a later run, not within the call.
#define LESSON_CHECKS_CALL_MS 2000
//  After a failed attempt: 3 s, doubling with each failure before it, at most 10 minutes.
#define LESSON_CHECKS_BACKOFF_MS 3000
#define LESSON_CHECKS_BACKOFF_MAX_MS (10 * 60 * 1000)
#define LESSON_CHECKS_KEY_PREFIX "lesson.check:"
#define LESSON_CHECKS_ACTOR "sf-lesson"

//  Sends up to batch due special checks (check_sent_ms NULL, check_next_try_ms <= now_ms) to
//  inspection at endpoint, inside the caller's transaction; today is counted in time_zone.
//  Returns how many inspection acknowledged, or -1 on a database error.
int lesson_checks_send (sf_db_t *db, const char *endpoint, const char *time_zone, int64_t now_ms, int batch);

#endif

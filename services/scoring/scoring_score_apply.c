/*  scoring_score_apply: the consumers. Being built.                                         */
#include "scoring.h"

int scoring_inspection_apply (sf_db_t *db, const sf_event_t *event, void *arg) { (void) db; (void) event; (void) arg; return 0; }
int scoring_rectification_apply (sf_db_t *db, const sf_event_t *event, void *arg) { (void) db; (void) event; (void) arg; return 0; }
int scoring_training_apply (sf_db_t *db, const sf_event_t *event, void *arg) { (void) db; (void) event; (void) arg; return 0; }
int scoring_lesson_apply (sf_db_t *db, const sf_event_t *event, void *arg) { (void) db; (void) event; (void) arg; return 0; }

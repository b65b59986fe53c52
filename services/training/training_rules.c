/*  training_rules: one rule's value.                                                       */
#include "training_rules.h"

int
training_rule (sf_db_t *db, const char *name, int64_t *value)
{
    const char *values [] = { name };
    sf_rows_t *rows = sf_db_query (db, "SELECT value FROM training_rule WHERE name = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        *value = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

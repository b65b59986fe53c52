/*  scoring_ledger_util: small pieces the ledger area's handlers share.                    */
#include "scoring_ledger.h"

#include <ctype.h>
#include <string.h>

int
scoring_ledger_rule_version (sf_db_t *db, int64_t *version)
{
    sf_rows_t *rows = sf_db_query (db, "SELECT max (version) FROM rule_version", 0, NULL);
    if (!rows)
        return -1;
    *version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return 0;
}

bool
scoring_ledger_month_valid (const char *month)
{
    if (!month || strlen (month) != 7 || month [4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && !isdigit ((unsigned char) month [i]))
            return false;
    int number = (month [5] - '0') * 10 + (month [6] - '0');
    return number >= 1 && number <= 12;
}

const char *
scoring_ledger_actor (const sf_call_t *call)
{
    const char *login = call->request->actor.user_id;
    return login? login: "";
}

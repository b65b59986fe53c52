/*  sf_migrate: numbered SQL migrations, compiled into the daemon (see sf_embed_migrations
    in the top CMakeLists.txt), applied at start-up. Each migration runs in its own
    transaction under an advisory lock, is recorded in <schema>.sf_migrations, and is
    skipped when already recorded, so starting several instances at once is safe.          */
#ifndef SF_MIGRATE_H_INCLUDED
#define SF_MIGRATE_H_INCLUDED

#include "sf_db.h"

typedef struct {
    int version;          //  from the NNN_ prefix of the file name; 0 ends a table
    const char *name;     //  file name without .sql
    const char *sql;
} sf_migration_t;

//  Tables every service schema has: outbox, idempotency, inbox, scheduler.
extern const sf_migration_t common_migrations [];

//  Creates schema if missing, then applies the component's migrations not yet recorded.
//  Returns the number applied, or -1 (error logged; the failed migration left no trace).
int sf_migrate (sf_db_t *db, const char *schema, const char *component, const sf_migration_t *migrations);

//  True for a schema name we accept: [a-z_][a-z0-9_]{0,62}.
bool sf_migrate_schema_name_ok (const char *schema);

#endif

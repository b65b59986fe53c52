/*  sf_migrate: apply what is missing, one transaction per migration.                        */
#include "sf_migrate.h"
#include "sf_log.h"

#include <stdio.h>
#include <string.h>

bool
sf_migrate_schema_name_ok (const char *schema)
{
    size_t len = strlen (schema);
    if (len == 0 || len > 63 || !((schema [0] >= 'a' && schema [0] <= 'z') || schema [0] == '_'))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = schema [i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

static int
s_prepare_schema (sf_db_t *db, const char *schema)
{
    //  Identifiers cannot be parameters; the name was checked against a strict pattern.
    //  CREATE SCHEMA only when it is missing: a daemon's own role owns its schema, made for
    //  it by deploy, and may not create schemas (even CREATE SCHEMA IF NOT EXISTS of one
    //  that exists needs that right).
    char script [768];
    snprintf (script, sizeof script,
              "SELECT pg_advisory_xact_lock (hashtext ('sf_migrate')); "
              "DO $sf$ BEGIN IF to_regnamespace ('%s') IS NULL THEN CREATE SCHEMA %s; END IF; END $sf$; "
              "CREATE TABLE IF NOT EXISTS %s.sf_migrations ("
              "  component text NOT NULL, version int NOT NULL, name text NOT NULL,"
              "  applied_at timestamptz NOT NULL DEFAULT now (), PRIMARY KEY (component, version));",
              schema, schema, schema);
    return sf_db_exec_script (db, script);
}

static int
s_apply (sf_db_t *db, const char *schema, const char *component, const sf_migration_t *migration)
{
    char version [16];
    snprintf (version, sizeof version, "%d", migration->version);
    const char *lock [] = { schema };
    const char *key [] = { component, version, migration->name };
    if (sf_db_begin (db))
        return -1;
    if (sf_db_exec (db, "SELECT pg_advisory_xact_lock (hashtext ('sf_migrate:' || $1))", 1, lock) < 0)
        goto failed;
    int64_t applied = sf_db_exec (db,
        "SELECT 1 FROM sf_migrations WHERE component = $1 AND version = $2::int", 2, key);
    if (applied < 0)
        goto failed;
    if (applied > 0) {
        sf_db_rollback (db);
        return 0;
    }
    if (sf_db_exec_script (db, migration->sql))
        goto failed;
    if (sf_db_exec (db, "INSERT INTO sf_migrations (component, version, name) VALUES ($1, $2::int, $3)",
                    3, key) < 0)
        goto failed;
    if (sf_db_commit (db))
        goto failed;
    sf_info ("migration %s/%s applied in schema %s", component, migration->name, schema);
    return 1;

failed:
    sf_error ("migration %s/%s failed in schema %s: %s", component, migration->name, schema,
              sf_db_error (db));
    sf_db_rollback (db);
    return -1;
}

int
sf_migrate (sf_db_t *db, const char *schema, const char *component, const sf_migration_t *migrations)
{
    if (!sf_migrate_schema_name_ok (schema)) {
        sf_error ("schema name '%s' is not allowed (use lower-case letters, digits, _)", schema);
        return -1;
    }
    if (!sf_db_ensure (db)) {
        sf_error ("cannot migrate schema %s: %s", schema, sf_db_error (db));
        return -1;
    }
    if (s_prepare_schema (db, schema)) {
        sf_error ("cannot prepare schema %s: %s", schema, sf_db_error (db));
        return -1;
    }
    int count = 0;
    for (const sf_migration_t *migration = migrations; migration->sql; migration++) {
        int rc = s_apply (db, schema, component, migration);
        if (rc < 0)
            return -1;
        count += rc;
    }
    return count;
}

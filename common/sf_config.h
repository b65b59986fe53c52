/*  sf_config: a daemon's settings from a `key = value` file, each overridable by an
    environment variable SF_<KEY> (upper case, dots as underscores: db.url -> SF_DB_URL).
    Keys are declared in a schema; an unknown key, a bad number or a missing required
    setting is a start-up error with a message that names the key and where it came from.  */
#ifndef SF_CONFIG_H_INCLUDED
#define SF_CONFIG_H_INCLUDED

#include <stdint.h>

typedef enum { SF_CFG_STRING, SF_CFG_INT } sf_config_type_t;

typedef struct {
    const char *key;
    sf_config_type_t type;
    const char *default_value;   //  NULL: the setting is required
    int64_t min, max;            //  bounds for SF_CFG_INT
    const char *help;
} sf_config_key_t;

//  Schemas end with an entry whose key is NULL.
typedef struct _sf_config_t sf_config_t;

//  Loads path (may be NULL: environment and defaults only) against the NULL-terminated list
//  of schemas. Returns NULL and sets *error (caller frees) on any problem.
sf_config_t *sf_config_load (const sf_config_key_t *const *schemas, const char *path, char **error);
void sf_config_destroy (sf_config_t **self_p);

//  Value of a declared key; asserts the key is declared (a typo is our bug).
const char *sf_config_str (sf_config_t *self, const char *key);
int64_t sf_config_int (sf_config_t *self, const char *key);

//  Where a value came from: "default", "file:<path>:<line>" or "env:SF_X".
const char *sf_config_origin (sf_config_t *self, const char *key);

//  Settings every daemon has: db, redis, rpc, log.
extern const sf_config_key_t sf_config_common [];

#endif

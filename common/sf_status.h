/*  sf_status: the closed set of outcomes a command can have (mirrors sf.Status in
    proto/envelope.proto, same numbers) and the bilingual text every outcome is told with.  */
#ifndef SF_STATUS_H_INCLUDED
#define SF_STATUS_H_INCLUDED

#include <stdarg.h>
#include <stdbool.h>

typedef enum {
    SF_OK = 1,
    SF_INVALID_ARGUMENT = 2,
    SF_MALFORMED = 3,
    SF_TOO_LARGE = 4,
    SF_UNKNOWN_TYPE = 5,
    SF_NOT_FOUND = 6,
    SF_ALREADY_EXISTS = 7,
    SF_FAILED_PRECONDITION = 8,
    SF_PERMISSION_DENIED = 9,
    SF_DEADLINE_EXCEEDED = 10,
    SF_UNAVAILABLE = 11,
    SF_INTERNAL = 12,
    SF_CONFLICT = 13
} sf_status_t;

//  A message a person reads, as printf formats in both languages. Both formats take the
//  same arguments in the same order.
typedef struct {
    const char *zh;
    const char *en;
} sf_text_t;

//  Stable lower-case name ("not_found"), for logs, JSON and the command line.
const char *sf_status_name (sf_status_t status);

//  The generic text of a status, used when a handler gives none.
const sf_text_t *sf_status_text (sf_status_t status);

//  True for statuses a client may retry with the same idempotency key.
bool sf_status_retryable (sf_status_t status);

//  Maps an unknown wire value to SF_INTERNAL.
sf_status_t sf_status_from_wire (int value);

//  Formats both languages of text with the same arguments; the caller frees *zh and *en.
void sf_text_format (const sf_text_t *text, char **zh, char **en, ...);
void sf_text_formatv (const sf_text_t *text, char **zh, char **en, va_list args);

#endif

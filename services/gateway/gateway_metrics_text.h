/*  gateway_metrics_text: the Prometheus text exposition format, version 0.0.4, written into a
    growing buffer. A family is its "# HELP" and "# TYPE" lines, then its samples, all
    together (the format wants a family's samples in one group). Label values are escaped
    (backslash, double quote, line feed), HELP text too (backslash, line feed). A metric or
    label name outside [a-zA-Z_:][a-zA-Z0-9_:]* is our bug and asserts.                      */
#ifndef GATEWAY_METRICS_TEXT_H_INCLUDED
#define GATEWAY_METRICS_TEXT_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

typedef struct _gw_prom_t gw_prom_t;

#define GW_PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

gw_prom_t *gw_prom_new (void);
void gw_prom_destroy (gw_prom_t **self_p);

//  "# HELP name help" and "# TYPE name type" (counter, gauge, histogram, untyped).
void gw_prom_family (gw_prom_t *self, const char *name, const char *type, const char *help);

//  One sample "name{label="value",...} value". labels: name, value, name, value, ..., NULL
//  (NULL or empty: no labels).
void gw_prom_int (gw_prom_t *self, const char *name, const char *const *labels, int64_t value);
void gw_prom_double (gw_prom_t *self, const char *name, const char *const *labels, double value);

//  The samples of one histogram: name_bucket{...,le="bound"} cumulative for each bound and
//  le="+Inf", then name_sum and name_count. counts holds bound_count + 1 figures, each the
//  observations in its own bucket (the last: above every bound); bounds ascend.
void gw_prom_histogram (gw_prom_t *self, const char *name, const char *const *labels, const double *bounds,
                        const uint64_t *counts, size_t bound_count, double sum);

//  The text so far, NUL-terminated; valid until the next write.
const char *gw_prom_text (gw_prom_t *self, size_t *size);

#endif

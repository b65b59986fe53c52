/*  gateway_metrics_text: families with HELP and TYPE, label values and HELP text escaped as
    the 0.0.4 format says, numbers in their shortest exact form (NaN, +Inf), histograms
    cumulative with +Inf equal to _count and _sum.                                          */
#include "gateway_metrics_text.h"
#include "sf_testkit.h"

#include <math.h>
#include <string.h>

static void
s_family_and_labels (void)
{
    gw_prom_t *prom = gw_prom_new ();
    gw_prom_family (prom, "sf_test_total", "counter", "A help with a \\ and a\nline feed, \"quoted\"");
    const char *labels [] = { "route", "/a\\b\"c\nd", "status", "200", NULL };
    gw_prom_int (prom, "sf_test_total", labels, 42);
    gw_prom_int (prom, "sf_test_total", NULL, -3);
    const char *none [] = { NULL };
    gw_prom_int (prom, "sf_test_total", none, 0);
    size_t size;
    const char *text = gw_prom_text (prom, &size);
    SF_CHECK (size == strlen (text));
    SF_CHECK_STR (text,
                  "# HELP sf_test_total A help with a \\\\ and a\\nline feed, \"quoted\"\n"
                  "# TYPE sf_test_total counter\n"
                  "sf_test_total{route=\"/a\\\\b\\\"c\\nd\",status=\"200\"} 42\n"
                  "sf_test_total -3\n"
                  "sf_test_total 0\n");
    gw_prom_destroy (&prom);
    gw_prom_destroy (&prom);
    SF_CHECK (prom == NULL);
}

static void
s_numbers (void)
{
    gw_prom_t *prom = gw_prom_new ();
    gw_prom_family (prom, "sf_n", "gauge", "");
    const char *labels [] = { "k", "", NULL };
    gw_prom_double (prom, "sf_n", labels, 0.1);
    gw_prom_double (prom, "sf_n", NULL, 1.0 / 3.0);
    gw_prom_double (prom, "sf_n", NULL, 12345678);
    gw_prom_double (prom, "sf_n", NULL, NAN);
    gw_prom_double (prom, "sf_n", NULL, -INFINITY);
    SF_CHECK_STR (gw_prom_text (prom, NULL),
                  "# HELP sf_n \n# TYPE sf_n gauge\n"
                  "sf_n{k=\"\"} 0.1\n"
                  "sf_n 0.3333333333333333\n"
                  "sf_n 12345678\n"
                  "sf_n NaN\n"
                  "sf_n -Inf\n");
    gw_prom_destroy (&prom);
}

static void
s_histogram (void)
{
    gw_prom_t *prom = gw_prom_new ();
    static const double bounds [] = { 0.005, 0.1, 1 };
    const uint64_t counts [] = { 2, 0, 5, 1 };
    gw_prom_family (prom, "sf_latency_seconds", "histogram", "Latency");
    const char *labels [] = { "route", "/metrics", NULL };
    gw_prom_histogram (prom, "sf_latency_seconds", labels, bounds, counts, 3, 7.25);
    const uint64_t zeros [] = { 0, 0, 0, 0 };
    gw_prom_histogram (prom, "sf_latency_seconds", NULL, bounds, zeros, 3, 0);
    SF_CHECK_STR (gw_prom_text (prom, NULL),
                  "# HELP sf_latency_seconds Latency\n"
                  "# TYPE sf_latency_seconds histogram\n"
                  "sf_latency_seconds_bucket{route=\"/metrics\",le=\"0.005\"} 2\n"
                  "sf_latency_seconds_bucket{route=\"/metrics\",le=\"0.1\"} 2\n"
                  "sf_latency_seconds_bucket{route=\"/metrics\",le=\"1\"} 7\n"
                  "sf_latency_seconds_bucket{route=\"/metrics\",le=\"+Inf\"} 8\n"
                  "sf_latency_seconds_sum{route=\"/metrics\"} 7.25\n"
                  "sf_latency_seconds_count{route=\"/metrics\"} 8\n"
                  "sf_latency_seconds_bucket{le=\"0.005\"} 0\n"
                  "sf_latency_seconds_bucket{le=\"0.1\"} 0\n"
                  "sf_latency_seconds_bucket{le=\"1\"} 0\n"
                  "sf_latency_seconds_bucket{le=\"+Inf\"} 0\n"
                  "sf_latency_seconds_sum 0\n"
                  "sf_latency_seconds_count 0\n");
    gw_prom_destroy (&prom);
}

//  The buffer grows past its first size without losing a byte.
static void
s_large (void)
{
    gw_prom_t *prom = gw_prom_new ();
    gw_prom_family (prom, "sf_big", "gauge", "Many");
    char value [300];
    memset (value, 'v', sizeof value - 1);
    value [sizeof value - 1] = 0;
    for (int i = 0; i < 1000; i++) {
        const char *labels [] = { "long", value, NULL };
        gw_prom_int (prom, "sf_big", labels, i);
    }
    size_t size;
    const char *text = gw_prom_text (prom, &size);
    SF_CHECK (size == strlen (text));
    SF_CHECK (strstr (text, "\"} 999\n") && size > 1000 * 300);
    gw_prom_destroy (&prom);
}

int
main (void)
{
    s_family_and_labels ();
    s_numbers ();
    s_histogram ();
    s_large ();
    return 0;
}

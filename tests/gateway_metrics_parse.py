#!/usr/bin/python3
"""Checks a /metrics answer of sf-gateway with a parser we did not write: prometheus_client's
text_string_to_metric_families (Debian python3-prometheus-client).

usage: gateway_metrics_parse.py FILE --up d1,d2 [--down d3] [--lag d1,d2]
  every family is sf_gateway_* or sf_daemon_* with a HELP text and a type;
  a 404 of route "other" and a 200 of /metrics are counted;
  each latency histogram is cumulative, +Inf equal to _count;
  the daemons of --up are up with their figures, those of --down up 0 with no other sample;
  the daemons of --lag have consumer lag, pending, oldest unapplied age, dead letters and
  stream length per (stream, group), as finite numbers.
Exits 1 with the reason on the first failure."""
import argparse
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def fail(message):
    print("gateway_metrics_parse: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--up", default="")
    parser.add_argument("--down", default="")
    parser.add_argument("--lag", default="")
    args = parser.parse_args()
    names = lambda text: [n for n in text.split(",") if n]
    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    try:
        families = {family.name: family for family in text_string_to_metric_families(text)}
    except Exception as error:  # the parser's own words for what is wrong
        fail("does not parse: %r" % error)

    for name, family in families.items():
        if not (name.startswith("sf_gateway_") or name.startswith("sf_daemon_")):
            fail("family %s is not sf_gateway_* or sf_daemon_*" % name)
        if not family.documentation:
            fail("family %s has no HELP" % name)
        if family.type not in ("counter", "gauge", "histogram"):
            fail("family %s has type %s" % (name, family.type))

    def family(name):
        if name not in families:
            fail("no family %s" % name)
        return families[name]

    def value(name, sample_name=None, **labels):
        for sample in family(name).samples:
            if sample.name == (sample_name or name) and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
        return None

    requests = "sf_gateway_http_requests"  # the parser drops a counter's _total
    for route, status in (("other", "404"), ("/metrics", "200")):
        counted = value(requests, requests + "_total", route=route, status=status)
        if not counted or counted < 1:
            fail("no %s of route %s counted" % (status, route))

    histogram = family("sf_gateway_http_request_duration_seconds")
    routes = {s.labels["route"] for s in histogram.samples}
    if "/metrics" not in routes or "other" not in routes:
        fail("latency histograms of routes %s" % sorted(routes))
    for route in routes:
        buckets = [(float(s.labels["le"]), s.value) for s in histogram.samples
                   if s.name.endswith("_bucket") and s.labels["route"] == route]
        buckets.sort()
        if not buckets or buckets[-1][0] != math.inf:
            fail("route %s: no +Inf bucket" % route)
        if any(b[1] < a[1] for a, b in zip(buckets, buckets[1:])):
            fail("route %s: buckets not cumulative %s" % (route, buckets))
        count = value(histogram.name, histogram.name + "_count", route=route)
        total = value(histogram.name, histogram.name + "_sum", route=route)
        if count != buckets[-1][1] or total is None or total < 0:
            fail("route %s: _count %s, +Inf %s, _sum %s" % (route, count, buckets[-1][1], total))

    if (value("sf_gateway_http_connections") or 0) < 1:
        fail("sf_gateway_http_connections below 1 while this one is open")
    if value("sf_gateway_forward_pending") is None:
        fail("no sf_gateway_forward_pending")

    for daemon in names(args.up):
        if value("sf_daemon_up", daemon=daemon) != 1:
            fail("daemon %s not up" % daemon)
        for name in ("sf_daemon_info", "sf_daemon_uptime_seconds", "sf_daemon_db_ok", "sf_daemon_redis_ok",
                     "sf_daemon_requests_queued", "sf_daemon_requests_running", "sf_daemon_peers",
                     "sf_daemon_outbox_pending", "sf_daemon_outbox_oldest_age_seconds"):
            if value(name, daemon=daemon) is None:
                fail("daemon %s has no %s" % (daemon, name))
        for name in ("sf_daemon_refused_busy", "sf_daemon_expired"):
            if value(name, name + "_total", daemon=daemon) is None:
                fail("daemon %s has no %s_total" % (daemon, name))
        if value("sf_daemon_db_ok", daemon=daemon) != 1 or value("sf_daemon_redis_ok", daemon=daemon) != 1:
            fail("daemon %s: database or Redis not ok" % daemon)

    for daemon in names(args.down):
        if value("sf_daemon_up", daemon=daemon) != 0:
            fail("daemon %s not up 0" % daemon)
        for family_ in families.values():
            if family_.name != "sf_daemon_up" and any(s.labels.get("daemon") == daemon for s in family_.samples):
                fail("daemon %s is down but has %s" % (daemon, family_.name))

    for daemon in names(args.lag):
        groups = [(s.labels["stream"], s.labels["group"]) for s in family("sf_daemon_consumer_lag").samples
                  if s.labels.get("daemon") == daemon]
        if not groups:
            fail("daemon %s has no consumer lag" % daemon)
        for stream, group in groups:
            for name in ("sf_daemon_consumer_lag", "sf_daemon_consumer_pending",
                         "sf_daemon_consumer_oldest_unapplied_age_seconds", "sf_daemon_consumer_dead_letters",
                         "sf_daemon_stream_length"):
                figure = value(name, daemon=daemon, stream=stream, group=group)
                if figure is None or not math.isfinite(figure) or figure < 0:
                    fail("daemon %s group %s of %s: %s is %s" % (daemon, group, stream, name, figure))
    print("gateway_metrics_parse: %d families, all as expected" % len(families))


if __name__ == "__main__":
    main()

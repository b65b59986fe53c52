/*  request_checks_bench: what the rpc server's admission of a body costs, next to its raw
    limit, protobuf-c's own unpack and free of the same bytes. The body is a typical
    inspection.ReportFinding (Chinese description and location, two attachments); admission
    is what sf_rpc_server does before a handler runs: the NUL walk of the wire, the unpack,
    the text check of every string and the route's required fields, and the free. Prints
    microseconds per request and the ratio raw / admission. Run by hand on a quiet machine:
    build/tests/bench/request_checks_bench [ROUNDS]                                         */
#include "sf_clock.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "inspection.pb-c.h"

#include <stdio.h>
#include <stdlib.h>

#define S_REQUIRED "finding,finding.description,finding.responsible_unit"

int
main (int argc, char *argv [])
{
    int rounds = argc > 1? atoi (argv [1]): 500000;
    if (rounds < 1) {
        fprintf (stderr, "usage: request_checks_bench [ROUNDS]\n");
        return 2;
    }
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = (char *) "配电箱门未关闭，箱内积尘较多，存在触电与短路风险";
    finding.factor = INSPECTION__FACTOR__FACTOR_MACHINE;
    finding.location = (char *) "二号车间东侧配电箱";
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) "P01-D01-T01";
    finding.responsible_person = (char *) "E0001";
    char *attachments [] = { (char *) "photos/2026/12/02/abc123.jpg", (char *) "photos/2026/12/02/abc124.jpg" };
    finding.attachments = attachments;
    finding.n_attachments = 2;
    Inspection__ReportFinding report = INSPECTION__REPORT_FINDING__INIT;
    report.finding = &finding;
    report.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    size_t size;
    uint8_t *body = sf_codec_pack (&report.base, &size);
    const ProtobufCMessageDescriptor *descriptor = &inspection__report_finding__descriptor;

    int64_t start = sf_clock_mono_us ();
    for (int i = 0; i < rounds; i++) {
        ProtobufCMessage *message = protobuf_c_message_unpack (descriptor, NULL, size, body);
        protobuf_c_message_free_unpacked (message, NULL);
    }
    double raw = (double) (sf_clock_mono_us () - start) / rounds;

    start = sf_clock_mono_us ();
    sf_pb_fault_t fault;
    for (int i = 0; i < rounds; i++) {
        ProtobufCMessage *message = sf_pb_unpack_checked (descriptor, body, size, 16384, S_REQUIRED, &fault);
        if (!message)
            return 1;
        sf_pb_destroy (&message);
    }
    double admitted = (double) (sf_clock_mono_us () - start) / rounds;
    printf ("inspection.ReportFinding, %zu bytes, %d rounds: unpack + free %.2f us, admission %.2f us per "
            "request; ratio raw / admission %.2f\n", size, rounds, raw, admitted, raw / admitted);
    free (body);
    return 0;
}

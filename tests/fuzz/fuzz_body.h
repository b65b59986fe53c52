/*  fuzz_body: what every fuzz target does with a message body, written once: the checked
    unpack the rpc server runs on a request body (sf_pb_unpack_checked: the NUL walk of the
    wire, the unpack, the text of every string, the route's required fields), and for a body
    that passes, what must then hold for any message:
    - packed again, it passes the same checks again (what was let in once is let in always);
    - printed as JSON (sf_pbjson, what safetyctl prints and the gateway will take), it is read
      back, and the second printing equals the first.
    A broken promise aborts, which libFuzzer reports as a crash with the input that did it.  */
#ifndef FUZZ_BODY_H_INCLUDED
#define FUZZ_BODY_H_INCLUDED

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

//  The rpc server's bound on a string field when rpc.max_text_bytes is not set.
#define FUZZ_TEXT_BYTES 16384

//  Runs the checks above on size bytes of data as a message of descriptor, required as a
//  route has it (may be NULL). Returns 0 when the body was let in, -1 when it was refused.
int fuzz_body_check (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t size,
                     const char *required);

//  Aborts with a message on stderr when cond is false: the way a target reports a broken
//  promise. what names it.
void fuzz_assert (int cond, const char *what);

#endif

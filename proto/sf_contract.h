/*  sf_contract: every message of the contract (the .proto files in proto/), found by its full name
    ("rectification.IssueForm"), for code that handles messages it does not know at compile
    time: the generic call of safetyctl, event printers, the gateway, the interoperability
    tests. The table is generated from protoc-c's headers, so a new message is in it as soon
    as it is in a .proto.                                                                    */
#ifndef SF_CONTRACT_H_INCLUDED
#define SF_CONTRACT_H_INCLUDED

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

//  The descriptor of the message called name, or NULL.
const ProtobufCMessageDescriptor *sf_contract_find (const char *name);

#endif

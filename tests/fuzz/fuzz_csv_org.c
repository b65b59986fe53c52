/*  fuzz_csv_org: the directory's org-tree import file (directory_csv). Every good row is a
    directory.CreateNode that the rpc server's checks let in (what the file may create, a
    request may create too); the external parents are distinct and sorted; the error list
    keeps its promises (fuzz_csv_common.h).                                                 */
#include "directory_csv.h"
#include "fuzz_body.h"
#include "fuzz_csv_common.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The required fields of the directory's CreateNode route (directory_handlers.c).
#define FUZZ_CREATE_NODE_REQUIRED "name_zh"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_check_row (const directory_csv_row_t *row, int *last_line)
{
    fuzz_assert (row->line > *last_line, "good rows come in line order");
    *last_line = row->line;
    size_t packed_size;
    uint8_t *packed = sf_codec_pack (&row->create.base, &packed_size);
    sf_pb_fault_t fault;
    ProtobufCMessage *message = sf_pb_unpack_checked (&directory__create_node__descriptor, packed, packed_size,
                                                      FUZZ_TEXT_BYTES, FUZZ_CREATE_NODE_REQUIRED, &fault);
    if (!message && fault.text)
        fprintf (stderr, "fuzz: line %d refused as a request at %s: %s\n", row->line, fault.path, fault.text->en);
    fuzz_assert (message != NULL, "a good row is a CreateNode the server lets in");
    sf_pb_destroy (&message);
    free (packed);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    directory_csv_t *csv = directory_csv_parse ((const char *) data, size, FUZZ_CSV_MAX_BYTES, FUZZ_CSV_MAX_ROWS);
    fuzz_assert (csv != NULL, "directory_csv_parse never returns NULL");
    int last_line = 0;
    for (size_t i = 0; i < directory_csv_row_count (csv); i++)
        s_check_row (directory_csv_row (csv, i), &last_line);
    for (size_t i = 0; i < directory_csv_external_count (csv); i++) {
        const char *code = directory_csv_external (csv, i);
        fuzz_csv_check_text (code, strlen (code), "an external parent code is valid UTF-8");
        if (i > 0)
            fuzz_assert (strcmp (directory_csv_external (csv, i - 1), code) < 0,
                         "external parents are distinct and sorted");
    }
    size_t count = directory_csv_error_count (csv);
    last_line = 0;
    for (size_t i = 0; i < count; i++)
        fuzz_csv_check_error (directory_csv_error (csv, i), i, count, &last_line);
    directory_csv_destroy (&csv);
    return 0;
}

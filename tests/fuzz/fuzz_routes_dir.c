/*  fuzz_routes_dir: the directory daemon's request decoding, every row of its route table
    (fuzz_routes.h).                                                                          */
#include "fuzz_routes.h"
#include "directory_handlers.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    return fuzz_routes_one (directory_routes, data, size);
}

/*  sf_contract: a linear search over a few hundred names is a few microseconds, and callers
    look up one type per command or event: no index needed.                                 */
#include "sf_contract.h"

#include <string.h>

extern const ProtobufCMessageDescriptor *const sf_contract_registry [];

const ProtobufCMessageDescriptor *
sf_contract_find (const char *name)
{
    for (size_t i = 0; name && sf_contract_registry [i]; i++)
        if (strcmp (sf_contract_registry [i]->name, name) == 0)
            return sf_contract_registry [i];
    return NULL;
}

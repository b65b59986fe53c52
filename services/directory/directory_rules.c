/*  directory_rules: code and name checks.                                                   */
#include "directory_rules.h"
#include "sf_utf8.h"

#include <string.h>

bool
directory_code_valid (const char *text, size_t size)
{
    if (size == 0 || size > DIRECTORY_CODE_MAX_CHARS)
        return false;
    for (size_t i = 0; i < size; i++) {
        char c = text [i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        ||    c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool
directory_name_zh_valid (const char *text)
{
    size_t chars = sf_utf8_chars (text, strlen (text));
    return chars >= 1 && chars <= DIRECTORY_NAME_ZH_MAX_CHARS;
}

bool
directory_name_en_valid (const char *text)
{
    return strlen (text) <= DIRECTORY_NAME_EN_MAX_BYTES;
}

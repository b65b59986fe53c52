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

static bool
s_clean (const char *text, size_t size)
{
    return sf_utf8_valid (text, size) && !sf_utf8_has_control (text, size);
}

bool
directory_name_zh_valid (const char *text)
{
    size_t size = strlen (text);
    if (!s_clean (text, size))
        return false;
    size_t chars = sf_utf8_chars (text, size);
    return chars >= 1 && chars <= DIRECTORY_NAME_ZH_MAX_CHARS;
}

bool
directory_name_en_valid (const char *text)
{
    size_t size = strlen (text);
    return size <= DIRECTORY_NAME_EN_MAX_BYTES && s_clean (text, size);
}

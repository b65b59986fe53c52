/*  directory_rules: codes and names at and past their limits.                               */
#include "directory_rules.h"
#include "sf_testkit.h"

#include <string.h>

static bool
s_code (const char *code)
{
    return directory_code_valid (code, strlen (code));
}

int
main (void)
{
    SF_CHECK (s_code ("P01-D02_T1"));
    SF_CHECK (s_code ("abcdefghijklmnopqrstuvwxyz012345"));     //  32
    SF_CHECK (!s_code ("abcdefghijklmnopqrstuvwxyz0123456"));   //  33
    SF_CHECK (!s_code (""));
    SF_CHECK (!s_code ("has space"));
    SF_CHECK (!s_code ("班组"));
    SF_CHECK (!s_code ("a/b"));

    char name [64 * 3 + 4] = "";
    for (int i = 0; i < 64; i++)
        strcat (name, "安");
    SF_CHECK (directory_name_zh_valid (name));
    strcat (name, "全");
    SF_CHECK (!directory_name_zh_valid (name));
    SF_CHECK (!directory_name_zh_valid (""));
    SF_CHECK (!directory_name_zh_valid ("\xe3\x80\x80"));          //  U+3000 alone is no name
    SF_CHECK (!directory_name_zh_valid (" \xe2\x80\x83 "));        //  nor spaces around U+2003

    SF_CHECK (directory_name_en_valid (""));
    SF_CHECK (directory_name_en_valid ("Machining Team 1"));
    char long_en [DIRECTORY_NAME_EN_MAX_BYTES + 2];
    memset (long_en, 'x', sizeof long_en - 1);
    long_en [sizeof long_en - 1] = 0;
    SF_CHECK (!directory_name_en_valid (long_en));
    long_en [DIRECTORY_NAME_EN_MAX_BYTES] = 0;
    SF_CHECK (directory_name_en_valid (long_en));

    SF_CHECK (directory_login_valid ("zhang.wei_2-b"));
    SF_CHECK (directory_login_valid ("abc"));
    SF_CHECK (!directory_login_valid ("ab"));
    SF_CHECK (!directory_login_valid (""));
    SF_CHECK (!directory_login_valid ("Admin"));
    SF_CHECK (!directory_login_valid ("a b"));
    SF_CHECK (!directory_login_valid ("张伟伟"));
    SF_CHECK (!directory_login_valid ("a@b"));
    char login [DIRECTORY_LOGIN_MAX_CHARS + 2];
    memset (login, 'a', sizeof login - 1);
    login [sizeof login - 1] = 0;
    SF_CHECK (!directory_login_valid (login));
    login [DIRECTORY_LOGIN_MAX_CHARS] = 0;
    SF_CHECK (directory_login_valid (login));
    return 0;
}

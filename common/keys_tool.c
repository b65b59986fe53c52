/*  sf-keys: makes and revokes the CURVE key pairs of a deployment (sf_keys.h), for deploy/up,
    deploy/test and operators (deploy/keys wraps it).

        sf-keys make DIR NAME KIND [ACCOUNT]   a key pair NAME in DIR, accepted by the daemons
        sf-keys revoke DIR NAME                no longer accepted (its key pair stays)        */
#include "sf_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
s_usage (void)
{
    fprintf (stderr,
        "用法 / Usage:\n"
        "  sf-keys make DIR NAME KIND [ACCOUNT]\n"
        "      生成密钥对 DIR/NAME.key_secret（0600）与 DIR/NAME.key，并登记到 DIR/clients/\n"
        "      makes the key pair DIR/NAME.key_secret (0600) and DIR/NAME.key, filed in DIR/clients/\n"
        "      KIND: daemon | front | operator（operator 需要账号 ACCOUNT / an operator key needs ACCOUNT)\n"
        "  sf-keys revoke DIR NAME\n"
        "      从 DIR/clients/ 删除 NAME，各服务不再接受该密钥（无需重启）\n"
        "      removes NAME from DIR/clients/: the daemons refuse it from then on (no restart)\n");
    return 2;
}

int
main (int argc, char **argv)
{
    if (argc >= 5 && argc <= 6 && strcmp (argv [1], "make") == 0) {
        char *zh = NULL, *en = NULL;
        if (sf_keys_make (argv [2], argv [3], argv [4], argc == 6? argv [5]: "", true, &zh, &en)) {
            fprintf (stderr, "sf-keys: %s\nsf-keys: %s\n", zh, en);
            free (zh);
            free (en);
            return 1;
        }
        return 0;
    }
    if (argc == 4 && strcmp (argv [1], "revoke") == 0) {
        if (!sf_keys_name_ok (argv [3]) || sf_keys_revoke (argv [2], argv [3])) {
            fprintf (stderr, "sf-keys: 无法撤销密钥 %s / cannot revoke the key %s\n", argv [3], argv [3]);
            return 1;
        }
        return 0;
    }
    return s_usage ();
}

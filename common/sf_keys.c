/*  sf_keys: key files made, loaded and revoked; the process's identity for its calls.       */
#include "sf_keys.h"
#include "sf_peer.h"
#include "sf_status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  The Z85 text of 32 zero bytes: what zcert holds as secret when a file carries none.
#define SF_KEYS_NO_SECRET "0000000000000000000000000000000000000000"
#define SF_KEYS_NAME_MAX 64
#define SF_KEYS_SECRET_SUFFIX "_secret"

static zcert_t *s_identity;
static char *s_keys_dir;

static const sf_text_t s_msg_missing = {
    "密钥文件 %s 不存在或不可读：%s", "The key file %s is missing or unreadable: %s"
};
static const sf_text_t s_msg_open_mode = {
    "私钥文件 %s 的权限为 %03o，其他用户可读；请改为 0600（chmod 600）",
    "The secret key file %s has mode %03o and others can read it; make it 0600 (chmod 600)"
};
static const sf_text_t s_msg_no_secret = {
    "文件 %s 不是 CURVE 私钥文件（缺少 curve/secret-key）",
    "The file %s is not a CURVE secret key file (no curve/secret-key)"
};
static const sf_text_t s_msg_no_public = {
    "文件 %s 不是 CURVE 公钥文件（缺少 curve/public-key）",
    "The file %s is not a CURVE public key file (no curve/public-key)"
};
static const sf_text_t s_msg_no_dir = {
    "密钥目录 %s 不存在或不可读：%s", "The keys folder %s is missing or unreadable: %s"
};
static const sf_text_t s_msg_bad_name = {
    "密钥名称或账号“%s”无效：应为 1 至 64 个小写字母、数字、点、下划线或连字符",
    "The key name or account '%s' is invalid: 1 to 64 lower-case letters, digits, '.', '_' or '-'"
};
static const sf_text_t s_msg_bad_kind = {
    "密钥类型“%s”无效：应为 daemon、front 或 operator（operator 必须指定账号，其余不得指定）",
    "The key kind '%s' is invalid: daemon, front or operator (an operator key names an account, the others none)"
};
static const sf_text_t s_msg_partial = {
    "rpc.secret_key_file、rpc.clients_dir 与 rpc.keys_dir 必须同时设置（启用 CURVE 认证）或都不设置",
    "rpc.secret_key_file, rpc.clients_dir and rpc.keys_dir are set together (CURVE authentication) or not at all"
};
static const sf_text_t s_msg_write = {
    "无法写入密钥文件 %s：%s", "Cannot write the key file %s: %s"
};

bool
sf_keys_name_ok (const char *text)
{
    size_t size = text? strlen (text): 0;
    if (size < 1 || size > SF_KEYS_NAME_MAX)
        return false;
    return strspn (text, "abcdefghijklmnopqrstuvwxyz0123456789._-") == size;
}

zcert_t *
sf_keys_load_secret (const char *path, char **zh, char **en)
{
    struct stat info;
    if (!path || !*path || stat (path, &info) || access (path, R_OK)) {
        sf_text_format (&s_msg_missing, zh, en, path? path: "", strerror (errno));
        return NULL;
    }
    if (info.st_mode & (S_IRWXG | S_IRWXO)) {
        sf_text_format (&s_msg_open_mode, zh, en, path, (unsigned) (info.st_mode & 0777));
        return NULL;
    }
    zcert_t *cert = zcert_load (path);
    if (!cert || strcmp (zcert_secret_txt (cert), SF_KEYS_NO_SECRET) == 0) {
        zcert_destroy (&cert);
        sf_text_format (&s_msg_no_secret, zh, en, path);
        return NULL;
    }
    return cert;
}

//  The public key (Z85, caller frees) of a public key file, never of the secret one beside it
//  (zcert_load reads PATH_secret first when there is one).
static char *
s_load_public (const char *path, char **zh, char **en)
{
    if (access (path, R_OK)) {
        sf_text_format (&s_msg_missing, zh, en, path, strerror (errno));
        return NULL;
    }
    zconfig_t *root = zconfig_load (path);
    const char *text = root? zconfig_get (root, "/curve/public-key", NULL): NULL;
    uint8_t key [32];
    char *public_text = text && strlen (text) == 40 && zmq_z85_decode (key, text)? strdup (text): NULL;
    zconfig_destroy (&root);
    if (!public_text)
        sf_text_format (&s_msg_no_public, zh, en, path);
    return public_text;
}

char *
sf_keys_server_public (const char *keys_dir, const char *server, char **zh, char **en)
{
    char *path = zsys_sprintf ("%s/%s.key", keys_dir, server);
    char *text = s_load_public (path, zh, en);
    zstr_free (&path);
    return text;
}

bool
sf_keys_clients_dir_ok (const char *clients_dir, char **zh, char **en)
{
    struct stat info;
    if (!clients_dir || !*clients_dir || stat (clients_dir, &info) || !S_ISDIR (info.st_mode)
    ||  access (clients_dir, R_OK | X_OK)) {
        sf_text_format (&s_msg_no_dir, zh, en, clients_dir? clients_dir: "",
                        errno? strerror (errno): "not a folder");
        return false;
    }
    return true;
}

int
sf_keys_set_identity (const char *secret_file, const char *keys_dir, char **zh, char **en)
{
    zcert_t *cert = sf_keys_load_secret (secret_file, zh, en);
    if (!cert)
        return -1;
    zcert_destroy (&s_identity);
    free (s_keys_dir);
    s_identity = cert;
    s_keys_dir = strdup (keys_dir && *keys_dir? keys_dir: ".");
    return 0;
}

int
sf_keys_set_identity_from_env (char **zh, char **en)
{
    const char *secret = getenv ("SF_KEY");
    if (!secret || !*secret)
        return 0;
    const char *dir = getenv ("SF_KEYS_DIR");
    char *folder = NULL;
    if (!dir || !*dir) {
        folder = strdup (secret);
        char *slash = strrchr (folder, '/');
        if (slash)
            *slash = 0;
        else
            strcpy (folder, ".");
        dir = folder;
    }
    int rc = sf_keys_set_identity (secret, dir, zh, en);
    free (folder);
    return rc;
}

int
sf_keys_configure (const char *secret_file, const char *clients_dir, const char *keys_dir,
                   char **zh, char **en)
{
    int set = (secret_file && *secret_file) + (clients_dir && *clients_dir) + (keys_dir && *keys_dir);
    if (set == 0)
        return 0;
    if (set < 3) {
        sf_text_format (&s_msg_partial, zh, en);
        return -1;
    }
    if (!sf_keys_clients_dir_ok (clients_dir, zh, en) || !sf_keys_clients_dir_ok (keys_dir, zh, en)
    ||  sf_keys_set_identity (secret_file, keys_dir, zh, en))
        return -1;
    return 1;
}

zcert_t *
sf_keys_identity (void)
{
    return s_identity;
}

const char *
sf_keys_dir (void)
{
    return s_keys_dir;
}

//  Writes the public half of cert to path, whole: aside first, then renamed.
static int
s_save_public (zcert_t *cert, const char *keys_dir, const char *path, char **zh, char **en)
{
    char *aside = zsys_sprintf ("%s/.%d.public.tmp", keys_dir, (int) getpid ());
    int rc = zcert_save_public (cert, aside);
    if (rc == 0)
        rc = rename (aside, path);
    if (rc) {
        sf_text_format (&s_msg_write, zh, en, path, strerror (errno));
        unlink (aside);
    }
    zstr_free (&aside);
    return rc? -1: 0;
}

int
sf_keys_make (const char *keys_dir, const char *name, const char *kind, const char *account,
              bool file_client, char **zh, char **en)
{
    account = account? account: "";
    if (!sf_keys_name_ok (name) || (*account && !sf_keys_name_ok (account))) {
        sf_text_format (&s_msg_bad_name, zh, en, sf_keys_name_ok (name)? account: name? name: "");
        return -1;
    }
    bool operator = kind && strcmp (kind, "operator") == 0;
    if (!sf_peer_kind_valid (kind) || operator != (*account != 0)) {
        sf_text_format (&s_msg_bad_kind, zh, en, kind? kind: "");
        return -1;
    }
    char *clients = zsys_sprintf ("%s/%s", keys_dir, SF_KEYS_CLIENTS);
    char *public_path = zsys_sprintf ("%s/%s.key", keys_dir, name);
    char *secret_path = zsys_sprintf ("%s/%s.key%s", keys_dir, name, SF_KEYS_SECRET_SUFFIX);
    char *client_path = zsys_sprintf ("%s/%s.key", clients, name);
    mkdir (keys_dir, 0700);
    mkdir (clients, 0755);
    int rc = 0;
    zcert_t *cert = access (secret_path, F_OK) == 0? sf_keys_load_secret (secret_path, zh, en): NULL;
    if (!cert && access (secret_path, F_OK) == 0)
        rc = -1;
    if (!cert && rc == 0) {
        cert = zcert_new ();
        zcert_set_meta (cert, "name", "%s", name);
        zcert_set_meta (cert, "kind", "%s", kind);
        zcert_set_meta (cert, "account", "%s", account);
        char *aside = zsys_sprintf ("%s/.%d.secret.tmp", keys_dir, (int) getpid ());
        //  zcert_save_secret writes with the private file mode (0600).
        if (zcert_save_secret (cert, aside) || chmod (aside, 0600) || rename (aside, secret_path)) {
            sf_text_format (&s_msg_write, zh, en, secret_path, strerror (errno));
            unlink (aside);
            rc = -1;
        }
        zstr_free (&aside);
        if (rc == 0)
            unlink (public_path);
    }
    if (rc == 0 && access (public_path, F_OK))
        rc = s_save_public (cert, keys_dir, public_path, zh, en);
    if (rc == 0 && file_client && access (client_path, F_OK))
        rc = s_save_public (cert, keys_dir, client_path, zh, en);
    zcert_destroy (&cert);
    zstr_free (&clients);
    zstr_free (&public_path);
    zstr_free (&secret_path);
    zstr_free (&client_path);
    return rc;
}

int
sf_keys_revoke (const char *keys_dir, const char *name)
{
    char *path = zsys_sprintf ("%s/%s/%s.key", keys_dir, SF_KEYS_CLIENTS, name);
    int rc = unlink (path) == 0 || errno == ENOENT? 0: -1;
    zstr_free (&path);
    return rc;
}

/*  sf_keys: the CURVE key files of a deployment, and the key pair this process calls with.

    One key pair per client process kind: each daemon, the gateway, operators' safetyctl.
    A keys folder (STATE/keys) holds, for a key named NAME,
        NAME.key_secret        its zcert secret file (mode 0600), what the process loads
        NAME.key               its zcert public file, what clients of a daemon NAME connect to
        clients/NAME.key       the public file again, filed where daemons look for keys they
                               accept (rpc.clients_dir); removing it revokes the key
    and each public file's metadata says name, kind (daemon, front, operator) and account (the
    login an operator key acts as). deploy/keys and the test kit make them with sf_keys_make.

    A daemon's own key (rpc.secret_key_file) also serves its outgoing calls (gap recovery,
    org sync); tools take it from SF_KEY, and the servers' public keys from SF_KEYS_DIR.
    Without an identity set, sf_rpc_client calls go unauthenticated (and a CURVE daemon
    answers nothing).                                                                         */
#ifndef SF_KEYS_H_INCLUDED
#define SF_KEYS_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>

//  The folder under a keys folder where the keys a daemon accepts are filed.
#define SF_KEYS_CLIENTS "clients"

//  Loads a zcert secret file. NULL when it is missing, unreadable, readable by others than
//  its owner, or holds no secret key; *zh and *en (caller frees) then say which, with path.
zcert_t *sf_keys_load_secret (const char *path, char **zh, char **en);

//  The public key (Z85, caller frees) in <keys_dir>/<server>.key. NULL with the reason.
char *sf_keys_server_public (const char *keys_dir, const char *server, char **zh, char **en);

//  True when clients_dir is a folder this process can read. Else false with the reason.
bool sf_keys_clients_dir_ok (const char *clients_dir, char **zh, char **en);

//  Sets the key pair the process's rpc clients call with, and the folder of the servers'
//  public keys. Returns 0, or -1 with the reason. Call before the process starts threads.
int sf_keys_set_identity (const char *secret_file, const char *keys_dir, char **zh, char **en);

//  The same from SF_KEY and SF_KEYS_DIR when SF_KEY is set (SF_KEYS_DIR defaults to the
//  secret file's folder). Returns 0 when set or when SF_KEY is unset, -1 with the reason.
int sf_keys_set_identity_from_env (char **zh, char **en);

//  A daemon's settings (rpc.secret_key_file, rpc.clients_dir, rpc.keys_dir): all set and
//  usable, then the identity is set and 1 returned; none set, 0 (no CURVE); otherwise -1 with
//  the reason (a daemon then refuses to start).
int sf_keys_configure (const char *secret_file, const char *clients_dir, const char *keys_dir,
                       char **zh, char **en);

//  The process's key pair, or NULL when none was set; the folder of the servers' keys.
zcert_t *sf_keys_identity (void);
const char *sf_keys_dir (void);

//  True when text is fit to be a key's name or account: 1..64 of [a-z0-9._-].
bool sf_keys_name_ok (const char *text);

//  Makes a key pair NAME in keys_dir (NAME.key_secret at 0600, NAME.key) and, when
//  file_client, files its public key in keys_dir/clients too. kind is daemon, front or
//  operator; account is required for an operator and empty otherwise. An existing key pair
//  is kept (and filed when asked). Files appear whole (written aside, then renamed).
//  Returns 0, or -1 with the reason.
int sf_keys_make (const char *keys_dir, const char *name, const char *kind, const char *account,
                  bool file_client, char **zh, char **en);

//  Revokes NAME: removes keys_dir/clients/NAME.key. Returns 0 (also when it was not filed).
int sf_keys_revoke (const char *keys_dir, const char *name);

#endif

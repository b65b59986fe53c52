/*  sf_db_startup: a table of libpq's and PostgreSQL's connect errors, each permanent or
    transient, with what it means in both languages. The first rule whose pattern matches
    wins, so the few transient texts that contain a permanent one ("could not translate host
    name ... Temporary failure in name resolution") come first. With several hosts in db.url
    libpq reports every attempt: one refusal of the settings makes the whole verdict
    permanent, since the next round would meet it again.                                    */
#include "sf_db_startup.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MASK "***"
#define S_SECRETS_MAX 8                 //  passwords one db.url can carry; libpq keeps the last

typedef struct {
    const char *pattern;                //  on one line; * stands for any run of characters
    bool permanent;
    sf_text_t reason;
} s_rule_t;

static const s_rule_t s_rules [] = {
    //  Transient texts that contain a permanent one: before it.
    { "Temporary failure in name resolution", false, {
        "主机名暂时无法解析（DNS 暂不可用）", "the host name cannot be resolved for now (DNS unavailable)" } },

    //  Refused settings: the server's FATAL answers at connect time.
    { "password authentication failed for user", true, {
        "密码错误（口令认证失败）", "wrong password (password authentication failed)" } },
    { "authentication failed for user", true, {
        "认证失败：服务器不接受这个用户以这种方式登录", "authentication failed: the server does not let this user in this way" } },
    { "fe_sendauth: no password supplied", true, {
        "服务器要求密码，但 db.url 中没有密码", "the server asks for a password and db.url gives none" } },
    { "role \"*\" does not exist", true, {
        "数据库角色（用户）不存在", "the database role (user) does not exist" } },
    { "role \"*\" is not permitted to log in", true, {
        "数据库角色不允许登录（NOLOGIN）", "the database role may not log in (NOLOGIN)" } },
    { "database \"*\" does not exist", true, {
        "数据库不存在", "the database does not exist" } },
    { "database \"*\" is not currently accepting connections", true, {
        "该数据库不接受连接（datallowconn 为 false）", "the database does not accept connections (datallowconn is false)" } },
    { "permission denied for database", true, {
        "角色没有该数据库的 CONNECT 权限", "the role has no CONNECT privilege on the database" } },
    { "no pg_hba.conf entry", true, {
        "pg_hba.conf 中没有允许这个主机、用户和数据库的条目", "pg_hba.conf has no entry for this host, user and database" } },
    { "pg_hba.conf rejects connection", true, {
        "pg_hba.conf 拒绝这个主机、用户和数据库", "pg_hba.conf rejects this host, user and database" } },
    { "invalid value for parameter", true, {
        "服务器不接受会话设置的取值", "the server refuses the value of a session setting" } },
    { "connection requires a valid client certificate", true, {
        "服务器要求有效的客户端证书", "the server requires a valid client certificate" } },

    //  Refused by libpq before any server is asked: the connection string itself.
    { "could not translate host name", true, {
        "主机名无法解析（未知主机）", "the host name cannot be resolved (unknown host)" } },
    { "could not translate Unix-domain socket path", true, {
        "Unix 套接字路径无效", "the Unix-domain socket path is invalid" } },
    { "Unix-domain socket path \"*\" is too long", true, {
        "Unix 套接字路径过长", "the Unix-domain socket path is too long" } },
    { "invalid connection option", true, {
        "db.url 中有无效的连接参数", "db.url has an invalid connection option" } },
    { "connection info string", true, {
        "db.url 语法错误（连接字符串）", "db.url has a syntax error (connection string)" } },
    { "in URI", true, { "db.url 语法错误（URI）", "db.url has a syntax error (URI)" } },
    { "invalid URI", true, { "db.url 语法错误（URI）", "db.url has a syntax error (URI)" } },
    { "URI query parameter", true, { "db.url 语法错误（URI）", "db.url has a syntax error (URI)" } },
    { "percent-encoded", true, { "db.url 语法错误（URI）", "db.url has a syntax error (URI)" } },
    { "invalid port number", true, { "db.url 中的端口号无效", "db.url has an invalid port number" } },
    { "invalid integer value \"*\" for connection option", true, {
        "db.url 中某个参数的整数值无效", "db.url gives an option an invalid integer" } },
    { "invalid * value: \"", true, { "db.url 中某个参数的取值无效", "db.url gives an option an invalid value" } },
    { "SSL protocol version", true, { "db.url 中 SSL 协议版本的设置无效", "db.url sets an invalid SSL protocol version" } },
    { "could not match * to", true, {
        "db.url 中主机、地址和端口的个数不一致", "db.url lists hosts, addresses and ports in different numbers" } },
    { "host name must be specified", true, { "db.url 缺少主机名", "db.url names no host" } },
    { "definition of service", true, {
        "db.url 引用的 service 定义不存在", "the service db.url names is not defined" } },
    { "service file", true, { "service 文件不存在或有误", "the service file is missing or wrong" } },
    { "but SSL was required", true, {
        "db.url 要求 SSL，服务器不支持", "db.url requires SSL and the server does not offer it" } },
    { "GSSAPI encryption required", true, {
        "db.url 要求 GSSAPI 加密，无法满足", "db.url requires GSSAPI encryption, which is not possible" } },
    { "but it was required", true, {
        "db.url 要求的加密方式服务器不支持", "db.url requires an encryption the server does not offer" } },
    { "certificate", true, {
        "证书校验失败或证书文件有误", "a certificate check failed or a certificate file is wrong" } },
    { "channel binding", true, {
        "无法满足通道绑定（channel binding）的要求", "the channel binding required cannot be met" } },
    { "authentication method * not supported", true, {
        "服务器要求的认证方式本客户端不支持", "the server asks for an authentication method this client lacks" } },
    { "authentication not supported", true, {
        "服务器要求的认证方式本客户端不支持", "the server asks for an authentication method this client lacks" } },
    { "SASL authentication mechanisms are supported", true, {
        "服务器要求的认证方式本客户端不支持", "the server asks for an authentication method this client lacks" } },

    //  Worth waiting for: named for a clear log; anything else is transient too.
    { "Connection refused", false, {
        "连接被拒绝：该主机和端口上没有数据库在监听（尚未启动？）",
        "connection refused: nothing listens on that host and port (not started yet?)" } },
    { "timeout expired", false, { "连接超时", "the connection timed out" } },
    { "Connection timed out", false, { "连接超时", "the connection timed out" } },
    //  sf_db's own words when its connect deadline passes.
    { "did not accept the connection in time", false, { "连接超时", "the connection timed out" } },
    { "the database system is starting up", false, { "数据库正在启动", "the database is starting up" } },
    { "the database system is not yet accepting connections", false, {
        "数据库正在启动", "the database is starting up" } },
    { "the database system is shutting down", false, { "数据库正在关闭", "the database is shutting down" } },
    { "the database system is in recovery mode", false, { "数据库正在恢复", "the database is in recovery" } },
    { "the database system is not accepting connections", false, {
        "数据库暂不接受连接", "the database does not accept connections for now" } },
    { "too many clients already", false, { "数据库连接数已满", "the database has no free connection slot" } },
    { "too many connections for", false, {
        "该角色或数据库的连接数已满", "the role or database has used up its connections" } },
    { "connection slots are reserved", false, {
        "数据库连接数已满", "the database has no free connection slot" } },
    { "No route to host", false, { "网络不可达", "the network does not reach the host" } },
    { "Network is unreachable", false, { "网络不可达", "the network does not reach the host" } },
    { "server closed the connection unexpectedly", false, {
        "数据库在建立连接时断开", "the database closed the connection while it was being opened" } },
    { "terminating connection", false, {
        "数据库在建立连接时断开", "the database closed the connection while it was being opened" } },
    { "No such file or directory", false, {
        "Unix 套接字不存在（数据库尚未启动？）", "no Unix-domain socket there (not started yet?)" } },
    { NULL, false, { NULL, NULL } }
};

static const sf_text_t s_reason_unknown = {
    "未知错误（按暂时性错误处理）", "an error not known to be permanent (taken as transient)"
};

//  True when every *-separated part of pattern occurs in line, in order, without overlap.
static bool
s_line_matches (const char *line, const char *pattern)
{
    char *parts = strdup (pattern);
    assert (parts);
    const char *at = line;
    bool matches = true;
    for (char *part = parts, *next; part && matches; part = next) {
        next = strchr (part, '*');
        if (next)
            *next++ = 0;
        const char *found = strstr (at, part);
        if (found)
            at = found + strlen (part);
        else
            matches = false;
    }
    free (parts);
    return matches;
}

//  True when the pattern matches one of text's lines.
static bool
s_matches (const char *text, const char *pattern)
{
    bool matches = false;
    while (*text && !matches) {
        size_t length = strcspn (text, "\n");
        char *line = strndup (text, length);
        assert (line);
        matches = s_line_matches (line, pattern);
        free (line);
        text += length + (text [length] == '\n');
    }
    return matches;
}

sf_db_startup_verdict_t
sf_db_startup_classify (const char *error)
{
    for (const s_rule_t *rule = s_rules; error && rule->pattern; rule++)
        if (s_matches (error, rule->pattern))
            return (sf_db_startup_verdict_t) { rule->permanent, &rule->reason };
    return (sf_db_startup_verdict_t) { false, &s_reason_unknown };
}

//  Where the passwords lie in a db.url: byte ranges of url, in order, not overlapping.
typedef struct {
    size_t start [S_SECRETS_MAX];
    size_t length [S_SECRETS_MAX];
    size_t count;
} s_secrets_t;

static void
s_secret_add (s_secrets_t *secrets, size_t start, size_t length)
{
    if (secrets->count < S_SECRETS_MAX) {
        secrets->start [secrets->count] = start;
        secrets->length [secrets->count] = length;
        secrets->count++;
    }
}

//  A keyword/value connection string (libpq's conninfo_parse): key = value pairs apart by
//  white space; a value is bare (a backslash escapes the next character) or in single quotes.
static void
s_find_conninfo_secrets (const char *url, s_secrets_t *secrets)
{
    const char *at = url;
    while (*at) {
        at += strspn (at, " \t\n\r\f\v");
        const char *key = at;
        at += strcspn (at, "= \t\n\r\f\v");
        size_t key_length = (size_t) (at - key);
        at += strspn (at, " \t\n\r\f\v");
        if (*at != '=')
            return;                     //  a syntax error: libpq says so, nothing more to hide
        at++;
        at += strspn (at, " \t\n\r\f\v");
        const char *value = at;
        if (*at == '\'') {
            for (at++; *at && *at != '\''; at++)
                if (*at == '\\' && at [1])
                    at++;
            if (*at)
                at++;
        }
        else
            for (; *at && !strchr (" \t\n\r\f\v", *at); at++)
                if (*at == '\\' && at [1])
                    at++;
        if (key_length == strlen ("password") && strncmp (key, "password", key_length) == 0)
            s_secret_add (secrets, (size_t) (value - url), (size_t) (at - value));
    }
}

//  A URI: postgresql://[user[:password]@]host.../dbname?key=value&... (libpq's
//  conninfo_uri_parse: the user part ends at the first @ before any /).
static void
s_find_uri_secrets (const char *url, size_t prefix, s_secrets_t *secrets)
{
    const char *start = url + prefix;
    const char *end = start + strcspn (start, "@/");
    if (*end == '@') {
        const char *colon = memchr (start, ':', (size_t) (end - start));
        if (colon)
            s_secret_add (secrets, (size_t) (colon + 1 - url), (size_t) (end - colon - 1));
    }
    const char *query = strchr (start, '?');
    while (query) {
        const char *key = query + 1;
        const char *stop = key + strcspn (key, "&");
        if (strncmp (key, "password=", strlen ("password=")) == 0) {
            const char *value = key + strlen ("password=");
            s_secret_add (secrets, (size_t) (value - url), (size_t) (stop - value));
        }
        query = *stop? stop: NULL;
    }
}

static s_secrets_t
s_find_secrets (const char *url)
{
    s_secrets_t secrets = { .count = 0 };
    const char *schemes [] = { "postgresql://", "postgres://", NULL };
    for (int i = 0; schemes [i]; i++)
        if (strncmp (url, schemes [i], strlen (schemes [i])) == 0) {
            s_find_uri_secrets (url, strlen (schemes [i]), &secrets);
            return secrets;
        }
    s_find_conninfo_secrets (url, &secrets);
    return secrets;
}

char *
sf_db_startup_masked_url (const char *url)
{
    s_secrets_t secrets = s_find_secrets (url);
    size_t size = strlen (url) + secrets.count * strlen (S_MASK) + 1;
    char *masked = malloc (size);
    assert (masked);
    size_t from = 0, to = 0;
    for (size_t i = 0; i < secrets.count; i++) {
        memcpy (masked + to, url + from, secrets.start [i] - from);
        to += secrets.start [i] - from;
        memcpy (masked + to, S_MASK, strlen (S_MASK));
        to += strlen (S_MASK);
        from = secrets.start [i] + secrets.length [i];
    }
    strcpy (masked + to, url + from);
    return masked;
}

//  text on one line (runs of white space made one space), each password of url in it
//  replaced by ***: libpq repeats a bad URI whole in its message. Caller frees.
static char *
s_masked_text (const char *text, const char *url)
{
    s_secrets_t secrets = s_find_secrets (url);
    size_t size = strlen (text) + 1;
    for (size_t i = 0; i < secrets.count; i++)
        if (secrets.length [i])
            size += strlen (text) / secrets.length [i] * strlen (S_MASK);
    char *masked = malloc (size);
    assert (masked);
    size_t to = 0;
    for (const char *at = text; *at; ) {
        size_t i;
        for (i = 0; i < secrets.count; i++)
            if (secrets.length [i] && strncmp (at, url + secrets.start [i], secrets.length [i]) == 0)
                break;
        if (i < secrets.count) {
            memcpy (masked + to, S_MASK, strlen (S_MASK));
            to += strlen (S_MASK);
            at += secrets.length [i];
        }
        else
        if (strchr (" \t\n\r", *at)) {
            if (to && masked [to - 1] != ' ')
                masked [to++] = ' ';
            at++;
        }
        else
            masked [to++] = *at++;
    }
    while (to && masked [to - 1] == ' ')
        to--;
    masked [to] = 0;
    return masked;
}

char *
sf_db_startup_message (const char *url, const char *error, bool stopping, int waited_s, int wait_s)
{
    sf_db_startup_verdict_t verdict = sf_db_startup_classify (error);
    char *shown_url = sf_db_startup_masked_url (url);
    char *shown_error = s_masked_text (error? error: "", url);
    char *line = NULL;
    int rc;
    if (stopping && verdict.permanent)
        rc = asprintf (&line,
            "无法连接数据库，守护进程停止（设置有误，等待无用）：%s；db.url：%s / "
            "cannot connect to the database, stopping (a setting is wrong; waiting cannot help): %s; "
            "db.url: %s; libpq: %s",
            verdict.reason->zh, shown_url, verdict.reason->en, shown_url, shown_error);
    else
    if (stopping)
        rc = asprintf (&line,
            "等待数据库 %d 秒（db.connect_wait_s）仍无法连接，守护进程停止：%s；db.url：%s / "
            "no database after waiting %d s (db.connect_wait_s), stopping: %s; db.url: %s; libpq: %s",
            waited_s, verdict.reason->zh, shown_url, waited_s, verdict.reason->en, shown_url, shown_error);
    else
        rc = asprintf (&line,
            "等待数据库（已等 %d 秒，最多 %d 秒）：%s；db.url：%s / "
            "waiting for the database (%d s of at most %d s): %s; db.url: %s; libpq: %s",
            waited_s, wait_s, verdict.reason->zh, shown_url, waited_s, wait_s, verdict.reason->en,
            shown_url, shown_error);
    assert (rc > 0);
    free (shown_url);
    free (shown_error);
    return line;
}

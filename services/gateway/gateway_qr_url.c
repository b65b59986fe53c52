/*  gateway_qr_url: which paths and hosts make a QR code's URL (gateway_qr.h).               */
#include "gateway_qr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
s_alnum (char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool
gw_qr_path_valid (const char *path)
{
    if (!path || strncmp (path, "/m/", 3) != 0)
        return false;
    size_t size = strlen (path);
    if (size > GW_QR_PATH_MAX || strstr (path, "..") || strstr (path, "//"))
        return false;
    for (size_t i = 0; i < size; i++)
        if (!s_alnum (path [i]) && !strchr ("._~/#?=&-", path [i]))
            return false;
    return true;
}

bool
gw_qr_host_valid (const char *host)
{
    if (!host)
        return false;
    size_t size = strlen (host);
    if (size == 0 || size > 255)
        return false;
    for (size_t i = 0; i < size; i++)
        if (!s_alnum (host [i]) && !strchr (".:[]-", host [i]))
            return false;
    return true;
}

char *
gw_qr_url (const char *host, bool https, const char *path)
{
    if (!gw_qr_host_valid (host) || !gw_qr_path_valid (path))
        return NULL;
    const char *scheme = https? "https": "http";
    size_t size = strlen (scheme) + 3 + strlen (host) + strlen (path) + 1;
    char *url = malloc (size);
    if (url)
        snprintf (url, size, "%s://%s%s", scheme, host, path);
    return url;
}

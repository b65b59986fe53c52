/*  sf_endpoints: a comma-separated list of instance endpoints (sf_endpoints.h).            */
#include "sf_endpoints.h"
#include "sf_log.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int
sf_endpoints_split (const char *list, char **out, int max)
{
    int count = 0;
    const char *at = list? list: "";
    while (isspace ((unsigned char) *at))
        at++;
    if (!*at)
        return 0;
    while (true) {
        size_t len = strcspn (at, ",");
        const char *start = at, *end = at + len;
        while (start < end && isspace ((unsigned char) *start))
            start++;
        while (end > start && isspace ((unsigned char) end [-1]))
            end--;
        if (end == start || count == max) {
            for (int i = 0; i < count; i++) {
                free (out [i]);
                out [i] = NULL;
            }
            return -1;
        }
        out [count++] = strndup (start, (size_t) (end - start));
        if (at [len] != ',')
            return count;
        at += len + 1;
    }
}

bool
sf_endpoints_contains (const char *list, const char *endpoint)
{
    if (!list || !endpoint)
        return false;
    if (strcmp (list, endpoint) == 0)
        return true;
    char *endpoints [SF_ENDPOINTS_MAX];
    int count = sf_endpoints_split (list, endpoints, SF_ENDPOINTS_MAX);
    bool found = false;
    for (int i = 0; i < count; i++) {
        found = found || strcmp (endpoints [i], endpoint) == 0;
        free (endpoints [i]);
    }
    return found;
}

int
sf_endpoints_connect (zsock_t *socket, const char *list, const char *who)
{
    char *endpoints [SF_ENDPOINTS_MAX];
    int count = sf_endpoints_split (list, endpoints, SF_ENDPOINTS_MAX);
    if (count < 0) {
        sf_warn ("%s：端点列表“%s”含有空项或超过 %d 个端点 / %s: endpoint list \"%s\" has an empty item or more "
                 "than %d endpoints", who, list, SF_ENDPOINTS_MAX, who, list, SF_ENDPOINTS_MAX);
        return 0;
    }
    int connected = 0;
    for (int i = 0; i < count; i++) {
        if (zsock_connect (socket, "%s", endpoints [i]) == 0)
            connected++;
        else
            sf_warn ("%s：无法连接 %s（%s） / %s: cannot connect to %s: %s", who, endpoints [i],
                     zmq_strerror (zmq_errno ()), who, endpoints [i], zmq_strerror (zmq_errno ()));
        free (endpoints [i]);
    }
    return connected;
}

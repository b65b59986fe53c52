/*  gateway_static_path: which file a page path names, never one outside its folder
    (gateway_static.h).                                                                      */
#include "gateway_static.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_PATH_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-/"
#define S_MAX_REL 200

bool
gw_static_path_ok (const char *rel)
{
    if (!rel || !*rel)
        return false;
    size_t length = strlen (rel);
    if (length > S_MAX_REL || strspn (rel, S_PATH_CHARS) != length)
        return false;
    //  Each segment non-empty and not starting with '.': no "..", ".", hidden files, "//".
    const char *segment = rel;
    while (true) {
        if (*segment == '/' || *segment == '.' || *segment == '\0')
            return false;
        const char *slash = strchr (segment, '/');
        if (!slash)
            return true;
        segment = slash + 1;
    }
}

char *
gw_static_resolve (const char *root, const char *rel, struct stat *st)
{
    if (!root || !*root || !gw_static_path_ok (rel))
        return NULL;
    char joined [PATH_MAX];
    int length = snprintf (joined, sizeof joined, "%s/%s", root, rel);
    if (length < 0 || (size_t) length >= sizeof joined)
        return NULL;
    char *real = realpath (joined, NULL);
    if (!real)
        return NULL;
    size_t root_length = strlen (root);
    bool inside = strncmp (real, root, root_length) == 0 && real [root_length] == '/';
    if (!inside || stat (real, st) < 0 || !S_ISREG (st->st_mode)) {
        free (real);
        return NULL;
    }
    return real;
}

char *
gw_static_read (const char *path, size_t *size)
{
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode)) {
        close (fd);
        return NULL;
    }
    size_t want = (size_t) st.st_size;
    char *data = malloc (want + 1);
    size_t have = 0;
    while (data && have < want) {
        ssize_t got = read (fd, data + have, want - have);
        if (got <= 0) {
            free (data);
            data = NULL;
            break;
        }
        have += (size_t) got;
    }
    close (fd);
    if (!data)
        return NULL;
    data [have] = '\0';
    *size = have;
    return data;
}

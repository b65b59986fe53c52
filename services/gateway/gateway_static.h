/*  gateway_static: the pages' files (README.md, "Pages and the wall screen"): the parts that
    decide what a path may name, its content type, its validator and how long it is cached,
    kept apart from the handler (gateway_static.c) so each is tested alone.

    A file is served only when every step agrees: the path's characters are an allowlist
    (letters, digits, '.', '-', '_', '/'; no segment empty or starting with '.'), the extension
    is an allowlist, and the file found, after every symlink, is a regular file inside the
    folder's own real path.                                                                  */
#ifndef GATEWAY_STATIC_H_INCLUDED
#define GATEWAY_STATIC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define GW_STATIC_ETAG_TEXT 64

//  True when rel (the part of a URL path after its prefix, no leading '/') may name a file:
//  the allowlist above; "" is not a file (the handler asks for index.html).
bool gw_static_path_ok (const char *rel);

//  The content type of name's extension, or NULL when the extension is not served.
const char *gw_static_type (const char *name);

//  root is a folder's real path (realpath). The real path of root/rel as a fresh string,
//  with its stat, when rel passes gw_static_path_ok and the file exists, is a regular file
//  and lies inside root after symlinks; NULL otherwise.
char *gw_static_resolve (const char *root, const char *rel, struct stat *st);

//  A strong validator from the file's identity and change (inode, size, mtime in ns), quoted.
void gw_static_etag (const struct stat *st, char etag [GW_STATIC_ETAG_TEXT]);
//  True when an If-None-Match header (a list of entity tags, weak or strong, or "*") names etag
//  (weak comparison, RFC 9110 13.1.2). NULL or "" header: false.
bool gw_static_etag_matches (const char *header, const char *etag);

//  Reads path whole into a fresh buffer (its size in *size), or NULL.
char *gw_static_read (const char *path, size_t *size);

#endif

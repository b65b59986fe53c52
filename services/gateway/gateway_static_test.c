/*  gateway_static: a page path names a file inside its folder or nothing (dots, hidden
    files, odd characters, symlinks leading out, folders); types come from an allowlist;
    validators change with the file and If-None-Match is compared as RFC 9110 says.         */
#include "gateway_static.h"
#include "sf_testkit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
s_paths (void)
{
    SF_CHECK (gw_static_path_ok ("index.html"));
    SF_CHECK (gw_static_path_ok ("js/app-1_2.js"));
    SF_CHECK (!gw_static_path_ok (NULL));
    SF_CHECK (!gw_static_path_ok (""));
    SF_CHECK (!gw_static_path_ok (".."));
    SF_CHECK (!gw_static_path_ok ("../x.html"));
    SF_CHECK (!gw_static_path_ok ("a/../../x.html"));
    SF_CHECK (!gw_static_path_ok ("a/./x.html"));
    SF_CHECK (!gw_static_path_ok (".git/config"));
    SF_CHECK (!gw_static_path_ok ("a//x.html"));
    SF_CHECK (!gw_static_path_ok ("/etc/passwd"));
    SF_CHECK (!gw_static_path_ok ("a\\..\\x.html"));
    SF_CHECK (!gw_static_path_ok ("a%2e%2e/x.html"));
    SF_CHECK (!gw_static_path_ok ("x.html "));
    SF_CHECK (!gw_static_path_ok ("中.html"));
    SF_CHECK (!gw_static_path_ok ("a/"));             //  the handler adds index.html first
    char long_path [300];
    memset (long_path, 'a', sizeof long_path - 1);
    long_path [sizeof long_path - 1] = 0;
    SF_CHECK (!gw_static_path_ok (long_path));
}

static void
s_types (void)
{
    SF_CHECK_STR (gw_static_type ("index.html"), "text/html; charset=utf-8");
    SF_CHECK_STR (gw_static_type ("a/b.js"), "text/javascript; charset=utf-8");
    SF_CHECK_STR (gw_static_type ("style.css"), "text/css; charset=utf-8");
    SF_CHECK_STR (gw_static_type ("x.svg"), "image/svg+xml");
    SF_CHECK (gw_static_type ("x") == NULL);
    SF_CHECK (gw_static_type ("x.HTML") == NULL);
    SF_CHECK (gw_static_type ("x.sh") == NULL);
    SF_CHECK (gw_static_type ("x.html.bak") == NULL);
    SF_CHECK (gw_static_type ("a.js/b") == NULL);
    SF_CHECK (gw_static_type (NULL) == NULL);
}

static void
s_write (const char *path, const char *text)
{
    FILE *file = fopen (path, "w");
    SF_CHECK (file != NULL);
    fputs (text, file);
    fclose (file);
}

static void
s_resolve (void)
{
    char base [] = "/tmp/gw_static_test_XXXXXX";
    SF_CHECK (mkdtemp (base) != NULL);
    char root [128], path [PATH_MAX], target [PATH_MAX];
    snprintf (root, sizeof root, "%s/web", base);
    SF_CHECK (sf_test_sh ("mkdir -p %s/sub %s/dir.html", root, root) == 0);
    snprintf (path, sizeof path, "%s/index.html", root);
    s_write (path, "<p>hi</p>");
    snprintf (path, sizeof path, "%s/sub/a.js", root);
    s_write (path, "export {};");
    snprintf (path, sizeof path, "%s/secret.html", base);       //  outside the folder
    s_write (path, "secret");
    snprintf (target, sizeof target, "%s/out.html", root);
    SF_CHECK (symlink (path, target) == 0);
    snprintf (path, sizeof path, "%s/sub/a.js", root);            //  a link inside: fine
    snprintf (target, sizeof target, "%s/in.js", root);
    SF_CHECK (symlink (path, target) == 0);
    snprintf (target, sizeof target, "%s/up", root);               //  a folder link leading out
    SF_CHECK (symlink (base, target) == 0);
    char *real_root = realpath (root, NULL);
    SF_CHECK (real_root != NULL);

    struct stat st;
    char *found = gw_static_resolve (real_root, "index.html", &st);
    SF_CHECK (found != NULL && st.st_size == 9);
    free (found);
    found = gw_static_resolve (real_root, "sub/a.js", &st);
    SF_CHECK (found != NULL);
    free (found);
    found = gw_static_resolve (real_root, "in.js", &st);
    SF_CHECK (found != NULL);
    free (found);
    SF_CHECK (gw_static_resolve (real_root, "out.html", &st) == NULL);
    SF_CHECK (gw_static_resolve (real_root, "up/secret.html", &st) == NULL);
    SF_CHECK (gw_static_resolve (real_root, "../secret.html", &st) == NULL);
    SF_CHECK (gw_static_resolve (real_root, "missing.html", &st) == NULL);
    SF_CHECK (gw_static_resolve (real_root, "dir.html", &st) == NULL);       //  a folder
    SF_CHECK (gw_static_resolve (real_root, "sub", &st) == NULL);
    SF_CHECK (gw_static_resolve (NULL, "index.html", &st) == NULL);
    SF_CHECK (gw_static_resolve ("", "index.html", &st) == NULL);

    //  A sibling folder whose name starts with the root's is not inside it.
    SF_CHECK (sf_test_sh ("mkdir -p %s/web2 && echo x > %s/web2/x.html", base, base) == 0);
    snprintf (target, sizeof target, "%s/web2/x.html", base);
    snprintf (path, sizeof path, "%s/x.html", root);
    SF_CHECK (symlink (target, path) == 0);
    SF_CHECK (gw_static_resolve (real_root, "x.html", &st) == NULL);

    size_t size = 0;
    snprintf (path, sizeof path, "%.200s/index.html", real_root);
    char *data = gw_static_read (path, &size);
    SF_CHECK (data && size == 9 && strcmp (data, "<p>hi</p>") == 0);
    free (data);
    SF_CHECK (gw_static_read (real_root, &size) == NULL);

    //  The validator changes when the file does.
    found = gw_static_resolve (real_root, "index.html", &st);
    char first [GW_STATIC_ETAG_TEXT], second [GW_STATIC_ETAG_TEXT];
    gw_static_etag (&st, first);
    SF_CHECK (first [0] == '"' && first [strlen (first) - 1] == '"');
    s_write (found, "<p>hello</p>");
    free (found);
    found = gw_static_resolve (real_root, "index.html", &st);
    gw_static_etag (&st, second);
    SF_CHECK (strcmp (first, second) != 0);
    free (found);
    free (real_root);
    SF_CHECK (sf_test_sh ("rm -rf %s", base) == 0);
}

static void
s_etag_matches (void)
{
    const char *etag = "\"1-2-3\"";
    SF_CHECK (gw_static_etag_matches ("\"1-2-3\"", etag));
    SF_CHECK (gw_static_etag_matches ("W/\"1-2-3\"", etag));
    SF_CHECK (gw_static_etag_matches ("\"a\", \"1-2-3\"", etag));
    SF_CHECK (gw_static_etag_matches ("\"a\",W/\"1-2-3\" ", etag));
    SF_CHECK (gw_static_etag_matches ("*", etag));
    SF_CHECK (!gw_static_etag_matches (NULL, etag));
    SF_CHECK (!gw_static_etag_matches ("", etag));
    SF_CHECK (!gw_static_etag_matches ("\"1-2-3", etag));
    SF_CHECK (!gw_static_etag_matches ("\"1-2-30\"", etag));
    SF_CHECK (!gw_static_etag_matches ("\"1-2\"", etag));
    SF_CHECK (!gw_static_etag_matches ("1-2-3", etag));
}

int
main (void)
{
    s_paths ();
    s_types ();
    s_resolve ();
    s_etag_matches ();
    return 0;
}

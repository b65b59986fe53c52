/*  gateway_qr_url: only paths under /m/ in the small set, hosts as names or addresses with a
    port; the URL from both, http or https.                                                  */
#include "gateway_qr.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

static void
s_paths (void)
{
    SF_CHECK (gw_qr_path_valid ("/m/#check/t1P01D1T1S"));
    SF_CHECK (gw_qr_path_valid ("/m/"));
    SF_CHECK (gw_qr_path_valid ("/m/qr.html?plant=P01&lang=en"));
    SF_CHECK (gw_qr_path_valid ("/m/#check/A_b-C.d~e"));
    //  Not under /m/, or not a path at all.
    SF_CHECK (!gw_qr_path_valid (NULL));
    SF_CHECK (!gw_qr_path_valid (""));
    SF_CHECK (!gw_qr_path_valid ("/m"));
    SF_CHECK (!gw_qr_path_valid ("/screen/"));
    SF_CHECK (!gw_qr_path_valid ("https://evil.example/m/"));
    SF_CHECK (!gw_qr_path_valid ("m/#check/X"));
    //  Out of the set: spaces, quotes, markup, percent, non-ASCII, control characters.
    SF_CHECK (!gw_qr_path_valid ("/m/#check/a b"));
    SF_CHECK (!gw_qr_path_valid ("/m/#check/\"x\""));
    SF_CHECK (!gw_qr_path_valid ("/m/<script>"));
    SF_CHECK (!gw_qr_path_valid ("/m/%2e%2e/"));
    SF_CHECK (!gw_qr_path_valid ("/m/#check/班组"));
    SF_CHECK (!gw_qr_path_valid ("/m/#check/x\ny"));
    //  Up and across.
    SF_CHECK (!gw_qr_path_valid ("/m/../api/v1/x"));
    SF_CHECK (!gw_qr_path_valid ("/m//evil.example"));
    //  Length.
    char path [GW_QR_PATH_MAX + 2];
    memset (path, 'a', sizeof path);
    memcpy (path, "/m/", 3);
    path [GW_QR_PATH_MAX] = 0;
    SF_CHECK (gw_qr_path_valid (path));
    path [GW_QR_PATH_MAX] = 'a';
    path [GW_QR_PATH_MAX + 1] = 0;
    SF_CHECK (!gw_qr_path_valid (path));
}

static void
s_hosts (void)
{
    SF_CHECK (gw_qr_host_valid ("127.0.0.1:8080"));
    SF_CHECK (gw_qr_host_valid ("safety.plant.example"));
    SF_CHECK (gw_qr_host_valid ("[::1]:8080"));
    SF_CHECK (!gw_qr_host_valid (NULL));
    SF_CHECK (!gw_qr_host_valid (""));
    SF_CHECK (!gw_qr_host_valid ("evil.example/x"));
    SF_CHECK (!gw_qr_host_valid ("a@b"));
    SF_CHECK (!gw_qr_host_valid ("a b"));
    char host [258];
    memset (host, 'h', sizeof host);
    host [256] = 0;
    SF_CHECK (!gw_qr_host_valid (host));
    host [255] = 0;
    SF_CHECK (gw_qr_host_valid (host));
}

static void
s_urls (void)
{
    char *url = gw_qr_url ("127.0.0.1:8080", false, "/m/#check/P01D1T1S");
    SF_CHECK_STR (url, "http://127.0.0.1:8080/m/#check/P01D1T1S");
    free (url);
    url = gw_qr_url ("safety.example", true, "/m/");
    SF_CHECK_STR (url, "https://safety.example/m/");
    free (url);
    SF_CHECK (gw_qr_url ("evil/x", false, "/m/") == NULL);
    SF_CHECK (gw_qr_url ("127.0.0.1", false, "/api/v1/") == NULL);
    SF_CHECK (gw_qr_url (NULL, false, "/m/") == NULL);
}

int
main (void)
{
    s_paths ();
    s_hosts ();
    s_urls ();
    return 0;
}

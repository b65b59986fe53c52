/*  sf_endpoints: splitting lists; a DEALER on two instances keeps serving when one dies.    */
#include "sf_endpoints.h"
#include "sf_testkit.h"

#include <string.h>

static void
s_split (void)
{
    char *out [3];
    SF_CHECK (sf_endpoints_split ("", out, 3) == 0);
    SF_CHECK (sf_endpoints_split (NULL, out, 3) == 0);
    SF_CHECK (sf_endpoints_split ("tcp://a:1", out, 3) == 1 && strcmp (out [0], "tcp://a:1") == 0);
    free (out [0]);
    SF_CHECK (sf_endpoints_split (" tcp://a:1 , tcp://b:2,tcp://c:3 ", out, 3) == 3);
    SF_CHECK (strcmp (out [0], "tcp://a:1") == 0 && strcmp (out [1], "tcp://b:2") == 0
              && strcmp (out [2], "tcp://c:3") == 0);
    for (int i = 0; i < 3; i++)
        free (out [i]);
    SF_CHECK (sf_endpoints_split ("tcp://a:1,,tcp://b:2", out, 3) == -1);
    SF_CHECK (sf_endpoints_split ("tcp://a:1,", out, 3) == -1);
    SF_CHECK (sf_endpoints_split ("a,b,c,d", out, 3) == -1);
    SF_CHECK (sf_endpoints_contains ("tcp://a:1, tcp://b:2", "tcp://b:2"));
    SF_CHECK (sf_endpoints_contains ("tcp://a:1,tcp://b:2", "tcp://a:1,tcp://b:2"));
    SF_CHECK (!sf_endpoints_contains ("tcp://a:1,tcp://b:2", "tcp://a:2"));
    SF_CHECK (!sf_endpoints_contains (NULL, "tcp://a:2"));
}

//  Two ROUTERs answer on their own ports; a DEALER with ZMQ_IMMEDIATE connected to both gets
//  answers from both, and after one is destroyed, every request from the other.
static void
s_failover (void)
{
    int ports [2] = { sf_test_free_port (), sf_test_free_port () };
    while (ports [1] == ports [0])
        ports [1] = sf_test_free_port ();
    zsock_t *servers [2];
    for (int i = 0; i < 2; i++) {
        servers [i] = zsock_new (ZMQ_ROUTER);
        SF_CHECK (zsock_bind (servers [i], "tcp://127.0.0.1:%d", ports [i]) == ports [i]);
    }
    char list [128];
    snprintf (list, sizeof list, "tcp://127.0.0.1:%d, tcp://127.0.0.1:%d", ports [0], ports [1]);
    zsock_t *client = zsock_new (ZMQ_DEALER);
    zsock_set_immediate (client, 1);
    zsock_set_sndtimeo (client, 2000);
    zsock_set_rcvtimeo (client, 2000);
    SF_CHECK (sf_endpoints_connect (client, list, "test") == 2);
    SF_CHECK (sf_endpoints_connect (client, "tcp://a:1,,x", "test") == 0);

    //  Both connections up: sends alternate.
    sf_test_sleep_ms (300);
    int served [2] = { 0, 0 };
    for (int n = 0; n < 10; n++) {
        SF_CHECK (zstr_send (client, "ping") == 0);
        zpoller_t *poller = zpoller_new (servers [0], servers [1], NULL);
        zsock_t *which = zpoller_wait (poller, 2000);
        zpoller_destroy (&poller);
        SF_CHECK (which);
        served [which == servers [0]? 0: 1]++;
        zmsg_t *msg = zmsg_recv (which);
        zmsg_destroy (&msg);
    }
    SF_CHECK (served [0] > 0 && served [1] > 0);

    //  One dies: every request reaches the other, none is queued for the dead one.
    zsock_destroy (&servers [0]);
    sf_test_sleep_ms (300);
    for (int n = 0; n < 10; n++) {
        SF_CHECK (zstr_send (client, "ping") == 0);
        zpoller_t *poller = zpoller_new (servers [1], NULL);
        SF_CHECK (zpoller_wait (poller, 2000) == servers [1]);
        zpoller_destroy (&poller);
        zmsg_t *msg = zmsg_recv (servers [1]);
        zmsg_destroy (&msg);
    }
    zsock_destroy (&client);
    zsock_destroy (&servers [1]);
}

int
main (void)
{
    s_split ();
    s_failover ();
    printf ("sf_endpoints: ok\n");
    return 0;
}

/*  sf_uuid_test: canonical version 4 text, every random bit used, no repeats.              */
#include "sf_uuid.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <string.h>

enum { COUNT = 100000 };

static int
s_hex (char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static void
s_check_format (const char *uuid)
{
    SF_CHECK (strlen (uuid) == SF_UUID_LEN);
    for (int i = 0; i < SF_UUID_LEN; i++)
        if (i == 8 || i == 13 || i == 18 || i == 23)
            SF_CHECK (uuid [i] == '-');
        else
            SF_CHECK (s_hex (uuid [i]) >= 0);          //  lower-case hex only
    SF_CHECK (uuid [14] == '4');                      //  version 4
    SF_CHECK (strchr ("89ab", uuid [19]));            //  variant 10xx
}

static int
s_compare (const void *a, const void *b)
{
    return memcmp (a, b, SF_UUID_LEN);
}

static void
test_format_and_uniqueness (void)
{
    char (*uuids) [SF_UUID_LEN + 1] = malloc ((size_t) COUNT * sizeof *uuids);
    SF_CHECK (uuids);
    //  For each hex digit position, which bits were seen set and seen clear.
    unsigned seen_set [SF_UUID_LEN] = { 0 }, seen_clear [SF_UUID_LEN] = { 0 };
    for (int i = 0; i < COUNT; i++) {
        memset (uuids [i], 'Z', sizeof uuids [i]);
        sf_uuid_generate (uuids [i]);
        s_check_format (uuids [i]);
        for (int j = 0; j < SF_UUID_LEN; j++) {
            int digit = s_hex (uuids [i][j]);
            if (digit >= 0) {
                seen_set [j] |= (unsigned) digit;
                seen_clear [j] |= ~(unsigned) digit & 0xf;
            }
        }
    }
    //  122 random bits: every bit outside the version and variant varies.
    int random_bits = 0;
    for (int j = 0; j < SF_UUID_LEN; j++) {
        if (j == 8 || j == 13 || j == 18 || j == 23)
            continue;
        unsigned varying = seen_set [j] & seen_clear [j];
        if (j == 14)
            SF_CHECK (varying == 0);
        else
        if (j == 19)
            SF_CHECK (varying == 0x3);
        else
            SF_CHECK (varying == 0xf);
        random_bits += __builtin_popcount (varying);
    }
    SF_CHECK (random_bits == 122);

    qsort (uuids, COUNT, sizeof *uuids, s_compare);
    for (int i = 1; i < COUNT; i++)
        SF_CHECK (memcmp (uuids [i - 1], uuids [i], SF_UUID_LEN) != 0);
    free (uuids);
}

//  The terminating NUL is written and nothing past it.
static void
test_buffer_bounds (void)
{
    char buffer [SF_UUID_LEN + 8];
    memset (buffer, 'Z', sizeof buffer);
    sf_uuid_generate (buffer);
    SF_CHECK (buffer [SF_UUID_LEN] == 0);
    for (size_t i = SF_UUID_LEN + 1; i < sizeof buffer; i++)
        SF_CHECK (buffer [i] == 'Z');
}

enum { THREADS = 4, PER_THREAD = 5000 };

static void *
s_generator (void *arg)
{
    char (*uuids) [SF_UUID_LEN + 1] = arg;
    for (int i = 0; i < PER_THREAD; i++)
        sf_uuid_generate (uuids [i]);
    return NULL;
}

static void
test_threads (void)
{
    char (*uuids) [SF_UUID_LEN + 1] = malloc ((size_t) THREADS * PER_THREAD * sizeof *uuids);
    SF_CHECK (uuids);
    pthread_t threads [THREADS];
    for (int i = 0; i < THREADS; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_generator, uuids + i * PER_THREAD) == 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join (threads [i], NULL);
    for (int i = 0; i < THREADS * PER_THREAD; i++)
        s_check_format (uuids [i]);
    qsort (uuids, THREADS * PER_THREAD, sizeof *uuids, s_compare);
    for (int i = 1; i < THREADS * PER_THREAD; i++)
        SF_CHECK (memcmp (uuids [i - 1], uuids [i], SF_UUID_LEN) != 0);
    free (uuids);
}

int
main (void)
{
    test_buffer_bounds ();
    test_format_and_uniqueness ();
    test_threads ();
    printf ("sf_uuid_test: OK\n");
    return 0;
}

/*  browser_testlib: the C side of the browser tests (tests/browser/browser.mjs is the other):
    a node script of tests/browser/ run with the stack's address, talking over pipes — each line
    it writes on stdout is a question for the harness, a result ("ok ...") or its end ("done",
    "fail <why>"); each question gets one line back on its stdin.                            */
#ifndef BROWSER_TESTLIB_H_INCLUDED
#define BROWSER_TESTLIB_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

//  The harness's answer to a question line: true with answer filled (one line), false when the
//  line is no question of this test (a result: logged only).
typedef bool (bt_answer_fn) (const char *line, char *answer, size_t size);

typedef struct {
    pid_t pid;
    char test [64];                  //  its name: the folder of its screenshots
    FILE *from;                      //  its stdout
    FILE *to;                        //  its stdin; closed once it said done or fail
} bt_node_t;

//  Starts `node tests/browser/<script>.mjs` (SF_SOURCE_DIR, SF_BUILD_DIR from ctest) with
//  SF_GATEWAY_URL=url, SF_TEST_PASSWORD=password, SF_BROWSER_TEST=test and the further
//  "NAME=value" pairs of env (NULL-terminated, may be NULL); its screenshots'
//  folder ($SF_BUILD_DIR/browser-shots/<test>) emptied first.
void bt_node_start (bt_node_t *node, const char *script, const char *test, const char *url, const char *password,
                    const char *const *env);

//  Answers its questions with answer until it ends; 0 when it said done, said no fail and
//  exited with status 0.
int bt_node_run (bt_node_t *node, bt_answer_fn *answer);

#endif

/*  gateway_files_scope: whether an account may read a linked file (README.md, "Attachments").
    The gateway knows an account's plants only; a team's worker may not read another team's
    finding of the same plant. So the plants are a first filter (the links in them, from
    blob_link), then the daemon owning a linking object is asked, as the account, to read it:
    inspection.GetFinding for a finding, rectification.GetForm for a form or its evidence.
    The first one answered OK grants the file. The request waits for the answers holding no
    thread (gw_req_wait), one object after the other, newest first.                          */
#ifndef GATEWAY_FILES_SCOPE_H_INCLUDED
#define GATEWAY_FILES_SCOPE_H_INCLUDED

#include "gateway.h"
#include "gateway_files_type.h"
#include "gateway_session.h"
#include "sf_db.h"

//  Objects asked about at most: a photo is linked by a finding and the form issued from it,
//  and that form's evidence; more links than this are not expected.
#define GW_FILES_SCOPE_OBJECTS 4
#define GW_FILES_SCOPE_ID_MAX 128

typedef struct {
    char kind [16];                  //  "finding", "form", "evidence"
    char id [GW_FILES_SCOPE_ID_MAX]; //  the object's number
} gw_file_object_t;

typedef struct {
    bool uploader;                   //  who uploaded the file (it had the bytes)
    bool linked;                     //  anything links it, in any plant
    int count;                       //  objects linking it in who's plants, newest first
    gw_file_object_t objects [GW_FILES_SCOPE_OBJECTS];
} gw_file_scope_t;

//  What decides who may read sha256: into scope. 0, or -1 on a database error.
int gw_files_scope_find (sf_db_t *db, const char *sha256, const gw_who_t *who, gw_file_scope_t *scope);

typedef enum {
    GW_FILES_GRANTED,                //  a daemon let login read an object linking the file
    GW_FILES_REFUSED,                //  each refused it, or does not know it
    GW_FILES_UNAVAILABLE             //  none granted, and a daemon did not answer in time
} gw_files_verdict_t;

//  Called once on a pool thread with the verdict; it answers req (or waits again).
typedef void (gw_files_verdict_fn) (gw_req_t *req, gw_files_verdict_t verdict, void *arg);

//  Asks the daemons about scope's objects, as login (the API's actor: the Sf-Org header's
//  unit when given), and calls done. req waits meanwhile: the handler returns at once after
//  this. What it keeps is the request's (gw_req_set_data); arg_free (may be NULL) frees arg
//  when the request ends.
void gw_files_scope_ask (gw_state_t *state, gw_req_t *req, const char *login, const gw_file_scope_t *scope,
                         gw_files_verdict_fn *done, void *arg, void (*arg_free) (void *arg));

#endif

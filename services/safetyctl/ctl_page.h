/*  ctl_page: every page of a list, for safetyctl's list commands. A daemon answers a list a
    page at a time (proto/README.md, "Paging"): the request carries page_size and page_token,
    the reply next_page_token, empty on the last page. A person asking for a list wants all of
    it, so a command walks the pages: the same request again with page_token set from the
    reply, until the token is empty. Which fields those are is read from the descriptors, so
    one walk serves every list of every daemon.                                              */
#ifndef CTL_PAGE_H_INCLUDED
#define CTL_PAGE_H_INCLUDED

#include "ctl.h"

#include <protobuf-c/protobuf-c.h>
#include <stdint.h>

//  --page-size: rows a list command asks for in each request (all pages are shown anyway).
#define CTL_OPTION_PAGE_SIZE { "page-size", CTL_NUMBER, "N", false, { \
    "每次请求取回的行数（仍列出全部行；默认由服务决定，最多 1000）", \
    "rows fetched per request (every row is still listed; default: the daemon's, at most 1000)" } }

//  Called with each page, a message of the reply type the walk was given. Returns 0 to go
//  on, 1 to stop the walk there (it has what it wants), -1 to stop it and fail the command
//  (the callback printed why).
typedef int (ctl_page_fn) (const ctl_t *ctl, const ProtobufCMessage *page, void *arg);

//  Sends request to the daemon called name, then again with page_token set from each reply's
//  next_page_token until it is empty, and gives every page to fn. request must have the
//  string field page_token and the int32 field page_size (a reply_type without
//  next_page_token is our bug and asserts). page_size > 0 sets request's page_size; 0 keeps
//  it. request is left as it was given. Returns CTL_EXIT_OK, or CTL_EXIT_FAILED after
//  printing why (a page refused, unreadable, or a daemon that gives the same token again).
int ctl_page_walk (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
                   const ProtobufCMessageDescriptor *reply_type, ctl_page_fn *fn, void *arg);

//  Every page as one message, as ctl_daemon_show gives one reply: each repeated field of the
//  reply holds the rows of all pages in order, the other fields are the first page's, and
//  next_page_token is empty. Under --json it is printed here and *reply_p stays NULL; else
//  *reply_p (the address of a pointer to the generated type) is the caller's to destroy.
//  Returns as ctl_page_walk.
int ctl_page_show (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
                   const ProtobufCMessageDescriptor *reply_type, void *reply_p);

//  The same, but only the first max_rows values of the repeated message field rows (the
//  pages stop coming once it has them); max_rows 0 is every row.
int ctl_page_show_first (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
                         const char *rows, int max_rows, const ProtobufCMessageDescriptor *reply_type,
                         void *reply_p);

#endif

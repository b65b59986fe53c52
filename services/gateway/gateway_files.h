/*  gateway_files: attachments (README.md, "Attachments"): what main.c wires besides
    gw_files_start and gw_files_stop (gateway.h).                                            */
#ifndef GATEWAY_FILES_H_INCLUDED
#define GATEWAY_FILES_H_INCLUDED

#include "gateway.h"
#include "gateway_files_links.h"
#include "sf_scheduler.h"

//  How often the sweep runs, and its name.
#define GW_FILES_SWEEP_JOB "gateway.files_sweep"
#define GW_FILES_SWEEP_MS 3600000

//  The periodic job (sf_scheduler_every, arg the gateway's state): deletes the files that
//  nothing links and nobody uploaded in the last gateway.unlinked_file_days.
int gw_files_sweep_job (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg);

#endif

/*  gateway_files: attachments (README.md, "Attachments"): the part's start and stop, and the
    job deleting files nothing links. POST /api/v1/files in gateway_files_upload.c, GET in
    gateway_files_serve.c, the links from the events in gateway_files_links.c, the SQL in
    gateway_files_store.c, libvips in gateway_files_image.c.                                */
#include "gateway_files.h"
#include "gateway_files_image.h"
#include "gateway_files_parts.h"
#include "gateway_files_store.h"
#include "sf_log.h"

#include <assert.h>
#include <stdlib.h>

//  Deleted per statement: a sweep is a few short statements, not one long one.
#define GW_FILES_SWEEP_BATCH 100
#define GW_DAY_MS 86400000LL

int
gw_files_start (gw_state_t *state)
{
    if (gw_image_start () < 0)
        return -1;
    gw_files_t *files = calloc (1, sizeof *files);
    assert (files);
    files->max_file_bytes = sf_config_int (state->config, "gateway.max_file_bytes");
    files->max_file_pixels = sf_config_int (state->config, "gateway.max_file_pixels");
    files->thumb_pixels = (int) sf_config_int (state->config, "gateway.thumb_pixels");
    state->files = files;
    gw_http_route (state->http, GW_FILES_PATH, gw_files_upload, state);
    gw_http_route_body_limit (state->http, GW_FILES_PATH, (size_t) files->max_file_bytes);
    gw_http_route (state->http, GW_FILES_PREFIX, gw_files_serve, state);
    return 0;
}

void
gw_files_stop (gw_state_t *state)
{
    if (!state->files)
        return;
    free (state->files);
    state->files = NULL;
    gw_image_stop ();
}

int
gw_files_sweep_job (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    gw_state_t *state = arg;
    int64_t days = sf_config_int (state->config, "gateway.unlinked_file_days");
    int64_t before = occurrence_ms - days * GW_DAY_MS, deleted = 0, batch;
    do {
        batch = gw_files_store_sweep (db, before, GW_FILES_SWEEP_BATCH);
        if (batch < 0) {
            sf_warn ("gateway: %s: deleting unlinked files: %s", job, sf_db_error (db));
            return -1;
        }
        deleted += batch;
    } while (batch == GW_FILES_SWEEP_BATCH);
    if (deleted)
        sf_info ("gateway: %s: %lld file(s) nothing linked for %lld days deleted", job, (long long) deleted,
                 (long long) days);
    return 0;
}

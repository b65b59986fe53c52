/*  sf_id_block: sequence values by thread, a block at a time (see the header).              */
#include "sf_id_block.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define S_BLOCK         64      //  values a thread takes at once
#define S_TABLES        4       //  (place, table) pairs a thread keeps; more: the oldest goes
#define S_TABLE_MAX     64

typedef struct {
    uint64_t place;
    char table [S_TABLE_MAX];
    int64_t ids [S_BLOCK];
    int count, next;
} s_block_t;

static __thread s_block_t s_blocks [S_TABLES];
static __thread int s_oldest;

//  The thread's block for table at place, emptied when it is new to the thread.
static s_block_t *
s_block (uint64_t place, const char *table)
{
    for (int i = 0; i < S_TABLES; i++)
        if (s_blocks [i].place == place && strcmp (s_blocks [i].table, table) == 0)
            return &s_blocks [i];
    s_block_t *block = &s_blocks [s_oldest];
    s_oldest = (s_oldest + 1) % S_TABLES;
    block->place = place;
    snprintf (block->table, sizeof block->table, "%s", table);
    block->count = block->next = 0;
    return block;
}

//  Takes a new block of values from table's sequence; 0, or -1 (db's error).
static int
s_take (sf_db_t *db, const char *table, s_block_t *block)
{
    char size [16];
    snprintf (size, sizeof size, "%d", S_BLOCK);
    sf_rows_t *rows = sf_db_query (db, "SELECT nextval (pg_get_serial_sequence ($1, 'id')) "
                                       "FROM generate_series (1, $2::int)", 2, (const char *const []) { table, size });
    if (!rows)
        return -1;
    block->count = block->next = 0;
    for (int row = 0; row < sf_rows_count (rows) && row < S_BLOCK; row++)
        block->ids [block->count++] = sf_rows_int (rows, row, 0);
    sf_rows_destroy (&rows);
    return block->count? 0: -1;
}

int
sf_id_block_next (sf_db_t *db, const char *table, int64_t *id)
{
    assert (strlen (table) < S_TABLE_MAX);
    s_block_t *block = s_block (sf_db_place (db), table);
    if (block->next == block->count && s_take (db, table, block))
        return -1;
    *id = block->ids [block->next++];
    return 0;
}

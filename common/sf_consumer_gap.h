/*  sf_consumer_gap: finds the entries of a stream that were trimmed before a consumer group
    read them (issue 19), and records the range for sf_gap_recovery to ask the producer for.

    Trimming (XTRIM, or MAXLEN / MINID on XADD) deletes entries whether a group read them or
    not, and a later XREADGROUP ">" simply goes on from the first entry left: nothing in
    Redis says afterwards that entries were skipped. So the consumer looks before each read
    of new entries: XINFO GROUPS (the group's last-delivered-id and entries-read) and XINFO
    STREAM (length, entries-added, first entry, last-generated-id, max-deleted-entry-id), in
    one MULTI so that both describe one moment. Redis 7 counts entries-added over the
    stream's life, so the entries that left the stream number entries-added - length, and the
    group missed those it did not read: entries-added - length - entries-read, when the first
    entry left lies past last-delivered-id. Redis 7.0 leaves max-deleted-entry-id at 0-0
    after a trim (only XDEL moves it) and keeps reporting a lag after one, so neither alone
    tells. When entries-read is not known (Redis cannot compute it after deletions in the
    middle of the stream, or before 7.0) the range is still recorded, with the count unknown:
    the producer republishes whatever it published there, which is nothing when nothing was
    missed. A group that never read anything (last-delivered-id 0-0, entries-read unknown) was
    created after those entries left: they were never its to miss.

    Redis 7.0 goes on counting entries-read from where it was after a gap, so it would stay
    short by the entries missed for good (the group's lag too high, every later trim a false
    gap): once a gap is recorded, XGROUP SETID ... ENTRIESREAD sets the count right.

    A gap found is one row of sf_consumer_gap (the consumer's schema), keyed by stream, group
    and the last-delivered id, so looking again before the group moved finds it recorded, and
    one ERROR naming the range. The check and the read that follows are two commands: a trim
    that lands between them (a fraction of a millisecond, and only while the group is within
    the cap's reach) is not seen.                                                           */
#ifndef SF_CONSUMER_GAP_H_INCLUDED
#define SF_CONSUMER_GAP_H_INCLUDED

#include "sf_db.h"
#include "sf_redis.h"

#include <stdbool.h>
#include <stdint.h>

#define SF_GAP_ID_SIZE 48       //  "ms-seq": two 64-bit numbers and a dash, with room

//  What XINFO STREAM says of the stream.
typedef struct {
    int64_t length;
    int64_t entries_added;              //  -1 before Redis 7
    char first_id [SF_GAP_ID_SIZE];     //  "" when the stream is empty
    char last_generated_id [SF_GAP_ID_SIZE];
    char max_deleted_id [SF_GAP_ID_SIZE];   //  "0-0" when nothing was XDELeted (or before 7)
} sf_gap_stream_t;

//  What XINFO GROUPS says of the group.
typedef struct {
    char last_delivered_id [SF_GAP_ID_SIZE];
    int64_t entries_read;               //  -1 when Redis reports none
} sf_gap_group_t;

//  A range missed: entries after after_id and before before_id (both exclusive).
typedef struct {
    char after_id [SF_GAP_ID_SIZE];
    char before_id [SF_GAP_ID_SIZE];
    int64_t missing;                    //  -1 when Redis cannot tell how many
} sf_gap_t;

//  True when the group missed entries that left the stream; fills gap.
bool sf_consumer_gap_find (const sf_gap_stream_t *stream, const sf_gap_group_t *group, sf_gap_t *gap);

//  Compares two entry ids "ms-seq": <0, 0, >0. An id that does not parse sorts first.
int sf_consumer_gap_compare (const char *a, const char *b);

//  Parses XINFO STREAM / the group's part of XINFO GROUPS (RESP2 flat maps). 0, or -1 when
//  the reply is not one; parse_groups answers 1 when the group is not listed.
int sf_consumer_gap_parse_stream (const redisReply *reply, sf_gap_stream_t *stream);
int sf_consumer_gap_parse_groups (const redisReply *reply, const char *group, sf_gap_group_t *found);

//  The consumer's look before it reads new entries: XINFO on redis, and a row in
//  sf_consumer_gap with db (outside a transaction) for a gap found. Returns 0, or -1 when it
//  could not look or record (logged): the consumer must not read then, or the gap would be
//  read past unseen.
int sf_consumer_gap_check (sf_redis_t *redis, sf_db_t *db, const char *stream, const char *group);

#endif

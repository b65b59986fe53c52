/*  lesson_tags: the tag table read.                                                        */
#include "lesson_tags.h"
#include "lesson_store.h"
#include "sf_pb.h"

#include <stdlib.h>

Lesson__TagList *
lesson_tags_list (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT code, name_zh, name_en, array_to_string (accident_types, chr (31)), "
        "array_to_string (keywords, chr (31)), check_zh, check_en, basis FROM lesson_tag ORDER BY code", 0, NULL);
    if (!rows)
        return NULL;
    Lesson__TagList *list = sf_pb_new (&lesson__tag_list__descriptor);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Lesson__Tag *tag = sf_pb_add (&list->tags, &list->n_tags, &lesson__tag__descriptor);
        sf_pb_set (&tag->code, sf_rows_text (rows, row, 0));
        sf_pb_set (&tag->name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&tag->name_en, sf_rows_text (rows, row, 2));
        lesson_split_add (&tag->accident_types, &tag->n_accident_types, sf_rows_text (rows, row, 3), 31);
        lesson_split_add (&tag->keywords, &tag->n_keywords, sf_rows_text (rows, row, 4), 31);
        sf_pb_set (&tag->check_zh, sf_rows_text (rows, row, 5));
        sf_pb_set (&tag->check_en, sf_rows_text (rows, row, 6));
        sf_pb_set (&tag->basis, sf_rows_text (rows, row, 7));
    }
    sf_rows_destroy (&rows);
    return list;
}

int
lesson_tags_first_unknown (sf_db_t *db, char *const *codes, size_t count)
{
    char *array = sf_db_array_literal (codes, count);
    const char *values [] = { array };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT coalesce (min (t.i), 0) FROM unnest ($1::text[]) WITH ORDINALITY AS t (code, i) "
        "WHERE NOT EXISTS (SELECT 1 FROM lesson_tag g WHERE g.code = t.code)", 1, values);
    free (array);
    if (!rows)
        return -1;
    int64_t first = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return first? (int) first - 1: (int) count;
}

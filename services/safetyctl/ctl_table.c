/*  ctl_table: the cells in one growing array; widths are measured at print time.          */
#include "ctl_table.h"
#include "ctl_output.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct _ctl_table_t {
    size_t columns;
    char **cells;
    size_t count;
    size_t capacity;
};

ctl_table_t *
ctl_table_new (size_t columns)
{
    assert (columns > 0);
    ctl_table_t *self = calloc (1, sizeof *self);
    assert (self);
    self->columns = columns;
    return self;
}

void
ctl_table_destroy (ctl_table_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    ctl_table_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++)
        free (self->cells [i]);
    free (self->cells);
    free (self);
    *self_p = NULL;
}

static void
s_add_owned (ctl_table_t *self, char *cell)
{
    assert (cell);
    if (self->count == self->capacity) {
        self->capacity = self->capacity? self->capacity * 2: 64;
        self->cells = realloc (self->cells, self->capacity * sizeof *self->cells);
        assert (self->cells);
    }
    self->cells [self->count++] = cell;
}

void
ctl_table_add (ctl_table_t *self, const char *cell)
{
    s_add_owned (self, strdup (cell));
}

void
ctl_table_addf (ctl_table_t *self, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *cell;
    if (vasprintf (&cell, format, args) < 0)
        cell = NULL;
    va_end (args);
    s_add_owned (self, cell);
}

void
ctl_table_print (ctl_table_t *self, FILE *out)
{
    int *widths = calloc (self->columns, sizeof *widths);
    assert (widths);
    for (size_t i = 0; i < self->count; i++) {
        int width = ctl_width (self->cells [i]);
        if (width > widths [i % self->columns])
            widths [i % self->columns] = width;
    }
    for (size_t i = 0; i < self->count; i++) {
        size_t column = i % self->columns;
        bool last = column == self->columns - 1 || i == self->count - 1;
        if (last)
            fprintf (out, "%s\n", self->cells [i]);
        else
            ctl_pad (out, self->cells [i], widths [column] + 2);
    }
    free (widths);
}

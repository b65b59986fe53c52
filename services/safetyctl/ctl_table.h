/*  ctl_table: rows of text printed in aligned columns, measured in terminal columns so that
    Chinese cells line up with Latin ones.                                                  */
#ifndef CTL_TABLE_H_INCLUDED
#define CTL_TABLE_H_INCLUDED

#include <stddef.h>
#include <stdio.h>

typedef struct _ctl_table_t ctl_table_t;

ctl_table_t *ctl_table_new (size_t columns);
void ctl_table_destroy (ctl_table_t **self_p);

//  Appends the next cell, filling the table row by row; the text is copied.
void ctl_table_add (ctl_table_t *self, const char *cell);

//  Same with a printf format.
void ctl_table_addf (ctl_table_t *self, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

//  Prints every row, each column as wide as its widest cell, two spaces apart.
void ctl_table_print (ctl_table_t *self, FILE *out);

#endif

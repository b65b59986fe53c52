/*  inspection_hazard_messages: every text the hazard lists and risk grading show a person,
    in Simplified Chinese and English. Each is an sf_text_t whose two printf formats take the
    same arguments in the same order; the comment beside each names them. Format with
    sf_text_format, sf_call_fail or inspection_hazard_csv_add_error.                      */
#ifndef INSPECTION_HAZARD_MESSAGES_H_INCLUDED
#define INSPECTION_HAZARD_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  CSV import: the fields of a row (the texts every import shares are sf_csv's).

//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNIT_MISSING;
//  (const char *value, int max_chars)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_UNIT_CODE;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_YEAR_MISSING;
//  (const char *value, int min, int max)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_YEAR;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_FACTOR_MISSING;
//  (const char *value)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_FACTOR;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_HAZARD_MISSING;
//  (size_t chars, int max_chars)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_HAZARD_TOO_LONG;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_HAZARD_CONTROL;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_ACCIDENT_TYPE_MISSING;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_MEASURES_MISSING;
//  (size_t chars, int max_chars)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_MEASURES_TOO_LONG;
//  ()
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_MEASURES_CONTROL;
//  (const char *factor): "L", "E" or "C"
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_LEC_MISSING;

//  CSV import: rows against the org directory and the accident categories (the handler).

//  (const char *value)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_ACCIDENT_TYPE;
//  (const char *unit_code)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNKNOWN_UNIT;
//  (const char *unit_code)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNIT_INACTIVE;
//  (const char *unit_code)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNIT_KIND;
//  (const char *unit_code)
extern const sf_text_t INSPECTION_HAZARD_MSG_CSV_OUT_OF_SCOPE;

//  Shared by the import and the requests.

//  (const char *factor, const char *value, const char *allowed): a value not in the LEC table.
extern const sf_text_t INSPECTION_HAZARD_MSG_BAD_LEC;

//  The requests (inspection_hazard_handlers.c).

//  (const char *file_name, size_t errors)
extern const sf_text_t INSPECTION_HAZARD_MSG_IMPORT_FAILED;
//  (const char *file_name, size_t rows): rows whose unit the actor's grants do not cover
extern const sf_text_t INSPECTION_HAZARD_MSG_IMPORT_OUT_OF_SCOPE;
//  (const char *value, int max_chars)
extern const sf_text_t INSPECTION_HAZARD_MSG_BAD_UNIT_CODE;
//  (int year, int min, int max)
extern const sf_text_t INSPECTION_HAZARD_MSG_BAD_YEAR;
//  (const char *unit_code)
extern const sf_text_t INSPECTION_HAZARD_MSG_UNKNOWN_UNIT;
//  (const char *unit_code, int year)
extern const sf_text_t INSPECTION_HAZARD_MSG_NO_LIST;
//  (const char *unit_code)
extern const sf_text_t INSPECTION_HAZARD_MSG_NO_LISTS;

#endif

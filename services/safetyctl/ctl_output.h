/*  ctl_output: what a person or a program reads from safetyctl. Every text exists in Chinese
    and English and is printed in the chosen language; errors go to stderr as one line,
    "错误 [not_found]: …" or "error [not_found]: …", with the status name the wire uses.
    Machine output is one JSON document per line on stdout.                                */
#ifndef CTL_OUTPUT_H_INCLUDED
#define CTL_OUTPUT_H_INCLUDED

#include "ctl.h"
#include "ctl_time.h"
#include "sf_envelope.h"
#include "sf_json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

//  The language when --lang is not given: SF_LANG if set, else LANG; English when it
//  starts with "en", Chinese otherwise.
ctl_lang_t ctl_lang_default (void);

//  Accepts "zh" or "en" (and longer forms such as zh_CN or en_US.UTF-8). -1 otherwise.
int ctl_lang_parse (const char *text, ctl_lang_t *lang);

//  The text in the chosen language, unformatted.
const char *ctl_text (const ctl_t *ctl, const sf_text_t *text);

//  Formats text in the chosen language; the caller frees.
char *ctl_format (const ctl_t *ctl, const sf_text_t *text, ...);

//  Prints text, formatted in the chosen language, to out.
void ctl_print (const ctl_t *ctl, FILE *out, const sf_text_t *text, ...);

//  Prints the error line of status with text as its reason; returns CTL_EXIT_FAILED.
int ctl_fail (const ctl_t *ctl, sf_status_t status, const sf_text_t *text, ...);
int ctl_failv (const ctl_t *ctl, sf_status_t status, const sf_text_t *text, va_list args);

//  Prints the error line of a reply that is not OK, with the reason the daemon gave;
//  returns CTL_EXIT_FAILED.
int ctl_fail_reply (const ctl_t *ctl, const sf_reply_t *reply);

//  Prints "警告：…" / "warning: …" on stderr.
void ctl_warn (const ctl_t *ctl, const sf_text_t *text, ...);

//  Prints the document as one line on stdout and flushes it.
void ctl_json_print (sf_json_t *json);

//  Prints message as one line of the proto3 JSON mapping (sf_pbjson) on stdout: how every
//  reply shows under --json.
void ctl_json_print_message (const ProtobufCMessage *message);

//  Flushes stdout. Returns 0, or the errno of the first write that failed (EPIPE when the
//  reader went away, as with | head).
int ctl_flush (void);

//  The columns a terminal gives text: two for each wide (CJK, full-width) character.
int ctl_width (const char *text);

//  Prints text padded with spaces to width columns.
void ctl_pad (FILE *out, const char *text, int width);

//  A duration as a person reads it: "3天4小时" / "3d 4h".
void ctl_duration (const ctl_t *ctl, int64_t ms, char *buffer, size_t size);

//  Unix epoch milliseconds as local time: "2026-01-05 10:00:00.123".
void ctl_local_time (int64_t ms, char *buffer, size_t size);

//  The same instant in UTC for machines: "2026-01-05T02:00:00.123Z".
void ctl_utc_time (int64_t ms, char *buffer, size_t size);

//  Epoch ms as Beijing time (Asia/Shanghai, UTC+8, no daylight saving), the time plants work
//  by: "2026-01-05 10:00"; "-" for 0.
void ctl_beijing_time (int64_t ms, char *buffer, size_t size);

#endif

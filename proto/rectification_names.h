/*  rectification_names: the words for rectification.proto's enums that people read, in
    English (as the command line takes them) and Chinese, for the daemon's messages and for
    every client, which links this contract library and no daemon code.                    */
#ifndef RECTIFICATION_NAMES_H_INCLUDED
#define RECTIFICATION_NAMES_H_INCLUDED

#include "rectification.pb-c.h"

//  "issued", "已下发", ...; "?" for a value the enum does not name.
const char *rect_status_name (int status);
const char *rect_status_name_zh (int status);
//  A status by its English or Chinese name; unspecified (0) when it names none.
Rectification__FormStatus rect_status_parse (const char *text);

//  "general", "一般隐患", ...
const char *rect_severity_name (int severity);
const char *rect_severity_name_zh (int severity);
Rectification__Severity rect_severity_parse (const char *text);

//  "plan", ...; 计划, 执行, 检查, 处理 (the PDCA stages as Chinese safety documents name them).
const char *rect_pdca_name (int pdca);
const char *rect_pdca_name_zh (int pdca);

#endif

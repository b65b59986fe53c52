/*  scoring_letter_routes: the letter area's part of the route table (scoring.h,
    README_letters.md "Routes"). Templates are written by admin and ehs; letters issued
    within a plant by those who run its safety; a letter is read and signed by anyone whose
    grants reach either party (who may sign which side is the handler's check, by the
    level's roles); coverage read by anyone within the plant.                            */
#include "scoring.h"
#include "scoring_letter.h"

#define S_ROUTE(name, reply_name, fn) \
    .request = &scoring__##name##__descriptor, .reply = &scoring__##reply_name##__descriptor, .handler = fn

const sf_route_t scoring_letter_routes [] = {
    { S_ROUTE (set_letter_template, letter_template, scoring_letter_template_set), .writes = true,
      .roles = "admin,ehs", .required = "template,template.title_zh,template.content_zh" },
    { S_ROUTE (get_letter_template, letter_template, scoring_letter_template_get), .lookup = true },
    //  Alone: it locks the plant's number sequence row (sf_rpc_server.h, "alone").
    { S_ROUTE (issue_letters, issue_letters_reply, scoring_letter_issue), .writes = true, .alone = true,
      .roles = "admin,ehs,plant_safety_manager", .required = "plant_code", .scope = "plant_code" },
    { S_ROUTE (sign_letter, letter, scoring_letter_sign), .writes = true, .scope_of = scoring_letter_parties },
    { S_ROUTE (get_letter, letter, scoring_letter_get), .scope_of = scoring_letter_parties, .lookup = true },
    { S_ROUTE (list_letters, letter_list, scoring_letter_list), .scope = "unit_code" },
    { S_ROUTE (get_coverage, coverage, scoring_letter_coverage), .scope = "plant_code" },
    { 0 }
};

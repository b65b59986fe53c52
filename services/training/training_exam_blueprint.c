/*  training_exam_blueprint: training.CreateExamBlueprint, GetExamBlueprint and
    GetExamQuestionStats. A blueprint is never changed once made (its attempts and their
    statistics keep meaning what they meant); a new one takes a new code.                  */
#include "training_exam.h"
#include "training_rules.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A limit the request gives, or the rule's value when it gives 0; checked against min..max.
//  0, or -1 with the call failed.
static int
s_limit (sf_call_t *call, int32_t *value, const char *rule, int min, int max, const char *what_zh,
         const char *what_en)
{
    if (*value == 0) {
        int64_t ruled;
        int rc = training_rule (call->db, rule, &ruled);
        if (rc < 0)
            sf_call_fail_db (call, "reading a training rule");
        else
        if (rc)
            sf_call_fail (call, SF_INTERNAL, sf_status_text (SF_INTERNAL));
        if (rc)
            return -1;
        *value = (int32_t) ruled;
    }
    if (*value < min || *value > max) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_BAD_LIMIT, what_zh, what_en, *value, min, max);
        return -1;
    }
    return 0;
}

//  A text of the blueprint within max characters. 0, or -1 with the call failed.
static int
s_chars (sf_call_t *call, const char *text, int max, const char *what_zh, const char *what_en)
{
    if (sf_utf8_chars (text, strlen (text)) > (size_t) max) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_TEXT_LONG, what_zh, what_en, max);
        return -1;
    }
    return 0;
}

//  Checks the parts: categories, types, counts. 0, or -1 with the call failed.
static int
s_parts (sf_call_t *call, Training__ExamBlueprint *b)
{
    if (b->n_parts == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_NO_PARTS);
        return -1;
    }
    if (b->n_parts > EXAM_PARTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_TOO_MANY_PARTS, EXAM_PARTS_MAX);
        return -1;
    }
    b->question_count = 0;
    for (size_t i = 0; i < b->n_parts; i++) {
        const Training__ExamBlueprintPart *part = b->parts [i];
        int known = exam_store_category_known (call->db, part->category);
        if (known < 0) {
            sf_call_fail_db (call, "checking a category");
            return -1;
        }
        if (!known) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_PART_CATEGORY, (int) i + 1, part->category);
            return -1;
        }
        if (!protobuf_c_enum_descriptor_get_value (&training__question_type__descriptor, part->type)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_PART_TYPE, (int) i + 1, (int) part->type);
            return -1;
        }
        if (part->count < 1 || part->count > EXAM_QUESTIONS_MAX) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_PART_COUNT, (int) i + 1, part->count);
            return -1;
        }
        b->question_count += part->count;
    }
    if (b->question_count > EXAM_QUESTIONS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_TOO_MANY_QUESTIONS, b->question_count, EXAM_QUESTIONS_MAX);
        return -1;
    }
    return 0;
}

int
exam_draw (sf_call_t *call, const Training__ExamBlueprint *b, char ***codes, int **versions, int *taken)
{
    for (size_t i = 0; i < b->n_parts; i++) {
        const Training__ExamBlueprintPart *part = b->parts [i];
        int found = exam_store_draw (call->db, b->unit_code, part->category, part->type, part->count, codes, versions,
                                     taken);
        if (found < 0) {
            sf_call_fail_db (call, "drawing a paper");
            return -1;
        }
        if (found < part->count) {
            sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_BANK_SHORT, part->category,
                          exam_type_name_zh (part->type), exam_type_name (part->type), found, part->count,
                          b->unit_code);
            return -1;
        }
    }
    return 0;
}

void
exam_create_blueprint (sf_call_t *call)
{
    const Training__CreateExamBlueprint *request = SF_CALL_BODY (call, Training__CreateExamBlueprint);
    //  A copy the daemon completes (limits, plant, author) and answers with.
    size_t size = protobuf_c_message_get_packed_size (&request->blueprint->base);
    uint8_t *packed = malloc (size + 1);
    protobuf_c_message_pack (&request->blueprint->base, packed);
    Training__ExamBlueprint *b = training__exam_blueprint__unpack (NULL, size, packed);
    free (packed);
    sf_org_node_t unit;
    int found = sf_org_find (call->db, b->unit_code, &unit);
    Training__ExamBlueprint *existing = NULL;
    int exists = found < 0? -1: exam_store_blueprint (call->db, b->code, &existing);
    char **codes = NULL;
    int *versions = NULL, taken = 0;
    if (!exam_code_valid (b->code))
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_BAD_CODE, "试卷方案编号", "blueprint code", b->code);
    else
    if (found < 0 || exists < 0)
        sf_call_fail_db (call, "looking up a unit or a blueprint");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_UNIT_UNKNOWN, b->unit_code);
    else
    if (!unit.active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_UNIT_INACTIVE, b->unit_code);
    else
    if (unit.kind == SF_ORG_POST || unit.kind == SF_ORG_EMPLOYEE)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_UNIT_KIND, b->unit_code);
    else
    if (exists)
        sf_call_fail (call, SF_ALREADY_EXISTS, &EXAM_MSG_BLUEPRINT_EXISTS, b->code);
    else
    if (s_chars (call, b->title, 100, "标题", "the title") == 0
     && s_chars (call, b->title_en, 200, "英文标题", "the English title") == 0
     && s_chars (call, b->purpose, 64, "用途", "the purpose") == 0
     && s_parts (call, b) == 0
     && s_limit (call, &b->time_limit_minutes, "exam_time_limit_minutes", 1, 1440, "考试时长（分钟）",
                 "time limit (minutes)") == 0
     && s_limit (call, &b->pass_percent, TRAINING_RULE_EXAM_PASS_PERCENT, 1, 100, "合格分数线（%）",
                 "pass mark (percent)") == 0
     && s_limit (call, &b->attempt_limit, "exam_attempt_limit", 1, 100, "考试次数上限", "attempt limit") == 0
     //  A trial draw: the banks must hold a paper's worth of every part.
     && exam_draw (call, b, &codes, &versions, &taken) == 0) {
        sf_pb_set (&b->plant_code, unit.plant_code);
        sf_pb_set (&b->created_by, call->request->actor.user_id);
        b->created_ms = sf_clock_now_ms ();
        if (exam_store_blueprint_write (call->db, b))
            sf_call_fail_db (call, "storing a blueprint");
        else
        if (exam_emit (call, "training.exam_blueprint_created", "exam_blueprint", b->code, 1, b->plant_code,
                       &b->base) == 0)
            sf_call_reply (call, &b->base);
    }
    for (int i = 0; i < taken; i++)
        free (codes [i]);
    free (codes);
    free (versions);
    sf_pb_destroy (&existing);
    sf_pb_destroy (&b);
}

//  True when a grant of the actor's lies at or below unit: the blueprint is one its people take.
static int
s_grant_within (sf_call_t *call, const char *unit)
{
    for (int g = 0; g < call->scope->count; g++) {
        int within = sf_org_within (call->db, call->scope->grants [g].grant.node_code, unit);
        if (within)
            return within;
    }
    return 0;
}

void
exam_get_blueprint (sf_call_t *call)
{
    const Training__GetExamBlueprint *request = SF_CALL_BODY (call, Training__GetExamBlueprint);
    Training__ExamBlueprint *b = NULL;
    int found = exam_store_blueprint (call->db, request->code, &b);
    //  Those who keep or read the blueprint's unit, and those who take it (a grant below it).
    int may = found == 1? sf_scope_covers (call->db, call->scope, NULL, SF_REACH_GRANT, b->unit_code): 0;
    if (may == 0 && found == 1)
        may = s_grant_within (call, b->unit_code);
    if (found < 0 || may < 0)
        sf_call_fail_db (call, "reading a blueprint");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_BLUEPRINT_UNKNOWN, request->code);
    else
    if (!may)
        sf_call_fail (call, SF_PERMISSION_DENIED, &SF_SCOPE_MSG_OBJECT_OUT_OF_SCOPE, call->request->type);
    else
        sf_call_reply (call, &b->base);
    sf_pb_destroy (&b);
}

void
exam_get_question_stats (sf_call_t *call)
{
    const Training__GetExamQuestionStats *request = SF_CALL_BODY (call, Training__GetExamQuestionStats);
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 2, &page))
        return;
    int64_t permille = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &permille)) {
        sf_page_close (&page);
        return;
    }
    char unit [64];
    int found = exam_store_blueprint_unit (call->db, request->blueprint_code, unit, sizeof unit);
    Training__ExamQuestionStats *stats = sf_pb_new (&training__exam_question_stats__descriptor);
    sf_pb_set (&stats->blueprint_code, request->blueprint_code);
    if (found < 0)
        sf_call_fail_db (call, "looking up a blueprint");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_BLUEPRINT_UNKNOWN, request->blueprint_code);
    else
    if (exam_store_stats (call->db, request->blueprint_code, (int) permille, page.after? page.after [1]: NULL,
                          page.size + 1, stats))
        sf_call_fail_db (call, "counting the answers of a blueprint");
    else {
        if (stats->n_questions > (size_t) page.size) {
            const Training__ExamQuestionStat *last = stats->questions [page.size - 1];
            char key [24];
            snprintf (key, sizeof key, "%d", last->wrong_permille);
            const char *keys [] = { key, last->question_code };
            stats->next_page_token = sf_page_token (call, keys, 2);
            while (stats->n_questions > (size_t) page.size)
                sf_pb_destroy (&stats->questions [--stats->n_questions]);
        }
        sf_call_reply (call, &stats->base);
    }
    sf_pb_destroy (&stats);
    sf_page_close (&page);
}

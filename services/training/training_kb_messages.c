/*  training_kb_messages: the texts, zh-CN first.                                          */
#include "training_kb_messages.h"

const sf_text_t TRAINING_KB_MSG_BAD_CATEGORY = {
    "知识库类别 %d 无效：应为 1 至 10（职业健康防护与保健……劳动保护用品管理）",
    "knowledge base category %d is not valid: 1 to 10 (occupational health ... protective equipment)"
};
const sf_text_t TRAINING_KB_MSG_TOO_LONG = {
    "%1$s过长：共 %4$d 个字符，最多 %3$d 个（一个汉字算一个字符）%2$.0s",
    "%1$.0s%2$s is too long: %4$d characters, at most %3$d"
};
const sf_text_t TRAINING_KB_MSG_TOO_MANY = {
    "%1$s过多：最多 %3$d 个%2$.0s",
    "%1$.0stoo many %2$s: at most %3$d"
};
const sf_text_t TRAINING_KB_MSG_BLANK_ITEM = {
    "%1$s中有空白项%2$.0s",
    "%1$.0s%2$s hold a blank item"
};
const sf_text_t TRAINING_KB_MSG_UNIT_UNKNOWN = {
    "单位“%s”不存在（如刚创建，请稍后重试）",
    "unit '%s' is not known (if it was just created, try again in a moment)"
};
const sf_text_t TRAINING_KB_MSG_UNIT_INACTIVE = {
    "单位“%s”已停用",
    "unit '%s' is deactivated"
};
const sf_text_t TRAINING_KB_MSG_NOT_A_POST = {
    "“%s”不是岗位：文章只能关联岗位",
    "'%s' is not a post: an article links posts only"
};
const sf_text_t TRAINING_KB_MSG_POST_OTHER_PLANT = {
    "岗位“%1$s”属于厂区“%2$s”，而文章由厂区“%3$s”的单位维护：只能关联本厂区的岗位",
    "post '%1$s' lies in plant '%2$s' but the article is kept in plant '%3$s': it links posts of its own plant only"
};
const sf_text_t TRAINING_KB_MSG_NOT_FOUND = {
    "知识库文章 %lld 不存在",
    "there is no knowledge base article %lld"
};
const sf_text_t TRAINING_KB_MSG_VERSION_NOT_FOUND = {
    "知识库文章 %lld 没有第 %d 版",
    "knowledge base article %lld has no version %d"
};
const sf_text_t TRAINING_KB_MSG_NO_ID = {
    "请给出文章编号（id）",
    "give the article's id"
};
const sf_text_t TRAINING_KB_MSG_STALE = {
    "文章 %1$lld 已被他人修改：您基于第 %2$d 版修改，当前为第 %3$d 版；请查看最新版本后再改，未作任何修改",
    "article %1$lld was edited meanwhile: your edit is based on version %2$d, it is at version %3$d now;"
    " read the latest version and edit again (nothing was changed)"
};
const sf_text_t TRAINING_KB_MSG_QUERY_EMPTY = {
    "请输入要搜索的内容（中文或英文）",
    "give something to search for (Chinese or English)"
};
const sf_text_t TRAINING_KB_MSG_QUERY_SHORT = {
    "搜索内容“%s”过短：中文请至少输入两个字",
    "the query '%s' is too short: give at least two Chinese characters"
};
const sf_text_t TRAINING_KB_MSG_BAD_LIMIT = {
    "返回条数 %d 无效：应为 0（默认 10）至 50",
    "limit %d is not valid: 0 (the default, 10) to 50"
};

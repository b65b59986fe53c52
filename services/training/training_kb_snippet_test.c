/*  The snippet of a search hit: matches of the query's terms marked in 【】 (bigrams merged
    into one run, English words only whole, ASCII and full-width letters folded), the
    passage with most matches cut with "…"; and the category names clients show.          */
#include "training_kb_snippet.h"
#include "training_kb_names.h"
#include "sf_testkit.h"

#include <string.h>

static void
s_expect (const char *text, const char *terms_line, size_t window, const char *expected)
{
    char *copy = strdup (terms_line);
    char *terms [16];
    size_t count = 0;
    for (char *term = strtok (copy, " "); term && count < 16; term = strtok (NULL, " "))
        terms [count++] = term;
    char *marked = training_kb_mark (text, terms, count, window);
    SF_CHECK_STR (marked, expected);
    free (marked);
    free (copy);
}

int
main (void)
{
    //  The bigrams of 动火作业 mark one run; a lone match of one bigram its two characters.
    s_expect ("动火作业前必须办理动火证", "动火 火作 作业", 0, "【动火作业】前必须办理【动火】证");
    //  English words whole and folded: PPE, ｐｐｅ (full-width); not inside another word.
    s_expect ("Wear PPE; ｐｐｅ check, appear", "ppe", 0, "Wear 【PPE】; 【ｐｐｅ】 check, appear");
    //  Nothing matched: the text as it is, cut to the window.
    s_expect ("一二三四五六七八九十", "甲乙", 4, "一二三四…");
    //  A long text: the window around the matches, "…" on both sides.
    s_expect ("甲甲甲甲甲甲甲甲甲甲受限空间作业乙乙乙乙乙乙乙乙乙乙", "受限 限空 空间", 8, "…甲甲【受限空间】作业…");
    //  Empty text, no terms.
    s_expect ("", "x", 10, "");
    char *none = training_kb_mark ("abc", NULL, 0, 0);
    SF_CHECK_STR (none, "abc");
    free (none);

    //  Every category has its code, Chinese and English names, and parses back from each.
    for (int c = TRAINING__ARTICLE_CATEGORY__ARTICLE_OCCUPATIONAL_HEALTH;
         c <= TRAINING__ARTICLE_CATEGORY__ARTICLE_PROTECTIVE_EQUIPMENT; c++) {
        SF_CHECK (strcmp (training_kb_category_code (c), "?") != 0);
        SF_CHECK ((int) training_kb_category_parse (training_kb_category_code (c)) == c);
        SF_CHECK ((int) training_kb_category_parse (training_kb_category_name_zh (c)) == c);
        SF_CHECK (strcmp (training_kb_category_name_en (c), "?") != 0);
    }
    SF_CHECK (training_kb_category_parse ("危险化学品安全管理") == TRAINING__ARTICLE_CATEGORY__ARTICLE_HAZARDOUS_CHEMICALS);
    SF_CHECK (training_kb_category_parse ("7") == TRAINING__ARTICLE_CATEGORY__ARTICLE_VIOLATION_CASES);
    SF_CHECK (training_kb_category_parse ("11") == 0 && training_kb_category_parse ("chemicals") == 0);
    SF_CHECK_STR (training_kb_category_code (11), "?");
    return 0;
}

/*  notify_mail_message_test: the subject's RFC 2047 encoding (the channels note's vector),
    long subjects split on character boundaries, Date, HTML escaping.                       */
#include "notify_mail.h"
#include "sf_testkit.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int
main (void)
{
    SF_CHECK (sodium_init () >= 0);
    char *subject = notify_mail_subject ("告警: 磁盘满");
    SF_CHECK_STR (subject, "=?UTF-8?B?5ZGK6K2mOiDno4Hnm5jmu6E=?=");
    free (subject);
    subject = notify_mail_subject ("Disk full");
    SF_CHECK_STR (subject, "Disk full");
    free (subject);

    //  30 CJK characters (90 bytes): two words of 15 characters (45 bytes), each at most 75
    //  characters long, separated by CRLF space.
    char long_subject [128] = "";
    for (int index = 0; index < 30; index++)
        strcat (long_subject, "警");
    subject = notify_mail_subject (long_subject);
    char *split = strstr (subject, "\r\n ");
    SF_CHECK (split != NULL);
    SF_CHECK (split - subject <= 75);
    SF_CHECK (strlen (split + 3) <= 75);
    SF_CHECK (strstr (split + 3, "\r\n ") == NULL);
    free (subject);
    //  44 ASCII-plus-one-CJK: the cut moves back to the character's first byte.
    char mixed [128];
    memset (mixed, 'a', 44);
    strcpy (mixed + 44, "警b");
    subject = notify_mail_subject (mixed);
    split = strstr (subject, "\r\n ");
    SF_CHECK (split != NULL);
    SF_CHECK_STR (split + 3, "=?UTF-8?B?6K2mYg==?=");   //  "警b"
    free (subject);

    char date [80];
    notify_mail_date (1614265330000, date);
    SF_CHECK_STR (date, "Thu, 25 Feb 2021 15:02:10 +0000");

    char *html = notify_mail_html_escape ("a<b>&\"c\"");
    SF_CHECK_STR (html, "a&lt;b&gt;&amp;&quot;c&quot;");
    free (html);
    printf ("notify_mail_message_test: ok\n");
    return 0;
}

/*  notify_sign_test: each channel's signature against a value computed outside this code:
    Standard Webhooks' published example (the specification's reference libraries test the
    same secret, message id, timestamp and payload), and for DingTalk and Feishu the values
    Python's hmac, hashlib and base64 give for their documented recipes.                    */
#include "notify_sign.h"
#include "sf_testkit.h"

#include <sodium.h>
#include <string.h>

int
main (void)
{
    SF_CHECK (sodium_init () >= 0);
    char signature [NOTIFY_SIGNATURE_SIZE];

    //  Standard Webhooks: the published example.
    const char body [] = "{\"test\": 2432232314}";
    SF_CHECK (notify_sign_webhook ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                   1614265330, body, strlen (body), signature) == 0);
    SF_CHECK_STR (signature, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    //  A secret not of the form whsec_<base64> is refused, not used.
    SF_CHECK (notify_sign_webhook ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, body, strlen (body), signature) < 0);
    SF_CHECK (notify_sign_webhook ("whsec_***", "m", 1, body, strlen (body), signature) < 0);

    //  DingTalk: HMAC-SHA256 keyed by the secret over "<timestamp ms>\n<secret>".
    notify_sign_dingtalk (1700000000000, "SEC0123456789abcdef", signature);
    SF_CHECK_STR (signature, "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");
    char encoded [3 * NOTIFY_SIGNATURE_SIZE];
    SF_CHECK (notify_url_encode (signature, encoded, sizeof encoded) > 0);
    SF_CHECK_STR (encoded, "TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
    SF_CHECK (notify_url_encode (signature, encoded, 10) < 0);

    //  Feishu: HMAC-SHA256 keyed by "<timestamp s>\n<secret>" over nothing.
    notify_sign_feishu (1700000000, "feishu-secret", signature);
    SF_CHECK_STR (signature, "OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=");

    printf ("notify_sign_test: ok\n");
    return 0;
}

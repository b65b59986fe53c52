/*  sf_pb: the wire NUL check finds a NUL at any depth and names its path, the decoded text
    check and the required check name the field at fault, messages built on the heap free
    whole.                                                                                   */
#include "sf_codec.h"
#include "sf_pb.h"
#include "sf_testkit.h"
#include "envelope.pb-c.h"

#include <string.h>

//  A request whose actor has the roles given, packed.
static uint8_t *
s_request (const char *user, const char *role_a, const char *role_b, size_t *size)
{
    Sf__Actor actor = SF__ACTOR__INIT;
    actor.user_id = (char *) user;
    char *roles [] = { (char *) role_a, (char *) role_b };
    actor.roles = roles;
    actor.n_roles = 2;
    Sf__Request request = SF__REQUEST__INIT;
    request.request_id = (char *) "r1";
    request.actor = &actor;
    return sf_codec_pack (&request.base, size);
}

static void
s_wire (void)
{
    sf_pb_fault_t fault;
    size_t size;
    uint8_t *data = s_request ("admin", "a", "b", &size);
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, data, size, &fault) == 0 && !fault.text);
    //  Put a NUL into the second role ("b" is the last byte of the actor, the last field).
    uint8_t *at = memchr (data, 'b', size);
    SF_CHECK (at);
    *at = 0;
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, data, size, &fault) == -1);
    SF_CHECK_STR (fault.path, "actor.roles[1]");
    char *zh, *en;
    sf_text_format (fault.text, &zh, &en, fault.path, fault.limit);
    SF_CHECK (strstr (zh, "NUL") && strstr (en, "actor.roles[1]"));
    free (zh);
    free (en);
    //  NUL in bytes is data, not a fault; truncated input passes (unpack refuses it).
    Sf__Request request = SF__REQUEST__INIT;
    uint8_t body [] = { 0, 1, 0 };
    request.body.data = body;
    request.body.len = sizeof body;
    free (data);
    data = sf_codec_pack (&request.base, &size);
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, data, size, &fault) == 0);
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, data, size - 1, &fault) == 0);
    free (data);

    //  A field numbered 0 (tag byte 0x00 or 0x02), at the top or inside the actor.
    uint8_t zero [] = { 0x0a, 0x01, 'r', 0x02, 0x01, 'x' };
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, zero, sizeof zero, &fault) == -1);
    SF_CHECK_STR (fault.path, "0");
    uint8_t long_tag [] = { 0x80, 0x00, 0x01 };          //  the tag 0 in two bytes, as protobuf-c misses it
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, long_tag, sizeof long_tag, &fault) == -1);
    uint8_t nested [] = { 0x0a, 0x01, 'r', 0x1a, 0x02, 0x00, 0x01 };   //  actor { field 0 = 1 }
    SF_CHECK (sf_pb_wire_check (&sf__request__descriptor, nested, sizeof nested, &fault) == -1);
    sf_text_format (fault.text, &zh, &en, fault.path, fault.limit);
    printf ("%s / %s\n", zh, en);
    SF_CHECK (strstr (en, "number 0"));
    free (zh);
    free (en);

    //  A repeated message's string: the index of the message is named.
    Sf__HealthInfo health = SF__HEALTH_INFO__INIT;
    Sf__GroupHealth first = SF__GROUP_HEALTH__INIT, second = SF__GROUP_HEALTH__INIT;
    first.stream = (char *) "s1";
    second.stream = (char *) "s2";
    second.group = (char *) "g\x7f";
    Sf__GroupHealth *groups [] = { &first, &second };
    health.groups = groups;
    health.n_groups = 2;
    health.daemon = (char *) "d";
    data = sf_codec_pack (&health.base, &size);
    SF_CHECK (sf_pb_wire_check (&sf__health_info__descriptor, data, size, &fault) == 0);
    at = memchr (data, 0x7f, size);
    SF_CHECK (at);
    *at = 0;
    SF_CHECK (sf_pb_wire_check (&sf__health_info__descriptor, data, size, &fault) == -1);
    SF_CHECK_STR (fault.path, "groups[1].group");
    SF_CHECK (!sf_pb_unpack_checked (&sf__health_info__descriptor, data, size, 100, NULL, &fault) && fault.text);
    free (data);
}

static void
s_text (void)
{
    sf_pb_fault_t fault;
    Sf__Actor actor = SF__ACTOR__INIT;
    char *roles [] = { (char *) "ok", (char *) "bad\x01" };
    actor.user_id = (char *) "中文";
    actor.roles = roles;
    actor.n_roles = 2;
    Sf__Request request = SF__REQUEST__INIT;
    request.actor = &actor;
    SF_CHECK (sf_pb_check_text (&request.base, 100, &fault) == -1);
    SF_CHECK_STR (fault.path, "actor.roles[1]");
    roles [1] = (char *) "\xe4\xb8";                    //  a cut UTF-8 sequence
    SF_CHECK (sf_pb_check_text (&request.base, 100, &fault) == -1);
    SF_CHECK_STR (fault.path, "actor.roles[1]");
    roles [1] = (char *) "fine";
    SF_CHECK (sf_pb_check_text (&request.base, 100, &fault) == 0);
    SF_CHECK (sf_pb_check_text (&request.base, 5, &fault) == -1);    //  "中文" is 6 bytes
    SF_CHECK_STR (fault.path, "actor.user_id");
    SF_CHECK (fault.limit == 5);
}

static void
s_required (void)
{
    sf_pb_fault_t fault;
    Sf__Request request = SF__REQUEST__INIT;
    SF_CHECK (sf_pb_check_required (&request.base, "actor", &fault) == -1);
    SF_CHECK_STR (fault.path, "actor");
    Sf__Actor actor = SF__ACTOR__INIT;
    request.actor = &actor;
    actor.user_id = (char *) " \xe3\x80\x80\xc2\xa0";   //  space, U+3000, U+00A0
    SF_CHECK (sf_pb_check_required (&request.base, "request_id", &fault) == -1);
    SF_CHECK_STR (fault.path, "request_id");
    request.request_id = (char *) "r";
    SF_CHECK (sf_pb_check_required (&request.base, "request_id,actor.user_id", &fault) == -1);
    SF_CHECK_STR (fault.path, "actor.user_id");
    //  Any Unicode white space, and invisible padding, is as blank.
    const char *blanks [] = { "\t \r\n", "\xe2\x80\x83", "\xe2\x80\x8b\xef\xbb\xbf", "\xe3\x80\x80\xe3\x80\x80" };
    for (size_t i = 0; i < sizeof blanks / sizeof blanks [0]; i++) {
        actor.user_id = (char *) blanks [i];
        SF_CHECK (sf_pb_check_required (&request.base, "request_id,actor.user_id", &fault) == -1);
        SF_CHECK_STR (fault.path, "actor.user_id");
    }
    actor.user_id = (char *) " x ";
    SF_CHECK (sf_pb_check_required (&request.base, "request_id,actor.user_id", &fault) == 0);
    SF_CHECK (sf_pb_check_required (&request.base, "", &fault) == 0);
}

static void
s_build (void)
{
    Sf__Actor *actor = sf_pb_new (&sf__actor__descriptor);
    sf_pb_set (&actor->user_id, "u1");
    sf_pb_set (&actor->user_id, "u2");
    for (int i = 0; i < 100; i++)
        sf_pb_add_string (&actor->roles, &actor->n_roles, i % 2? "worker": NULL);
    SF_CHECK (actor->n_roles == 100);
    SF_CHECK_STR (actor->roles [0], "");
    SF_CHECK_STR (actor->roles [99], "worker");
    Sf__HealthInfo *health = sf_pb_new (&sf__health_info__descriptor);
    SF_CHECK_STR (health->daemon, "");
    sf_pb_destroy (&health);
    SF_CHECK (health == NULL);
    size_t size;
    uint8_t *data = sf_codec_pack (&actor->base, &size);
    Sf__Actor *back = sf__actor__unpack (NULL, size, data);
    SF_CHECK (back && back->n_roles == 100 && strcmp (back->user_id, "u2") == 0);
    //  An unpacked list is sized exactly: adding to it must grow it.
    for (int i = 0; i < 20; i++)
        sf_pb_add_string (&back->roles, &back->n_roles, "extra");
    SF_CHECK (back->n_roles == 120 && strcmp (back->roles [119], "extra") == 0 && strcmp (back->roles [99], "worker") == 0);
    sf_pb_destroy (&back);
    sf_pb_destroy (&actor);
    sf_pb_destroy (&actor);                              //  twice is harmless
    free (data);
    SF_CHECK (sf_pb_field (&sf__actor__descriptor, "plant") && !sf_pb_field (&sf__actor__descriptor, "nope"));
}

//  sf_pb_text_at: a text field by its path, through a message field, to the end or a comma.
static void
s_text_at (void)
{
    Sf__Actor actor = SF__ACTOR__INIT;
    actor.plant = (char *) "P01";
    Sf__Request request = SF__REQUEST__INIT;
    request.trace_id = (char *) "t";
    bool absent = true;
    SF_CHECK (sf_pb_text_at (&request.base, "trace_id", &absent) == &request.trace_id && !absent);
    SF_CHECK (sf_pb_text_at (&request.base, "trace_id,actor.plant", &absent) == &request.trace_id);
    SF_CHECK (sf_pb_text_at (&request.base, "actor.plant", &absent) == NULL && absent);
    request.actor = &actor;
    SF_CHECK (sf_pb_text_at (&request.base, "actor.plant", &absent) == &actor.plant && !absent);
    SF_CHECK (sf_pb_text_at (&request.base, "actor.plant,trace_id", &absent) == &actor.plant);
}

int
main (void)
{
    s_text_at ();
    s_wire ();
    s_text ();
    s_required ();
    s_build ();
    printf ("sf_pb_test: OK\n");
    return 0;
}

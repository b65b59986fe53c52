/*  sf_pbjson: parsing. One pass over the text, led by the descriptor, with no tree in
    between: each member's value is read straight into its field. The message stays whole at
    every step (each pointer its default or allocated here, each count matching its array, a
    oneof's case set as soon as its member holds something to free), so that on a refusal
    protobuf_c_message_free_unpacked takes back whatever was built. Allocation is malloc,
    which is what that function frees with when given no allocator.                        */
#include "sf_pbjson.h"
#include "sf_pb.h"
#include "sf_utf8.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert (SF_PBJSON_MAX_DEPTH == 32, "s_msg_too_deep says 32");

static const sf_text_t s_msg_syntax = { "不是有效的 JSON", "not valid JSON" };
static const sf_text_t s_msg_too_large = { "JSON 文档过大", "the JSON document is too large" };
static const sf_text_t s_msg_too_deep = { "对象嵌套超过 32 层", "objects nested more than 32 deep" };
static const sf_text_t s_msg_trailing = {
    "JSON 文档结束后还有其他内容", "more text after the end of the JSON document"
};
static const sf_text_t s_msg_unknown_field = { "消息中没有这个字段", "the message has no such field" };
static const sf_text_t s_msg_duplicate = { "字段出现了两次", "the field is given twice" };
static const sf_text_t s_msg_oneof = {
    "同一 oneof 中已经给出了另一个字段", "another field of the same oneof is already given"
};
static const sf_text_t s_msg_expect_object = { "应为对象 {…}", "expected an object {…}" };
static const sf_text_t s_msg_expect_array = { "应为数组 […]", "expected an array […]" };
static const sf_text_t s_msg_expect_string = { "应为字符串", "expected a string" };
static const sf_text_t s_msg_expect_bool = { "应为 true 或 false", "expected true or false" };
static const sf_text_t s_msg_expect_integer = {
    "应为整数（数字或字符串）", "expected an integer (a number or a string)"
};
static const sf_text_t s_msg_expect_number = {
    "应为数字，或 \"NaN\"、\"Infinity\"、\"-Infinity\"",
    "expected a number, or \"NaN\", \"Infinity\", \"-Infinity\""
};
static const sf_text_t s_msg_expect_enum = {
    "应为枚举值的名称或数字", "expected the name or the number of an enum value"
};
static const sf_text_t s_msg_expect_bytes = { "应为 base64 字符串", "expected a base64 string" };
static const sf_text_t s_msg_not_integer = { "不是整数", "not an integer" };
static const sf_text_t s_msg_out_of_range = { "超出取值范围", "out of range" };
static const sf_text_t s_msg_bad_utf8 = { "不是有效的 UTF-8 文本", "not valid UTF-8 text" };
static const sf_text_t s_msg_surrogate = {
    "\\u 转义中有不成对的代理项", "a \\u escape holds an unpaired surrogate"
};
static const sf_text_t s_msg_nul = { "字符串中含有 NUL 字符（\\u0000）", "a NUL character (\\u0000) in a string" };
static const sf_text_t s_msg_bad_base64 = { "不是有效的 base64", "not valid base64" };
static const sf_text_t s_msg_unknown_enum = { "不是这个枚举的值", "not a value of this enum" };
static const sf_text_t s_msg_null_element = { "数组中不能有 null", "null is not allowed inside a list" };

//  How an error is put together for a person: not sf_text_t pairs, since each language
//  takes the reason in its own language.
#define S_AT_ZH "JSON 字段 %s：%s"
#define S_AT_EN "JSON field %s: %s"
#define S_DOCUMENT_ZH "JSON 文档：%s"
#define S_DOCUMENT_EN "JSON document: %s"

typedef struct {
    const char *text;               //  the document
    const char *at;                 //  the next byte to read
    const char *end;
    int depth;                      //  objects open
    char *path;                     //  the member being read, "items[2].note"
    size_t path_size;
    size_t path_capacity;
    sf_pbjson_error_t *error;
} s_parser_t;

//  The kinds of JSON value, told by a value's first bytes.
typedef enum { S_STRING, S_NUMBER, S_TRUE, S_FALSE, S_NULL, S_OBJECT, S_ARRAY, S_BAD } s_kind_t;

//  A JSON number's parts (RFC 8259 section 6), pointing into its text.
typedef struct {
    bool negative;
    const char *whole;              //  digits before the point
    size_t whole_size;
    const char *fraction;           //  digits after it
    size_t fraction_size;
    int64_t exponent;               //  held at +-2^40, far beyond any document's digits
} s_number_t;

//  Records the first refusal; always returns false so callers can return its result.
static bool
s_fail (s_parser_t *self, sf_pbjson_code_t code, const sf_text_t *reason, const char *at)
{
    sf_pbjson_error_t *error = self->error;
    if (error->code != SF_PBJSON_OK)
        return false;
    error->code = code;
    error->reason = reason;
    error->offset = (size_t) (at - self->text);
    size_t size = self->path_size;
    if (size >= sizeof error->path) {
        //  Cut on a character boundary and say so.
        static const char more [] = "…";
        size = sizeof error->path - sizeof more;
        while (size > 0 && ((unsigned char) self->path [size] & 0xC0) == 0x80)
            size--;
        memcpy (error->path, self->path, size);
        memcpy (error->path + size, more, sizeof more);
    }
    else {
        if (size > 0)
            memcpy (error->path, self->path, size);
        error->path [size] = 0;
    }
    return false;
}

static void
s_path_append (s_parser_t *self, const char *text, size_t size)
{
    if (self->path_size + size + 1 > self->path_capacity) {
        while (self->path_size + size + 1 > self->path_capacity)
            self->path_capacity = self->path_capacity? self->path_capacity * 2: 64;
        self->path = realloc (self->path, self->path_capacity);
        assert (self->path);
    }
    memcpy (self->path + self->path_size, text, size);
    self->path_size += size;
    self->path [self->path_size] = 0;
}

//  Each returns where the path stood before, for s_path_cut.
static size_t
s_path_push_key (s_parser_t *self, const char *key, size_t size)
{
    size_t mark = self->path_size;
    if (mark > 0)
        s_path_append (self, ".", 1);
    s_path_append (self, key, size);
    return mark;
}

static size_t
s_path_push_index (s_parser_t *self, size_t index)
{
    size_t mark = self->path_size;
    char text [32];
    int size = snprintf (text, sizeof text, "[%zu]", index);
    s_path_append (self, text, (size_t) size);
    return mark;
}

static void
s_path_cut (s_parser_t *self, size_t mark)
{
    self->path_size = mark;
    if (self->path)
        self->path [mark] = 0;
}

static int
s_peek (s_parser_t *self)
{
    return self->at < self->end? (unsigned char) *self->at: -1;
}

static void
s_skip_space (s_parser_t *self)
{
    while (self->at < self->end
       && (*self->at == ' ' || *self->at == '\t' || *self->at == '\n' || *self->at == '\r'))
        self->at++;
}

static bool
s_looking_at (s_parser_t *self, const char *literal)
{
    size_t size = strlen (literal);
    return (size_t) (self->end - self->at) >= size && memcmp (self->at, literal, size) == 0;
}

static s_kind_t
s_kind (s_parser_t *self)
{
    int c = s_peek (self);
    if (c == '"')
        return S_STRING;
    if (c == '-' || (c >= '0' && c <= '9'))
        return S_NUMBER;
    if (c == '{')
        return S_OBJECT;
    if (c == '[')
        return S_ARRAY;
    if (s_looking_at (self, "true"))
        return S_TRUE;
    if (s_looking_at (self, "false"))
        return S_FALSE;
    if (s_looking_at (self, "null"))
        return S_NULL;
    return S_BAD;
}

//  Reads a number's parts from text, which must be one JSON number and nothing else.
static bool
s_number_scan (const char *text, size_t size, s_number_t *number)
{
    const char *at = text, *end = text + size;
    memset (number, 0, sizeof *number);
    if (at < end && *at == '-') {
        number->negative = true;
        at++;
    }
    number->whole = at;
    if (at < end && *at == '0')
        at++;
    else
    if (at < end && *at >= '1' && *at <= '9')
        while (at < end && *at >= '0' && *at <= '9')
            at++;
    else
        return false;
    number->whole_size = (size_t) (at - number->whole);
    if (at < end && *at == '.') {
        number->fraction = ++at;
        while (at < end && *at >= '0' && *at <= '9')
            at++;
        number->fraction_size = (size_t) (at - number->fraction);
        if (number->fraction_size == 0)
            return false;
    }
    if (at < end && (*at == 'e' || *at == 'E')) {
        at++;
        bool negative = at < end && *at == '-';
        if (at < end && (*at == '-' || *at == '+'))
            at++;
        if (at == end || *at < '0' || *at > '9')
            return false;
        const int64_t cap = (int64_t) 1 << 40;
        while (at < end && *at >= '0' && *at <= '9') {
            if (number->exponent < cap)
                number->exponent = number->exponent * 10 + (*at - '0');
            at++;
        }
        if (negative)
            number->exponent = -number->exponent;
    }
    return at == end;
}

//  The number's digit at index, counting through the whole part into the fraction.
static int
s_number_digit (const s_number_t *number, size_t index)
{
    return index < number->whole_size
        ? number->whole [index] - '0'
        : number->fraction [index - number->whole_size] - '0';
}

//  The number's magnitude exactly, when it is an integer: 1e3, 2.0 and 120e-1 are.
static sf_pbjson_code_t
s_number_integer (const s_number_t *number, uint64_t *magnitude)
{
    size_t digits = number->whole_size + number->fraction_size;
    int64_t point = (int64_t) number->whole_size + number->exponent;
    size_t whole = point < 0? 0: (uint64_t) point > digits? digits: (size_t) point;
    for (size_t index = whole; index < digits; index++)
        if (s_number_digit (number, index) != 0)
            return SF_PBJSON_NOT_INTEGER;
    uint64_t value = 0;
    for (size_t index = 0; index < whole; index++) {
        int digit = s_number_digit (number, index);
        if (value > (UINT64_MAX - (uint64_t) digit) / 10)
            return SF_PBJSON_OUT_OF_RANGE;
        value = value * 10 + (uint64_t) digit;
    }
    for (int64_t zeros = point - (int64_t) digits; value && zeros > 0; zeros--) {
        if (value > UINT64_MAX / 10)
            return SF_PBJSON_OUT_OF_RANGE;
        value *= 10;
    }
    *magnitude = value;
    return SF_PBJSON_OK;
}

//  Where the number token at the reader starts and its size; the reader stays where it is.
static const char *
s_number_token (s_parser_t *self, size_t *size)
{
    const char *start = self->at;
    const char *at = start;
    while (at < self->end && *at && strchr ("+-.0123456789eE", *at))
        at++;
    *size = (size_t) (at - start);
    return start;
}

//  Reads the string at the reader (on its opening quote) into a new NUL-terminated buffer,
//  *size its length. Escapes are decoded, surrogate pairs joined; every other byte must
//  be valid UTF-8 as it stands. NULL when refused.
static char *
s_read_string (s_parser_t *self, size_t *size)
{
    const char *start = self->at + 1;
    const char *close = start;
    while (close < self->end && *close != '"') {
        if ((unsigned char) *close < 0x20) {
            s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, close);
            return NULL;
        }
        close += *close == '\\' && close + 1 < self->end? 2: 1;
    }
    if (close >= self->end) {
        s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, self->end);
        return NULL;
    }
    //  Decoded text is never longer than its JSON form.
    char *text = malloc ((size_t) (close - start) + 1);
    assert (text);
    char *out = text;
    const char *at = start;
    while (at < close) {
        const char *run = at;
        while (at < close && *at != '\\')
            at++;
        if (!sf_utf8_valid (run, (size_t) (at - run))) {
            free (text);
            s_fail (self, SF_PBJSON_BAD_UTF8, &s_msg_bad_utf8, run);
            return NULL;
        }
        memcpy (out, run, (size_t) (at - run));
        out += at - run;
        if (at == close)
            break;
        const char *escape = at++;
        char simple = 0;
        switch (*at) {
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case '/': simple = '/'; break;
            case 'b': simple = '\b'; break;
            case 'f': simple = '\f'; break;
            case 'n': simple = '\n'; break;
            case 'r': simple = '\r'; break;
            case 't': simple = '\t'; break;
            case 'u': break;
            default:
                free (text);
                s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, escape);
                return NULL;
        }
        at++;
        if (simple) {
            *out++ = simple;
            continue;
        }
        uint32_t code = 0;
        for (int pair = 0; pair < 2; pair++) {
            uint32_t unit = 0;
            for (int i = 0; i < 4; i++) {
                char c = at < close? *at++: 0;
                int digit = c >= '0' && c <= '9'? c - '0'
                          : c >= 'a' && c <= 'f'? c - 'a' + 10
                          : c >= 'A' && c <= 'F'? c - 'A' + 10: -1;
                if (digit < 0) {
                    free (text);
                    s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, escape);
                    return NULL;
                }
                unit = unit << 4 | (uint32_t) digit;
            }
            if (pair == 0 && unit >= 0xD800 && unit <= 0xDBFF
            &&  close - at >= 6 && at [0] == '\\' && at [1] == 'u') {
                code = unit;
                at += 2;            //  the low half follows
                continue;
            }
            if (pair == 1)
                code = unit >= 0xDC00 && unit <= 0xDFFF
                     ? 0x10000 + ((code - 0xD800) << 10) + (unit - 0xDC00)
                     : 0xD800;      //  a high half without its low half
            else
                code = unit;
            break;
        }
        if (code >= 0xD800 && code <= 0xDFFF) {
            free (text);
            s_fail (self, SF_PBJSON_BAD_UTF8, &s_msg_surrogate, escape);
            return NULL;
        }
        if (code == 0) {
            free (text);
            s_fail (self, SF_PBJSON_NUL, &s_msg_nul, escape);
            return NULL;
        }
        if (code < 0x80)
            *out++ = (char) code;
        else
        if (code < 0x800) {
            *out++ = (char) (0xC0 | code >> 6);
            *out++ = (char) (0x80 | (code & 0x3F));
        }
        else
        if (code < 0x10000) {
            *out++ = (char) (0xE0 | code >> 12);
            *out++ = (char) (0x80 | ((code >> 6) & 0x3F));
            *out++ = (char) (0x80 | (code & 0x3F));
        }
        else {
            *out++ = (char) (0xF0 | code >> 18);
            *out++ = (char) (0x80 | ((code >> 12) & 0x3F));
            *out++ = (char) (0x80 | ((code >> 6) & 0x3F));
            *out++ = (char) (0x80 | (code & 0x3F));
        }
    }
    *out = 0;
    *size = (size_t) (out - text);
    self->at = close + 1;
    return text;
}

static int
s_base64_digit (char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

//  Standard or URL-safe base64 (RFC 4648 sections 4 and 5), padded to a multiple of four
//  or not padded at all.
static bool
s_base64_decode (const char *text, size_t size, ProtobufCBinaryData *bytes)
{
    size_t padding = 0;
    while (padding < size && padding < 3 && text [size - 1 - padding] == '=')
        padding++;
    size_t digits = size - padding;
    if ((padding && (size % 4 || padding > 2)) || digits % 4 == 1)
        return false;
    size_t length = digits / 4 * 3 + (digits % 4? digits % 4 - 1: 0);
    uint8_t *data = length? malloc (length): NULL;
    assert (data || !length);
    size_t written = 0;
    uint32_t group = 0;
    for (size_t i = 0; i < digits; i++) {
        int digit = s_base64_digit (text [i]);
        if (digit < 0) {
            free (data);
            return false;
        }
        group = group << 6 | (uint32_t) digit;
        if (i % 4 == 3) {
            data [written++] = (uint8_t) (group >> 16);
            data [written++] = (uint8_t) (group >> 8);
            data [written++] = (uint8_t) group;
            group = 0;
        }
    }
    if (digits % 4 == 2)
        data [written++] = (uint8_t) (group >> 4);
    else
    if (digits % 4 == 3) {
        data [written++] = (uint8_t) (group >> 10);
        data [written++] = (uint8_t) (group >> 2);
    }
    assert (written == length);
    bytes->len = length;
    bytes->data = data;
    return true;
}

//  An integer of the field's type into slot, from a number or a string holding one.
static bool
s_parse_integer (s_parser_t *self, const ProtobufCFieldDescriptor *field, void *slot)
{
    const char *at = self->at;
    s_kind_t kind = s_kind (self);
    if (kind != S_NUMBER && kind != S_STRING)
        return s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_integer, at);
    size_t size;
    char *string = NULL;
    const char *text = kind == S_STRING? (string = s_read_string (self, &size)): s_number_token (self, &size);
    if (!text)
        return false;
    s_number_t number;
    bool scanned = s_number_scan (text, size, &number);
    uint64_t magnitude = 0;
    sf_pbjson_code_t code = scanned? s_number_integer (&number, &magnitude): SF_PBJSON_OK;
    free (string);
    if (!scanned)
        return kind == S_STRING
            ? s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_integer, at)
            : s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, at);
    if (code == SF_PBJSON_NOT_INTEGER)
        return s_fail (self, code, &s_msg_not_integer, at);
    bool is_signed = field->type == PROTOBUF_C_TYPE_INT32 || field->type == PROTOBUF_C_TYPE_SINT32
                  || field->type == PROTOBUF_C_TYPE_SFIXED32 || field->type == PROTOBUF_C_TYPE_INT64
                  || field->type == PROTOBUF_C_TYPE_SINT64 || field->type == PROTOBUF_C_TYPE_SFIXED64
                  || field->type == PROTOBUF_C_TYPE_ENUM;
    bool wide = field->type == PROTOBUF_C_TYPE_INT64 || field->type == PROTOBUF_C_TYPE_SINT64
             || field->type == PROTOBUF_C_TYPE_SFIXED64 || field->type == PROTOBUF_C_TYPE_UINT64
             || field->type == PROTOBUF_C_TYPE_FIXED64;
    uint64_t positive_max = is_signed? (wide? INT64_MAX: INT32_MAX): (wide? UINT64_MAX: UINT32_MAX);
    uint64_t negative_max = is_signed? positive_max + 1: 0;
    if (code == SF_PBJSON_OUT_OF_RANGE
    ||  magnitude > (number.negative? negative_max: positive_max))
        return s_fail (self, SF_PBJSON_OUT_OF_RANGE, &s_msg_out_of_range, at);
    self->at += kind == S_NUMBER? size: 0;
    //  Two's complement: the negation wraps to the value wanted.
    uint64_t bits = number.negative? 0 - magnitude: magnitude;
    if (wide)
        memcpy (slot, &bits, 8);
    else {
        uint32_t low = (uint32_t) bits;
        memcpy (slot, &low, 4);
    }
    return true;
}

//  A double or a float into slot: a number, or a string holding one or "NaN", "Infinity",
//  "-Infinity". A finite number too large for the type is refused, not made infinite.
static bool
s_parse_real (s_parser_t *self, const ProtobufCFieldDescriptor *field, void *slot)
{
    const char *at = self->at;
    s_kind_t kind = s_kind (self);
    if (kind != S_NUMBER && kind != S_STRING)
        return s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_number, at);
    size_t size;
    char *text;
    if (kind == S_STRING)
        text = s_read_string (self, &size);
    else {
        const char *token = s_number_token (self, &size);
        text = strndup (token, size);
        assert (text);
    }
    if (!text)
        return false;
    double value;
    s_number_t number;
    bool finite = s_number_scan (text, size, &number);
    if (finite)
        value = strtod (text, NULL);
    else
    if (kind == S_STRING && strcmp (text, "NaN") == 0)
        value = NAN;
    else
    if (kind == S_STRING && strcmp (text, "Infinity") == 0)
        value = INFINITY;
    else
    if (kind == S_STRING && strcmp (text, "-Infinity") == 0)
        value = -INFINITY;
    else {
        free (text);
        return kind == S_STRING
            ? s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_number, at)
            : s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, at);
    }
    free (text);
    //  Through a double to a float, as Google's runtimes go. Python's refuses anything above
    //  FLT_MAX, even the 3.4028235e+38 it prints for FLT_MAX itself: we take what rounds to
    //  a finite float.
    bool single = field->type == PROTOBUF_C_TYPE_FLOAT;
    float narrow = (float) value;
    if (finite && (isinf (value) || (single && isinf (narrow))))
        return s_fail (self, SF_PBJSON_OUT_OF_RANGE, &s_msg_out_of_range, at);
    self->at += kind == S_NUMBER? size: 0;
    if (single)
        memcpy (slot, &narrow, sizeof narrow);
    else
        memcpy (slot, &value, sizeof value);
    return true;
}

static bool
s_parse_enum (s_parser_t *self, const ProtobufCFieldDescriptor *field, void *slot)
{
    const char *at = self->at;
    s_kind_t kind = s_kind (self);
    if (kind == S_NUMBER)
        return s_parse_integer (self, field, slot);
    if (kind != S_STRING)
        return s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_enum, at);
    size_t size;
    char *name = s_read_string (self, &size);
    if (!name)
        return false;
    const ProtobufCEnumValue *value = protobuf_c_enum_descriptor_get_value_by_name (field->descriptor, name);
    free (name);
    if (!value)
        return s_fail (self, SF_PBJSON_UNKNOWN_ENUM, &s_msg_unknown_enum, at);
    *(int *) slot = value->value;
    return true;
}

//  The value of a field that is not a message into slot (its member, or an element of its
//  list); nothing is written when it is refused.
static bool
s_parse_scalar (s_parser_t *self, const ProtobufCFieldDescriptor *field, void *slot)
{
    const char *at = self->at;
    s_kind_t kind = s_kind (self);
    if (kind == S_BAD)
        return s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, at);
    switch (field->type) {
        case PROTOBUF_C_TYPE_FLOAT:
        case PROTOBUF_C_TYPE_DOUBLE:
            return s_parse_real (self, field, slot);
        case PROTOBUF_C_TYPE_ENUM:
            return s_parse_enum (self, field, slot);
        case PROTOBUF_C_TYPE_BOOL:
            if (kind != S_TRUE && kind != S_FALSE)
                return s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_bool, at);
            *(protobuf_c_boolean *) slot = kind == S_TRUE;
            self->at += kind == S_TRUE? 4: 5;
            return true;
        case PROTOBUF_C_TYPE_STRING: {
            if (kind != S_STRING)
                return s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_string, at);
            size_t size;
            char *text = s_read_string (self, &size);
            if (!text)
                return false;
            *(char **) slot = text;
            return true;
        }
        case PROTOBUF_C_TYPE_BYTES: {
            if (kind != S_STRING)
                return s_fail (self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_bytes, at);
            size_t size;
            char *text = s_read_string (self, &size);
            if (!text)
                return false;
            ProtobufCBinaryData bytes;
            bool valid = s_base64_decode (text, size, &bytes);
            free (text);
            if (!valid)
                return s_fail (self, SF_PBJSON_BAD_BASE64, &s_msg_bad_base64, at);
            *(ProtobufCBinaryData *) slot = bytes;
            return true;
        }
        case PROTOBUF_C_TYPE_MESSAGE:
            assert (false);         //  messages are read by s_parse_message
            return false;
        default:
            return s_parse_integer (self, field, slot);
    }
}

static bool s_parse_message (s_parser_t *self, ProtobufCMessage *message);

//  Room for one more element at the end of a list, doubling from four; its address.
static void *
s_list_slot (const ProtobufCFieldDescriptor *field, size_t count, void **array)
{
    size_t size;
    switch (field->type) {
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
        case PROTOBUF_C_TYPE_DOUBLE:
            size = 8;
            break;
        case PROTOBUF_C_TYPE_BOOL:
            size = sizeof (protobuf_c_boolean);
            break;
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_MESSAGE:
            size = sizeof (void *);
            break;
        case PROTOBUF_C_TYPE_BYTES:
            size = sizeof (ProtobufCBinaryData);
            break;
        default:
            size = 4;
    }
    if (count == 0 || (count >= 4 && (count & (count - 1)) == 0)) {
        *array = realloc (*array, (count? count * 2: 4) * size);
        assert (*array);
    }
    return (char *) *array + count * size;
}

static bool
s_parse_list (s_parser_t *self, ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    s_kind_t kind = s_kind (self);
    if (kind != S_ARRAY)
        return s_fail (self, kind == S_BAD? SF_PBJSON_SYNTAX: SF_PBJSON_WRONG_TYPE,
                       kind == S_BAD? &s_msg_syntax: &s_msg_expect_array, self->at);
    size_t *count = (size_t *) ((char *) message + field->quantifier_offset);
    void **array = (void **) ((char *) message + field->offset);
    self->at++;
    s_skip_space (self);
    if (s_peek (self) == ']') {
        self->at++;
        return true;
    }
    for (size_t index = 0; ; index++) {
        s_skip_space (self);
        size_t mark = s_path_push_index (self, index);
        kind = s_kind (self);
        if (kind == S_NULL)
            return s_fail (self, SF_PBJSON_NULL_ELEMENT, &s_msg_null_element, self->at);
        void *slot = s_list_slot (field, *count, array);
        if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (kind != S_OBJECT)
                return s_fail (self, kind == S_BAD? SF_PBJSON_SYNTAX: SF_PBJSON_WRONG_TYPE,
                               kind == S_BAD? &s_msg_syntax: &s_msg_expect_object, self->at);
            ProtobufCMessage *inner = sf_pb_new (field->descriptor);
            *(ProtobufCMessage **) slot = inner;
            (*count)++;
            if (!s_parse_message (self, inner))
                return false;
        }
        else {
            if (!s_parse_scalar (self, field, slot))
                return false;
            (*count)++;
        }
        s_path_cut (self, mark);
        s_skip_space (self);
        int c = s_peek (self);
        self->at += c == ',' || c == ']';
        if (c == ']')
            return true;
        if (c != ',')
            return s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, self->at);
    }
}

//  The value of one member, the reader on it; given says whether the field was seen before.
static bool
s_parse_member (s_parser_t *self, ProtobufCMessage *message, const ProtobufCFieldDescriptor *field,
                bool *given, const char *key_at)
{
    if (*given)
        return s_fail (self, SF_PBJSON_DUPLICATE_FIELD, &s_msg_duplicate, key_at);
    *given = true;
    if (s_kind (self) == S_NULL) {
        self->at += 4;
        return true;                //  the field stays at its default
    }
    if (field->label == PROTOBUF_C_LABEL_REPEATED)
        return s_parse_list (self, message, field);

    void *member = (char *) message + field->offset;
    uint32_t *oneof_case = NULL;
    if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
        oneof_case = (uint32_t *) ((char *) message + field->quantifier_offset);
        if (*oneof_case != 0)
            return s_fail (self, SF_PBJSON_DUPLICATE_FIELD, &s_msg_oneof, key_at);
    }
    if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
        s_kind_t kind = s_kind (self);
        if (kind != S_OBJECT)
            return s_fail (self, kind == S_BAD? SF_PBJSON_SYNTAX: SF_PBJSON_WRONG_TYPE,
                           kind == S_BAD? &s_msg_syntax: &s_msg_expect_object, self->at);
        ProtobufCMessage *inner = sf_pb_new (field->descriptor);
        *(ProtobufCMessage **) member = inner;
        if (oneof_case)
            *oneof_case = field->id;
        return s_parse_message (self, inner);
    }
    if (!s_parse_scalar (self, field, member))
        return false;
    if (oneof_case)
        *oneof_case = field->id;
    else
    if (field->label == PROTOBUF_C_LABEL_OPTIONAL && field->type != PROTOBUF_C_TYPE_STRING)
        *(protobuf_c_boolean *) ((char *) message + field->quantifier_offset) = 1;
    return true;
}

//  The field a member's key names: its JSON name first, as Google's parsers look, then its
//  .proto name. -1 when none.
static int
s_field_index (const ProtobufCMessageDescriptor *descriptor, const char *key)
{
    char name [256];
    for (unsigned i = 0; i < descriptor->n_fields; i++)
        if (sf_pbjson_field_name (&descriptor->fields [i], name, sizeof name) < sizeof name
        &&  strcmp (name, key) == 0)
            return (int) i;
    for (unsigned i = 0; i < descriptor->n_fields; i++)
        if (strcmp (descriptor->fields [i].name, key) == 0)
            return (int) i;
    return -1;
}

static bool
s_parse_members (s_parser_t *self, ProtobufCMessage *message, bool *given)
{
    const ProtobufCMessageDescriptor *descriptor = message->descriptor;
    s_skip_space (self);
    if (s_peek (self) == '}') {
        self->at++;
        return true;
    }
    while (true) {
        s_skip_space (self);
        const char *key_at = self->at;
        if (s_peek (self) != '"')
            return s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, self->at);
        size_t size;
        char *key = s_read_string (self, &size);
        if (!key)
            return false;
        size_t mark = s_path_push_key (self, key, size);
        int index = s_field_index (descriptor, key);
        free (key);
        s_skip_space (self);
        if (s_peek (self) != ':')
            return s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, self->at);
        self->at++;
        s_skip_space (self);
        if (index < 0)
            return s_fail (self, SF_PBJSON_UNKNOWN_FIELD, &s_msg_unknown_field, key_at);
        if (!s_parse_member (self, message, &descriptor->fields [index], &given [index], key_at))
            return false;
        s_path_cut (self, mark);
        s_skip_space (self);
        int c = s_peek (self);
        self->at += c == ',' || c == '}';
        if (c == '}')
            return true;
        if (c != ',')
            return s_fail (self, SF_PBJSON_SYNTAX, &s_msg_syntax, self->at);
    }
}

//  An object into message, the reader on its '{'.
static bool
s_parse_message (s_parser_t *self, ProtobufCMessage *message)
{
    if (self->depth == SF_PBJSON_MAX_DEPTH)
        return s_fail (self, SF_PBJSON_TOO_DEEP, &s_msg_too_deep, self->at);
    self->depth++;
    self->at++;
    bool *given = calloc (message->descriptor->n_fields + 1, sizeof (bool));
    assert (given);
    bool parsed = s_parse_members (self, message, given);
    free (given);
    self->depth--;
    return parsed;
}

ProtobufCMessage *
sf_pbjson_decode_max (const ProtobufCMessageDescriptor *descriptor, const char *text, size_t size,
                      size_t max_size, sf_pbjson_error_t *error)
{
    assert (descriptor && descriptor->magic == PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC);
    assert (text || size == 0);
    sf_pbjson_error_t scratch;
    if (!error)
        error = &scratch;
    memset (error, 0, sizeof *error);
    s_parser_t self = { .text = text, .at = text, .end = text + size, .error = error };
    if (size > max_size) {
        s_fail (&self, SF_PBJSON_TOO_LARGE, &s_msg_too_large, text + max_size);
        return NULL;
    }
    s_skip_space (&self);
    s_kind_t kind = s_kind (&self);
    if (kind != S_OBJECT) {
        if (kind == S_BAD)
            s_fail (&self, SF_PBJSON_SYNTAX, &s_msg_syntax, self.at);
        else
            s_fail (&self, SF_PBJSON_WRONG_TYPE, &s_msg_expect_object, self.at);
        return NULL;
    }
    ProtobufCMessage *message = sf_pb_new (descriptor);
    bool parsed = s_parse_message (&self, message);
    if (parsed) {
        s_skip_space (&self);
        if (self.at < self.end)
            parsed = s_fail (&self, SF_PBJSON_TRAILING, &s_msg_trailing, self.at);
    }
    free (self.path);
    if (!parsed) {
        protobuf_c_message_free_unpacked (message, NULL);
        return NULL;
    }
    return message;
}

ProtobufCMessage *
sf_pbjson_decode (const ProtobufCMessageDescriptor *descriptor, const char *text, size_t size,
                  sf_pbjson_error_t *error)
{
    return sf_pbjson_decode_max (descriptor, text, size, SF_PBJSON_MAX_SIZE, error);
}

void
sf_pbjson_error_format (const sf_pbjson_error_t *error, char **zh, char **en)
{
    assert (error->code != SF_PBJSON_OK && error->reason);
    int zh_size, en_size;
    if (*error->path) {
        zh_size = asprintf (zh, S_AT_ZH, error->path, error->reason->zh);
        en_size = asprintf (en, S_AT_EN, error->path, error->reason->en);
    }
    else {
        zh_size = asprintf (zh, S_DOCUMENT_ZH, error->reason->zh);
        en_size = asprintf (en, S_DOCUMENT_EN, error->reason->en);
    }
    assert (zh_size >= 0 && en_size >= 0);
}

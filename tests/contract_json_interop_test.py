#!/usr/bin/python3
"""contract_json_interop_test: common/sf_pbjson.c held to Google's own protobuf runtime
(Debian's python3-protobuf), not to itself.

The schema is what protoc-c --descriptor_set_out makes of proto/*.proto and of this test's
own contract_json_types*.proto (the scalar types, oneofs and proto2 presence the contract
lacks). For every message type, random instances (strings with Chinese, emoji, controls and
quotes; integers at their extremes; doubles and floats incl. NaN, infinities, -0.0,
subnormals; enums incl. numbers the enum does not know; repeated fields of 0..3; nested
messages; bytes) go through contract_json_tool, which runs sf_pbjson, and each must hold:

  (a) our JSON of Google's binary is Google's MessageToJson, compared as JSON values
      (numbers as floats);
  (b) our binary of Google's JSON (printed with random options: proto names or JSON names,
      enums as numbers, ASCII escapes, indentation; then 64-bit integers as numbers, 32-bit
      ones as strings, bytes as URL-safe base64 without padding, a null here and there)
      parses in Google's runtime to the original message;
  (c) binary -> our JSON -> our binary parses in Google's runtime to the original.

Then documents Google refuses (unknown fields, wrong JSON types for every field, bad enum
names, out-of-range and fractional integers, null in a list, duplicate keys, lone
surrogates, trailing text) must be refused by us too, naming the field Google names; and
documents Google takes leniently in ways we take too must give the same message.

One known difference lies outside the JSON mapping: protobuf-c's packer leaves out a proto3
double or float that equals 0, so -0.0 there does not survive protobuf-c's binary (Google
keeps it). Checks (b) and (c) compare against the original with such a -0.0 made +0.0;
check (a) still sees -0.0 printed as Google prints it.

Usage: contract_json_interop_test.py --tool PATH --protoc-c PATH (DIR|FILE.proto)...
"""
import argparse
import base64
import json
import math
import os
import random
import struct
import subprocess
import sys
import tempfile
import time

from google.protobuf import descriptor_pb2, json_format, message_factory
from google.protobuf.descriptor import FieldDescriptor as F

PER_TYPE = 200          # random instances of every message type
MAX_NESTING = 3         # messages inside messages in a random instance
SEED = int(os.environ.get("SF_JSON_INTEROP_SEED", "20240611"))
CHARACTERS = []         # drawn once per run by character_pool

INT_BITS = {
    F.TYPE_INT32: (32, True), F.TYPE_SINT32: (32, True), F.TYPE_SFIXED32: (32, True),
    F.TYPE_INT64: (64, True), F.TYPE_SINT64: (64, True), F.TYPE_SFIXED64: (64, True),
    F.TYPE_UINT32: (32, False), F.TYPE_FIXED32: (32, False),
    F.TYPE_UINT64: (64, False), F.TYPE_FIXED64: (64, False),
}
WIDE = {F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64, F.TYPE_UINT64, F.TYPE_FIXED64}

# sf_pbjson_code_t, as the tool prints them.
CODES = ["OK", "SYNTAX", "TOO_LARGE", "TOO_DEEP", "TRAILING", "UNKNOWN_FIELD", "DUPLICATE_FIELD",
         "WRONG_TYPE", "NOT_INTEGER", "OUT_OF_RANGE", "BAD_UTF8", "NUL", "BAD_BASE64",
         "UNKNOWN_ENUM", "NULL_ELEMENT"]


class Failures:
    def __init__(self):
        self.count = 0

    def add(self, what, detail):
        self.count += 1
        if self.count <= 20:
            detail = detail if len(detail) <= 600 else detail[:600] + "..."
            print(f"FAIL {what}: {detail}", file=sys.stderr)


# ---- the schema ----------------------------------------------------------------------------

def load_schema(protoc_c, paths):
    includes, files = [], []
    for path in paths:
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if n.endswith(".proto"))
            folder = path
        else:
            folder, name = os.path.split(path)
            names = [name]
        if folder not in includes:
            includes.append(folder)
        files += [os.path.join(folder, n) for n in names]
    with tempfile.TemporaryDirectory() as temp:
        out = os.path.join(temp, "schema.pb")
        subprocess.run([protoc_c, "--descriptor_set_out=" + out] + ["-I" + i for i in includes] + files,
                       check=True)
        with open(out, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    classes = message_factory.GetMessages(fds.file)
    return {name: cls for name, cls in classes.items() if not cls.DESCRIPTOR.GetOptions().map_entry}


def is_proto3(descriptor):
    return descriptor.file.syntax == "proto3"


# ---- random values -------------------------------------------------------------------------

def character_pool(rng):
    """Characters to draw strings from: ASCII, CJK, emoji and the rest of the astral planes,
    JSON's special characters and controls (NUL aside: protobuf-c strings end at one), other
    BMP characters; weighted by repetition."""
    plain = list("abcxyzABCXYZ0123456789 _-.:/@")
    nasty = list("\"\\'/\b\f\n\r\t\x01\x1f\x7f<>&\u2028\u2029\ufeff\ufffd\uffff")
    cjk = [chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(200)]
    astral = [chr(rng.choice([rng.randint(0x1F300, 0x1FAFF), rng.randint(0x10000, 0x10FFFF)]))
              for _ in range(60)]
    bmp = [chr(c) for c in (rng.randint(0x80, 0xFFFF) for _ in range(400)) if not 0xD800 <= c <= 0xDFFF]
    return plain * 10 + nasty * 5 + cjk + astral + bmp


def random_string(rng, pool):
    return "".join(rng.choices(pool, k=rng.choice([0, 1, 2, 5, 12, 40])))


def random_int(rng, bits, signed):
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    pick = rng.random()
    if pick < 0.3:
        return rng.choice([low, high, 0, 1, low + 1, high - 1] + ([-1] if signed else []))
    magnitude = rng.randint(0, 1 << rng.randint(1, bits - (1 if signed else 0))) - 1
    value = -magnitude if signed and rng.random() < 0.5 else magnitude
    return max(low, min(high, value))


def canonical_nan(value):
    return float("nan") if math.isnan(value) else value


def random_double(rng):
    pick = rng.random()
    if pick < 0.4:
        return rng.choice([0.0, -0.0, float("nan"), float("inf"), float("-inf"), 1.0, -1.0, 0.1,
                           1.7976931348623157e308, -2.2250738585072014e-308, 5e-324, 1e-320,
                           9007199254740993.0, 123456789.125, 1e21, 1e-7])
    if pick < 0.7:
        return rng.uniform(-1e6, 1e6)
    return canonical_nan(struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0])


def random_float(rng):
    pick = rng.random()
    if pick < 0.4:
        value = rng.choice([0.0, -0.0, float("nan"), float("inf"), float("-inf"), 0.1, 3.4028234663852886e38,
                            1.17549435e-38, 1e-45, 16777217.0, -2.5])
    elif pick < 0.7:
        value = rng.uniform(-1e4, 1e4)
    else:
        value = struct.unpack("<f", rng.getrandbits(32).to_bytes(4, "little"))[0]
    return canonical_nan(struct.unpack("<f", struct.pack("<f", value))[0])


def random_enum(rng, field):
    known = [v.number for v in field.enum_type.values]
    if is_proto3(field.containing_type) and rng.random() < 0.25:
        return rng.choice([-(1 << 31), (1 << 31) - 1, -1, 7777, rng.randint(-1000, 1000)])
    return rng.choice(known)


def random_scalar(rng, field):
    if field.type in INT_BITS:
        return random_int(rng, *INT_BITS[field.type])
    if field.type == F.TYPE_DOUBLE:
        return random_double(rng)
    if field.type == F.TYPE_FLOAT:
        return random_float(rng)
    if field.type == F.TYPE_BOOL:
        return rng.random() < 0.5
    if field.type == F.TYPE_STRING:
        return random_string(rng, CHARACTERS)
    if field.type == F.TYPE_BYTES:
        return bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 2, 3, 4, 17])))
    if field.type == F.TYPE_ENUM:
        return random_enum(rng, field)
    raise AssertionError(field.type)


def fill(rng, message, depth):
    descriptor = message.DESCRIPTOR
    chosen = {}
    for oneof in descriptor.oneofs:
        chosen[oneof.name] = rng.choice(list(oneof.fields) + [None])
    for field in descriptor.fields:
        oneof = field.containing_oneof
        if oneof is not None and chosen[oneof.name] is not field:
            continue
        is_message = field.type == F.TYPE_MESSAGE
        # Fewer messages the deeper it goes, so a message that holds itself stays small.
        if oneof is None and rng.random() < (0.3 + 0.25 * depth if is_message else 0.3):
            continue
        if is_message and depth >= MAX_NESTING:
            continue
        if field.label == F.LABEL_REPEATED:
            count = rng.randint(0, 3 - depth if is_message else 3)
            if is_message:
                for _ in range(count):
                    fill(rng, getattr(message, field.name).add(), depth + 1)
            else:
                getattr(message, field.name).extend(random_scalar(rng, field) for _ in range(count))
        elif is_message:
            inner = getattr(message, field.name)
            inner.SetInParent()
            fill(rng, inner, depth + 1)
        else:
            setattr(message, field.name, random_scalar(rng, field))


# ---- comparing -----------------------------------------------------------------------------

def as_values(value):
    """JSON values with every number a float, so 3 and 3.0 compare equal."""
    if isinstance(value, dict):
        return {k: as_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_values(v) for v in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return float(value)


def without_negative_zero(message):
    """A copy with every single proto3 double or float that is -0.0 made +0.0 (unset):
    protobuf-c's packer leaves such a field out, which is no matter of JSON."""
    copy = type(message)()
    copy.CopyFrom(message)
    stack = [copy]
    while stack:
        m = stack.pop()
        for field, value in m.ListFields():
            if field.type == F.TYPE_MESSAGE:
                stack.extend(value if field.label == F.LABEL_REPEATED else [value])
            elif (field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT) and field.label != F.LABEL_REPEATED
                  and field.containing_oneof is None and is_proto3(field.containing_type)
                  and value == 0 and math.copysign(1, value) < 0):
                m.ClearField(field.name)
    return copy


def same_message(a, b):
    return a.SerializeToString(deterministic=True) == b.SerializeToString(deterministic=True)


# ---- Google's JSON, printed and then loosened the ways both parsers take -------------------

def loosen(rng, value, descriptor):
    """Google's JSON value of a message with some values respelt as the mapping allows."""
    if not isinstance(value, dict):
        return value
    fields = {}
    for f in descriptor.fields:
        fields[f.json_name] = f
        fields[f.name] = f
    out = {}
    for key, item in value.items():
        field = fields[key]
        items = item if field.label == F.LABEL_REPEATED else [item]
        changed = [loosen_value(rng, v, field) for v in items]
        out[key] = changed if field.label == F.LABEL_REPEATED else changed[0]
    if rng.random() < 0.05:
        # A field at its default given as null.
        for f in descriptor.fields:
            if f.json_name not in out and f.name not in out and f.containing_oneof is None:
                out[f.json_name] = None
                break
    return out


def loosen_value(rng, value, field):
    if field.type == F.TYPE_MESSAGE:
        return loosen(rng, value, field.message_type)
    if field.type in WIDE and isinstance(value, str) and rng.random() < 0.5:
        return int(value)
    if field.type in INT_BITS and field.type not in WIDE and rng.random() < 0.3:
        return str(value)
    if field.type == F.TYPE_BYTES and rng.random() < 0.5:
        return base64.urlsafe_b64encode(base64.b64decode(value)).decode().rstrip("=")
    if field.type == F.TYPE_DOUBLE and isinstance(value, float) and rng.random() < 0.2:
        return repr(value)                                            # a number as a string
    return value


def google_json(rng, message, default_text):
    """Google's JSON of message: as printed with default options (default_text, compact),
    or with random ones, and then perhaps loosened."""
    if rng.random() < 0.4:
        text = default_text
    else:
        text = json_format.MessageToJson(
            message,
            preserving_proto_field_name=rng.random() < 0.3,
            use_integers_for_enums=rng.random() < 0.3,
            ensure_ascii=rng.random() < 0.5,
            indent=rng.choice([None, None, 0, 2]))
    if rng.random() < 0.5:
        return text
    loose = loosen(rng, json.loads(text), message.DESCRIPTOR)
    return json.dumps(loose, ensure_ascii=rng.random() < 0.5, allow_nan=False)


# ---- the tool ------------------------------------------------------------------------------

def run_tool(tool, cases):
    """cases: (type name, direction, payload bytes); answers in the same order."""
    lines = "".join(f"{name} {direction} {payload.hex()}\n" for name, direction, payload in cases)
    done = subprocess.run([tool], input=lines.encode(), stdout=subprocess.PIPE, check=True)
    answers = done.stdout.decode().split("\n")[:-1]
    assert len(answers) == len(cases), (len(answers), len(cases))
    parsed = []
    for answer in answers:
        parts = answer.split(" ")
        if parts[0] == "ok":
            parsed.append(("ok", bytes.fromhex(parts[1]) if len(parts) > 1 else b""))
        elif parts[0] == "refused":
            parsed.append(("refused", CODES[int(parts[1])],
                           bytes.fromhex(parts[2]).decode() if len(parts) > 2 else ""))
        else:
            parsed.append((parts[0],))
    return parsed


# ---- random round trips --------------------------------------------------------------------

def random_cases(rng, classes):
    samples, cases = [], []
    for name in sorted(classes):
        cls = classes[name]
        for i in range(PER_TYPE):
            message = cls()
            if i > 0:                               # the first of each type is empty
                fill(rng, message, 0)
            binary = message.SerializeToString()
            google = json_format.MessageToJson(message, indent=None)
            samples.append((name, message, google))
            cases.append((name, "b2j", binary))
            cases.append((name, "j2b", google_json(rng, message, google).encode()))
            cases.append((name, "rt", binary))
    return samples, cases


def check_random(classes, samples, answers, failures):
    for index, (name, message, google) in enumerate(samples):
        to_json, from_json, round_trip = answers[3 * index: 3 * index + 3]
        expected = without_negative_zero(message)
        if to_json[0] != "ok":
            failures.add(f"(a) {name}", f"tool answered {to_json}")
        else:
            ours = json.loads(to_json[1].decode())
            if as_values(ours) != as_values(json.loads(google)):
                failures.add(f"(a) {name}", f"ours {to_json[1].decode()} google {google}")
        for what, answer in (("(b)", from_json), ("(c)", round_trip)):
            if answer[0] != "ok":
                failures.add(f"{what} {name}", f"tool answered {answer} for {google}")
                continue
            back = classes[name].FromString(answer[1])
            if not same_message(back, expected):
                failures.add(f"{what} {name}", f"got {json_format.MessageToJson(back, indent=None)} want {google}")


# ---- refusals and leniency -----------------------------------------------------------------

def wrong_values(field):
    """JSON values of the wrong type for a field, or malformed for its type."""
    if field.label == F.LABEL_REPEATED:
        return ["x", 5, {}, True]
    if field.type == F.TYPE_MESSAGE:
        return ["x", 5, [], True]
    if field.type == F.TYPE_STRING:
        return [5, True, {}, [], 1.5]
    if field.type == F.TYPE_BYTES:
        return [5, True, {}, []]
    if field.type == F.TYPE_BOOL:
        return ["true", 1, {}, [], "x"]
    if field.type == F.TYPE_ENUM:
        return [True, {}, [], "NO_SUCH_VALUE_X", 1.5, 1 << 40]
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return [True, {}, [], "abc", "nan", "1e400"]
    bits, signed = INT_BITS[field.type]
    high = (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1
    low = -(1 << (bits - 1)) if signed else 0
    return [True, {}, [], "abc", 1.5, "1.5", high + 1, str(low - 1), "1 ", " 1"]


def a_valid_value(field):
    if field.label == F.LABEL_REPEATED:
        return []
    return {F.TYPE_MESSAGE: {}, F.TYPE_STRING: "s", F.TYPE_BYTES: "AA==", F.TYPE_BOOL: True,
            F.TYPE_DOUBLE: 1.5, F.TYPE_FLOAT: 1.5}.get(
        field.type, field.enum_type.values[0].name if field.type == F.TYPE_ENUM else 1)


def targeted_documents(classes):
    """(type, document text, the path Google's error names or None)."""
    documents = []
    for name in sorted(classes):
        descriptor = classes[name].DESCRIPTOR
        documents.append((name, '{"noSuchField": 1}', "noSuchField"))
        documents.append((name, '{} x', ""))
        documents.append((name, '[]', ""))
        documents.append((name, '{"a":1,"a":1}', None))
        for field in descriptor.fields:
            key = field.json_name
            for value in wrong_values(field):
                documents.append((name, json.dumps({key: value}), key))
            valid = json.dumps(a_valid_value(field))
            documents.append((name, '{"%s": %s, "%s": %s}' % (key, valid, key, valid), key))
            if field.label == F.LABEL_REPEATED:
                documents.append((name, json.dumps({key: [None]}), key + "[0]"))
            if field.type == F.TYPE_STRING:
                documents.append((name, '{"%s": "a\\ud800b"}' % key, key))
                documents.append((name, '{"%s": "\\udc00"}' % key, key))
            if field.type == F.TYPE_MESSAGE and field.label != F.LABEL_REPEATED:
                inner = field.message_type
                documents.append((name, json.dumps({key: {"noSuchInner": 1}}), key + ".noSuchInner"))
                for inner_field in list(inner.fields)[:3]:
                    for value in wrong_values(inner_field)[:2]:
                        documents.append((name, json.dumps({key: {inner_field.json_name: value}}),
                                          key + "." + inner_field.json_name))
            if field.type == F.TYPE_MESSAGE and field.label == F.LABEL_REPEATED:
                documents.append((name, json.dumps({key: [{}, {"noSuchInner": 1}]}), key + "[1].noSuchInner"))
        for oneof in descriptor.oneofs:
            a, b = oneof.fields[0], oneof.fields[1]
            documents.append((name, '{"%s": %s, "%s": %s}' % (a.json_name, json.dumps(a_valid_value(a)),
                                                             b.json_name, json.dumps(a_valid_value(b))),
                              b.json_name))
    return documents


def lenient_documents(classes):
    """Documents both parsers take though Google never prints them so: they must agree."""
    documents = []
    for name in sorted(classes):
        for field in classes[name].DESCRIPTOR.fields:
            key, proto = field.json_name, field.name
            if field.label == F.LABEL_REPEATED:
                documents.append((name, '{"%s": []}' % proto))
                continue
            documents.append((name, '{"%s": null}' % key))
            if field.type in INT_BITS:
                documents += [(name, '{"%s": "%s"}' % (proto, v)) for v in ("7", "-0", "0")]
                documents += [(name, '{"%s": %s}' % (key, v)) for v in ("1e1", "2.0", "120e-1", "-0")]
            elif field.type == F.TYPE_ENUM:
                documents.append((name, '{"%s": %d}' % (key, field.enum_type.values[-1].number)))
            elif field.type == F.TYPE_BYTES:
                documents += [(name, '{"%s": "%s"}' % (key, v)) for v in ("-_8", "+/8=", "AQID", "")]
            elif field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
                documents += [(name, '{"%s": %s}' % (key, v))
                              for v in ('"NaN"', '"-Infinity"', '"2.5"', "1e-400", "-0.0", "12")]
            elif field.type == F.TYPE_STRING:
                documents.append((name, '{"%s": "\\ud83d\\ude00\\u00e9\\/\\"\\u4e2d"}' % key))
    return documents


def google_parse(cls, text):
    try:
        return json_format.Parse(text, cls())
    except Exception:                   # not only ParseError: a bool for a message is a TypeError
        return None


def check_targeted(tool, classes, failures):
    refused = [(n, t, p) for n, t, p in targeted_documents(classes) if google_parse(classes[n], t) is None]
    answers = run_tool(tool, [(n, "j2b", t.encode()) for n, t, _ in refused])
    for (name, text, path), answer in zip(refused, answers):
        if answer[0] != "refused":
            failures.add("refusal", f"{name} {text}: Google refuses, we answered {answer}")
        elif path is not None and answer[2] != path:
            failures.add("refusal path", f"{name} {text}: we name '{answer[2]}', want '{path}' ({answer[1]})")

    lenient = [(n, t) for n, t in lenient_documents(classes)]
    expected = [google_parse(classes[n], t) for n, t in lenient]
    answers = run_tool(tool, [(n, "j2b", t.encode()) for n, t in lenient])
    agreed = 0
    for (name, text), want, answer in zip(lenient, expected, answers):
        if want is None:
            failures.add("lenient", f"{name} {text}: Google refuses it (the test is wrong)")
        elif answer[0] != "ok":
            failures.add("lenient", f"{name} {text}: Google takes it, we answered {answer}")
        elif not same_message(classes[name].FromString(answer[1]), without_negative_zero(want)):
            failures.add("lenient", f"{name} {text}: a different message")
        else:
            agreed += 1
    return len(refused), agreed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--protoc-c", required=True)
    parser.add_argument("protos", nargs="+")
    args = parser.parse_args()

    started = time.monotonic()
    classes = load_schema(args.protoc_c, args.protos)
    rng = random.Random(SEED)
    global CHARACTERS
    CHARACTERS = character_pool(rng)
    failures = Failures()

    samples, cases = random_cases(rng, classes)
    answers = run_tool(args.tool, cases)
    check_random(classes, samples, answers, failures)
    refusals, lenient = check_targeted(args.tool, classes, failures)

    print(f"contract_json_interop: {len(classes)} message types, {len(samples)} random messages "
          f"({PER_TYPE} each, seed {SEED}) through (a) (b) (c); {refusals} documents Google refuses, "
          f"{lenient} lenient ones both take; {failures.count} failures; "
          f"{time.monotonic() - started:.1f} s")
    return 1 if failures.count else 0


if __name__ == "__main__":
    sys.exit(main())

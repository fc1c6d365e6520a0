#!/usr/bin/env python3
"""Expected parses of CSV files by Python's own `csv` module, for the differential test of Outpost's CSV reader
(Tests/CRMTests/CSVReaderDifferentialTests.swift). Run once when the cases change; the test needs no Python:

    python3 scripts/csv-reference.py > fixtures/csv-reference.json

Python's reader (default dialect: comma, double quote, doubled quotes, lines ended by LF, CRLF or a lone CR) is
the reference. Files are parsed as bytes: decoded as Latin-1 (one character per byte), so a file that is not
UTF-8 parses the same way and each field's bytes come back exactly; the delimiters are ASCII, so on valid UTF-8
this is the same parse as a UTF-8 decode (checked below). A UTF-8 byte-order mark at the very start is dropped,
as `utf-8-sig` does.

Each case gives the records, each with the line it starts on (Python's `line_num` before the record, plus 1) and
its fields, and the line of the file's first byte that is not UTF-8 (null when it is all UTF-8). Small inputs
(the generated edge cases, the bad fixtures) list their records; large fixture files give the record count and a
64-bit FNV-1a hash of the records in this form: per record, `LINE:` then per field `LENGTH:BYTES;`, then `\\n`.
"""

import csv
import io
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BOM = b"\xef\xbb\xbf"
LISTED_UP_TO = 8192  # files up to this size list their records


def parse(data):
    """[(start line, [field bytes])] as Python's csv module reads `data`."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    text = data.decode("latin-1")
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    before = 0
    for record in reader:
        records.append((before + 1, [field.encode("latin-1") for field in record]))
        before = reader.line_num
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        same = [[f.encode("utf-8") for f in r] for r in csv.reader(io.StringIO(utf8, newline=""))]
        assert same == [r for _, r in records], "a Latin-1 parse differs from the UTF-8 parse"
    return records


def first_invalid_line(data):
    """The line (ended by LF, CRLF or a lone CR) of the first byte that is not UTF-8, or None."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        return 1 + before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")


def field_json(field):
    try:
        return field.decode("utf-8")
    except UnicodeDecodeError:
        return {"hex": field.hex()}


def fnv1a(records):
    value = 0xCBF29CE484222325
    for line, fields in records:
        chunk = str(line).encode() + b":" + b"".join(str(len(f)).encode() + b":" + f + b";" for f in fields) + b"\n"
        for byte in chunk:
            value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


def case(name, data, listed):
    records = parse(data)
    entry = {"name": name, "recordCount": len(records), "hash": fnv1a(records),
             "firstInvalidLine": first_invalid_line(data)}
    if listed:
        entry["inputHex"] = data.hex() if not name.startswith("fixtures/") else None
        entry["records"] = [{"line": line, "fields": [field_json(f) for f in fields]} for line, fields in records]
    return entry


HANDWRITTEN = [
    ("empty file", b""),
    ("one field, no line break", b"a"),
    ("trailing line break", b"a,b\n"),
    ("no trailing line break", b"a,b\nc,d"),
    ("CRLF", b"a,b\r\nc,d\r\n"),
    ("lone CR", b"a,b\rc,d\r"),
    ("mixed line ends", b"a\r\nb\rc\nd"),
    ("blank lines", b"a\n\n\r\n\rb\n"),
    ("empty fields", b",\n,,\na,,b\n,a\n"),
    ("quoted fields", b'"a","b,c","d\ne"\n'),
    ("doubled quotes", b'"say ""hi""",""""\n""\n'),
    ("embedded CRLF and CR", b'x,"1\r\n2\r3\n4",y\nz\n'),
    ("BOM", BOM + b"id,name\n1,a\n"),
    ("BOM before a quote", BOM + b'"id",name\n'),
    ("BOM only", BOM),
    ("BOM not at start", b"a\n" + BOM + b"b\n"),
    ("stray quote in unquoted field", b'ab"c,d\n'),
    ("text after closing quote", b'"ab"c,d\n"x" y,z\n'),
    ("quote after closing quote text", b'"a"b"c",d\n'),
    ("unclosed quote to end of file", b'a,"bc\nd,e\n'),
    ("unclosed quote, no text", b'a,"'),
    ("quote then line break", b'"a"\r\n"b"\r"c"\n'),
    ("spaces kept", b' a , "b" ,c \n'),
    ("invalid UTF-8 byte", b"a,b\nc,\xff\n"),
    ("invalid UTF-8 in quoted field over lines", b'a\n"x\r\ny\xc3",z\n'),
    ("truncated UTF-8 before comma", b"ok\n\xe4\xb8,b\n"),
    ("overlong and surrogate", b"\xc0\xaf\n\xed\xa0\x80\n"),
    ("Chinese text", "客户,\"上海市,浦东\"\n".encode()),
    ("NEL and line separator are not line breaks", "a\u0085b,c\u2028d\n".encode()),
    ("NUL byte", b"a\x00b,c\n"),
    ("only a line break", b"\n"),
    ("only CR LF", b"\r\n"),
    ("quoted empty then text", b'"",x\n'),
    ("comma at end", b"a,\n"),
]


def generated(count, seed=4180):
    """Random sequences of the tokens that matter to a CSV reader (seeded, so the file is reproducible)."""
    tokens = [b"a", b"bc", b",", b'"', b'""', b"\r", b"\n", b"\r\n", b" ", "é".encode(), b"\xff", BOM, b"\x00"]
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        data = b"".join(rng.choice(tokens) for _ in range(rng.randint(0, 24)))
        if rng.random() < 0.2:
            data = BOM + data
        cases.append(("generated %03d" % index, data))
    return cases


def main():
    cases = [case(name, data, True) for name, data in HANDWRITTEN + generated(300)]
    for directory, _, files in sorted(os.walk(os.path.join(ROOT, "fixtures"))):
        for file in sorted(files):
            if not file.endswith(".csv"):
                continue
            path = os.path.join(directory, file)
            with open(path, "rb") as handle:
                data = handle.read()
            name = os.path.relpath(path, ROOT)
            entry = case(name, data, len(data) <= LISTED_UP_TO)
            entry.pop("inputHex", None)
            cases.append(entry)
    # One case a line, so a change to the cases shows as a readable diff.
    sys.stdout.write('{"python": %s, "cases": [\n' % json.dumps(sys.version.split()[0]))
    sys.stdout.write(",\n".join(json.dumps(entry, ensure_ascii=False) for entry in cases))
    sys.stdout.write("\n]}\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the long-form and JSON twins of the CloudFormation rule fixtures.

Every fixture `testdata/rules/RULE/cloudformation/{fail,pass}/CASE/template.yaml` (CASE not ending
in `-longform` or `-json`) is written in short-form YAML (`!Ref X`, `!Sub "..."`, `!If [..]`).
CloudFormation accepts the same template in two other shapes, and the scanner must find the same
gaps in all three, so this script derives:

  CASE-longform/template.yaml  every short-form tag rewritten to its long form, in flow style and
                               on the same line (`!Ref X` -> `{Ref: X}`, `!GetAtt A.B` ->
                               `{"Fn::GetAtt": [A, B]}`, `!Sub "s"` -> `{"Fn::Sub": "s"}`, ...), so
                               every line number and `# expect:` marker stays where it was;
  CASE-json/template.json      the whole template as JSON (`json.dumps(indent=2)`, long-form
                               intrinsics), and
  CASE-json/EXPECT             `template.json:LINE RULE-ID` for each `# expect: RULE-ID` marker of
                               the YAML (written for cases that have markers).

Where an expected finding lands in the JSON twin: a marker names the first node that starts on
its YAML line, in document order, and EXPECT gives the JSON line where that node starts:
  - a mapping key (`Notebook:`, `DirectInternetAccess: Enabled`, `ManagedPolicyArns:`,
    `PolicyDocument: |`) -> the line of that key in the JSON (`"Notebook": {`, ...);
  - a list item (`- Effect: Allow`, `- Sid: Models`, `- {Effect: Allow, ...}`, `- !Ref X`) -> the
    line where the item starts in the JSON: for a statement, the `{` line of its object, which is
    where the scanner says a statement (a mapping) begins.
A list item wins over the key that shares its line (`- Sid: Models` is the statement, not `Sid`),
and a key wins over the flow collection after it (`ManagedPolicyArns: [a, b]` is the key).

The YAML subset read here is what the fixtures use: block mappings and sequences indented with
spaces, one `- ` per line, plain, single- and double-quoted scalars, `|` and `>` block scalars,
flow collections and short-form tags that stay on one line, and comments. Anything else (anchors,
aliases, multi-line flow collections, a tag whose operand is on the next line, plain scalars that
YAML 1.1 would read as booleans or dates) is an error with the file and line, so fixtures stay
unambiguous for every YAML parser.

Usage:
  scripts/cfn-twins.py          write missing or stale twins, remove orphaned ones
  scripts/cfn-twins.py --check  exit 1 if a twin is missing, stale or orphaned (for CI)

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "testdata" / "rules"
SOURCE = "template.yaml"
TWIN_SUFFIXES = ("-longform", "-json")
# Files of a source case copied unchanged into both twins (settings a case may need).
COPIED = ("aiposture.toml",)

# Short-form tag -> long-form key.
TAGS = {
    "Ref": "Ref",
    "Condition": "Condition",
    "GetAtt": "Fn::GetAtt",
    "Sub": "Fn::Sub",
    "If": "Fn::If",
    "Equals": "Fn::Equals",
    "Not": "Fn::Not",
    "And": "Fn::And",
    "Or": "Fn::Or",
    "Join": "Fn::Join",
    "Select": "Fn::Select",
    "Split": "Fn::Split",
    "FindInMap": "Fn::FindInMap",
    "ImportValue": "Fn::ImportValue",
    "GetAZs": "Fn::GetAZs",
    "Base64": "Fn::Base64",
    "Cidr": "Fn::Cidr",
    "Length": "Fn::Length",
    "ToJsonString": "Fn::ToJsonString",
}

MARKER = re.compile(r"\bexpect: (AIP-[A-Z][A-Z0-9]*-\d+)")
# Plain scalars YAML 1.1 parsers read as something else than YAML 1.2 ones: quote them.
AMBIGUOUS = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"  # timestamps
    r"|[-+]?0[0-9_]+"  # YAML 1.1 octal
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # sexagesimal
    r"|[-+]?0b[01_]+|[-+]?0x[0-9A-Fa-f_]+|0o[0-7]+"  # binary, hex, YAML 1.2 octal
    r"|[-+]?[0-9][0-9_]*_[0-9_]*"  # digits with underscores
    r"|=|<<)$"
)
INT = re.compile(r"^[-+]?[0-9]+$")
FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
FLOW_INDICATORS = ",[]{}"
# A plain operand that may stand unquoted inside a flow collection in every YAML parser.
SAFE_PLAIN = re.compile(r"^[A-Za-z0-9_./-]+$")


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


# ---------------------------------------------------------------------------------------------
# Scalars


def plain_value(text: str, line: int):
    """The value of a plain scalar (YAML 1.2 core schema), refusing YAML 1.1 ambiguities."""
    if AMBIGUOUS.match(text):
        raise YamlError(line, f"plain scalar {text!r} means different things in YAML 1.1 and 1.2; quote it")
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if INT.match(text):
        return int(text)
    if FLOAT.match(text):
        return float(text)
    if text.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        raise YamlError(line, f"plain scalar {text!r}: quote it")
    return text


ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
}


def scan_double(s: str, i: int, line: int) -> tuple[str, int]:
    """A double-quoted scalar starting at s[i] == '"': (value, index after the closing quote)."""
    out = []
    j = i + 1
    while j < len(s):
        c = s[j]
        if c == '"':
            return "".join(out), j + 1
        if c == "\\":
            if j + 1 >= len(s):
                break
            e = s[j + 1]
            if e in ESCAPES:
                out.append(ESCAPES[e])
                j += 2
                continue
            width = {"x": 2, "u": 4, "U": 8}.get(e)
            if width and re.fullmatch(r"[0-9A-Fa-f]{%d}" % width, s[j + 2 : j + 2 + width]):
                out.append(chr(int(s[j + 2 : j + 2 + width], 16)))
                j += 2 + width
                continue
            raise YamlError(line, f"unknown escape \\{e}")
        out.append(c)
        j += 1
    raise YamlError(line, "unterminated double-quoted string (quoted strings must stay on one line)")


def scan_single(s: str, i: int, line: int) -> tuple[str, int]:
    out = []
    j = i + 1
    while j < len(s):
        if s[j] == "'":
            if j + 1 < len(s) and s[j + 1] == "'":
                out.append("'")
                j += 2
                continue
            return "".join(out), j + 1
        out.append(s[j])
        j += 1
    raise YamlError(line, "unterminated single-quoted string (quoted strings must stay on one line)")


def quote(text: str) -> str:
    """A double-quoted YAML scalar for text (JSON escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Nodes on one line: tags, flow collections, scalars. Each parse returns the value (with tags
# turned into long-form intrinsics), the index after the node, and the node's text with every
# tag rewritten to long form (all other characters kept as they are).


@dataclass
class Node:
    value: object
    end: int
    text: str
    tagged: bool = False  # the node is or contains a short-form tag
    plain: bool = False  # the node is a plain scalar (text is its source)


def skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t":
        i += 1
    return i


def parse_node(s: str, i: int, flow: bool, line: int) -> Node:
    """A node at s[i]. `flow` says whether it is inside a flow collection."""
    if i >= len(s):
        raise YamlError(line, "a value is missing")
    c = s[i]
    if c == "!":
        return parse_tag(s, i, flow, line)
    if c == "[":
        return parse_flow_seq(s, i, line)
    if c == "{":
        return parse_flow_map(s, i, line)
    if c == '"':
        value, end = scan_double(s, i, line)
        return Node(value, end, s[i:end])
    if c == "'":
        value, end = scan_single(s, i, line)
        return Node(value, end, s[i:end])
    if c in "&*":
        raise YamlError(line, "anchors and aliases are not supported")
    if c in "|>":
        raise YamlError(line, "a block scalar cannot stand here")
    if c in "%@`" or (c in "?" and s[i + 1 : i + 2] in ("", " ")):
        raise YamlError(line, f"unsupported indicator {c!r}")
    if c == "#":
        raise YamlError(line, "a value is missing before the comment")
    if flow and c in FLOW_INDICATORS:
        raise YamlError(line, f"unexpected {c!r}")
    return parse_plain(s, i, flow, line)


def parse_plain(s: str, i: int, flow: bool, line: int) -> Node:
    j = i
    while j < len(s):
        c = s[j]
        if c == "#" and j > i and s[j - 1] in " \t":
            break
        if c == ":":
            nxt = s[j + 1 : j + 2]
            if nxt in ("", " ", "\t") or (flow and nxt in FLOW_INDICATORS):
                if not flow:
                    raise YamlError(line, "': ' inside a plain value; quote the value")
                break
        if flow and c in FLOW_INDICATORS:
            break
        j += 1
    text = s[i:j].rstrip(" \t")
    end = i + len(text)
    return Node(plain_value(text, line), end, text, plain=True)


def parse_flow_seq(s: str, i: int, line: int) -> Node:
    items = []
    out = ["["]
    tagged = False
    j = i + 1
    start = j
    j = skip_spaces(s, j)
    if j < len(s) and s[j] == "]":
        return Node([], j + 1, s[i : j + 1])
    while True:
        out.append(s[start:j])
        node = parse_node(s, j, True, line)
        items.append(node.value)
        out.append(node.text)
        tagged |= node.tagged
        j = skip_spaces(s, node.end)
        if j < len(s) and s[j] == ":":
            raise YamlError(line, "single-pair mappings inside a flow sequence are not supported")
        if j >= len(s):
            raise YamlError(line, "unterminated flow sequence (flow collections must stay on one line)")
        if s[j] == "]":
            out.append(s[node.end : j + 1])
            return Node(items, j + 1, "".join(out), tagged)
        if s[j] != ",":
            raise YamlError(line, f"expected ',' or ']' in flow sequence, found {s[j]!r}")
        start = node.end
        j = skip_spaces(s, j + 1)
        if j >= len(s):
            raise YamlError(line, "unterminated flow sequence (flow collections must stay on one line)")
        if s[j] == "]":  # trailing comma
            out.append(s[start : j + 1])
            return Node(items, j + 1, "".join(out), tagged)


def parse_flow_map(s: str, i: int, line: int) -> Node:
    entries: dict = {}
    out = ["{"]
    tagged = False
    j = i + 1
    start = j
    j = skip_spaces(s, j)
    if j < len(s) and s[j] == "}":
        return Node({}, j + 1, s[i : j + 1])
    while True:
        out.append(s[start:j])
        if j < len(s) and s[j] == "!":
            raise YamlError(line, "a tag cannot stand on a mapping key")
        key = parse_node(s, j, True, line)
        if not isinstance(key.value, str) or key.tagged:
            raise YamlError(line, "flow mapping keys must be strings")
        if key.value in entries:
            raise YamlError(line, f"duplicate key {key.value!r}")
        out.append(key.text)
        j = skip_spaces(s, key.end)
        if j >= len(s) or s[j] != ":":
            raise YamlError(line, "expected ':' after a flow mapping key")
        out.append(s[key.end : j + 1])
        start = j + 1
        j = skip_spaces(s, j + 1)
        out.append(s[start:j])
        value = parse_node(s, j, True, line)
        entries[key.value] = value.value
        out.append(value.text)
        tagged |= value.tagged
        j = skip_spaces(s, value.end)
        if j >= len(s):
            raise YamlError(line, "unterminated flow mapping (flow collections must stay on one line)")
        if s[j] == "}":
            out.append(s[value.end : j + 1])
            return Node(entries, j + 1, "".join(out), tagged)
        if s[j] != ",":
            raise YamlError(line, f"expected ',' or '}}' in flow mapping, found {s[j]!r}")
        start = value.end
        j = skip_spaces(s, j + 1)
        if j >= len(s):
            raise YamlError(line, "unterminated flow mapping (flow collections must stay on one line)")
        if s[j] == "}":
            out.append(s[start : j + 1])
            return Node(entries, j + 1, "".join(out), tagged)


def parse_tag(s: str, i: int, flow: bool, line: int) -> Node:
    m = re.compile(r"!([A-Za-z]+)").match(s, i)
    if not m or m.group(1) not in TAGS:
        raise YamlError(line, f"unknown tag at {s[i:i + 20]!r}")
    name = m.group(1)
    j = m.end()
    if j >= len(s) or s[j] not in " \t":
        raise YamlError(line, f"!{name} needs its operand on the same line, after a space")
    j = skip_spaces(s, j)
    if j >= len(s) or s[j] == "#" or s[j] in "|>":
        raise YamlError(line, f"!{name} needs its operand on the same line")
    if s[j] == "!":
        raise YamlError(line, f"!{name} cannot tag another tag")
    operand = parse_node(s, j, flow, line)
    key = TAGS[name]
    value = operand.value
    if name == "GetAtt" and isinstance(value, str):
        logical_id, dot, attribute = value.partition(".")
        if not dot or not logical_id or not attribute:
            raise YamlError(line, f"!GetAtt {value!r} is not LogicalId.Attribute")
        value = [logical_id, attribute]
        inner = f"[{flow_scalar(logical_id)}, {flow_scalar(attribute)}]"
    elif operand.plain and isinstance(operand.value, str):
        inner = flow_scalar(operand.value)
    else:
        inner = operand.text
    long_key = key if key in ("Ref", "Condition") else quote(key)
    return Node({key: value}, operand.end, "{" + long_key + ": " + inner + "}", tagged=True)


def flow_scalar(text: str) -> str:
    """A string scalar written so that it reads back as the same string inside a flow collection."""
    if SAFE_PLAIN.match(text):
        try:
            if plain_value(text, 0) == text:
                return text
        except YamlError:
            pass
    return quote(text)


# ---------------------------------------------------------------------------------------------
# Block structure.


@dataclass
class Line:
    number: int  # 1-based
    text: str
    dash: int | None = None  # column of "- "
    key_col: int | None = None
    key: str | None = None
    value_start: int | None = None  # index of the inline value in text
    value: Node | None = None
    block: str | None = None  # block scalar header ("|", "|-", ">", ...)
    comment: int | None = None  # index of '#'

    @property
    def col(self) -> int:
        return self.dash if self.dash is not None else self.key_col if self.key_col is not None else self.value_start

    def rewritten(self) -> str:
        if self.value is None or not self.value.tagged:
            return self.text
        start = self.value_start
        return self.text[:start] + self.value.text + self.text[self.value.end :]


def parse_line(number: int, text: str) -> Line:
    if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
        raise YamlError(number, "indent with spaces, not tabs")
    ln = Line(number, text)
    i = skip_spaces(text, 0)
    if text.startswith("- ", i) or text[i:].rstrip() == "-":
        ln.dash = i
        i = skip_spaces(text, i + 1)
        if text.startswith("- ", i) or text[i:].rstrip() == "-":
            raise YamlError(number, "one '- ' per line")
    if i >= len(text) or text[i] == "#":
        ln.comment = i if i < len(text) else None
        return ln
    # A key?
    key_end = None
    if text[i] in "\"'":
        key, end = (scan_double if text[i] == '"' else scan_single)(text, i, number)
        k = skip_spaces(text, end)
        if k < len(text) and text[k] == ":" and (k + 1 == len(text) or text[k + 1] in " \t"):
            ln.key, key_end = key, k + 1
    elif text[i] not in "[{!|>&*":
        j = i
        while j < len(text):
            if text[j] == "#" and text[j - 1] in " \t":
                break
            if text[j] == ":" and (j + 1 == len(text) or text[j + 1] in " \t"):
                key = text[i:j].rstrip()
                ln.key, key_end = key, j + 1
                if plain_value(key, number) != key:
                    raise YamlError(number, f"key {key!r} is not a plain string; quote it")
                break
            j += 1
    if ln.key is not None:
        ln.key_col = i
        i = skip_spaces(text, key_end)
        if i >= len(text) or text[i] == "#":
            ln.comment = i if i < len(text) else None
            return ln
    ln.value_start = i
    m = re.compile(r"([|>])([-+]?)(?=[ \t]|$)").match(text, i)
    if m:
        ln.block = m.group(0)
        end = m.end()
    else:
        ln.value = parse_node(text, i, False, number)
        end = ln.value.end
    k = skip_spaces(text, end)
    if k < len(text):
        if text[k] != "#" or k == end:
            raise YamlError(number, f"unexpected text after the value: {text[k:]!r}")
        ln.comment = k
    return ln


@dataclass
class Document:
    value: object
    # (yaml line, path) for every mapping key and list item, in document order.
    starts: list = field(default_factory=list)
    # yaml line -> rule ids marked there
    markers: dict = field(default_factory=dict)
    longform: str = ""


class Parser:
    def __init__(self, text: str):
        if "\r" in text:
            raise YamlError(1, "use LF line endings")
        self.raw = text.split("\n")
        if self.raw and self.raw[-1] == "":
            self.raw.pop()
        self.out = list(self.raw)  # long-form lines
        self.pos = 0
        self.cache: dict[int, Line] = {}
        self.starts: list = []
        self.markers: dict[int, list[str]] = {}
        self.comment_lines: set[int] = set()

    def peek(self) -> Line | None:
        """The next line with content, skipping blank and comment-only lines."""
        while self.pos < len(self.raw):
            text = self.raw[self.pos]
            number = self.pos + 1
            if number not in self.cache:
                if text.strip() == "":
                    self.pos += 1
                    continue
                ln = parse_line(number, text)
                self.cache[number] = ln
                if ln.comment is not None:
                    self.comment_lines.add(number)
                    for rule in MARKER.findall(text[ln.comment :]):
                        self.markers.setdefault(number, []).append(rule)
                self.out[self.pos] = ln.rewritten()
            ln = self.cache[number]
            if ln.dash is None and ln.key is None and ln.value_start is None:
                self.pos += 1  # comment-only
                continue
            return ln
        return None

    def parse(self) -> object:
        first = self.peek()
        if first is None:
            raise YamlError(1, "empty document")
        if first.col != 0 or first.key is None or first.dash is not None:
            raise YamlError(first.number, "the template must be a block mapping at column 0")
        value = self.mapping(0, ())
        rest = self.peek()
        if rest is not None:
            raise YamlError(rest.number, "unexpected indentation")
        return value

    def node_at(self, col: int, path: tuple) -> object:
        ln = self.peek()
        if ln.dash == col:
            return self.sequence(col, path)
        if ln.dash is None and ln.key_col == col:
            return self.mapping(col, path)
        if ln.dash is None and ln.key is None and ln.value_start == col:
            self.pos += 1
            return self.inline(ln, col - 1)
        raise YamlError(ln.number, "unexpected indentation")

    def inline(self, ln: Line, parent_col: int) -> object:
        """The value written on a line (after `key:` or `- `), the line already consumed."""
        if ln.block:
            return self.block_scalar(ln, parent_col)
        return ln.value.value

    def nested(self, owner: Line, col: int, path: tuple, allow_same_col_seq: bool) -> object:
        """The value of `key:` or `-` with nothing after it: a block node on the next lines."""
        nxt = self.peek()
        if nxt is None:
            return None
        if nxt.col > col:
            return self.node_at(nxt.col, path)
        if allow_same_col_seq and nxt.dash == col:
            return self.sequence(col, path)
        return None

    def mapping(self, col: int, path: tuple) -> dict:
        out: dict = {}
        first = True
        while True:
            ln = self.peek()
            if ln is None or ln.key_col != col or ln.key is None:
                break
            if ln.dash is not None and not first:
                break  # the next item of the enclosing sequence
            first = False
            if ln.key in out:
                raise YamlError(ln.number, f"duplicate key {ln.key!r}")
            sub = path + (ln.key,)
            self.starts.append((ln.number, sub))
            self.pos += 1
            if ln.value_start is not None:
                out[ln.key] = self.inline(ln, col)
            else:
                out[ln.key] = self.nested(ln, col, sub, allow_same_col_seq=True)
            after = self.peek()
            if after is not None and after.col > col:
                raise YamlError(after.number, "unexpected indentation")
        return out

    def sequence(self, col: int, path: tuple) -> list:
        out: list = []
        while True:
            ln = self.peek()
            if ln is None or ln.dash != col:
                break
            sub = path + (len(out),)
            self.starts.append((ln.number, sub))
            if ln.key is not None:
                out.append(self.mapping(ln.key_col, sub))
            elif ln.value_start is not None:
                self.pos += 1
                out.append(self.inline(ln, col))
            else:
                self.pos += 1
                out.append(self.nested(ln, col, sub, allow_same_col_seq=False))
        return out

    def block_scalar(self, ln: Line, parent_col: int) -> str:
        style, chomp = ln.block[0], ln.block[1:]
        lines = []
        indent = None
        while self.pos < len(self.raw):
            text = self.raw[self.pos]
            if text.strip() == "":
                lines.append("")
                self.pos += 1
                continue
            here = len(text) - len(text.lstrip(" "))
            if indent is None:
                if here <= parent_col:
                    break
                indent = here
            if here < indent:
                break
            lines.append(text[indent:])
            self.pos += 1
        # Trailing blank lines are not content of the scalar (clip and strip).
        body = lines
        trailing = 0
        while body and body[-1] == "":
            body = body[:-1]
            trailing += 1
        # Give the blank lines back so that they are skipped as blank lines.
        self.pos -= trailing
        if style == "|":
            text = "\n".join(body)
        else:
            if any(b.startswith((" ", "\t")) for b in body):
                raise YamlError(ln.number, "more-indented lines in a folded scalar are not supported")
            text = ""
            for k, b in enumerate(body):
                if k == 0:
                    text = b
                elif b == "":
                    text += "\n"
                elif body[k - 1] == "":
                    text += b
                else:
                    text += " " + b
        if chomp == "+":
            raise YamlError(ln.number, "keep chomping (|+) is not supported")
        if chomp == "" and body:
            text += "\n"
        return text


def parse_yaml(text: str) -> Document:
    p = Parser(text)
    value = p.parse()
    # Every `expect:` in the file must be a marker in a comment (not text inside a value).
    for number, raw in enumerate(p.raw, 1):
        if "expect:" in raw and number not in p.markers:
            raise YamlError(number, "an `expect:` marker must be in a comment")
    longform = "\n".join(p.out) + "\n"
    return Document(value, p.starts, p.markers, longform)


# ---------------------------------------------------------------------------------------------
# JSON with the line of every path.


def dump_json(value) -> tuple[str, dict]:
    lines: dict = {}
    out: list[str] = []
    line = [1]

    def emit(s: str):
        out.append(s)
        line[0] += s.count("\n")

    def walk(v, path: tuple, level: int):
        lines[path] = line[0]
        pad = "  " * (level + 1)
        if isinstance(v, dict) and v:
            emit("{")
            for n, (k, item) in enumerate(v.items()):
                emit(("," if n else "") + "\n" + pad + json.dumps(k) + ": ")
                walk(item, path + (k,), level + 1)
            emit("\n" + "  " * level + "}")
        elif isinstance(v, list) and v:
            emit("[")
            for n, item in enumerate(v):
                emit(("," if n else "") + "\n" + pad)
                walk(item, path + (n,), level + 1)
            emit("\n" + "  " * level + "]")
        else:
            emit(json.dumps(v))

    walk(value, (), 0)
    text = "".join(out)
    if text != json.dumps(value, indent=2):
        raise AssertionError("the JSON writer disagrees with json.dumps")
    return text + "\n", lines


# ---------------------------------------------------------------------------------------------
# Twins.


def twins_of(source: Path) -> dict[Path, str]:
    """The files the twins of one source template must contain: path -> text."""
    text = source.read_text(encoding="utf-8")
    try:
        doc = parse_yaml(text)
    except YamlError as e:
        raise SystemExit(f"{source.relative_to(ROOT)}: {e}")
    rel = source.relative_to(ROOT)
    case = source.parent
    # The long form must read back as the same template, line for line.
    try:
        again = parse_yaml(doc.longform)
    except YamlError as e:
        raise SystemExit(f"{rel}: the long form does not parse: {e}")
    if json.dumps(again.value) != json.dumps(doc.value) or again.markers != doc.markers:
        raise SystemExit(f"{rel}: the long form reads back differently")
    old_lines, new_lines = text.rstrip("\n").split("\n"), doc.longform.rstrip("\n").split("\n")
    if len(old_lines) != len(new_lines):
        raise SystemExit(f"{rel}: the long form has a different number of lines")
    for n, (a, b) in enumerate(zip(old_lines, new_lines), 1):
        if a != b and "!" not in a:
            raise SystemExit(f"{rel}:{n}: a line without a tag changed")

    kind = case.parent.name
    if kind == "fail" and not doc.markers:
        raise SystemExit(f"{rel}: a fail case needs at least one `# expect: RULE-ID` marker")
    if kind == "pass" and doc.markers:
        raise SystemExit(f"{rel}: a pass case must not carry `expect:` markers")
    rule_dir = case.parent.parent.parent.name
    for number, rules in doc.markers.items():
        for rule in rules:
            if rule != rule_dir:
                raise SystemExit(f"{rel}:{number}: marks {rule}, but the case belongs to {rule_dir}")

    json_text, json_lines = dump_json(doc.value)
    first_path: dict[int, tuple] = {}
    for number, path in doc.starts:
        first_path.setdefault(number, path)
    expect = []
    for number in sorted(doc.markers):
        if number not in first_path:
            raise SystemExit(f"{rel}:{number}: a marker on a line where no key or list item starts")
        for rule in doc.markers[number]:
            expect.append(f"{SOURCE.replace('.yaml', '.json')}:{json_lines[first_path[number]]} {rule}")

    files = {
        case.with_name(case.name + "-longform") / SOURCE: doc.longform,
        case.with_name(case.name + "-json") / "template.json": json_text,
    }
    if expect:
        files[case.with_name(case.name + "-json") / "EXPECT"] = "\n".join(expect) + "\n"
    for name in COPIED:
        extra = case / name
        if extra.is_file():
            content = extra.read_text(encoding="utf-8")
            for suffix in TWIN_SUFFIXES:
                files[case.with_name(case.name + suffix) / name] = content
    return files


def is_twin(case: Path) -> bool:
    return case.name.endswith(TWIN_SUFFIXES)


def case_dirs() -> list[Path]:
    out = []
    for rule in sorted(RULES.iterdir()):
        for kind in ("fail", "pass"):
            base = rule / "cloudformation" / kind
            if base.is_dir():
                out.extend(sorted(p for p in base.iterdir() if p.is_dir()))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="report missing or stale twins and exit 1; write nothing")
    args = ap.parse_args()

    wanted: dict[Path, str] = {}
    sources = 0
    for case in case_dirs():
        if is_twin(case):
            continue
        source = case / SOURCE
        if not source.is_file():
            print(f"warning: {case.relative_to(ROOT)} has no {SOURCE}", file=sys.stderr)
            continue
        sources += 1
        wanted.update(twins_of(source))

    twin_dirs = {p.parent for p in wanted}
    problems = []
    written = []
    # Twin directories on disk that no source asks for, and unexpected files in twin dirs.
    for case in case_dirs():
        if not is_twin(case):
            continue
        if case not in twin_dirs:
            problems.append(f"orphaned: {case.relative_to(ROOT)}")
            if not args.check:
                shutil.rmtree(case)
                written.append(f"removed {case.relative_to(ROOT)}")
            continue
        for f in sorted(case.iterdir()):
            if f not in wanted:
                problems.append(f"unexpected: {f.relative_to(ROOT)}")
                if not args.check:
                    if f.is_dir():
                        shutil.rmtree(f)
                    else:
                        f.unlink()
                    written.append(f"removed {f.relative_to(ROOT)}")
    for path, text in sorted(wanted.items()):
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        problems.append(f"{'stale' if current is not None else 'missing'}: {path.relative_to(ROOT)}")
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(f"wrote {path.relative_to(ROOT)}")

    if args.check:
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} twin file(s) out of date; run scripts/cfn-twins.py", file=sys.stderr)
            return 1
        print(f"{len(wanted)} twin files of {sources} templates are up to date")
        return 0
    for w in written:
        print(w)
    print(f"{len(written)} change(s); {len(wanted)} twin files of {sources} templates")
    return 0


if __name__ == "__main__":
    sys.exit(main())

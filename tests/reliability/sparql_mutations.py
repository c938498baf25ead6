"""A grammar-aware SPARQL mutator for fuzzing: tokens, balanced groups and predicate positions.

``tokenize`` splits a query into SPARQL terminals (IRIs, strings, variables, prefixed
names, numbers, keywords, punctuation; comments and white space dropped) and
``render`` joins them back with single spaces, which SPARQL reads the same.
``mutate(tokens, rng)`` applies one of the operators below after the query form's
keyword (the prologue stays valid): delete, duplicate, swap or insert a token; nest
a group (``{ … }`` → ``{ { … } }``, ``OPTIONAL``, ``UNION``, ``MINUS``, ``FILTER
NOT EXISTS``); turn a predicate into a property path (``p*``, ``(p|!p)*``, ``^p/p``…);
drop or enlarge a ``LIMIT``; add an ``ORDER BY``; rename a variable; add ``VALUES``.
"""

import random
import re
from dataclasses import dataclass

_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>[A-Za-z][\w-]*:(?:[\w%-](?:[\w.%-]*[\w%-])?)?|:[\w%-]*)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<op>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,*+/|^!=<>?-])
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
KEYWORDS = ["SELECT", "WHERE", "OPTIONAL", "UNION", "FILTER", "GRAPH", "MINUS", "VALUES", "BIND", "AS", "GROUP", "BY",
            "ORDER", "LIMIT", "OFFSET", "DISTINCT", "EXISTS", "NOT", "IN", "COUNT", "REGEX", "STR", "BOUND", "IF",
            "COALESCE", "UNDEF", "a", "true"]
PUNCTUATION = list("{}().;,*+/|^!=<>?") + ["&&", "||", "^^"]
LITERALS = ['"x"', '"营商"@zh', "1", "1.5e3", '""', '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>']
PATHS = ["({p})*", "{p}+", "{p}?", "^{p}", "{p}/{p}", "({p}|!{p})*", "!({p}|^{p})", "(^{p}/{p})*", "{p}/^{p}/{p}"]
GROUP_WRAPS = ["{{ {g} }}", "OPTIONAL {g}", "{g} UNION {g}", "MINUS {g}", "FILTER NOT EXISTS {g}", "FILTER EXISTS {g}"]


@dataclass(frozen=True)
class Token:
    """One SPARQL terminal and its kind (the group name of ``_TOKEN``)."""

    kind: str
    text: str


def tokenize(sparql: str) -> list[Token]:
    """The query's terminals, comments and white space dropped."""
    return [Token(m.lastgroup, m.group(0)) for m in _TOKEN.finditer(sparql) if m.lastgroup not in ("ws", "comment")]


def render(tokens: list[Token]) -> str:
    """The tokens joined by single spaces (a query SPARQL reads as the original).

    No space before a language tag, around ``^^``, or between a function name and its ``(``:
    Oxigraph reads ``IF (`` as an error.
    """
    parts: list[str] = []
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else None
        glued = before is not None and (token.kind == "lang" or "^^" in (token.text, before.text)
                                        or (token.text == "(" and before.kind == "word"))
        parts.append(token.text if glued or not parts else " " + token.text)
    return "".join(parts)


def _body_start(tokens: list[Token]) -> int:
    """Index just after the query form keyword: mutations leave the prologue alone."""
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() in FORMS:
            return index + 1
    return 0


def _groups(tokens: list[Token], start: int) -> list[tuple[int, int]]:
    """(open, close) indices of balanced ``{ … }`` groups in the body."""
    stack, pairs = [], []
    for index in range(start, len(tokens)):
        if tokens[index].text == "{":
            stack.append(index)
        elif tokens[index].text == "}" and stack:
            pairs.append((stack.pop(), index))
    return pairs


def _predicates(tokens: list[Token], start: int) -> list[int]:
    """Indices of IRIs, prefixed names and ``a`` standing between a subject and an object."""
    subjects, objects = {"var", "iri", "pname"}, {"var", "iri", "pname", "string", "number"}
    found = []
    for index in range(max(start, 1), len(tokens) - 1):
        token, before, after = tokens[index], tokens[index - 1], tokens[index + 1]
        is_term = token.kind in ("iri", "pname") or token.text == "a"
        if is_term and (before.kind in subjects or before.text in (";", "]")) and after.kind in objects:
            found.append(index)
    return found


def _random_token(tokens: list[Token], rng: random.Random) -> Token:
    pool = rng.choice(["keyword", "punctuation", "literal", "own"])
    if pool == "keyword":
        return Token("word", rng.choice(KEYWORDS))
    if pool == "punctuation":
        return Token("op", rng.choice(PUNCTUATION))
    if pool == "literal":
        return Token("string", rng.choice(LITERALS))
    return rng.choice([t for t in tokens if t.kind in ("var", "iri", "pname")] or tokens)


def _splice(tokens: list[Token], start: int, end: int, text: str) -> list[Token]:
    return tokens[:start] + tokenize(text) + tokens[end:]


def mutate(tokens: list[Token], rng: random.Random) -> tuple[str, list[Token]]:
    """(operator name, mutated tokens): one random grammar-aware change."""
    start = _body_start(tokens)
    where = rng.randrange(start, len(tokens))
    operator = rng.choice(["delete", "duplicate", "swap", "insert", "nest", "nest", "path", "path", "limit", "order",
                           "rename", "values"])
    if operator == "delete":
        return operator, tokens[:where] + tokens[where + 1:]
    if operator == "duplicate":
        return operator, tokens[:where + 1] + tokens[where:]
    if operator == "swap":
        other = rng.randrange(start, len(tokens))
        swapped = list(tokens)
        swapped[where], swapped[other] = tokens[other], tokens[where]
        return operator, swapped
    if operator == "insert":
        return operator, tokens[:where] + [_random_token(tokens, rng)] + tokens[where:]
    if operator == "nest" and (groups := _groups(tokens, start)):
        opened, closed = rng.choice(groups)
        group = render(tokens[opened:closed + 1])
        return operator, _splice(tokens, opened, closed + 1, rng.choice(GROUP_WRAPS).format(g=group))
    if operator == "path" and (predicates := _predicates(tokens, start)):
        index = rng.choice(predicates)
        predicate = "rdf:type" if tokens[index].text == "a" else tokens[index].text
        return operator, _splice(tokens, index, index + 1, rng.choice(PATHS).format(p=predicate))
    if operator == "limit":
        limits = [i for i, t in enumerate(tokens) if t.text.upper() == "LIMIT" and i + 1 < len(tokens)]
        if limits:
            index = rng.choice(limits)
            if rng.random() < 0.5:
                return operator, tokens[:index] + tokens[index + 2:]  # no LIMIT at all
            return operator, _splice(tokens, index + 1, index + 2, "100000000")
    variables = sorted({t.text for t in tokens[start:] if t.kind == "var"})
    if operator == "order" and variables and tokens[-1].text == "}":
        return operator, tokens + tokenize(f"ORDER BY DESC({rng.choice(variables)}) {rng.choice(variables)}")
    if operator == "rename" and len(variables) > 1:
        old, new = rng.sample(variables, 2)
        return operator, [Token("var", new) if t.text == old else t for t in tokens]
    if operator == "values" and variables and (groups := _groups(tokens, start)):
        opened = min(groups)[0]
        values = f"VALUES {rng.choice(variables)} {{ {rng.choice(LITERALS)} <urn:x:y> UNDEF }}"
        return operator, tokens[:opened + 1] + tokenize(values) + tokens[opened + 1:]
    return "insert", tokens[:where] + [_random_token(tokens, rng)] + tokens[where:]

"""Classify a SPARQL request's text before anything runs it.

The endpoint is read-only by construction: every request text goes through
:func:`classify_sparql`, which blanks out strings, IRIs and comments and looks at
the bare keywords that are left. The update keywords (INSERT, DELETE, LOAD, CLEAR,
DROP, CREATE, ADD, MOVE, COPY, WITH) never occur bare in a SPARQL 1.1 query, so
finding one means the text is an update (or no valid query at all) and it is
refused with 403, whatever its case, comments or prologue. Nothing is executed to
classify: running an update even on a throw-away store would follow ``LOAD <url>``.

``SERVICE`` is refused too: the engine would fetch any URL a client names
(server-side request forgery), and the service runs offline anyway.
"""

import re
from dataclasses import dataclass

from graph.errors import QuerySyntaxError, UpdateForbidden

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

# Tokens whose content must not be read as keywords: long and short strings, IRIs, comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*(?:\'\'\'|$)'
    r'|"(?:[^"\\\n]|\\.)*"?|\'(?:[^\'\\\n]|\\.)*\'?'
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL,
)
# A word is a keyword only when it stands alone: not part of ?var, $var, prefix:name or a number.
_WORD = re.compile(r"(?<![\w?$:\-.@])[A-Za-z]+(?![\w:\-])")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_CHARACTER_CLASS = re.compile(r"\[[^\[\]]*\.\.=[^\[\]]*\]")


@dataclass(frozen=True)
class SparqlShape:
    """What the text of a query is: its form and whether it names its own dataset."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset: bool  # a FROM or FROM NAMED clause


def keywords(sparql: str) -> list[str]:
    """The bare keywords of ``sparql``, upper-cased, in order (strings, IRIs and comments skipped)."""
    masked = _OPAQUE.sub(lambda m: " " * len(m.group(0)), sparql)
    return [m.group(0).upper() for m in _WORD.finditer(masked)]


def classify_sparql(sparql: str) -> SparqlShape:
    """Classify a request text; raise ``UpdateForbidden`` for any update, ``QuerySyntaxError`` if empty.

    Text whose form cannot be recognised is classified as SELECT so that the engine's
    parser reports the error with its position.
    """
    words = keywords(sparql)
    updates = [w for w in words if w in UPDATE_KEYWORDS]
    if updates:
        raise UpdateForbidden(
            f"this endpoint is read-only: {updates[0]} is a SPARQL Update operation; only "
            "SELECT, ASK, CONSTRUCT and DESCRIBE queries are accepted"
        )
    if "SERVICE" in words:
        raise UpdateForbidden("federated queries (SERVICE) are not allowed on this endpoint")
    if not sparql.strip() or not [w for w in words if w not in {"PREFIX", "BASE"}]:
        raise QuerySyntaxError("empty query: send a SELECT, ASK, CONSTRUCT or DESCRIBE query", (1, 1))
    form = next((w for w in words if w in QUERY_FORMS), "SELECT")
    return SparqlShape(form=form, has_dataset="FROM" in words)


def _character_class(match: re.Match) -> str:
    text = match.group(0)
    if "'A'" in text:
        return "a letter"
    if "'0'" in text:
        return "a digit"
    return "a character"


def syntax_error(message: str) -> QuerySyntaxError:
    """A ``QuerySyntaxError`` carrying the (line, column) pyoxigraph's message gives.

    The parser lists character ranges (``['A' ..= 'Z' | …]``) among what it expected;
    they are shortened to "a letter" / "a digit" so the message stays readable.
    """
    match = _POSITION.search(message)
    position = (int(match.group(1)), int(match.group(2))) if match else None
    readable = _CHARACTER_CLASS.sub(_character_class, message).replace("\n", " ")
    return QuerySyntaxError(" ".join(readable.split()), position)

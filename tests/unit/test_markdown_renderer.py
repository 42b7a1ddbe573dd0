"""The Markdown escaper tested against GitHub's renderer (cmark-gfm), with random text in every field.

Every place user text goes in the minutes gets random text weighted towards
what Markdown reacts to; the minutes are rendered and the HTML is checked: no
link, image, HTML, checkbox, heading, block or table cell the generator did not
write, and the visible text is the typed text (line breaks as ``<br>``).

Two tests share one check. A Hypothesis test (it shrinks what it finds) renders
one document per example. A bulk test renders ``MEETINGTUI_MARKDOWN_EXAMPLES``
(default 2,000) seeded texts per field as documents joined into one cmark-gfm
call; ``MEETINGTUI_MARKDOWN_SEED`` picks another run. The Hypothesis test runs
40 examples, 300 in CI, or ``MEETINGTUI_HYPOTHESIS_EXAMPLES``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
from dataclasses import dataclass, field
from urllib.parse import unquote
from xml.parsers import expat

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.domain.minutes import Minutes
from meetingtui.store.markdown import render_markdown
from tests.conftest import require_tool

# The generator's pieces and their weights: Markdown's special characters, URLs and e-mail addresses the
# autolinker picks up, plain letters, blanks and line breaks.
PIECES: dict[str, int] = {
    **dict.fromkeys("[]()!<>`*_|\\~#", 6),
    "http://x.y": 3,
    "www.x.y": 3,
    "a@b.co": 3,
    "HTTPS://x.y": 1,
    "ftp://x.y": 1,
    "x": 10,
    "X": 4,
    " ": 10,
    "\n": 5,
    **dict.fromkeys(["-", "+", "=", ":", ".", "1.", "&", ";", "/", "$", '"', "&amp;", "- [ ] ", "\r\n"], 1),
}
FIELDS = [
    "title",
    "facilitator",
    "attendee",
    "absent",
    "segment",
    "owner",
    "proposed_by",
    "notes",
    "action",
    "action_owner",
    "decision",
    "decision_segment",
    "concern",
    "insight",
    "source",
    "content_idea",
    "parked",
    "parked_reason",
    "taken",
    "declined",
    "declined_reason",
    "update",
    "update_owned_by",
    "update_owner",
    "update_note",
]
EXAMPLES = int(os.environ.get("MEETINGTUI_MARKDOWN_EXAMPLES", "2000"))
SEED = int(os.environ.get("MEETINGTUI_MARKDOWN_SEED", "20"))
RENDER = ("-e", "table", "-e", "tasklist", "-e", "autolink", "-e", "strikethrough")  # GitHub's extensions
SEPARATOR = "SEPARATOR"
INLINE = {"a", "br", "input", "strong", "em", "del"}


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines()]


def multi(text: str) -> str:
    """How text shows where line breaks are kept: each line without edge blanks."""
    return "\n".join(lines(text))


def single(text: str) -> str:
    """How text shows in a table cell or a heading: its lines on one line."""
    return " ".join(lines(text))


def paragraphs(notes: str) -> list[str]:
    return [shown for part in re.split(r"\n\s*\n", notes.replace("\r\n", "\n")) if (shown := multi(part))]


def minutes_with(t: dict[str, str]) -> Minutes:
    """Minutes with a user text in every field, each section present once."""
    update_id = "2026-11-20-weekly-sync#3"
    return Minutes.model_validate(
        {
            "id": "2026-11-27-weekly-sync",
            "title": t["title"],
            "agenda": "weekly-sync",
            "date": dt.date(2026, 11, 27),
            "started_at": dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC),
            "ended_at": dt.datetime(2026, 11, 27, 10, 45, tzinfo=dt.UTC),
            "facilitator": t["facilitator"],
            "attendees": [
                {"name": t["attendee"], "team": "sales"},
                {"name": t["absent"], "team": "marketing", "present": False},
            ],
            "segments": [
                {
                    "title": t["segment"],
                    "team": "sales",
                    "owner": t["owner"],
                    "proposed_by": t["proposed_by"],
                    "planned_seconds": 600,
                    "actual_seconds": 660,
                    "status": "done",
                    "notes": t["notes"],
                }
            ],
            "actions": [
                {"id": "m#1", "text": t["action"], "owner": t["action_owner"]},
                {"id": "m#2", "text": t["action"], "status": "done"},
                {"id": "m#3", "text": t["action"], "status": "dropped"},
            ],
            "decisions": [{"text": t["decision"], "segment": t["decision_segment"]}],
            "concerns": [{"text": t["concern"], "from_team": "sales", "to_team": "marketing"}],
            "insights": [{"text": t["insight"], "source": t["source"], "content_idea": t["content_idea"]}],
            "parked": [{"title": t["parked"], "team": "joint", "reason": t["parked_reason"]}],
            "proposals_taken": [{"id": "p-1", "segment": t["taken"]}],
            "proposals_declined": [{"id": "p-2", "title": t["declined"], "reason": t["declined_reason"]}],
            "action_updates": [
                {
                    "id": update_id,
                    "text": t["update"],
                    "owned_by": t["update_owned_by"],
                    "status": "open",
                    "owner": t["update_owner"],
                    "note": t["update_note"],
                }
            ],
        }
    )


@dataclass
class Node:
    """An element of the rendered HTML; ``text()`` is what a browser shows (a soft line break is a blank)."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def descendants(self) -> list[Node]:
        return [found for child in self.elements() for found in (child, *child.descendants())]

    def text(self) -> str:
        if self.tag == "br":
            return "\n"
        return "".join(child.replace("\n", " ") if isinstance(child, str) else child.text() for child in self.children)


class Tree:
    """cmark-gfm's HTML as :class:`Node` trees, one per document between the separators; comments counted.

    cmark-gfm writes XHTML (``<br />``, attributes quoted, ``&`` ``<`` ``>`` ``"`` as entities, user HTML as a
    comment), so it is read with expat, in C: Python's ``html.parser`` took ~40 % of these tests' CPU. HTML that
    is not well-formed XML fails the test (expat's error), it is never read leniently.
    """

    def __init__(self) -> None:
        self.root = Node("root")
        self.stack = [self.root]
        self.comments: list[str] = []
        self.after_comment = False  # a comment ends a run of text, as it does for html.parser
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.Parse("<root>")  # one element around the fragment, read before anything is handled
        self.parser.StartElementHandler = self.handle_starttag
        self.parser.EndElementHandler = self.handle_endtag
        self.parser.CharacterDataHandler = self.handle_data
        self.parser.CommentHandler = self.handle_comment

    def feed(self, html: str) -> None:
        self.parser.Parse(html)

    def close(self) -> None:
        self.parser.Parse("</root>", True)

    def handle_starttag(self, tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, dict(attrs))
        self.after_comment = False
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) == 1 and tag == "root":  # the element around the fragment
            return
        assert self.stack[-1].tag == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        siblings = self.stack[-1].children
        if siblings and isinstance(siblings[-1], str) and not self.after_comment:  # expat may hand over a run
            siblings[-1] += data  # of text in pieces
            return
        self.after_comment = False
        if siblings and isinstance(siblings[-1], Node) and siblings[-1].tag == "br":
            data = data.removeprefix("\n")  # the source line break after a <br />
        siblings.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)  # cmark-gfm's "raw HTML omitted": user text made HTML
        self.after_comment = True


def render(documents: list[str]) -> list[Node]:
    """Render documents in one cmark-gfm call; one tree per document."""
    joined = "".join(f"{doc}\n\n###### {SEPARATOR}\n\n" for doc in documents)
    html = subprocess.run(
        [require_tool("cmark-gfm"), *RENDER], input=joined, capture_output=True, text=True, check=True
    ).stdout
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.comments == [], f"raw HTML from user text: {tree.comments[:3]}"
    roots, current = [], Node("root")
    for child in tree.root.children:
        if isinstance(child, Node) and child.tag == "h6" and child.text() == SEPARATOR:
            roots.append(current)
            current = Node("root")
        else:
            current.children.append(child)
    assert len(roots) == len(documents), "a document swallowed its separator (an open block from user text)"
    return roots


def expected_items(t: dict[str, str]) -> dict[str, list[tuple[str, list[str]]]]:
    """Each list section's items: the visible text and the inline elements we write (links and breaks aside)."""
    return {
        "Attendees": [
            ("Sales: " + multi(t["attendee"]), ["strong"]),
            ("Absent: " + multi(t["absent"]) + " (Marketing)", ["strong"]),
        ],
        "Decisions": [(multi(t["decision"]) + " · " + multi(t["decision_segment"]), ["em"])],
        "Action items": [
            (multi(t["action"]) + " — " + multi(t["action_owner"]) + " · m#1", ["input"]),
            (multi(t["action"]) + " · m#2", ["input"]),
            (multi(t["action"]) + " · m#3 (dropped)", ["input", "del"]),
        ],
        "Concerns": [("Sales → Marketing: " + multi(t["concern"]), ["strong"])],
        "Customer insights": [
            (
                f"{multi(t['insight'])} (source: {multi(t['source'])}) — content idea: {multi(t['content_idea'])}",
                ["strong"],
            )
        ],
        "Parked for next time": [(multi(t["parked"]) + " (Joint) — " + multi(t["parked_reason"]), [])],
        "Proposals taken up": [(multi(t["taken"]) + " (p-1)", [])],
        "Proposals declined": [(multi(t["declined"]) + " (p-2) — " + multi(t["declined_reason"]), [])],
        "Updates to earlier actions": [
            (
                f"{multi(t['update'])} — {multi(t['update_owned_by'])} · 2026-11-20-weekly-sync#3 → open, "
                f"owner now {multi(t['update_owner'])} — {multi(t['update_note'])}",
                ["strong"],
            )
        ],
    }


def check(t: dict[str, str], root: Node) -> None:
    """The rendered minutes hold exactly the structure we wrote, and show every user text as typed."""
    notes = paragraphs(t["notes"])
    items = expected_items(t)
    blocks = root.elements()
    sections = ["Attendees", "Agenda", "Notes", *list(items)[1:], "Time balance"]
    expected_tags = ["h1", "ul", "h2", "ul", "h2", "table", "h2", "h3", *["p"] * len(notes)]
    expected_tags += [tag for _ in list(items)[1:] for tag in ("h2", "ul")] + ["h2", "table"]
    assert [b.tag for b in blocks] == expected_tags
    assert blocks[0].text() == single(t["title"])
    assert [b.text() for b in blocks if b.tag == "h2"] == sections
    assert blocks[7].text() == single(t["segment"])
    assert [p.text() for p in blocks[8 : 8 + len(notes)]] == notes
    assert all(n.tag in {"a", "br"} for p in blocks[8 : 8 + len(notes)] for n in p.descendants())
    facts = blocks[1].elements()
    assert [li.tag for li in facts] == ["li"] * 4
    assert facts[2].text() == "Facilitator: " + multi(t["facilitator"])
    assert [n.tag for n in facts[2].descendants() if n.tag not in {"a", "br"}] == ["strong"]
    assert all(n.tag == "a" for heading in (blocks[0], blocks[7]) for n in heading.descendants())
    lists = [b for b in blocks if b.tag == "ul"][1:]
    for (_, expected), ul in zip(items.items(), lists, strict=True):
        lis = ul.elements()
        assert [li.tag for li in lis] == ["li"] * len(expected)
        for li, (text, tags) in zip(lis, expected, strict=True):
            assert li.text().strip() == text
            assert [n.tag for n in li.descendants() if n.tag not in {"a", "br"}] == tags
    boxes = [li.elements()[0] for li in lists[2].elements()]
    assert [box.attrs.get("type") for box in boxes] == ["checkbox"] * 3
    assert ["checked" in box.attrs for box in boxes] == [False, True, True]  # open, done, dropped
    assert lists[2].elements()[2].descendants()[1].text() == multi(t["action"])  # only the text is struck through
    agenda = blocks[5].descendants()
    rows = [n for n in agenda if n.tag == "tr"]
    assert len(rows) == 3 and all(len([c for c in row.elements() if c.tag in {"td", "th"}]) == 7 for row in rows)
    cells = [c.text() for c in rows[1].elements()]
    assert cells[0] == f"{single(t['segment'])} (proposed by {single(t['proposed_by'])})"
    assert cells[1:] == ["Sales", single(t["owner"]), "10m", "11m", "+1m", "done"]
    assert all(n.tag == "a" for n in rows[1].descendants() if n.tag not in {"td"})
    typed = [multi(text) for text in t.values()]
    for link in (n for n in root.descendants() if n.tag == "a"):
        shown, href = link.text(), unquote(link.attrs["href"] or "")
        assert any(shown in text for text in typed) and href in (shown, "http://" + shown, "mailto:" + shown), (
            shown,
            href,
        )


def check_all(examples: list[dict[str, str]]) -> None:
    roots = render([render_markdown(minutes_with(t)) for t in examples])
    for t, root in zip(examples, roots, strict=True):
        try:
            check(t, root)
        except AssertionError as failure:
            raise AssertionError(f"{failure}\nfor the texts {t!r}") from None


def random_text(rng: random.Random) -> str:
    pieces, weights = zip(*PIECES.items(), strict=True)
    while True:
        text = "".join(rng.choices(pieces, weights, k=rng.randint(1, 24)))
        if text.strip():
            return text


def test_seeded_texts_in_every_field_render_as_typed() -> None:
    rng = random.Random(SEED)
    examples = [{name: random_text(rng) for name in FIELDS} for _ in range(EXAMPLES)]
    for start in range(0, len(examples), 500):  # a few cmark-gfm calls; a failure names its texts
        check_all(examples[start : start + 500])


_WEIGHTED = st.sampled_from([piece for piece, weight in PIECES.items() for _ in range(weight)])
_TEXT = st.lists(_WEIGHTED, min_size=1, max_size=24).map("".join).filter(str.strip)


@settings(
    max_examples=int(os.environ.get("MEETINGTUI_HYPOTHESIS_EXAMPLES", "300" if os.environ.get("CI") else "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.fixed_dictionaries({name: _TEXT for name in FIELDS}))
def test_any_texts_in_every_field_render_as_typed(texts: dict[str, str]) -> None:
    check_all([texts])

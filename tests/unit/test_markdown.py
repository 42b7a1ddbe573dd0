"""The Markdown minutes as GitHub's renderer (cmark-gfm) shows them: structure kept, user text inert."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetingtui.domain.minutes import Minutes
from meetingtui.store.markdown import render_markdown, task_line
from meetingtui.store.minutes_store import load_minutes, save_minutes
from meetingtui.store.repo import MinutesRepo
from tests.conftest import require_tool

RICH = Path(__file__).parents[1] / "corpus" / "valid" / "minutes-rich.toml"
HOSTILE = [
    "a | b",
    "line one\nline two",
    "| leading pipe",
    "trailing pipe |",
    "`code | span`",
    "\\|",
    "<td>cell</td>",
    "# heading",
    "---",
    "Title\n===",
    "- [ ] task",
    "1. first",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "&lt;script&gt;",
    "[link](javascript:alert(1))",
    "![pixel](https://example.com/p.png)",
    "**Total**",
    "a\r\nb",
    ":--:",
]


@dataclass
class Node:
    """An element of the rendered HTML."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found

    def text(self) -> str:
        """Visible text; ``<br>`` counts as a line break."""
        if self.tag == "br":
            return "\n"
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def children_named(self, tag: str) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node) and child.tag == tag]


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"br", "input", "hr", "img"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack[-1].tag == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        siblings = self.stack[-1].children
        if siblings and isinstance(siblings[-1], Node) and siblings[-1].tag == "br":
            data = data.removeprefix("\n")  # the source line break after a <br>
        siblings.append(data)


def github_html(markdown: str) -> Node:
    """Render as GitHub does (raw HTML allowed: GitHub keeps ``<b>``), parsed into a tree."""
    tool = require_tool("cmark-gfm")
    result = subprocess.run(
        [tool, "--unsafe", "-e", "table", "-e", "tasklist", "-e", "strikethrough", "-e", "autolink"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    builder = _TreeBuilder()
    builder.feed(result.stdout)
    builder.close()
    return builder.root


def rich_minutes() -> Minutes:
    return load_minutes(RICH)


def minimal(**changes: Any) -> Minutes:
    data: dict[str, Any] = {
        "id": "2026-11-27-weekly-sync",
        "title": "Weekly sync",
        "agenda": "weekly-sync",
        "date": dt.date(2026, 11, 27),
        "started_at": dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "ended_at": dt.datetime(2026, 11, 27, 10, 45, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    }
    data.update(changes)
    return Minutes.model_validate(data)


def segment(title: str, **changes: Any) -> dict[str, Any]:
    return {"title": title, "team": "sales", "planned_seconds": 600, "actual_seconds": 660, "status": "done"} | changes


def shown(text: str) -> str:
    """How a one-line field should read once rendered: same text, line breaks kept, no edge blanks."""
    return "\n".join(line.strip() for line in text.strip().splitlines())


def one_line(text: str) -> str:
    """How a field reads in a table cell, where a line break cannot go: its lines joined by blanks."""
    return shown(text).replace("\n", " ")


def section(root: Node, heading: str, tag: str) -> list[Node]:
    """The ``tag`` elements between an ``<h2>`` and the next one."""
    elements = [child for child in root.children if isinstance(child, Node)]
    start = next(i for i, node in enumerate(elements) if node.tag == "h2" and node.text() == heading)
    rest = elements[start + 1 :]
    end = next((i for i, node in enumerate(rest) if node.tag == "h2"), len(rest))
    return [found for node in rest[:end] for found in ([node] if node.tag == tag else node.find_all(tag))]


def test_rich_minutes_have_every_section_in_order() -> None:
    root = github_html(render_markdown(rich_minutes()))
    assert [h.text() for h in root.find_all("h1")] == ["Weekly sales & marketing sync"]
    assert [h.text() for h in root.find_all("h2")] == [
        "Attendees",
        "Agenda",
        "Notes",
        "Decisions",
        "Action items",
        "Concerns",
        "Customer insights",
        "Parked for next time",
        "Updates to earlier actions",
        "Time balance",
    ]
    assert [h.text() for h in root.find_all("h3")] == ["Pipeline | forecast", "Content requests from the field"]
    for tag in ("h4", "h5", "h6", "hr", "ol", "pre", "blockquote", "code"):
        assert root.find_all(tag) == [], tag


def test_header_names_date_time_facilitator_and_attendees_by_team() -> None:
    root = github_html(render_markdown(rich_minutes()))
    facts = [li.text() for li in root.children_named("ul")[0].children_named("li")]
    assert facts == [
        "Date: 2026-11-27",
        "Time: 10:00–10:47 UTC+01:00 (47m9s, agenda time 33m45s)",  # wall time, and the clock's (no pauses)
        "Facilitator: Dana",
        "Agenda: weekly-sync",
    ]
    attendees = [li.text() for li in section(root, "Attendees", "li")]
    assert attendees == [
        "Sales: Sam | the closer, Zoë Ångström",
        "Marketing: Dana",
        "Absent: <b>Pat</b> (Marketing)",
    ]


def test_actions_are_a_github_task_list() -> None:
    markdown = render_markdown(rich_minutes())
    assert (
        "- [ ] Draft a one-pager answering the pricing objection — Dana (marketing), due 2026-12-04"
        " · 2026-11-27-weekly-sync#1\n" in markdown
    )
    items = section(github_html(markdown), "Action items", "li")
    boxes = [li.find_all("input") for li in items]
    assert all(len(box) == 1 and box[0].attrs["type"] == "checkbox" for box in boxes)
    checked = ["checked" in box[0].attrs for box in boxes]
    assert checked == [False, True, True, False]  # open, done, dropped (closed), open
    texts = [li.text().strip() for li in items]
    assert texts[1] == (
        "Share three call recordings with marketing — Sam | the closer (sales) · 2026-11-27-weekly-sync#2"
    )
    assert items[1].find_all("del") == []
    dropped = items[2]
    assert [d.text() for d in dropped.find_all("del")] == ["# Rewrite <script>the</script> FAQ\n- twice"]
    assert texts[2].endswith("· 2026-11-27-weekly-sync#3 (dropped)")
    assert texts[3] == "Book a ride-along — joint, due 2026-12-11 · 2026-11-27-weekly-sync#4"


@pytest.mark.parametrize(
    ("action", "line"),
    [
        ({"text": "Call ACME"}, "- [ ] Call ACME · m#1"),
        ({"text": "Call ACME", "owner": "Sam"}, "- [ ] Call ACME — Sam · m#1"),
        ({"text": "Call ACME", "team": "sales"}, "- [ ] Call ACME — sales · m#1"),
        ({"text": "Call ACME", "due": dt.date(2026, 12, 4)}, "- [ ] Call ACME — due 2026-12-04 · m#1"),
        ({"text": "Call ACME", "owner": "Sam", "status": "done"}, "- [x] Call ACME — Sam · m#1"),
        ({"text": "Call ACME", "status": "dropped"}, "- [x] ~~Call ACME~~ · m#1 (dropped)"),
    ],
)
def test_action_line_leaves_out_what_is_missing(action: dict[str, Any], line: str) -> None:
    minutes = minimal(actions=[{"id": "m#1", **action}])
    assert task_line(minutes.actions[0]) == line
    assert line in render_markdown(minutes).splitlines()


def test_agenda_table_keeps_its_shape_with_hostile_titles() -> None:
    minutes = minimal(
        segments=[segment(title, owner=title) for title in HOSTILE],
        attendees=[{"name": title, "team": "joint"} for title in HOSTILE],
    )
    tables = github_html(render_markdown(minutes)).find_all("table")
    assert len(tables) == 2  # the agenda and the time balance
    rows = tables[0].find_all("tr")
    assert len(rows) == 1 + len(HOSTILE) + 1  # header, segments, total
    assert all(len(row.find_all("td") + row.find_all("th")) == 7 for row in rows)
    for row, title in zip(rows[1:-1], HOSTILE, strict=True):
        cells = [cell.text().strip() for cell in row.find_all("td")]
        assert cells[0] == cells[2] == one_line(title)
        assert cells[1] == "Sales"
        assert cells[3:] == ["10m", "11m", "+1m", "done"]
    assert rows[-1].find_all("td")[0].text() == "Total"


def test_no_live_html_or_links_from_user_text() -> None:
    text = "<script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![p](http://t/p.png)"
    minutes = minimal(
        title=text,
        facilitator=text,
        attendees=[{"name": text, "team": "sales"}, {"name": text, "team": "marketing", "present": False}],
        segments=[segment(text, owner=text, notes=f"{text}\n{text}\n\n{text}")],
        actions=[{"id": f"<i>{text}</i>", "text": text, "owner": text, "status": "dropped"}],
        decisions=[{"text": text, "segment": text}],
        concerns=[{"text": text, "from_team": "sales", "to_team": "marketing", "segment": text}],
        insights=[{"text": text, "source": text, "content_idea": text, "segment": text}],
        parked=[{"title": text, "team": "joint", "reason": text}],
        action_updates=[{"id": text, "status": "open", "owner": text, "note": text}],
    )
    root = github_html(render_markdown(minutes))
    for tag in ("script", "b", "i", "img", "iframe"):
        assert root.find_all(tag) == [], tag
    for link in root.find_all("a"):  # only visible autolinks of what was typed
        assert link.attrs["href"].startswith("http://t/p.png")
        assert link.text().startswith("http://t/p.png")
    assert root.text().count("<script>alert(1)</script>") >= 20


def test_headings_and_blocks_only_where_we_put_them() -> None:
    notes = (
        "# not a heading\nSetext?\n===\n- not a list\n1. nor this\n> no quote\n```\nno fence\n"
        "    no code\n***\n| a | b |\n|---|---|"
    )
    minutes = minimal(
        title="# Weekly\n## sync #",
        segments=[segment("## Pipeline ##", notes=notes)],
        decisions=[{"text": t} for t in ("# heading", "- nested", "1. ordered", "> quote", "---", "```")],
    )
    root = github_html(render_markdown(minutes))
    assert [h.text() for h in root.find_all("h1")] == ["# Weekly ## sync #"]
    assert [h.text() for h in root.find_all("h2")] == ["Agenda", "Notes", "Decisions", "Time balance"]
    assert [h.text() for h in root.find_all("h3")] == ["## Pipeline ##"]
    for tag in ("h4", "ol", "blockquote", "pre", "code", "hr"):
        assert root.find_all(tag) == [], tag
    assert len(root.find_all("table")) == 2
    paragraphs = [p.text() for p in section(root, "Notes", "p")]
    assert paragraphs == [shown(notes)]
    decisions = [li.text() for li in section(root, "Decisions", "li")]
    assert decisions == ["# heading", "- nested", "1. ordered", "> quote", "---", "```"]


def test_notes_keep_line_breaks_and_paragraphs() -> None:
    notes = 'ACME: "stalled"\n  - call back Tuesday\n\n\nSecond paragraph with """triple quotes"""'
    root = github_html(render_markdown(minimal(segments=[segment("Pipeline", notes=notes)])))
    paragraphs = [p.text() for p in section(root, "Notes", "p")]
    assert paragraphs == ['ACME: "stalled"\n- call back Tuesday', 'Second paragraph with """triple quotes"""']


def test_links_stay_clickable() -> None:
    url = "https://example.com/deal_notes_(q4)?a=1&b=2"
    root = github_html(render_markdown(minimal(decisions=[{"text": f"See {url} and www.example.com/a_b."}])))
    assert [a.attrs["href"] for a in root.find_all("a")] == [url, "http://www.example.com/a_b"]


_PIECES = st.sampled_from(
    [*"ab 1.#-+=:*_`~|\\[]()<>&;!$\"'\n\t\x1b\xa0", "<b>", "<script>", "&amp;", "```", "---", "1. ", "- [ ] ", "\r\n"]
)
_TEXTS = st.lists(_PIECES, min_size=1, max_size=25).map("".join).filter(lambda text: text.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_TEXTS, min_size=1, max_size=6))
def test_any_text_reads_back_verbatim(texts: list[str]) -> None:
    minutes = minimal(segments=[segment(t) for t in texts], decisions=[{"text": t} for t in texts])
    root = github_html(render_markdown(minutes))
    expected = [shown(d.text.replace("\x1b", "")) for d in minutes.decisions]  # control characters are dropped
    decisions = [li.text() for li in section(root, "Decisions", "li")]
    assert decisions == expected
    rows = root.find_all("table")[0].find_all("tr")
    assert [row.find_all("td")[0].text() for row in rows[1:-1]] == [one_line(d) for d in expected]
    assert all(len(row.find_all("td") + row.find_all("th")) == 7 for row in rows)
    assert {h.tag for h in root.children if isinstance(h, Node)} <= {"h1", "h2", "ul", "p", "table"}


def test_empty_sections_are_left_out() -> None:
    markdown = render_markdown(minimal())
    assert markdown.startswith("# Weekly sync\n\n- **Date:** 2026-11-27\n")
    assert "##" not in markdown
    assert markdown.endswith("- **Agenda:** weekly-sync\n")


def test_times_across_midnight_and_zones() -> None:
    utc = dt.UTC
    minutes = minimal(
        started_at=dt.datetime(2026, 11, 27, 23, 30, tzinfo=utc),
        ended_at=dt.datetime(2026, 11, 27, 20, 45, tzinfo=dt.timezone(dt.timedelta(hours=-4, minutes=-30))),
    )
    assert "- **Time:** 23:30–2026-11-28 01:15 UTC (1h45m)\n" in render_markdown(minutes)
    west = dt.timezone(dt.timedelta(hours=-3, minutes=-30))
    minutes = minimal(
        started_at=dt.datetime(2026, 11, 27, 9, 0, 59, tzinfo=west),
        ended_at=dt.datetime(2026, 11, 27, 9, 20, tzinfo=west),
    )
    assert "- **Time:** 09:00–09:20 UTC-03:30 (19m1s)\n" in render_markdown(minutes)


def test_time_balance_gives_each_team_its_share() -> None:
    minutes = minimal(
        segments=[
            segment("Pipeline", team="sales", planned_seconds=600, actual_seconds=900),
            segment("Content", team="marketing", planned_seconds=600, actual_seconds=300),
            segment("Open floor", team="joint", planned_seconds=300, actual_seconds=0, status="not-reached"),
        ]
    )
    table = github_html(render_markdown(minutes)).find_all("table")[1]
    rows = [[cell.text() for cell in row.find_all("td")] for row in table.find_all("tr")[1:]]
    assert [cell.text() for cell in table.find_all("th")] == [
        "Team",
        "Planned",
        "Share of plan",
        "Actual",
        "Share of time",
    ]
    assert rows == [
        ["Sales", "10m", "40%", "15m", "75%"],
        ["Marketing", "10m", "40%", "5m", "25%"],
        ["Joint", "5m", "20%", "0s", "0%"],
        ["Total", "25m", "100%", "20m", "100%"],
    ]


def test_markdown_is_deterministic_and_made_from_the_toml(tmp_path: Path) -> None:
    minutes = rich_minutes()
    saved = save_minutes(MinutesRepo(tmp_path), minutes)
    reloaded = load_minutes(saved.toml_path)
    assert reloaded == minutes
    markdown = saved.md_path.read_text(encoding="utf-8")
    assert render_markdown(reloaded) == markdown == render_markdown(minutes)
    assert render_markdown(minutes.model_copy(deep=True)) == markdown
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


TRAPS = [
    "[x](https://evil.example/a)",
    "[x] already done",
    "- [x] nested task",
    "* [x] star task",
    "![x](https://evil.example/p.png)",
    "[x]: https://evil.example/ref",
    "[ref][x] and [x]",
    "<https://evil.example/auto>",
    "(x) !important",
]


@pytest.mark.parametrize("trap", TRAPS)
def test_no_checkbox_and_no_link_we_did_not_write(trap: str) -> None:
    minutes = minimal(
        title=trap,
        facilitator=trap,
        attendees=[{"name": trap, "team": "sales"}],
        segments=[segment(trap, owner=trap, notes=f"{trap}\n{trap}")],
        actions=[
            {"id": "2026-11-27-weekly-sync#1", "text": trap, "owner": trap},
            {"id": "2026-11-27-weekly-sync#2", "text": f"{trap} {trap}", "status": "done"},
        ],
        decisions=[{"text": trap, "segment": trap}],
        concerns=[{"text": trap, "from_team": "sales", "to_team": "marketing"}],
        insights=[{"text": trap, "source": trap, "content_idea": trap}],
        parked=[{"title": trap, "team": "joint", "reason": trap}],
        action_updates=[{"id": "2026-11-20-weekly-sync#3", "status": "open", "owner": trap, "note": trap}],
    )
    tool = require_tool("cmark-gfm")
    html = subprocess.run(
        [tool, "-e", "table", "-e", "tasklist", "-e", "autolink"],
        input=render_markdown(minutes),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    builder = _TreeBuilder()
    builder.feed(html)
    root = builder.root
    boxes = root.find_all("input")
    assert len(boxes) == 2, html  # the two task boxes we wrote, one per action
    assert ["checked" in box.attrs for box in boxes] == [False, True]
    assert root.find_all("img") == []
    for link in root.find_all("a"):  # only a bare URL the user typed may autolink, and shows as typed
        assert link.attrs["href"].startswith("https://evil.example/") and link.text() == unquote(link.attrs["href"])
    decisions = [li.text() for li in section(root, "Decisions", "li")]
    assert decisions[0].startswith(trap)


def test_agenda_markdown_uses_the_same_escaper() -> None:
    from meetingtui.cli.agendas import agenda_markdown
    from meetingtui.domain.agenda import Agenda

    trap = "[x](https://evil.example/a) ![p](x.png) *b* <i>"
    agenda = Agenda.model_validate(
        {
            "title": trap,
            "description": trap,
            "segments": [{"title": trap, "team": "sales", "duration": 5, "owner": trap, "prompts": [trap]}],
        }
    )
    root = github_html(agenda_markdown(agenda))
    assert root.find_all("img") == [] and root.find_all("em") == [] and root.find_all("i") == []
    assert all(a.text() == a.attrs["href"] for a in root.find_all("a"))
    assert root.find_all("h2")[0].text() == trap


def test_updates_to_earlier_actions_show_their_text_when_the_file_has_it() -> None:
    minutes = minimal(
        action_updates=[
            {"id": "2026-11-20-weekly-sync#3", "text": "Draft the *pricing* one-pager", "status": "done"},
            {"id": "2026-11-20-weekly-sync#4", "status": "open", "owner": "Sam"},  # an older file: no text
        ]
    )
    items = [li.text() for li in section(github_html(render_markdown(minutes)), "Updates to earlier actions", "li")]
    assert items == [
        "Draft the *pricing* one-pager · 2026-11-20-weekly-sync#3 → done",
        "2026-11-20-weekly-sync#4 → open, owner now Sam",
    ]


def test_updates_to_earlier_actions_say_whose_the_action_was() -> None:
    minutes = minimal(
        action_updates=[
            {"id": "2026-11-20-weekly-sync#3", "text": "Slow test", "status": "done", "owned_by": "Dana Lee"},
            {"id": "2026-11-20-weekly-sync#4", "text": "Deck", "status": "open", "owner": "Sam", "owned_by": "Ana"},
            {"id": "2026-11-20-weekly-sync#5", "status": "dropped", "owned_by": "[Ana](x)"},  # no text: the id
        ]
    )
    lines = render_markdown(minutes).splitlines()
    assert (
        "- Slow test — Dana Lee · 2026-11-20-weekly-sync#3 → **done**" in lines
    )  # the summary's "Slow test — Dana Lee"
    assert "- Deck — Ana · 2026-11-20-weekly-sync#4 → **open**, owner now Sam" in lines
    assert r"- 2026-11-20-weekly-sync#5 — \[Ana\]\(x\) → **dropped**" in lines  # escaped


def test_a_concern_without_teams_is_saved_and_read_back(tmp_path: Path) -> None:
    minutes = minimal(
        concerns=[
            {"text": "Nobody owns the webinar leads"},
            {"text": "Leads lack context", "from_team": "marketing", "to_team": "sales"},
            {"text": "Half a route", "from_team": "sales"},
        ]
    )
    saved = save_minutes(MinutesRepo(tmp_path), minutes)
    assert load_minutes(saved.toml_path) == minutes
    markdown = saved.md_path.read_text(encoding="utf-8")
    assert "- Nobody owns the webinar leads" in markdown  # no route we cannot name
    assert "**Marketing → Sales:** Leads lack context" in markdown
    assert "**Sales → —:** Half a route" in markdown

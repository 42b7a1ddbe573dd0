"""A generated team history for the report tests: two years of meetings of three agendas, both teams talking.

Hundreds of minutes saved as the app saves them (TOML + Markdown), a roster,
and proposal files: actions closed, dropped, re-assigned to the other team and
left overdue; concerns both ways (some in a segment where an action followed,
some without teams); proposals taken, declined, withdrawn and still open.
User text carries hostile Markdown and Mermaid (links, images, HTML, quotes,
``%%``, ``#``, emoji, right-to-left script).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from meetingtui.domain.ids import new_minutes_id, new_proposal_id
from meetingtui.domain.minutes import Minutes
from meetingtui.domain.proposals import Proposal
from meetingtui.store.minutes_store import save_minutes
from meetingtui.store.repo import MinutesRepo
from meetingtui.store.toml_io import dumps

TZ = dt.timezone(dt.timedelta(hours=1))
START = dt.date(2024, 12, 2)  # a Monday; two years up to 2026-11-30
HOSTILE_AGENDA = 'q"a:r;t[e]r %%{init} #1 🚀 مرحبا'
HOSTILE = [
    "[click](http://evil.example) and ![img](http://evil.example/x.png)",
    "<script>alert(1)</script> <b>bold</b> &amp;",
    '"quoted": a; b [c] %% d # e 🚀 שלום עולם',
    "| pipe | in | cell |",
]
ROSTER = [
    ("Sam Rivera", "sales"),
    ("Ali", "sales"),
    ("Lee", "sales"),
    ("Dana Lee", "marketing"),
    ("Kim", "marketing"),
    ("Jo", "joint"),
]
SEGMENTS = [("Pipeline review", "sales"), ("Campaign results", "marketing"), ("Open floor", "joint")]


def generate(root: Path, seed: int = 22) -> MinutesRepo:
    """Write the history under ``root`` (a fresh folder) and return its repository."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "people.toml").write_text(
        "".join(f'[[people]]\nname = "{name}"\nteam = "{team}"\n\n' for name, team in ROSTER)
    )
    repo = MinutesRepo(root)
    proposals = _proposals(rng, root)
    open_actions: list[tuple[str, str]] = []
    for week in range(104):
        monday = START + dt.timedelta(weeks=week)
        plan = []
        if rng.random() < 0.85:
            plan.append(("weekly-sync", monday + dt.timedelta(days=rng.randint(0, 4))))
        if monday.day <= 7 and rng.random() < 0.8:
            plan.append(("funnel-review", monday + dt.timedelta(days=2)))
        if rng.random() < 0.7:
            plan.append(("ride-along-debrief", monday + dt.timedelta(days=1)))
        if week % 2 == 0:
            plan.append(("content-co-creation", monday + dt.timedelta(days=4)))
        if week % 3 == 0:
            plan.append((HOSTILE_AGENDA, monday + dt.timedelta(days=3)))
        for slot, (agenda, date) in enumerate(sorted(plan, key=lambda item: item[1])):
            minutes = _meeting(rng, agenda, date, slot, open_actions, proposals)
            save_minutes(repo, minutes)
    return repo


def _proposals(rng: random.Random, root: Path) -> list[tuple[str, str, str]]:
    """Proposal files; returns (id, title, outcome wanted) for the ones meetings will take or decline."""
    wanted = []
    for n in range(30):
        team = ["sales", "marketing", "joint"][n % 3]
        proposed = dt.datetime(2025, 1, 6, 9, tzinfo=TZ) + dt.timedelta(weeks=3 * n)
        title = f"Topic {n} " + (HOSTILE[n % len(HOSTILE)] if n % 5 == 0 else "pricing")
        proposal_id = new_proposal_id("weekly-sync", proposed.date(), f"topic {n}")
        outcome = ["taken", "declined", "withdrawn", "open", "taken"][n % 5]
        data = {
            "id": proposal_id,
            "title": title,
            "agenda": "weekly-sync",
            "team": team,
            "minutes": rng.choice([5, 10, 15]),
            "proposed_by": ROSTER[n % len(ROSTER)][0],
            "proposed_at": proposed,
        }
        if outcome == "withdrawn":
            data |= {"withdrawn": True, "withdrawn_at": proposed + dt.timedelta(days=2), "withdrawn_reason": "moot"}
        path = root / "proposals" / "weekly-sync" / f"{proposed.date()}-topic-{n}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(Proposal.model_validate(data).to_document()))
        if outcome in ("taken", "declined"):
            wanted.append((proposal_id, f"Topic {n}", outcome))
    return wanted


def _meeting(rng, agenda, date, slot, open_actions, proposals) -> Minutes:
    minutes_id = new_minutes_id(date, agenda)
    start = dt.datetime.combine(date, dt.time(9 + 2 * slot), TZ)
    segments = [
        {
            "title": t,
            "team": team,
            "planned_seconds": 600,
            "actual_seconds": 600 + rng.randint(-200, 300),
            "status": rng.choice(["done"] * 6 + ["skipped", "not-reached"]),
        }
        for t, team in SEGMENTS
    ]
    taken, declined = [], []
    if agenda == "weekly-sync" and proposals and rng.random() < 0.3:
        proposal_id, title, outcome = proposals.pop(0)
        if outcome == "taken":
            segments.insert(
                2,
                {
                    "title": title,
                    "team": "marketing",
                    "planned_seconds": 300,
                    "actual_seconds": 280 + rng.randint(0, 60),
                    "status": "done",
                },
            )
            taken.append({"id": proposal_id, "segment": title})
        else:
            declined.append({"id": proposal_id, "title": title, "reason": "next quarter"})
    facilitator = rng.choice(ROSTER[:5])[0]
    attendees = [{"name": n, "team": t, "present": rng.random() < 0.8} for n, t in ROSTER]
    actions, concerns, updates = [], [], []
    for n in range(1, rng.randint(0, 3) + 1):
        owner, team = rng.choice(ROSTER)
        text = rng.choice(HOSTILE) if rng.random() < 0.1 else f"Follow up {n} on {date}"
        actions.append(
            {
                "id": f"{minutes_id}#{n}",
                "text": text,
                "owner": owner,
                "team": team,
                "due": date + dt.timedelta(days=rng.randint(3, 30)),
                "segment": rng.choice(SEGMENTS)[0],
            }
        )
    for _ in range(rng.randint(0, 2)):
        direction = rng.choice([("sales", "marketing"), ("marketing", "sales"), (None, None), ("joint", "sales")])
        concern = {"text": rng.choice([*HOSTILE, "Leads arrive cold"]), "segment": rng.choice(SEGMENTS)[0]}
        if direction[0]:
            concern |= {"from_team": direction[0], "to_team": direction[1]}
        concerns.append(concern)
    for action_id, owner in rng.sample(open_actions, min(len(open_actions), rng.randint(0, 3))):
        status = rng.choice(["done", "done", "dropped", "open"])
        update = {"id": action_id, "status": status, "owned_by": owner}
        if status == "open":
            update["owner"] = rng.choice(ROSTER)[0]  # re-assigned, often to the other team
        else:
            open_actions.remove((action_id, owner))
        updates.append(update)
    open_actions += [(a["id"], a["owner"]) for a in actions]
    return Minutes.model_validate(
        {
            "id": minutes_id,
            "title": agenda.replace("-", " ").title() if agenda != HOSTILE_AGENDA else HOSTILE[slot % 4],
            "agenda": agenda,
            "date": date,
            "started_at": start,
            "ended_at": start + dt.timedelta(minutes=50),
            "facilitator": facilitator,
            "attendees": attendees,
            "segments": segments,
            "actions": actions,
            "concerns": concerns,
            "proposals_taken": taken,
            "proposals_declined": declined,
            "action_updates": updates,
        }
    )

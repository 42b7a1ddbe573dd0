"""Make a realistic minutes history for the benchmarks: years of meetings, committed to git in one commit.

``python bench/make_history.py DIR [--files 50000] [--seed 7] [--no-git]`` writes DIR/minutes/YYYY/*.toml
(and a ``.md`` beside each) and commits them, so every file has a git blob id.

What makes it realistic: several sales+marketing groups (regions), each running its own weekly sync and
ride-along debrief, a biweekly content session, a monthly funnel review and a quarterly alignment, some
meetings cancelled, over as many years as it takes (eight or so for 50,000); permanent minutes ids
(``2026-11-27-weekly-sync-emea.k3f9q2xm``) apart from the file names; 0–5 actions a meeting, reviewed in
later meetings — mostly within weeks, some long after they were opened, some re-assigned; parked topics
that a later meeting of the same agenda takes up (``parked_from``); files whose mtime is when they were
saved (some edited long after). The TOML is written directly (the schema is fixed), not through
meetingtui's models, so 50,000 meetings take well under two minutes; ``--check`` validates a sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

END = dt.date(2026, 11, 27)
CADENCES = [
    ("weekly-sync", 7),
    ("ride-along-debrief", 7),
    ("content-co-creation", 14),
    ("funnel-review", 28),
    ("quarterly-alignment", 91),
]
REGIONS = ["emea", "dach", "nordics", "uk", "france", "iberia", "benelux", "apac", "anz", "japan", "india", "latam"]
PEOPLE = [
    ("Dana", "marketing"),
    ("Sam", "sales"),
    ("Ali", "sales"),
    ("Kim", "marketing"),
    ("Lee", "sales"),
    ("Noor", "marketing"),
    ("Jo", "joint"),
]
SEGMENTS = [
    ("Review open action items", "joint", 300),
    ("Pipeline review", "sales", 600),
    ("Campaign results", "marketing", 600),
    ("What we heard on calls", "sales", 900),
    ("Content requests", "marketing", 600),
    ("Open floor", "joint", 300),
]
WORDS = [
    "pricing",
    "objection",
    "onboarding",
    "webinar",
    "comparison",
    "page",
    "churn",
    "enterprise",
    "pilot",
    "case",
    "study",
    "renewal",
    "lead",
    "scoring",
    "handoff",
    "SDR",
    "follow-up",
    "nurture",
    "sequence",
    "persona",
    "battlecard",
    "demo",
    "trial",
    "security",
    "review",
    "ROI",
]
NONCE = "abcdefghjkmnpqrstuvwxyz23456789"
TZ = dt.timezone(dt.timedelta(hours=1))


def sentence(rng: random.Random, low: int = 4, high: int = 12) -> str:
    """A few words of plausible text."""
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize()


def value(item: object) -> str:
    """A TOML value: JSON's string escapes are a subset of TOML's basic strings."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, dt.date):  # dates and aware datetimes are TOML's own literals
        return item.isoformat()
    return json.dumps(item, ensure_ascii=False)


def table(fields: dict[str, object]) -> str:
    return "".join(f"{key} = {value(item)}\n" for key, item in fields.items() if item is not None)


def schedule(count: int, rng: random.Random) -> list[tuple[dt.date, str, str]]:
    """``count`` (date, agenda, region) triples, oldest first, ending at :data:`END`.

    As many regions and years as it takes: about eight years of meetings.
    """
    per_region_year = sum(365 / days for _, days in CADENCES) * 0.9  # a tenth are cancelled
    regions = max(1, min(len(REGIONS) * 3, round(count / (per_region_year * 8))))
    years = count / (per_region_year * regions)
    start = END - dt.timedelta(days=int(years * 365) + 30)
    meetings = []
    for number in range(regions):
        region = REGIONS[number % len(REGIONS)] + ("" if number < len(REGIONS) else f"-{number // len(REGIONS) + 1}")
        for agenda, days in CADENCES:
            day = start + dt.timedelta(days=rng.randrange(days))
            while day <= END:
                if rng.random() >= 0.1:
                    meetings.append((day, f"{agenda}-{region}", region))
                day += dt.timedelta(days=days)
    meetings.sort()
    return meetings[-count:]


class Writer:
    """The state that runs across meetings: open actions per region, parked topics per agenda."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.open: dict[str, list[str]] = {}
        self.parked: dict[str, tuple[str, str, str]] = {}  # agenda → (title, team, minutes id)
        self.slots: dict[dt.date, int] = {}

    def minutes(self, date: dt.date, agenda: str, region: str) -> tuple[str, str, str]:
        """(id, TOML, Markdown) of one meeting."""
        rng = self.rng
        minutes_id = f"{date.isoformat()}-{agenda}.{''.join(rng.choices(NONCE, k=8))}"
        slot = self.slots[date] = self.slots.get(date, 0) + 1
        start = dt.datetime(date.year, date.month, date.day, 8 + slot % 10, rng.randrange(0, 60, 5), tzinfo=TZ)
        end = start + dt.timedelta(minutes=rng.randint(30, 60))
        open_ids = self.open.setdefault(region, [])
        parts = [
            table(
                {
                    "schema_version": 1,
                    "id": minutes_id,
                    "title": agenda.replace("-", " ").title(),
                    "agenda": agenda,
                    "date": date,
                    "started_at": start,
                    "ended_at": end,
                    "facilitator": rng.choice(PEOPLE)[0],
                }
            )
        ]
        for name, team in PEOPLE:
            parts.append("[[attendees]]\n" + table({"name": name, "team": team, "present": rng.random() < 0.9}))
        segments = rng.sample(SEGMENTS, rng.randint(4, 6))
        taken = self.parked.pop(agenda, None)
        if taken is not None and rng.random() < 0.75:
            segments.insert(1, (taken[0], taken[1], 600))
        else:
            taken = None
        titles = []
        for title, team, planned in segments:
            titles.append(title)
            status = "done" if rng.random() < 0.9 or title == (taken or ("",))[0] else "skipped"
            fields = {
                "title": title,
                "team": team,
                "owner": rng.choice(PEOPLE)[0],
                "planned_seconds": planned,
                "actual_seconds": max(0, planned + rng.randint(-120, 240)),
                "status": status,
                "notes": "\n".join(sentence(rng) for _ in range(rng.randint(0, 4))),
                "parked_from": taken[2] if taken and title == taken[0] and rng.random() < 0.8 else None,
            }
            parts.append("[[segments]]\n" + table(fields))
        actions = []
        for number in range(1, rng.randint(0, 5) + 1):
            owner, team = rng.choice(PEOPLE)
            due = date + dt.timedelta(days=rng.randint(3, 21)) if rng.random() < 0.8 else None
            action_id = f"{minutes_id}#{number}"
            fields = {"id": action_id, "text": sentence(rng), "owner": owner, "team": team, "due": due}
            parts.append("[[actions]]\n" + table({**fields, "status": "open", "segment": rng.choice(titles)}))
            actions.append(action_id)
        for _ in range(rng.randint(0, 3)):
            parts.append("[[decisions]]\n" + table({"text": sentence(rng), "segment": titles[0]}))
        for _ in range(rng.randint(0, 2)):
            sides = rng.choice([("sales", "marketing"), ("marketing", "sales")])
            parts.append("[[concerns]]\n" + table({"text": sentence(rng), "from_team": sides[0], "to_team": sides[1]}))
        for _ in range(rng.randint(0, 3)):
            idea = sentence(rng, 3, 6) if rng.random() < 0.5 else None
            fields = {"text": sentence(rng), "source": f"call with {rng.choice(WORDS)}", "content_idea": idea}
            parts.append("[[insights]]\n" + table(fields))
        if rng.random() < 0.08 and agenda not in self.parked:
            title = sentence(rng, 2, 4)
            self.parked[agenda] = (title, "marketing", minutes_id)
            fields = {"title": title, "team": "marketing", "reason": "ran out of time", "agenda": agenda}
            parts.append("[[parked]]\n" + table({**fields, "minutes_id": minutes_id, "segment": 2}))
        for action_id in self.reviewed(open_ids, date.isoformat()):
            status = rng.choice(["done"] * 5 + ["dropped", "open"])
            owner = rng.choice(PEOPLE)[0] if status == "open" and rng.random() < 0.5 else None
            fields = {"id": action_id, "status": status, "owner": owner, "note": sentence(rng, 2, 6)}
            parts.append("[[action_updates]]\n" + table(fields))
            if status != "open":
                open_ids.remove(action_id)
        open_ids.extend(actions)
        markdown = f"# {agenda} — {date}\n\n" + "\n".join(f"- {title}" for title in titles) + "\n"
        return minutes_id, "\n".join(parts), markdown

    def reviewed(self, open_ids: list[str], today: str) -> list[str]:
        """Actions this meeting reviews: mostly recent ones, now and then one opened long ago; never today's."""
        rng = self.rng
        recent = [action_id for action_id in open_ids[-30:] if not action_id.startswith(today)]
        chosen = set(rng.sample(recent, min(len(recent), rng.randint(0, 4))))
        if len(open_ids) > 30 and rng.random() < 0.3:
            chosen.add(rng.choice(open_ids[:-30]))
        return sorted(chosen)


def generate(root: Path, count: int, seed: int = 7, commit: bool = True) -> Path:
    """Write ``count`` minutes (``.toml`` and ``.md``) under ``root/minutes/YYYY/`` and commit them; returns root."""
    rng = random.Random(seed)
    writer = Writer(rng)
    now = time.time()
    for date, agenda, region in schedule(count, rng):
        minutes_id, text, markdown = writer.minutes(date, agenda, region)
        folder = root / "minutes" / str(date.year)
        folder.mkdir(parents=True, exist_ok=True)
        stem = minutes_id.rsplit(".", 1)[0]
        number = 1
        while (folder / f"{stem}.toml").exists():
            number += 1
            stem = f"{minutes_id.rsplit('.', 1)[0]}-{number}"
        saved = dt.datetime(date.year, date.month, date.day, 18).timestamp()
        if rng.random() < 0.05:  # edited later: a typo fixed, a note added
            saved += rng.randint(1, 400) * 86400
        saved = min(saved, now - 86400)
        for suffix, content in ((".toml", text), (".md", markdown)):
            path = folder / f"{stem}{suffix}"
            path.write_text(content, encoding="utf-8")
            os.utime(path, (saved, saved))
    if commit:
        git = ["git", "-C", str(root), "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
        if not (root / ".git").exists():
            subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run([*git, "add", "-A", "minutes"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", f"{count} minutes"], check=True)
    return root


def check(root: Path, sample: int = 200) -> None:
    """Validate a sample of the files with meetingtui's models (raises on the first bad one)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from meetingtui.store.minutes_store import load_minutes

    paths = sorted(root.glob("minutes/*/*.toml"))
    for path in random.Random(1).sample(paths, min(sample, len(paths))):
        load_minutes(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-git", action="store_true", help="write the files only")
    parser.add_argument("--check", action="store_true", help="validate a sample with meetingtui's models")
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.root, args.files, args.seed, commit=not args.no_git)
    print(f"{args.files} minutes in {args.root} in {time.perf_counter() - started:.1f}s")
    if args.check:
        check(args.root)
        print("sample validated")


if __name__ == "__main__":
    main()

"""Bulk-seed a database with applications for the scale benchmarks (core inserts, batched).

Each file gets the history the engine would have written on its way to its stage (opened,
submitted, accepted, … one row a step), each row that leaves a stage with the working minutes
spent there (`engine.minutes_in_stage`, the office calendar), so the dashboard's medians have
real visits to read.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from storage import Applicant, Application, HistoryEvent, NameTerm, SearchTerm, Service, utcnow
from storage.search_terms import detail_terms, words
from workflow.definition import load
from workflow.engine import calendar_for, minutes_in_stage

# Names as the office sees them, so a name search matches as many files as it would there: a full
# name about 30 applicants (of 50,000), a common first name about 1 in 40.
FIRST = ("Siti", "Muhammad", "Nur", "Ahmad", "Dewi", "Rizki", "Putri", "Budi", "Sri", "Agus", "Fitri", "Hendra",
         "Indah", "Joko", "Kartini", "Lestari", "Mawar", "Nanda", "Rahmat", "Yusuf", "Zulkifli", "Ayu", "Bayu",
         "Citra", "Dian", "Eka", "Fajar", "Gita", "Hadi", "Irma", "Jamal", "Khairul", "Lina", "Mega", "Novi",
         "Oki", "Pratiwi", "Rina", "Syahrul", "Taufik")
LAST = ("Aminah", "Santoso", "Hidayat", "Lubis", "Siregar", "Nasution", "Harahap", "Saragih", "Simanjuntak",
        "Pohan", "Rangkuti", "Daulay", "Batubara", "Tanjung", "Sitompul", "Hasibuan", "Ritonga", "Pulungan",
        "Effendi", "Syahputra", "Wijaya", "Kurniawan", "Setiawan", "Pratama", "Saputra", "Ramadhan", "Fauzi",
        "Hakim", "Kusuma", "Maharani", "Anggraini", "Permata", "Utami", "Wahyuni", "Rahmawati", "Yuliani",
        "Handayani", "Susanti", "Marpaung", "Panjaitan")
BATCH = 20_000
APPLICANTS = 50_000
OPEN_SHARE = 0.03  # share of files still being worked on

# The SOP's main path, and how long a visit of each stage lasts (working minutes, low–high).
MAIN_PATH = ("draft", "completeness_check", "technical_review", "verification", "approval", "numbering",
             "signing", "printing", "ready_for_pickup", "completed")
PATH_TO = {
    **{stage: MAIN_PATH[: n + 1] for n, stage in enumerate(MAIN_PATH)},
    "returned": ("draft", "completeness_check", "returned"),
    "rejected": ("draft", "completeness_check", "technical_review", "rejected"),
    "cancelled": ("draft", "cancelled"),
}
VISIT_MINUTES = {
    "draft": (5, 120),
    "completeness_check": (3, 60),
    "returned": (450, 4 * 450),
    "technical_review": (300, 9 * 450),
    "ready_for_pickup": (60, 5 * 450),
}
SHORT_VISIT = (2, 45)  # verification … printing


def seed_applications(rt, count: int, *, seed: int = 7) -> float:
    """Insert `count` applications spread over every stage; returns seconds taken."""
    import time

    rng = random.Random(seed)
    flow = load("rekomendasi")
    open_stages = [s for s in flow.stages if not flow.stage(s).final and s != "draft"]
    final_stages = [s for s in flow.stages if flow.stage(s).final]
    start = time.perf_counter()
    with rt.transaction() as s:
        service_id = s.scalar(select(Service.id).where(Service.code == "APS"))
        have = s.scalar(select(func.count()).select_from(Applicant))
        for lo in range(have, min(APPLICANTS, count), BATCH):
            hi = min(lo + BATCH, APPLICANTS, count)
            s.execute(insert(Applicant), [
                {"whatsapp": applicant_whatsapp(i), "name": applicant_name(i), "nik": applicant_nik(i),
                 "language": "id", "created_at": utcnow()} for i in range(lo, hi)
            ])
            first = s.scalar(select(func.max(Applicant.id))) - (hi - lo) + 1
            s.execute(insert(NameTerm), [{"applicant_id": first + n, "term": term}
                                         for n, i in enumerate(range(lo, hi)) for term in set(words(applicant_name(i)))])
        applicant_ids = list(s.scalars(select(Applicant.id).order_by(Applicant.id).limit(APPLICANTS)))
        existing = s.scalar(select(func.count()).select_from(Application))
        calendar = calendar_for(s)
    now = utcnow()
    for lo in range(existing, count, BATCH):
        hi = min(lo + BATCH, count)
        rows, paths, history = [], [], []
        for i in range(lo, hi):
            # An office that has run for years: most files are closed; the open ones are recent,
            # a few of them overdue (by hours or days, not months).
            open_file = rng.random() < OPEN_SHARE
            stage = rng.choice(open_stages if open_file else final_stages)
            if open_file:
                steps = _steps(rng, calendar, PATH_TO[stage], now - timedelta(minutes=rng.randint(0, 60 * 24 * 10)), now)
                entered = steps[-1][0]
                due = entered + timedelta(minutes=rng.choice([60 * 4, 60 * 24 * 2, 60 * 24 * 12, 60 * 24 * 12]))
            else:
                steps = _steps(rng, calendar, PATH_TO[stage], now - timedelta(minutes=rng.randint(60 * 24 * 10, 60 * 24 * 730)), now)
                entered = steps[-1][0]
                due = None
            paths.append(steps)
            rows.append({
                "tracking_code": f"APS-{2000 + i // 1_000_000}-{i % 1_000_000:06d}",
                "service_id": service_id,
                "applicant_id": applicant_ids[i % len(applicant_ids)],
                "stage": stage,
                "stage_entered_at": entered,
                "stage_due_at": due,
                "created_at": steps[0][0],
                "submitted_at": steps[1][0] if len(steps) > 1 and steps[1][2] == "completeness_check" else None,
                "closed_at": None if open_file else entered,
                "details": {"child_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "child_birth_date": "2012-05-01"},
                "issued_number": letter_number(i) if stage == "completed" else None,
            })
        with rt.transaction() as s:
            s.execute(insert(Application), rows)
            first_id = s.scalar(select(func.max(Application.id))) - len(rows) + 1
            for n, steps in enumerate(paths):
                previous = None
                for at, source, target in steps:
                    history.append({"application_id": first_id + n, "at": at, "actor_type": "system",
                                    "actor_name": "seed", "role": "", "action": "seed", "from_stage": source,
                                    "to_stage": target, "note": "", "data": {}, "service_id": service_id,
                                    "working_minutes": minutes_in_stage(calendar, previous, at) if previous else None})
                    previous = at
            s.execute(insert(HistoryEvent), history)
            # What storage/search_terms.py writes for an ORM flush (core inserts go around it).
            s.execute(insert(SearchTerm), [{"application_id": first_id + n, "term": term}
                                           for n, row in enumerate(rows) for term in sorted(detail_terms(row["details"]))])
    return time.perf_counter() - start


def applicant_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"


def applicant_nik(i: int) -> str:
    return f"1407{i:012d}"


def applicant_whatsapp(i: int) -> str:
    return f"+62812{i:08d}"


def letter_number(i: int) -> str:
    return f"400.9/{i + 1}/DPMPTSP-REK/{2000 + i // 1_000_000}"


def _steps(rng: random.Random, calendar, path: tuple[str, ...], opened, now) -> list[tuple]:
    """(at, from_stage, to_stage) for a file opened at `opened` that walked `path` in office hours,
    oldest first; moved back by whole weeks where it would end after `now`."""
    steps = [(opened, None, path[0])]
    for source, target in zip(path, path[1:], strict=False):
        minutes = rng.randint(*VISIT_MINUTES.get(source, SHORT_VISIT))
        steps.append((calendar.add_minutes(steps[-1][0], minutes), source, target))
    weeks = max(0, -((now - steps[-1][0]) // timedelta(weeks=1)))
    return [(at - timedelta(weeks=weeks), source, target) for at, source, target in steps]

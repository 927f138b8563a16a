"""Bulk-seed a database with applications for the scale benchmarks (core inserts, batched)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from storage import Applicant, Application, HistoryEvent, Service, utcnow
from workflow.definition import load

BATCH = 20_000
APPLICANTS = 50_000
OPEN_SHARE = 0.03  # share of files still being worked on


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
                {"whatsapp": f"+62810{i:08d}", "name": f"Pemohon {i}", "nik": f"1407{i:012d}",
                 "language": "id", "created_at": utcnow()} for i in range(lo, hi)
            ])
        applicant_ids = list(s.scalars(select(Applicant.id).order_by(Applicant.id).limit(APPLICANTS)))
        existing = s.scalar(select(func.count()).select_from(Application))
    now = utcnow()
    for lo in range(existing, count, BATCH):
        hi = min(lo + BATCH, count)
        rows, history = [], []
        for i in range(lo, hi):
            # An office that has run for years: most files are closed; the open ones are recent,
            # a few of them overdue (by hours or days, not months).
            open_file = rng.random() < OPEN_SHARE
            stage = rng.choice(open_stages if open_file else final_stages)
            if open_file:
                entered = now - timedelta(minutes=rng.randint(0, 60 * 24 * 10))
                due = entered + timedelta(minutes=rng.choice([60 * 4, 60 * 24 * 2, 60 * 24 * 12, 60 * 24 * 12]))
            else:
                entered = now - timedelta(minutes=rng.randint(60 * 24 * 10, 60 * 24 * 730))
                due = None
            rows.append({
                "tracking_code": f"APS-{2000 + i // 1_000_000}-{i % 1_000_000:06d}",
                "service_id": service_id,
                "applicant_id": applicant_ids[i % len(applicant_ids)],
                "stage": stage,
                "stage_entered_at": entered,
                "stage_due_at": due,
                "created_at": entered - timedelta(days=1),
                "submitted_at": entered - timedelta(hours=20),
                "closed_at": None if open_file else entered,
                "details": {},
            })
        with rt.transaction() as s:
            s.execute(insert(Application), rows)
            first_id = s.scalar(select(func.max(Application.id))) - len(rows) + 1
            for n, row in enumerate(rows):
                history.append({"application_id": first_id + n, "at": row["stage_entered_at"], "actor_type": "system",
                                "actor_name": "seed", "role": "", "action": "seed", "from_stage": None,
                                "to_stage": row["stage"], "note": "", "data": {}})
            s.execute(insert(HistoryEvent), history)
    return time.perf_counter() - start

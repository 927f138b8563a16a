"""The SOP definition itself is sound: every stage reachable, every open stage can end,
every message key exists, every effect is implemented, roles are real."""

from __future__ import annotations

import pytest

import catalogue
from storage import ROLES
from workflow import effects
from workflow.definition import ACTION_KINDS, APPLICANT, FIELD_TYPES, all_workflows, load, service_definitions
from workflow.validation import check_workflow

WORKFLOWS = all_workflows()


def test_there_is_the_sop_workflow():
    flow = load("rekomendasi")
    assert flow.initial == "draft"
    assert set(flow.final_stages) == {"completed", "rejected", "cancelled"}
    # The SOP's standard times (SOP.md, structured form).
    assert flow.stage("technical_review").sla.working_days == 6
    assert flow.stage("completeness_check").sla.minutes == 15
    assert flow.stage("signing").sla.minutes == 15
    assert [flow.stage(s).sla.minutes for s in ("verification", "approval", "numbering")] == [10, 10, 10]


@pytest.mark.parametrize("flow", WORKFLOWS, ids=lambda f: f.key)
def test_the_workflow_keeps_the_rules_flask_services_check_applies(flow):
    """Reachability, dead ends, kinds, roles, field types, effects, catalogue texts: one rule set,
    workflow/validation.py, shared with `flask services check`."""
    assert check_workflow(flow) == []


@pytest.mark.parametrize("flow", WORKFLOWS, ids=lambda f: f.key)
def test_actions_are_well_formed(flow):
    for a in flow.actions:
        assert a.kind in ACTION_KINDS, a
        assert a.source in flow.stages and a.target in flow.stages, a
        assert not flow.stage(a.source).final, a
        assert set(a.roles) <= set(ROLES) | {APPLICANT}, a
        assert all(f.type in FIELD_TYPES for f in a.fields), a
        assert a.effect is None or a.effect in effects.registered(), a
        for key in filter(None, (a.notice, a.staff_notice)):
            assert catalogue.exists(key), key
        assert bool(a.staff_notice) == bool(a.notify_roles), a
    for stage in flow.stages.values():
        assert catalogue.exists(f"stage.{stage.name}") or stage.words, stage.name  # the data may word a new stage
        if not stage.final:
            assert stage.owner in set(ROLES) | {APPLICANT}, stage
        # Names are unique within a stage (the API addresses actions by name).
        names = [a.name for a in flow.actions_from(stage.name)]
        assert len(names) == len(set(names)), stage.name


@pytest.mark.parametrize("flow", WORKFLOWS, ids=lambda f: f.key)
def test_staff_stages_are_worked_by_their_owner(flow):
    """A stage owned by a staff role is moved by that role; an applicant's stage may also be
    closed at the counter (collect) by the back office."""
    for a in flow.actions:
        owner = flow.stage(a.source).owner
        assert owner in a.roles or owner == APPLICANT, a


def test_services_name_existing_workflows_and_unique_requirement_codes():
    for spec in service_definitions():
        load(spec["workflow"])
        codes = [r["code"] for r in spec["requirements"]]
        assert len(codes) == len(set(codes))
        assert "{seq}" in spec["number_format"]


def test_default_service_requirements_match_the_issue():
    spec = next(s for s in service_definitions() if s["code"] == "APS")
    required = [r["code"] for r in spec["requirements"] if r["required"]]
    optional = [r["code"] for r in spec["requirements"] if not r["required"]]
    assert len(required) == 9 and optional == ["bukti_kip_dtks"]


def test_mermaid_diagram_lists_every_action(runner):
    result = runner.invoke(args=["sop", "diagram"])
    assert result.exit_code == 0
    assert result.output.startswith("stateDiagram-v2")
    for a in load("rekomendasi").actions:
        assert f"{a.source} --> {a.target}: {a.name}" in result.output

"""The GitHub workflows: actions pinned by commit, least permissions, no stored credentials,
and the weekly external link check apart from publishing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from conftest import ROOT

from talk_kit.sitecheck.project import open_project

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED_USES_RE = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>[0-9a-f]{40})\s+#\s+v\d+(?:\.\d+)*\s*$"
)
USES_RE = re.compile(r"^\s*(?:-\s+)?uses:")
PINNED_REQUIREMENT_RE = re.compile(r"^[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.+-]*$")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec["steps"]]


ALL = sorted(path.name for path in WORKFLOWS.glob("*.yml"))


def test_both_workflows_exist() -> None:
    assert ALL == ["external-links.yml", "publish.yml"]


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_by_commit_with_its_tag(name: str) -> None:
    lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if USES_RE.match(line)]
    assert uses, "a workflow without actions is not what this test expects"
    unpinned = [line.strip() for line in uses if not PINNED_USES_RE.match(line)]
    assert unpinned == []


def test_one_action_one_commit() -> None:
    """The same action is pinned to the same commit everywhere (no half-updated pins)."""
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED_USES_RE.match(line)
            if match:
                pins.setdefault(match["action"], set()).add(match["ref"])
    assert {action: refs for action, refs in pins.items() if len(refs) > 1} == {}


@pytest.mark.parametrize("name", ALL)
def test_least_permissions_per_job(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}  # nothing unless a job asks
    for job, spec in workflow["jobs"].items():
        permissions = spec.get("permissions")
        assert isinstance(permissions, dict), f"{job} names no permissions"
        assert permissions.get("contents") == "read", job
        assert set(permissions.values()) <= {"read", "write"}
        writes = {key for key, value in permissions.items() if value == "write"}
        assert writes <= {"pages", "id-token"}, job


def test_only_the_deploy_job_may_write() -> None:
    jobs = load("publish.yml")["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
    }


@pytest.mark.parametrize("name", ALL)
def test_checkout_keeps_no_credentials(name: str) -> None:
    every = [step for _, step in steps(load(name))]
    checkouts = [step for step in every if "actions/checkout@" in step.get("uses", "")]
    assert checkouts
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)


def test_external_links_run_weekly_and_on_demand_never_on_push() -> None:
    workflow = load("external-links.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    cron = workflow["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2] == "*" and cron[3] == "*" and cron[4].isdigit()  # weekly


def test_external_links_use_the_checker_cache_and_write_the_summary() -> None:
    workflow = load("external-links.yml")
    all_steps = [step for _, step in steps(workflow)]
    cache = [step for step in all_steps if "actions/cache@" in step.get("uses", "")]
    cache_dir = open_project(ROOT / "mkdocs.yml")[2].external.cache_dir
    assert [step["with"]["path"] for step in cache] == [cache_dir]
    scripts = "\n".join(step.get("run", "") for step in all_steps)
    assert "sitecheck check --external" in scripts
    assert "$GITHUB_STEP_SUMMARY" in scripts


def test_publishing_does_not_wait_for_external_links() -> None:
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert "--external" not in text and "external-links" not in text


def test_new_venvs_get_pinned_packaging_tools() -> None:
    lines = (ROOT / "requirements-bootstrap.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line for line in lines if line.strip() and not line.startswith("#")]
    assert {line.split("==")[0] for line in requirements} == {"pip", "setuptools"}
    assert all(PINNED_REQUIREMENT_RE.match(line) for line in requirements)
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    creation = setup[setup.index("-m venv .venv") : setup.index("fi", setup.index("-m venv .venv"))]
    assert "-r requirements-bootstrap.txt" in creation  # once, when the venv is created

"""The rule registry: `--select` runs exactly the rules it names, and other packages add rules
through the `surveybib.rules` entry point group."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from surveybib import api, catalogue, parse_bib, rules
from surveybib.config import load_config
from tests.test_codes_fire import CASES, TODAY, checked

CHECK_CODES = [code for code in rules.check_codes() if code != "O001"]


def test_every_check_code_belongs_to_one_rule_and_the_catalogue():
    codes = rules.check_codes()
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(catalogue.codes())
    assert {rule.scope for rule in rules.all_rules()} == {"entry", "survey", "project"}


@pytest.fixture
def ran(monkeypatch):
    """The names of the rules that ran, in order (every rule's function wrapped)."""
    names: list[str] = []

    def spy(rule):
        def run(target, context):
            names.append(rule.name)
            return rule.run(target, context)
        return rules.Rule(rule.name, rule.codes, rule.scope, run)

    wrapped = tuple(spy(rule) for rule in rules.all_rules())
    monkeypatch.setattr(rules, "all_rules", lambda: wrapped)
    return names


@pytest.mark.parametrize("code", CHECK_CODES)
def test_select_one_code_runs_its_rule_alone_and_finds_what_the_full_run_finds(code, ran):
    case = CASES[code]
    assert case.run is checked  # every check code's case goes through api.check
    survey, _ = parse_bib(case.fires, file="survey.bib")
    everything = [f for f in api.check(survey, today=TODAY) if f.code == code]
    ran.clear()
    alone = api.check(survey, select=(code,), today=TODAY)
    assert alone == everything and alone  # the same findings, and some
    owner = next(rule.name for rule in rules.all_rules() if code in rule.code_names)
    assert set(ran) == {owner}


def test_ignore_skips_a_rule_whose_codes_are_all_ignored(ran):
    survey, _ = parse_bib(CASES["D002"].fires, file="survey.bib")
    found = api.check(survey, ignore=("D",), today=TODAY)
    assert "duplicates" not in ran and not any(f.code.startswith("D") for f in found)


def test_select_o001_runs_only_the_project_rule(tmp_path, monkeypatch, ran):
    from surveybib import plans

    (tmp_path / "bib").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n')
    (tmp_path / "bib" / "survey.bib").write_text(CASES["F002"].fires)  # no README list yet: O001
    monkeypatch.chdir(tmp_path)
    config = load_config()
    full = plans.check_files(config, today=date(2025, 1, 15)).findings
    ran.clear()
    alone = plans.check_files(config, select=("O001",), today=date(2025, 1, 15)).findings
    assert set(ran) == {"outputs"}
    assert alone == [f for f in full if f.code == "O001"] and alone


PLUGIN = '''
from surveybib.catalogue import Code
from surveybib.model import Finding
from surveybib.rules import Rule


def _pages(entry, context):
    if entry.type == "article" and "pages" not in entry.fields:
        return [Finding("Z901", "an article without pages", entry.source, entry.key)]
    return []


RULE = Rule("article-pages", (Code("Z901", "warning", "an article without pages", "add the pages"),), "entry", _pages)
'''

ARTICLE = "@article{a,\n  author = {Ho, Jonathan},\n  title = {A paper},\n  journal = {Journal of Tests},\n  year = {2020}\n}\n"


def _install(tmp_path, module: str, value: str = "fakerules:RULE"):
    """A minimal installed distribution that registers a rule under `surveybib.rules`."""
    dist = tmp_path / "site" / "surveybib_fakerules-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: surveybib-fakerules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[surveybib.rules]\narticle-pages = {value}\n")
    (tmp_path / "site" / "fakerules.py").write_text(module)
    (tmp_path / "a.bib").write_text(ARTICLE)
    return {**os.environ, "PYTHONPATH": str(tmp_path / "site")}


def _check(tmp_path, env, *args):
    return subprocess.run([sys.executable, "-m", "surveybib", "check", "a.bib", *args],
                          capture_output=True, text=True, env=env, cwd=tmp_path)


def test_an_installed_package_adds_a_rule_that_select_runs(tmp_path):
    env = _install(tmp_path, PLUGIN)
    done = _check(tmp_path, env, "--select", "Z901", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [(f["code"], f["severity"], f["key"], f["line"]) for f in json.loads(done.stdout)] == [("Z901", "warning", "a", 1)]
    everything = _check(tmp_path, env, "--format", "json")
    assert "Z901" in {f["code"] for f in json.loads(everything.stdout)}
    text = _check(tmp_path, env, "--select", "Z9")
    assert "Z901 [warning] a: an article without pages" in text.stdout and "hint: add the pages" in text.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib.check]\nseverity = { Z901 = "error" }\n')
    assert _check(tmp_path, env, "--select", "Z901").returncode == 1  # the project's severity holds for it


def test_without_the_package_its_code_is_unknown(tmp_path):
    _install(tmp_path, PLUGIN)
    done = _check(tmp_path, dict(os.environ), "--select", "Z901")
    assert done.returncode == 2 and "'Z901' is no rule code" in done.stderr


@pytest.mark.parametrize("module, value, message", [
    ("raise ImportError('no such thing')\n", "fakerules:RULE", "does not load: ImportError: no such thing"),
    ("RULE = 42\n", "fakerules:RULE", "is not a surveybib.rules.Rule"),
    (PLUGIN.replace('Code("Z901"', 'Code("D001"'), "fakerules:RULE", "code D001 is already taken"),
    (PLUGIN.replace('(Code("Z901", "warning", "an article without pages", "add the pages"),)', '("Z901",)'),
     "fakerules:RULE", "code Z901 is not in the catalogue"),
])
def test_a_broken_rule_plugin_is_a_clear_error(tmp_path, module, value, message):
    done = _check(tmp_path, _install(tmp_path, module, value))
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_codes_explains_a_code_and_names_its_rule():
    from click.testing import CliRunner

    from surveybib.cli import main

    result = CliRunner().invoke(main, ["codes", "V004", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"code": "V004", "severity": "warning", "rule": "venues", "fix": False,
                                          "summary": catalogue.get("V004").summary, "hint": catalogue.get("V004").hint}]
    every = json.loads(CliRunner().invoke(main, ["codes", "--format", "json"]).stdout)
    assert [item["code"] for item in every] == sorted(catalogue.codes())
    assert CliRunner().invoke(main, ["codes", "Q9"]).exit_code == 2


def test_the_quick_look_for_plugins_finds_a_declared_group(tmp_path, monkeypatch):
    from surveybib import entrypoints

    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert not entrypoints._declared_anywhere()
    dist = tmp_path / "other-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    assert not entrypoints._declared_anywhere()
    (dist / "entry_points.txt").write_text("[surveybib.rules]\nx = other:RULE\n")
    assert entrypoints._declared_anywhere()
    (tmp_path / "bundle.zip").write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "bundle.zip")])
    assert entrypoints._declared_anywhere()  # a zip: importlib.metadata must look

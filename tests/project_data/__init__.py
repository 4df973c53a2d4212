"""Checks of the project's own data, not tests of the tool.

Each module here reads this repository's survey (bib/survey.bib, bib/sources/, bib/README.md,
bib/exports/, latex/, site/) or its documents (README.md, .ci/run, docs/), and checks that
they hold what the project promises: a clean and canonical bib whose facts name their
sources, outputs in sync with it, a PDF that builds, a README whose quick start CI runs.
Correcting the survey may change what these checks expect; it never touches a test of the
tool, which uses the small fixture project of tests/data/project. Run only these with
`pytest tests/project_data`.
"""

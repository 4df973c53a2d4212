"""arXiv ids, DOIs and URL repair."""

import pytest

from surveybib.text.identifiers import (
    arxiv_from_url,
    clean_url,
    doi_from_url,
    parse_arxiv_id,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010.02502", ("2010.02502", 2020, 10)),
        ("2305.18766v2", ("2305.18766", 2023, 5)),
        ("1312.6114", ("1312.6114", 2013, 12)),  # 4-digit numbers before 2015
        ("hep-th/9901001", ("hep-th/9901001", 1999, 1)),
        ("math.GT/0309136v1", ("math.GT/0309136", 2003, 9)),
        ("2502.143", None),  # the seed's HybridPrompt link: too short
        ("1501.0001", None),  # 4-digit number after 2015
        ("1412.00001", None),  # 5-digit number before 2015
        ("2313.00001", None),  # month 13
        ("0612.0001", None),  # new style starts in 2007-04
    ],
)
def test_parse_arxiv_id(text, expected):
    result = parse_arxiv_id(text)
    assert (result and (result.id, result.year, result.month)) == expected


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2010.11929/1000", "2010.11929"),
        ("https://arxiv.org/abs/2106.09685v1/1000", "2106.09685"),
        ("https://export.arxiv.org/abs/2305.18766v2", "2305.18766"),
        ("https://arxiv.org/html/2402.14167", "2402.14167"),
        ("https://arxiv.org/pdf/2301.00001v3.pdf", "2301.00001"),
        ("http://www.arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/2502.143", None),
    ],
)
def test_arxiv_from_url(url, arxiv_id):
    link = arxiv_from_url(url)
    assert (link.id.id if link.id else None) == arxiv_id
    if arxiv_id:
        assert link.canonical_url == f"https://arxiv.org/abs/{arxiv_id}"


def test_not_arxiv():
    assert arxiv_from_url("https://notarxiv.org/abs/2301.00001") is None
    assert arxiv_from_url("https://arxiv.org/list/cs.CV/recent") is None


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://dl.acm.org/doi/abs/10.1145/3610548.3618160", "10.1145/3610548.3618160"),
        ("https://dl.acm.org/doi/10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("https://www.nature.com/articles/s41586-021-03819-2", "10.1038/s41586-021-03819-2"),
        ("https://www.nature.com/articles/s41467-024-46569-1", "10.1038/s41467-024-46569-1"),
        ("https://link.springer.com/chapter/10.1007/978-3-319-24574-4_28", "10.1007/978-3-319-24574-4_28"),
        ("https://doi.org/10.5281/zenodo.10948109", "10.5281/zenodo.10948109"),
        ("https://ieeexplore.ieee.org/abstract/document/10112585", None),
        ("https://www.nature.com/nature/volumes/600", None),
    ],
)
def test_doi_from_url(url, doi):
    assert doi_from_url(url) == doi


@pytest.mark.parametrize(
    ("url", "clean", "codes"),
    [
        ("hhttps://arxiv.org/abs/2401.09047", "https://arxiv.org/abs/2401.09047", ["I010"]),
        ("https://arxiv.org/abs/2405.18991#:~:text=This%20paper", "https://arxiv.org/abs/2405.18991", ["I011"]),
        ("https://example.org/page#section-2", "https://example.org/page#section-2", []),
        (
            "https://aclanthology.org/N19-1423/?utm_campaign=The%20Batch&utm_source=hs_email&_hsenc=p2A",
            "https://aclanthology.org/N19-1423/",
            ["I012"],
        ),
        ("https://proceedings.mlr.press/v162/lu22f.html?ref=https://githubhelp.com",
         "https://proceedings.mlr.press/v162/lu22f.html", ["I012"]),
        ("https://openreview.net/forum?id=CVpuVe1N22&noteId=aTI8PGpO47",
         "https://openreview.net/forum?id=CVpuVe1N22&noteId=aTI8PGpO47", []),
        ("https://x.net/a.pdf?Expires=1&Signature=s&Key-Pair-Id=k", "https://x.net/a.pdf?Expires=1&Signature=s&Key-Pair-Id=k", ["I013"]),
    ],
)
def test_clean_url(url, clean, codes):
    result = clean_url(url)
    assert result.url == clean
    assert [code for code, _ in result.repairs] == codes

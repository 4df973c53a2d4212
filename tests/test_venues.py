"""The venue registry: text and URLs to (venue, year), table-driven over every seed form."""

import json

import pytest

from surveybib import api
from surveybib.venues import build_registry, default_registry, venues_from_toml

from .conftest import run_cli

# (input, venue short name, year). Badges are given as the seed writes them (label-date);
# URLs are the seed's own links or the same forms. Each row was checked against the rule
# it exercises (data/venue_urls.toml) and, for volume and prefix tables, the publisher's index.
CASES = [
    # badges of the seed list, as label-date text
    ("CVPR-2024", "CVPR", 2024), ("CVPR-2017", "CVPR", 2017), ("ICCV-2023", "ICCV", 2023),
    ("NeurIPS-2022", "NeurIPS", 2022), ("NeurIPS-2014", "NeurIPS", 2014),
    ("NeulIPS-2024", "NeurIPS", 2024), ("NeulIPS-2019", "NeurIPS", 2019),
    ("NeurlIPS-2017", "NeurIPS", 2017), ("NIPS-2023", "NeurIPS", 2023),
    ("NeurIPS-2024.07", "NeurIPS", 2024), ("NeurIPS_Workshop-2021", "NeurIPS Workshop", 2021),
    ("ICML-2023", "ICML", 2023), ("ICNL-2021", "ICML", 2021), ("ICLR-2019", "ICLR", 2019),
    ("ICLR-2024", "ICLR", 2024), (" ICLR-2023", "ICLR", 2023),
    ("arxiv-2024.05", "arXiv", 2024), ("arXiv-2015.03", "arXiv", 2015), ("arxiv-2009", "arXiv", 2009),
    ("AAAI-2024", "AAAI", 2024), ("JMLR-2022", "JMLR", 2022), ("JCLR-2020", "JMLR", 2020),
    ("TMLR-2023", "TMLR", 2023), ("TASLP-2023", "TASLP", 2023), ("PAMI-2023", "TPAMI", 2023),
    ("Nature-2021", "Nature", 2021), ("Nature_Communications-2023", "Nature Communications", 2023),
    ("NAACL-2019", "NAACL", 2019), ("EMNLP-2021", "EMNLP", 2021), ("COLING-2022", "COLING", 2022),
    ("ACL-2022", "ACL", 2022), ("MICCAI-2015", "MICCAI", 2015), ("SIGGRAPH-2023", "SIGGRAPH", 2023),
    ("ACM_SIGGRAPH-2024", "SIGGRAPH", 2024), ("ACM_MM-2022", "ACM MM", 2022),
    ("ACM_Transactions_on_Graphics-2022", "TOG", 2022),
    ("ACM_Computing_Surveys-2023", "ACM Computing Surveys", 2023),
    ("Online-2024", "Online", 2024), ("Online-2024.08", "Online", 2024),
    ("Computer_Science-2023", None, 2023), ("2018", None, 2018),
    # free text of other lists and of bib fields
    ("NeulIPS 2024", "NeurIPS", 2024), ("NIPS'17", "NeurIPS", 2017), ("NeurIPS '23", "NeurIPS", 2023),
    ("CVPR 23", "CVPR", 2023), ("CVRP 2022", "CVPR", 2022), ("ECCV 2022", "ECCV", 2022),
    ("ICCV", "ICCV", None), ("ICML", "ICML", None), ("IJCV", "IJCV", None), ("WACV 2024", "WACV", 2024),
    ("BMVC 2021", "BMVC", 2021), ("IJCAI 2023", "IJCAI", 2023), ("TACL", "TACL", None),
    ("EACL 2024", "EACL", 2024), ("KDD 2023", "KDD", 2023), ("WWW 2024", "WWW", 2024),
    ("TIP 2022", "TIP", 2022), ("Science", "Science", None), ("CVPRW 2023", "CVPR Workshops", 2023),
    ("ICCV Workshops 2019", "ICCV Workshops", 2019), ("Findings of ACL 2023", "Findings of ACL", 2023),
    ("NeurIPS Datasets and Benchmarks 2022", "NeurIPS Datasets and Benchmarks", 2022),
    ("SIGGRAPH Asia 2023", "SIGGRAPH Asia", 2023), ("CoRL 2021", "CoRL", 2021),
    ("Proc. of the 40th International Conference on Machine Learning", "ICML", 2023),
    ("Proceedings of the 39th International Conference on Machine Learning", "ICML", 2022),
    ("Advances in Neural Information Processing Systems 35", "NeurIPS", None),
    ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", "CVPR", None),
    ("IEEE/CVF International Conference on Computer Vision (ICCV)", "ICCV", None),
    ("Internatinal Conference on Learning Representations", "ICLR", None),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI", None),
    ("Neural Information Processing Systems", "NeurIPS", None),
    ("Journal of Machine Learning Research", "JMLR", None),
    ("Transactions on Machine Learning Research", "TMLR", None),
    ("arXiv preprint", "arXiv", None), ("CoRR", "arXiv", None),
    # Google Scholar's journal for a preprint: the id is no venue name, and 2012.09841 is not 2012
    ("arXiv preprint arXiv:2202.09671", "arXiv", 2022), ("arXiv preprint arXiv:2012.09841v2", "arXiv", 2020),
    ("CoRR abs/2010.02502", "arXiv", 2020),
    ("Made-up Conference on Things 2020", None, 2020),
    # URLs of the seed list, one per form
    ("https://openaccess.thecvf.com/content/CVPR2023/html/Tumanyan_Plug-and-Play_CVPR_2023_paper.html", "CVPR", 2023),
    ("https://openaccess.thecvf.com/content/ICCV2023/papers/Wei_ELITE_ICCV_2023_paper.pdf", "ICCV", 2023),
    ("https://openaccess.thecvf.com/content/CVPR2022/html/Rombach_High-Resolution_CVPR_2022_paper", "CVPR", 2022),
    ("https://openaccess.thecvf.com/content_cvpr_2017/html/Isola_Image-To-Image_CVPR_2017_paper.html", "CVPR", 2017),
    ("https://openaccess.thecvf.com/content_cvpr_2018/papers/Rebuffi_Efficient_CVPR_2018_paper.pdf", "CVPR", 2018),
    ("https://openaccess.thecvf.com/content_CVPR_2019/papers/Karras_A_Style-Based_CVPR_2019_paper.pdf", "CVPR", 2019),
    ("https://openaccess.thecvf.com/content/CVPR2023W/ECV/papers/Chen_Speed_CVPRW_2023_paper.pdf", "CVPR Workshops", 2023),
    ("https://openaccess.thecvf.com/content/WACV2025W/ImageQuality/papers/Ye_PQD_WACVW_2025_paper.pdf", "WACV Workshops", 2025),
    ("https://openaccess.thecvf.com/content/CVPR2024/papers/Xing_SimDA_CVPR_2024_paper.pdf", "CVPR", 2024),
    ("https://openaccess.thecvf.com/content_ICCV_2019/html/x_ICCV_2019_paper.html", "ICCV", 2019),
    ("https://openaccess.thecvf.com/content/WACV2024/html/x_WACV_2024_paper.html", "WACV", 2024),
    ("https://proceedings.neurips.cc/paper_files/paper/2022/hash/3fa7d76a0dc1179f1e98d1bc62403756-Abstract-Conference.html", "NeurIPS", 2022),
    ("https://proceedings.neurips.cc/paper/2021/hash/49ad23d1ec9fa4bd8d77d02681df5cfa-Abstract.html", "NeurIPS", 2021),
    ("https://proceedings.neurips.cc/paper/2017/hash/7a98af17e63a0ac09ce2e96d03992fbc-Abstract.html", "NeurIPS", 2017),
    ("https://proceedings.neurips.cc/paper_files/paper/2014/hash/f033ed80deb0234979a61f95710dbe25-Abstract.html", "NeurIPS", 2014),
    ("https://proceedings.neurips.cc/paper/2020/file/e3b21256183cf7c2c7a66be163579d37-Paper.pdf", "NeurIPS", 2020),
    ("https://papers.nips.cc/paper_files/paper/2023/file/73aacd8b3b05b4b503d58310b523553c-Paper-Conference.pdf", "NeurIPS", 2023),
    ("https://papers.nips.cc/paper/2017/file/8a1d694707eb0fefe65871369074926d-Paper.pdf", "NeurIPS", 2017),
    ("https://proceedings.nips.cc/paper_files/paper/2023/file/2aab8a76c7e761b66eccaca0927787de-Paper-Conference.pdf", "NeurIPS", 2023),
    ("https://proceedings.neurips.cc/paper_files/paper/2022/hash/x-Abstract-Datasets_and_Benchmarks.html", "NeurIPS Datasets and Benchmarks", 2022),
    ("https://proceedings.mlr.press/v202/huang23i.html", "ICML", 2023),
    ("https://proceedings.mlr.press/v162/lu22f.html?ref=https://githubhelp.com", "ICML", 2022),
    ("https://proceedings.mlr.press/v139/nichol21a.html", "ICML", 2021),
    ("https://proceedings.mlr.press/v119/chen20s.html", "ICML", 2020),
    ("https://proceedings.mlr.press/v80/mescheder18a", "ICML", 2018),
    ("https://proceedings.mlr.press/v202/zhang23as/zhang23as.pdf", "ICML", 2023),
    ("https://proceedings.mlr.press/v97/x19a.html", "ICML", 2019),
    ("https://proceedings.mlr.press/v235/x24a.html", "ICML", 2024),
    ("https://proceedings.mlr.press/v164/rudin22a.html", "CoRL", 2021),  # the year is the volume's, not the slug's
    ("https://proceedings.mlr.press/v151/x22a.html", "AISTATS", 2022),
    ("https://proceedings.mlr.press/v180/x22a.html", "UAI", 2022),
    ("https://proceedings.mlr.press/v195/x23a.html", "COLT", 2023),
    ("https://iclr.cc/virtual/2021/poster/3155", "ICLR", 2021),
    ("https://iclr.cc/virtual/2022/spotlight/6688", "ICLR", 2022),
    ("https://iclr.cc/virtual/2022/oral/7183", "ICLR", 2022),
    ("https://iclr.cc/virtual/2019/poster/937", "ICLR", 2019),
    ("https://nips.cc/virtual/2021/48591", "NeurIPS", 2021),
    ("https://icml.cc/virtual/2023/poster/1234", "ICML", 2023),
    ("https://aclanthology.org/2022.coling-1.155/", "COLING", 2022),
    ("https://aclanthology.org/2021.emnlp-main.174/", "EMNLP", 2021),
    ("https://aclanthology.org/2022.acl-long.9/", "ACL", 2022),
    ("https://aclanthology.org/2023.findings-acl.12/", "Findings of ACL", 2023),
    ("https://aclanthology.org/2023.findings-emnlp.7/", "Findings of EMNLP", 2023),
    ("https://aclanthology.org/N19-1423/", "NAACL", 2019),
    ("https://aclanthology.org/P19-1001/", "ACL", 2019),
    ("https://aclanthology.org/D19-1001/", "EMNLP", 2019),
    ("https://www.jmlr.org/papers/v21/20-074.html", "JMLR", 2020),
    ("https://www.jmlr.org/papers/v23/21-0635.html", "JMLR", 2022),
    ("https://www.nature.com/articles/s41586-021-03819-2", "Nature", 2021),
    ("https://www.nature.com/articles/s41586-023-06415-8", "Nature", 2023),
    ("https://www.nature.com/articles/s41467-024-46569-1", "Nature Communications", 2024),
    ("https://ojs.aaai.org/index.php/AAAI/article/view/28226", "AAAI", None),
    ("https://doi.org/10.1609/aaai.v38i7.28226", "AAAI", 2024),
    ("https://www.ecva.net/papers/eccv_2022/papers_ECCV/html/1234_ECCV_2022_paper.php", "ECCV", 2022),
    ("https://doi.org/10.1109/CVPR52729.2023.00123", "CVPR", 2023),
    ("https://doi.org/10.1109/ICCV.2019.00123", "ICCV", 2019),
    ("https://doi.org/10.1109/CVPRW59228.2023.00456", "CVPR Workshops", 2023),
    ("https://doi.org/10.1109/TPAMI.2023.3261988", "TPAMI", 2023),
    ("https://doi.org/10.24963/ijcai.2023/123", "IJCAI", 2023),
    ("https://www.ijcai.org/proceedings/2023/0123.pdf", "IJCAI", 2023),
    ("https://dl.acm.org/doi/abs/10.1145/3610548.3618160", "SIGGRAPH Asia", 2023),
    ("https://dl.acm.org/doi/abs/10.1145/3641519.3657407", "SIGGRAPH", 2024),
    ("https://dl.acm.org/doi/abs/10.1145/3503161.3548292", "ACM MM", 2022),
    ("https://dl.acm.org/doi/abs/10.1145/3581783.3611863", "ACM MM", 2023),
    ("https://dl.acm.org/doi/10.1145/3528223.3530164", "TOG", 2022),
    ("https://doi.org/10.18653/v1/2022.acl-long.9", "ACL", 2022),
    ("https://dl.acm.org/doi/10.1145/3588432.3591500", "SIGGRAPH", 2023),
    ("https://dl.acm.org/doi/10.1145/3580305.3599256", "KDD", 2023),
    ("https://doi.org/10.1609/AAAI.V37I2.25353", "AAAI", 2023),
    ("https://proceedings.mlr.press/v211/x23a.html", "L4DC", 2023),
    ("https://arxiv.org/abs/2212.05032", "arXiv", 2022),
    ("https://export.arxiv.org/abs/2305.18766v2", "arXiv", 2023),
    ("https://arxiv.org/abs/2010.11929/1000", "arXiv", 2020),
    ("https://arxiv.org/html/2402.14167", "arXiv", 2024),
    ("https://openreview.net/forum?id=FmqFfMTNnv", None, None),
    ("https://ieeexplore.ieee.org/abstract/document/10112585", None, None),
    ("https://dl.acm.org/doi/full/10.1145/3626235", None, None),  # a journal article DOI: no prefix table row
    ("https://cdn.openai.com/papers/dall-e-3.pdf", None, None),
    ("https://link.springer.com/chapter/10.1007/978-3-319-24574-4_28", None, None),
]


def test_the_table_is_large_enough():
    assert len(CASES) >= 100


@pytest.mark.parametrize(("text", "venue", "year"), CASES, ids=[c[0][:60] for c in CASES])
def test_resolve(text, venue, year):
    result = api.resolve_venue(text)
    assert (result["venue"], result["year"]) == (venue, year), result["evidence"]


@pytest.mark.parametrize("short", ["ICCV", "ICML", "ICLR", "ECCV", "CVPR", "ACL", "EACL", "TIP", "TMM"])
def test_a_real_venue_never_becomes_another(short):
    assert default_registry().find(short).venue.short == short


@pytest.mark.parametrize("text", ["ICCM", "ECCL", "IJCVA", "Nature Machine", "Neural"])
def test_fuzzy_match_refuses_what_is_close_to_several_or_to_none(text):
    match = default_registry().find(text)
    assert match is None or match.how != "fuzzy"


def test_registry_has_the_venues_the_survey_needs():
    registry = default_registry()
    assert len(registry.venues) >= 70
    for short in ["NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "WACV", "BMVC", "AAAI", "IJCAI",
                  "ACL", "EMNLP", "NAACL", "COLING", "EACL", "TACL", "SIGGRAPH", "SIGGRAPH Asia", "TOG",
                  "ACM MM", "KDD", "WWW", "MICCAI", "TPAMI", "TIP", "IJCV", "JMLR", "TMLR", "TASLP",
                  "Nature", "Nature Communications", "Science", "ACM Computing Surveys", "arXiv",
                  "CVPR Workshops", "ICCV Workshops", "ECCV Workshops", "NeurIPS Workshop",
                  "Findings of ACL", "NeurIPS Datasets and Benchmarks"]:
        venue = registry.by_short(short)
        assert venue is not None, short
        assert venue.kind in ("conference", "journal", "workshop", "preprint", "web")


def test_users_extend_and_override_the_registry():
    extra = venues_from_toml(
        '[[venue]]\nshort = "DiffCon"\nname = "Workshop on Diffusion Things"\nkind = "workshop"\naliases = ["Diffusion Workshop"]\n'
        '[[venue]]\nshort = "ICLR"\nname = "The International Conference on Learning Representations"\nkind = "conference"\n'
    )
    registry = build_registry(extra)
    assert registry.resolve("Diffusion Workshop 2024").venue.short == "DiffCon"
    assert registry.by_short("ICLR").name == "The International Conference on Learning Representations"
    assert default_registry().by_short("ICLR").name == "International Conference on Learning Representations"


def test_project_config_extends_the_registry(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.surveybib]\n[tool.surveybib.venues]\nfile = "venues.toml"\n'
        '[[tool.surveybib.venues.venue]]\nshort = "GenAI"\nname = "Generative AI Symposium"\nkind = "conference"\n'
    )
    (tmp_path / "venues.toml").write_text('[[venue]]\nshort = "DMW"\nname = "Diffusion Models Workshop"\nkind = "workshop"\n')
    result = run_cli("venue", "--json", "GenAI 2025", "Diffusion Models Workshop 2024", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [(r["venue"], r["year"]) for r in json.loads(result.stdout)] == [("GenAI", 2025), ("DMW", 2024)]


def test_venue_command_json_shape():
    result = run_cli("venue", "--json", "NeulIPS 2024", "https://proceedings.mlr.press/v202/huang23i.html", "nowhere")
    assert result.returncode == 1  # "nowhere" names no venue
    first, second, third = json.loads(result.stdout)
    assert first == {
        "input": "NeulIPS 2024", "venue": "NeurIPS", "name": "Advances in Neural Information Processing Systems",
        "kind": "conference", "year": 2024,
        "evidence": ["NeurIPS by typo from 'NeulIPS'", "year 2024 written in the text"],
    }
    assert (second["venue"], second["year"]) == ("ICML", 2023)
    assert third["venue"] is None


def test_installed_packages_add_venues_through_the_entry_point_group(tmp_path):
    """A package registers venues under `surveybib.venues`; here a minimal installed dist."""
    dist = tmp_path / "surveybib_fakevenues-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: surveybib-fakevenues\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[surveybib.venues]\nfake = fakevenues:VENUES\n")
    (tmp_path / "fakevenues.py").write_text(
        'VENUES = [{"short": "FakeConf", "name": "Conference on Fake Results", "kind": "conference"}]\n'
    )
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "surveybib", "venue", "--json", "FakeConf 2024"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)
    assert (result["venue"], result["name"], result["year"]) == ("FakeConf", "Conference on Fake Results", 2024)

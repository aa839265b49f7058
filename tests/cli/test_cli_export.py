import xml.etree.ElementTree as ET
import zipfile

from click.testing import CliRunner

from chainmap.render.bundle import BUNDLE_FILES
from chainmap_cli.main import cli
from tests.chainmap.artifacts import REMOTE, pdf_pages, read_png


def run(settings, *args):
    return CliRunner().invoke(cli, ["--db", str(settings.db_path), "export", *args])


def test_export_is_registered():
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert all(cmd in result.output for cmd in ("map", "chain", "bundle"))


def test_map_html_for_all_chains_by_default(built_settings, tmp_path):
    out = tmp_path / "map.html"
    result = run(built_settings, "map", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert REMOTE.search(html) is None
    assert "装备制造业产业集群与企业分布" in html
    assert "沙坪坝、江津动力机械产业集群" in html and "涪陵、万州内河船舶产业集群" in html


def test_chain_svg_in_english(built_settings, tmp_path):
    out = tmp_path / "rail.svg"
    result = run(built_settings, "chain", "--chain", "rail", "--region", "500000",
                 "--format", "svg", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    texts = "".join(ET.fromstring(out.read_text("utf-8")).itertext())
    assert "Rail transit equipment" in texts and "Upstream" in texts


def test_bad_arguments_fail_clearly(built_settings, tmp_path):
    bad_chain = run(built_settings, "chain", "--chain", "nope", "--out", str(tmp_path / "x.svg"))
    assert bad_chain.exit_code == 2 and "unknown chain 'nope'" in bad_chain.output
    bad_region = run(built_settings, "chain", "--chain", "rail", "--region", "999",
                     "--out", str(tmp_path / "x.svg"))
    assert bad_region.exit_code == 1 and "unknown region" in bad_region.output
    no_format = run(built_settings, "map", "--out", str(tmp_path / "map.txt"))
    assert no_format.exit_code == 2 and "--format" in no_format.output
    assert not list(tmp_path.iterdir())


def test_chain_png_and_map_pdf(built_settings, tmp_path, chromium):
    png = tmp_path / "rail.png"
    assert run(built_settings, "chain", "--chain", "rail", "--out", str(png)).exit_code == 0
    image = read_png(png)
    assert image.width > 2000 and image.has_colour("#d73027", step=2)  # missing-node red
    pdf = tmp_path / "map.pdf"
    result = run(built_settings, "map", "--chain", "rail", "--format", "pdf", "--out", str(pdf))
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf_pages(pdf.read_bytes()) == 1


def test_bundle_command(built_settings, tmp_path, chromium):
    out = tmp_path / "out" / "rail.zip"
    result = run(built_settings, "bundle", "--chain", "rail", "--region", "500000",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted(BUNDLE_FILES)
    assert not list(out.parent.glob("*.partial"))

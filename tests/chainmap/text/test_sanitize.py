from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chainmap.text.sanitize import escape, plotly_text, safe_filename


def test_escape_drops_characters_xml_forbids_and_escapes_markup():
    assert escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape('a"b\'c') == "a&quot;b&#x27;c"
    assert escape("a\x07b\x1b\x0bc\ufffe\td\n") == "abc\td\n"


def test_plotly_text_uses_only_entities_plotly_decodes():
    assert plotly_text('<b>"x"</b> & y') == '&lt;b&gt;"x"&lt;/b&gt; &amp; y'


def test_safe_filename_keeps_readable_names_and_drops_paths():
    assert safe_filename("chainmap-招商清单-rail-500000.xlsx") == \
        "chainmap-招商清单-rail-500000.xlsx"
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("..") == "file" and safe_filename("") == "file"
    assert safe_filename("a\\b\x00c") == "a_bc"


@given(st.text())
def test_safe_filename_is_always_one_harmless_component(text):
    name = safe_filename(text)
    assert name and len(name) <= 120
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")

from chainmap.render.textfit import fit_line, text_width, wrap_text


def test_cjk_is_wider_than_latin():
    assert text_width("轴承", 10) == 20
    assert text_width("ab", 10) < 20


def test_wrapped_lines_fit_and_keep_closing_punctuation_on_its_line():
    name = "轨道交通整车（跨座式单轨、As型车、双流制车辆等）"
    lines = wrap_text(name, 150, 13, max_lines=4)
    assert "".join(lines) == name
    assert all(text_width(line, 13) <= 150 for line in lines)
    assert not any(line.startswith(("）", "、", "，")) for line in lines)


def test_latin_wraps_at_words_and_truncates_with_an_ellipsis():
    lines = wrap_text("Complete rail vehicles (straddle monorail, As-type, dual-power cars)",
                      150, 12, max_lines=2)
    assert len(lines) == 2
    assert lines[0] == "Complete rail vehicles"
    assert lines[1].endswith("…")


def test_fit_line():
    assert fit_line("短", 100, 12) == "短"
    cut = fit_line("很长很长很长很长很长很长", 60, 12)
    assert cut.endswith("…") and text_width(cut, 12) <= 60

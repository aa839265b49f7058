"""chainmap.geo.classes: class breaks, legend labels, circle radii."""

import pytest


def test_district_quotients_and_classes():
    from chainmap.geo.classes import classify, district_quotients

    lq = district_quotients({"a": 2, "b": 0}, {"a": 4, "b": 4, "c": 0})
    assert lq == {"a": 2.0, "b": 0.0}
    assert district_quotients({}, {"a": 1}) == {}
    assert classify({"a": 0, "b": 1, "c": 3, "d": 100}, (1, 2, 4, 8)) == {
        "a": 0, "b": 1, "c": 3, "d": 5}


def test_count_classes_follow_the_counts_once_a_registry_fills_the_districts():
    from chainmap.geo.classes import COUNT_BREAKS, classify, count_breaks, count_labels

    # the plan's handful of firms a district: the fixed classes
    assert count_breaks([0, 1, 2, 6]) == COUNT_BREAKS == (1, 2, 4, 8)
    assert count_labels(COUNT_BREAKS) == ["0", "1", "2", "3–4", "5–8", "9+"]
    # a national registry: 300–400 firms in every district, no longer all "9+"
    even = {str(i): 300 + 3 * i for i in range(34)}
    breaks = count_breaks(even.values())
    assert list(breaks) == sorted(set(breaks)) and 300 <= breaks[0] < breaks[-1] < 400
    assert set(classify(even, breaks).values()) == {1, 2, 3, 4, 5}
    assert count_labels(breaks)[1] == f"1–{breaks[0]}" and count_labels(breaks)[-1] == \
        f"{breaks[-1] + 1}+"
    # skewed, as real registries are: readable breaks (two significant digits)
    skewed = [5, 12, 40, 80, 150, 400, 900, 2500]
    assert count_breaks(skewed) == (12, 80, 150, 900)
    assert count_labels((12, 80, 150, 900))[-2:] == ["151–900", "901+"]
    # few different counts: shares of the largest, which lands in the top class
    assert count_breaks([17]) == (4, 7, 11, 14)
    assert classify({"a": 17}, count_breaks([17])) == {"a": 5}


def test_group_circles_stay_markers_however_many_firms():
    from chainmap.geo.classes import GROUP_RADIUS, group_radius

    assert group_radius(1, 6) == pytest.approx(10.0)  # 7 + 3·√n for the plan's few
    assert group_radius(6, 6) == pytest.approx(7 + 3 * 6 ** 0.5)
    assert group_radius(400, 400) == pytest.approx(GROUP_RADIUS[1])  # not 67 px
    assert GROUP_RADIUS[0] < group_radius(1, 400) < group_radius(100, 400) < GROUP_RADIUS[1]

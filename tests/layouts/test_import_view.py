"""The import page's progress lines come from the job's last event (its fields in the job's
state, chainmap_web.jobs), never from a sentence: one line per step, in zh and en."""

from __future__ import annotations

from chainmap_web.jobs import QUEUED, with_progress
from etl.events import Progress, Step
from etl.housekeeping import WAITING
from layouts._import_view import STEP_WORDS, job_phase


def _after(*events) -> dict:
    state: dict = {}
    for event in events:
        state = with_progress(state, event)
    return state


def test_every_step_has_the_pages_words():
    assert set(STEP_WORDS) == {str(step) for step in Step}
    assert job_phase({}) == ["已开始"] and job_phase({}, "en") == ["Started"]


def test_the_phase_follows_the_last_event_and_keeps_the_rows_read():
    assert job_phase(_after(QUEUED), "en") == ["Queued: the server is busy with other imports…"]
    assert job_phase(_after(Progress(Step.READING, name="/x.csv"))) == ["读取并校验文件"]
    read = _after(Progress(Step.READING, name="/x.csv"), Progress(Step.READ, rows=1234567))
    assert read["rows_read"] == 1234567 and "/x.csv" not in str(read)  # no server path kept
    building = "Matching with the firms already known, locating, classifying, building the " \
               "database"
    assert job_phase(read, "en") == ["1,234,567 rows read", building]
    replaying = with_progress(read, Progress(Step.REPLAYING, 2, 5, "qcc-x"))
    assert (replaying["step"], replaying["rows"], replaying["of"]) == ("replaying", 2, 5)
    assert job_phase(replaying) == ["已读取 1,234,567 行", "重建数据库：重放第 2/5 个导入批次"]
    assert job_phase(with_progress(replaying, WAITING), "en") == [
        "1,234,567 rows read", "Waiting for another import or build to finish…"]
    assert job_phase(_after(WAITING, Progress(Step.KEPT)), "en") == [
        "Using the database the preview already checked and built"]

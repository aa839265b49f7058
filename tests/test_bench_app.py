"""bench/app_interactions.py times the import page's callbacks without changing the
database: its file is one committed already, so each job ends as "same file"."""

from __future__ import annotations

from bench.app_interactions import Timed, interactions, remember_app
from chainmap.db import connect
from etl.imports import commit_import
from etl.pipeline import build_database
from tests.etl.importers.conftest import write_csv
from tests.layouts.components import app_on, visible_texts


def test_the_import_callbacks_are_timed_and_leave_the_database_as_it_was(data_copy, tmp_path):
    build_database(data_copy)
    path = write_csv(tmp_path / "export.csv", "utf-8")  # SYNTHETIC firms
    commit_import("qcc", path, data_copy)
    with connect(data_copy.db_path) as con:
        before = con.execute("SELECT count(*), (SELECT count(*) FROM import_batch) "
                             "FROM dim_firm").fetchone()
    with app_on(data_copy) as app:
        remember_app(app)
        calls = interactions(path)
        timed = {k: v for k, v in calls.items() if isinstance(v, Timed)}
        assert set(timed) == {"import uploaded (starts the preview)",
                              "import commit (starts the job)",
                              "import poll (the finished report)"}
        sent = next(v for k, v in calls.items() if k.startswith("import upload ("))
        assert sent().get_json()["size"] == path.stat().st_size
        from chainmap_web.jobs import job_status
        for _round in range(2):  # a commit removes its upload: the next round sends it again
            for name, fn in timed.items():
                out = fn()
                fn.after()
                if name.startswith("import commit"):
                    assert job_status(out[2]["job"])["state"] == "done", job_status(out[2]["job"])
        result = out[0]
        assert visible_texts(result)[0] == "已导入"
        assert any(x.startswith("与已导入文件相同") for x in visible_texts(result))
        import chainmap_web.auth as auth

        assert auth.has_role.__module__ == "chainmap_web.auth"  # the editor's pass is undone
    with connect(data_copy.db_path) as con:
        assert con.execute("SELECT count(*), (SELECT count(*) FROM import_batch) "
                           "FROM dim_firm").fetchone() == before

"""PostgreSQL plans the app's queries with PG_OPTIONS (workflow/__init__.py): a random read costed
for solid-state storage and no JIT, on every connection of the app, web and worker alike; SQLite
connections and an empty setting are left as they are."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from workflow import _planner_options
from workflow.extensions import db

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/x"


def test_postgresql_connections_get_the_options_beside_the_engines_own():
    config = {"SQLALCHEMY_DATABASE_URI": PG, "PG_OPTIONS": "-c jit=off",
              "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "connect_args": {"options": "-c work_mem=8MB"}}}
    _planner_options(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": True, "connect_args": {"options": "-c work_mem=8MB -c jit=off"}}


@pytest.mark.parametrize("uri, options", [("sqlite:///x.db", "-c jit=off"), (PG, "")])
def test_sqlite_and_an_empty_setting_are_left_alone(uri, options):
    config = {"SQLALCHEMY_DATABASE_URI": uri, "PG_OPTIONS": options, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}}
    _planner_options(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


def test_the_apps_postgresql_connections_plan_for_fast_storage_without_jit(ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: the suite runs on SQLite here (.ci/run runs it on PostgreSQL too)")
    assert float(db.session.execute(text("SHOW random_page_cost")).scalar_one()) == 1.1
    assert db.session.execute(text("SHOW jit")).scalar_one() == "off"

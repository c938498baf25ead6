"""``szkg get PATH`` (one in-process request, like datasette's ``--get``) and ``szkg serve``'s options."""

import json
import shutil
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from tests.http.sparql_fixture import BASE, DOCS, REFORMS


@pytest.fixture
def store_env(sparql_store_template, tmp_path) -> dict[str, str]:
    path = tmp_path / "store"
    shutil.copytree(sparql_store_template, path)
    return {"SZKG_STORE": f"oxigraph:{path}"}


def test_get_prints_the_body_and_exits_0(store_env):
    query = f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r a <{BASE}ontology#Reform> }}"
    result = CliRunner().invoke(cli, ["get", f"/sparql?query={quote(query)}"], env=store_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == str(REFORMS * len(DOCS))


def test_get_sends_accept(store_env):
    result = CliRunner().invoke(cli, ["get", "/sparql?query=ASK{}", "--accept", "text/csv"], env=store_env)
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_get_exits_1_unless_2xx_and_prints_the_error(store_env):
    result = CliRunner().invoke(cli, ["get", "/sparql?query=DROP%20ALL"], env=store_env)
    assert result.exit_code == 1 and json.loads(result.stdout)["status"] == 403


def test_serve_takes_host_port_and_reload():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and all(option in result.output for option in ("--host", "--port", "--reload"))

"""Sign-in, roles, CSRF and Host checks over HTTP, in team mode and in local mode."""

from __future__ import annotations

import base64
import json
import re

import pytest

from dashboard.app import create_app
from dashboard.settings import Serving
from loaders.workspace import Workspace

PASSWORD = "correct horse battery staple"
TEAM = Serving("team", ("localhost", "127.0.0.1", "::1"), "127.0.0.1:8050", False)
CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,QAT,export,2021,5000000,USD,Test,Test figures\n"
)


@pytest.fixture(scope="module")
def team(tmp_path_factory, store):
    workspace = Workspace(tmp_path_factory.mktemp("team"))
    for name, role in (("ada", "admin"), ("ed", "editor"), ("eve", "editor"), ("vi", "viewer")):
        workspace.add_user(name, PASSWORD, role)
    return create_app(store, workspace, TEAM)


def sign_in(app, name: str, password: str = PASSWORD):
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answer = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
    return client, answer


def callback(client, outputs, inputs, state=(), changed=None):
    """POST a Dash callback as the renderer does, with the CSRF header from the cookie."""
    cookie = client.get_cookie("_csrf_token")
    body = {
        "output": ".." + "...".join(outputs) + ".." if len(outputs) > 1 else outputs[0],
        "outputs": [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in outputs]
        if len(outputs) > 1
        else {"id": outputs[0].rsplit(".", 1)[0], "property": outputs[0].rsplit(".", 1)[1]},
        "inputs": list(inputs),
        "changedPropIds": [changed] if changed else [],
        "state": list(state),
    }
    headers = {"X-CSRFToken": cookie.value} if cookie else {}
    return client.post("/_dash-update-component", json=body, headers=headers)


def check_file(client):
    data = "data:text/csv;base64," + base64.b64encode(CSV.encode()).decode()
    return callback(
        client,
        ["upload-reports.children"],
        [{"id": "upload-files", "property": "contents", "value": [data]}],
        [{"id": "upload-files", "property": "filename", "value": ["mine.csv"]}],
        "upload-files.contents",
    )


def keep(client, token: str, name: str = "Mine"):
    keep_id = {"type": "dataset-keep", "token": token}
    name_id = {"type": "dataset-name", "token": token}
    return callback(
        client,
        ["upload-message.children", "upload-datasets.children"],
        [[{"id": keep_id, "property": "n_clicks", "value": 1}], [], []],
        [
            [{"id": name_id, "property": "value", "value": name}],
            [{"id": name_id, "property": "id", "value": name_id}],
        ],
        json.dumps(keep_id, separators=(",", ":"), sort_keys=True) + ".n_clicks",
    )


def remove(client, slug: str):
    remove_id = {"type": "dataset-remove", "slug": slug}
    return callback(
        client,
        ["upload-message.children", "upload-datasets.children"],
        [[], [], [{"id": remove_id, "property": "submit_n_clicks", "value": 1}]],
        [[], []],
        json.dumps(remove_id, separators=(",", ":"), sort_keys=True) + ".submit_n_clicks",
    )


def test_signed_out_requests_are_sent_to_sign_in(team):
    client = team.server.test_client()
    page = client.get("/trade", headers={"Accept": "text/html"})
    assert page.status_code == 302
    assert page.headers["Location"] == "/login?next=%2Ftrade"
    assert client.get("/export.csv?page=trade").status_code == 401
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/healthz").get_json()["status"] == "ok"
    with client.get("/assets/app.css") as stylesheet:
        assert stylesheet.status_code == 200


def test_sign_in_and_out(team):
    client, answer = sign_in(team, "vi")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"
    assert client.get("/export.csv?page=trade").status_code == 200
    token = client.get_cookie("_csrf_token").value
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/export.csv?page=trade").status_code == 401


def test_a_wrong_password_is_refused_without_saying_which_part(team):
    _, answer = sign_in(team, "vi", "guess")
    assert answer.status_code == 401
    assert "Wrong name or password." in answer.get_data(as_text=True)
    _, nobody = sign_in(team, "nobody")
    assert nobody.status_code == 401


def test_sign_in_never_redirects_off_site(team):
    client = team.server.test_client()
    page = client.get("/login?next=//evil.example/x").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answer = client.post(
        "/login?next=//evil.example/x",
        data={"name": "vi", "password": PASSWORD, "csrf_token": token},
    )
    assert answer.headers["Location"] == "/"


def test_a_request_without_the_csrf_token_is_refused(team):
    client = team.server.test_client()
    answer = client.post("/login", data={"name": "vi", "password": PASSWORD})
    assert answer.status_code == 400
    assert "CSRF" in answer.get_data(as_text=True)
    signed_in, _ = sign_in(team, "vi")
    body = {"output": "user-box.children", "outputs": {"id": "user-box", "property": "children"}}
    body |= {"inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"}]}
    assert signed_in.post("/_dash-update-component", json=body).status_code == 400


def test_a_foreign_host_header_is_refused(team):
    client, _ = sign_in(team, "vi")
    assert client.get("/healthz", headers={"Host": "rebound.example"}).status_code == 400
    assert client.get("/export.csv?page=trade", headers={"Host": "evil.example"}).status_code == 400


def test_a_viewer_can_neither_upload_nor_remove(team):
    client, _ = sign_in(team, "vi")
    assert check_file(client).status_code == 403
    assert keep(client, "any-token").status_code == 403
    assert remove(client, "anything").status_code == 403
    layout = client.get("/upload", headers={"Accept": "text/html"})
    assert layout.status_code == 200


def test_editors_change_their_own_datasets_and_admins_all(team):
    ed, _ = sign_in(team, "ed")
    checked = check_file(ed)
    assert checked.status_code == 200
    token = re.search(r'"token":\s*"([^"]+)"', checked.get_data(as_text=True))[1]
    eve, _ = sign_in(team, "eve")
    stolen = keep(eve, token)
    assert "no longer waiting" in stolen.get_data(as_text=True)  # a token is its owner's only
    kept = keep(ed, token, "Ed's figures").get_data(as_text=True)
    assert "Kept 1 figure as dataset" in kept
    slug = re.search(r'"type":\s*"dataset-remove",\s*"slug":\s*"([^"]+)"', kept)[1]
    assert remove(eve, slug).status_code == 403
    ada, _ = sign_in(team, "ada")
    removed = remove(ada, slug)
    assert removed.status_code == 200
    assert "Removed dataset" in removed.get_data(as_text=True)


def test_unknown_paths_are_404(team):
    client, _ = sign_in(team, "vi")
    assert client.get("/nowhere", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/trade", headers={"Accept": "text/html"}).status_code == 200


def test_team_mode_needs_an_admin(tmp_path, store):
    with pytest.raises(ValueError, match="team mode needs an admin"):
        create_app(store, Workspace(tmp_path), TEAM)


def test_local_mode_needs_no_sign_in_and_the_footer_says_where(dash_app):
    client = dash_app.server.test_client()
    assert client.get("/export.csv?page=trade").status_code == 200
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "served on this machine only, without sign-in" in layout
    assert client.get("/nowhere").status_code == 404

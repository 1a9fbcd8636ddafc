"""The roster from sheets: users (members, deputies, staff) and bureaus, by page and by
`flask users import` / `flask bureaus import`; a bad sheet lists every problem and saves nothing."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.desk_support import xlsx
from workflow.extensions import db
from workflow.models import Bureau, Event, User
from workflow.services import users

USER_HEADER = ["用户名", "姓名", "角色", "类型", "界别/代表团", "代表团编号前缀", "承办单位", "手机号码", "电子邮箱", "主要领导"]
BUREAU_HEADER = ["代码", "全称", "简称", "统一社会信用代码", "提案答复文号前缀", "建议答复文号前缀", "职能"]


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


def _users() -> int:
    return db.session.execute(select(func.count(User.id))).scalar_one()


def test_members_deputies_and_staff_by_the_command_line(runner, w, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(USER_HEADER, [
        ["heyi", "何一", "代表", "建议", "义乌代表团", "义", "", "13800138000", "heyi@example.cn", ""],
        ["zhou", "周二", "委员", "提案", "经济界", "", "", "+86 139 0000 0000", "", ""],
        ["shao", "邵军", "承办单位经办人、approver", "", "", "", "市经信局", "", "shao@example.gov.cn", "是"],
        ["proposer", "杨文艳", "委员", "提案", "妇联界", "", "", "13700000000", "", ""],  # an update
    ]))
    before = _users()
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert _users() == before + 3
    db.session.expire_all()
    shao = db.session.execute(select(User).where(User.username == "shao")).scalar_one()
    assert shao.roles == {"clerk", "approver"} and shao.bureau_id == w.lead.id and shao.principal_leader
    assert users.authenticate("shao", "anything-at-all") is None  # no password until the admin sets one
    yang = db.session.get(User, w.proposer.id)
    assert (yang.group_name, yang.mobile, yang.name) == ("妇联界", "13700000000", "杨文艳")
    assert db.session.execute(select(func.count(Event.id)).where(Event.action == "user-create")).scalar_one() == 3


def test_a_bad_roster_is_refused_whole(runner, w, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(USER_HEADER, [
        ["good", "好人", "委员", "提案", "", "", "", "", "", ""],
        ["bad one", "坏", "市长", "", "", "", "", "12345", "x@", ""],
    ]))
    before = _users()
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 2
    for text in ("line 3 [用户名]", "“市长”不是有效角色", "“12345”不是手机号码", "“x@”不是有效的电子邮箱"):
        assert text in result.output, text
    assert _users() == before


def test_bureaus_by_page(login, w):
    admin = login("admin")
    content = xlsx(BUREAU_HEADER, [
        ["cj", "金华市城市建设局", "市建设局", "", "金建提", "金建建", "负责城市建设"],
        ["lead", "金华市经济和信息化局", "市经信局", "11330282734267548D", "金经信提", "", ""],
    ])
    preview = admin.post("/office/imports/bureaus", data={"file": (io.BytesIO(content), "b.xlsx")},
                         content_type="multipart/form-data")
    assert preview.status_code == 200
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    assert admin.post("/office/imports/bureaus/confirm", data={"token": token}).status_code == 302
    db.session.expire_all()
    lead = db.session.get(Bureau, w.lead.id)
    assert (lead.name, lead.credit_code) == ("金华市经济和信息化局", "11330282734267548D")
    assert db.session.execute(select(Bureau).where(Bureau.code == "cj")).scalar_one().prefix_npc == "金建建"


def test_a_bad_bureau_sheet_by_the_command_line(runner, w, tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(xlsx(BUREAU_HEADER, [["cj", "", "", "11330282734267548C", "", "", ""]]))
    result = runner.invoke(args=["bureaus", "import", str(path)])
    assert result.exit_code == 2
    assert "“全称”为空" in result.output and "校验码不符" in result.output
    assert db.session.execute(select(Bureau).where(Bureau.code == "cj")).first() is None


def test_only_administrators_import_the_roster(login, w):
    assert login("office").get("/office/imports/users").status_code == 403
    assert login("admin").get("/office/imports/users").status_code == 200


def test_bureau_keywords_by_the_command_line(runner, w, tmp_path):
    path = tmp_path / "k.xlsx"
    header = [*BUREAU_HEADER, "分办关键词"]
    path.write_bytes(xlsx(header, [["other", "金华市民政局", "", "", "", "", "", "殡葬" * 2001]]))
    refused = runner.invoke(args=["bureaus", "import", str(path)])
    assert refused.exit_code == 2 and "分办关键词" in refused.output
    path.write_bytes(xlsx(header, [["other", "金华市民政局", "", "", "", "", "", " 殡仪馆、公墓\n殡仪馆 "]]))
    result = runner.invoke(args=["bureaus", "import", str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Bureau, w.other.id).keywords == "殡仪馆 公墓"

"""flask users create / flask bureaus create|list."""
import pytest
from sqlalchemy import select

from tests.factories import make_bureau
from workflow.extensions import db
from workflow.models import Bureau, User
from workflow.services import users


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


def user_named(username):
    db.session.expire_all()
    return db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def test_users_create_reads_the_password_from_stdin(runner):
    make_bureau("jxj", "金华市经济和信息化局")
    result = runner.invoke(
        args=["users", "create", "shaojun", "--role", "clerk", "--role", "approver", "--bureau", "jxj",
              "--name", "邵军", "--email", "shaojun@example.gov.cn", "--principal"],
        input="Wucheng-road-17\n",
    )
    assert result.exit_code == 0, result.output
    assert "created user shaojun (approver, clerk)" in result.output
    user = user_named("shaojun")
    assert user.bureau.code == "jxj" and user.name == "邵军" and user.principal_leader
    assert users.authenticate("shaojun", "Wucheng-road-17") is not None
    assert "Wucheng-road-17" not in result.output


def test_users_create_a_deputy(runner):
    result = runner.invoke(
        args=["users", "create", "heming", "--role", "proposer", "--channel", "npc", "--group", "义乌代表团",
              "--prefix", "义"],
        input="Wucheng-road-17\n",
    )
    assert result.exit_code == 0, result.output
    user = user_named("heming")
    assert (user.channel, user.group_name, user.group_prefix, user.name) == ("npc", "义乌代表团", "义", "heming")


def test_users_create_with_an_unknown_bureau(runner):
    result = runner.invoke(args=["users", "create", "clerk9", "--role", "clerk", "--bureau", "nope"], input="Wucheng-road-17\n")
    assert result.exit_code == 2
    assert "error: bureau:" in result.output
    assert user_named("clerk9") is None


@pytest.mark.parametrize("args, stdin, field", [
    (["users", "create", "clerk9", "--role", "clerk"], "Wucheng-road-17\n", "bureau"),
    (["users", "create", "bad name", "--role", "office"], "Wucheng-road-17\n", "username"),
    (["users", "create", "short", "--role", "office"], "pw\n", "password"),
])
def test_users_create_refusals(runner, args, stdin, field):
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code == 2 and f"error: {field}:" in result.output
    assert db.session.execute(select(User)).first() is None


def test_users_create_needs_a_known_role(runner):
    result = runner.invoke(args=["users", "create", "x", "--role", "boss"], input="Wucheng-road-17\n")
    assert result.exit_code == 2 and "boss" in result.output


def test_a_duplicate_username_is_refused(runner):
    assert runner.invoke(args=["users", "create", "office", "--role", "office"], input="Wucheng-road-17\n").exit_code == 0
    result = runner.invoke(args=["users", "create", "OFFICE", "--role", "office"], input="Wucheng-road-17\n")
    assert result.exit_code == 2 and "error: username:" in result.output


def test_bureaus_create_and_list(runner):
    result = runner.invoke(args=[
        "bureaus", "create", "jxj", "金华市经济和信息化局", "--credit-code", "1133070000259288XD",
        "--prefix", "金经信办建", "--short-name", "市经信局",
    ])
    assert result.exit_code == 0, result.output
    assert "created bureau jxj 金华市经济和信息化局" in result.output
    db.session.expire_all()
    bureau = db.session.execute(select(Bureau)).scalar_one()
    assert (bureau.credit_code, bureau.prefix_cppcc, bureau.prefix_npc, bureau.short_name) == (
        "1133070000259288XD", "金经信办建", "金经信办建", "市经信局")
    listing = runner.invoke(args=["bureaus", "list"])
    assert "jxj\t金华市经济和信息化局\t1133070000259288XD\t金经信办建" in listing.output


@pytest.mark.parametrize("args, field", [
    (["bureaus", "create", "jxj", "金华市经信局", "--credit-code", "12345"], "credit_code"),
    (["bureaus", "create", "经信", "金华市经信局"], "code"),
])
def test_bureaus_create_refusals(runner, args, field):
    result = runner.invoke(args=args)
    assert result.exit_code == 2 and f"error: {field}:" in result.output
    assert db.session.execute(select(Bureau)).first() is None


def test_bureaus_create_a_duplicate_code(runner):
    make_bureau("jxj")
    result = runner.invoke(args=["bureaus", "create", "jxj", "另一个局"])
    assert result.exit_code == 2 and "error: code:" in result.output

"""The ``ib`` command. Imports are local to each command so that ``ib --help`` starts fast."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from industry_brain.chain.cli import chain_app
from industry_brain.cli_errors import fail as _fail
from industry_brain.cli_support import load_settings, open_database
from industry_brain.evaluation.cli import report_app
from industry_brain.invest.cli import invest_app
from industry_brain.monitor.cli import monitor_app

if TYPE_CHECKING:
    pass

app = typer.Typer(help="产业大脑 Industry Brain", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Serving DB schema.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(org_app, name="org")
app.add_typer(audit_app, name="audit")
pipeline_app = typer.Typer(help="The warehouse layer pipeline.", no_args_is_help=True)
cluster_app = typer.Typer(help="The cluster this deployment serves.", no_args_is_help=True)
app.add_typer(pipeline_app, name="pipeline")
app.add_typer(cluster_app, name="cluster")
enterprise_app = typer.Typer(help="Enterprise identity: merges of provisional ids.")
app.add_typer(enterprise_app, name="enterprise", no_args_is_help=True)
app.add_typer(chain_app, name="chain")
app.add_typer(monitor_app, name="monitor")
app.add_typer(invest_app, name="invest")
app.add_typer(report_app, name="report")


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn invalid input and refused changes into a message and exit code 1."""
    from pydantic import ValidationError

    from industry_brain.accounts.schemas import FIELD_LABELS
    from industry_brain.errors import DomainError, validation_message

    try:
        yield
    except ValidationError as exc:
        raise _fail("错误：" + validation_message(exc, FIELD_LABELS)) from exc
    except DomainError as exc:
        raise _fail(f"错误：{exc.message}") from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default IB_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default IB_PORT).")] = None,
) -> None:
    """Serve the platform (web pages and API)."""
    import uvicorn

    from industry_brain.app import create_app

    settings = load_settings()
    application = create_app(settings)
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"产业大脑 serving on http://{bind_host}:{bind_port}  (Ctrl+C to stop)")
    uvicorn.run(
        application,
        host=bind_host,
        port=bind_port,
        log_level=settings.log_level,
        proxy_headers=True,
    )


@app.command()
def init() -> None:
    """Migrate the serving DB and create the operator and its admins on first run."""
    from industry_brain.accounts.bootstrap import bootstrap_operator, pending_initial_credentials

    settings = load_settings()
    database = open_database(settings, upgrade=True)
    with database.writer() as db:
        created = bootstrap_operator(db, settings=settings)
        pending = pending_initial_credentials(db, settings=settings)
    if created:
        typer.echo(
            "首次运行：已创建运营方及管理账户（三员：系统管理员、安全管理员、审计管理员；"
            "另有数据管理员）。"
        )
    if pending:
        typer.echo("登录账户（初始密码，首次登录后须修改）：")
        typer.echo(pending)
    else:
        typer.echo("管理员已设置自己的密码；忘记密码请运行 `ib user reset-password --username U`。")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply schema migrations up to REVISION."""
    from industry_brain import migrate
    from industry_brain.db import Database

    migrate.upgrade(Database.from_settings(load_settings()).engine, revision)
    typer.echo(f"serving DB at revision {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the serving DB and the newest one in the code."""
    from industry_brain import migrate
    from industry_brain.db import Database

    engine = Database.from_settings(load_settings()).engine
    typer.echo(f"current: {migrate.current_revision(engine)}  head: {migrate.head_revision()}")


@user_app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Option(help="Login name of the admin.")],
    password: Annotated[str | None, typer.Option(help="Password; generated when omitted.")] = None,
    role: Annotated[
        str, typer.Option(help="system_admin, security_admin, audit_admin, data_admin.")
    ] = ("system_admin"),
    display_name: Annotated[str | None, typer.Option(help="Full name.")] = None,
) -> None:
    """Create an admin in the operator organisation (created if missing)."""
    from industry_brain.accounts.bootstrap import create_admin_user
    from industry_brain.accounts.roles import OPERATOR_ONLY_ROLES, Role

    if role not in {r.value for r in OPERATOR_ONLY_ROLES}:
        raise _fail("--role must be system_admin, security_admin, audit_admin or data_admin")
    database = open_database(load_settings(), upgrade=True)
    with database.writer() as db, _reported_errors():
        user, generated = create_admin_user(
            db, username=username, password=password, role=Role(role), display_name=display_name
        )
    typer.echo(f"created {role} {user.username} (id {user.id})")
    if generated:
        typer.echo(f"password (shown once, must be changed at first login): {generated}")


@user_app.command("add")
def user_add(
    org: Annotated[str, typer.Option(help="Organisation name or id.")],
    username: Annotated[str, typer.Option(help="Login name.")],
    display_name: Annotated[str, typer.Option(help="Full name.")],
    role: Annotated[list[str] | None, typer.Option(help="Role; repeat for several.")] = None,
    password: Annotated[str | None, typer.Option(help="Password; generated when omitted.")] = None,
) -> None:
    """Add a user to an organisation."""
    from industry_brain.accounts import actions
    from industry_brain.accounts.bootstrap import find_organisation
    from industry_brain.accounts.principal import Principal
    from industry_brain.accounts.schemas import UserCreate

    database = open_database(load_settings())
    with database.writer() as db, _reported_errors():
        organisation = find_organisation(db, org)
        data = UserCreate.model_validate(
            {
                "org_id": organisation.id,
                "username": username,
                "display_name": display_name,
                "password": password,
                "roles": role or ["member"],
            }
        )
        user, generated = actions.do_create_user(
            db, actor=Principal.system(), data=data, must_change_password=password is None
        )
    typer.echo(f"created user {user.username} (id {user.id}) in {organisation.name}")
    if generated:
        typer.echo(f"password (shown once, must be changed at first login): {generated}")


@user_app.command("reset-password")
def user_reset_password(username: Annotated[str, typer.Option(help="Login name.")]) -> None:
    """Give a user a generated password (to change at next login) and unlock the account."""
    from industry_brain.accounts import actions, service
    from industry_brain.accounts.principal import Principal

    database = open_database(load_settings())
    with database.writer() as db:
        user = service.get_user_by_username(db, username=username)
        if user is None:
            raise _fail(f"no user named {username}")
        actions.do_unlock_user(db, actor=Principal.system(), user_id=user.id)
        _, password = actions.do_reset_password(db, actor=Principal.system(), user_id=user.id)
    typer.echo(f"new password for {username} (must be changed at next login): {password}")


@org_app.command("add")
def org_add(
    name: Annotated[str, typer.Option(help="Organisation name.")],
    org_type: Annotated[
        str,
        typer.Option(
            "--type", help="operator, government, enterprise, provider, bank or data_party."
        ),
    ],
    uscc: Annotated[str | None, typer.Option(help="统一社会信用代码 (enterprises).")] = None,
    region: Annotated[str | None, typer.Option(help="GB/T 2260 region code.")] = None,
) -> None:
    """Add an organisation."""
    from industry_brain.accounts import actions
    from industry_brain.accounts.principal import Principal
    from industry_brain.accounts.schemas import OrganisationCreate

    database = open_database(load_settings())
    with database.writer() as db, _reported_errors():
        data = OrganisationCreate.model_validate(
            {"name": name, "org_type": org_type, "uscc": uscc, "region_code": region}
        )
        organisation = actions.do_create_organisation(db, actor=Principal.system(), data=data)
    typer.echo(f"created organisation {organisation.name} (id {organisation.id})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit hash chain; exit 1 and name every broken row if tampered."""
    from industry_brain.audit.service import verify_chain

    database = open_database(load_settings())
    with database.reader() as db:
        report = verify_chain(db)
    if report.ok:
        typer.echo(f"OK: {report.rows_checked} rows, head #{report.head_id} {report.head_hash}")
        return
    for problem in report.problems:
        typer.secho(problem, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@app.command("import")
def import_command(
    standard: Annotated[str, typer.Argument(help="Data standard: registry, operations, ...")],
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV (UTF-8/GBK) or XLSX file.", exists=True, dir_okay=False, readable=True
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    profile: Annotated[
        str | None, typer.Option(help="Convert another format first, e.g. szse (深交所名录).")
    ] = None,
) -> None:
    """Import a file into the warehouse: keep it, validate it, load accepted rows."""
    import json
    from dataclasses import asdict

    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.ingest.service import import_file
    from industry_brain.warehouse.standards import all_standards

    if standard not in all_standards():
        raise _fail(f"unknown data standard {standard!r}; known: {', '.join(all_standards())}")
    from industry_brain.warehouse.ingest.profiles import PROFILES

    if profile is not None and (profile not in PROFILES or standard != "registry"):
        raise _fail(f"profile must be one of {', '.join(PROFILES)} with the registry standard")
    settings = load_settings()
    database = open_database(settings)
    result = import_file(
        settings=settings,
        database=database,
        standard_code=standard,
        path=file,
        actor=Principal.system(),
        profile=profile,
    )
    if as_json:
        keys = ("batch_id", "rows", "accepted", "rejected", "status", "error", "duplicate_of")
        typer.echo(
            json.dumps({k: v for k, v in asdict(result).items() if k in keys}, ensure_ascii=False)
        )
    elif result.status == "duplicate":
        typer.echo(f"批次 {result.batch_id}：与已入库批次 {result.duplicate_of} 相同，未重复入库")
    elif result.status == "loaded":
        typer.echo(
            f"批次 {result.batch_id}：{result.rows} 行，通过 {result.accepted}，"
            f"拒绝 {result.rejected}"
        )
    if result.status == "failed":
        if not as_json:
            typer.secho(
                f"批次 {result.batch_id} 失败：{result.error}", fg=typer.colors.RED, err=True
            )
        raise typer.Exit(code=1)


@app.command()
def demo(
    enterprises: Annotated[int, typer.Option(help="Local enterprises to generate.")] = 3000,
    outside: Annotated[int, typer.Option(help="Enterprises elsewhere in China.")] = 5000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = (
        20261122
    ),
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when data was already received.")
    ] = False,
) -> None:
    """Build the demo cluster (常州市, 新能源汽车及零部件) through the real import path."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.demo_setup import has_data, load_demo

    settings = load_settings()
    database = open_database(settings, upgrade=True)
    if if_empty and has_data(database):
        typer.echo("数据目录已有数据，跳过演示数据。")
        return

    def show(message: str, percent: int) -> None:
        typer.echo(f"[{percent:3d}%] {message}")

    report = load_demo(
        settings=settings,
        database=database,
        actor=Principal.system("demo"),
        enterprises=enterprises,
        outside=outside,
        seed=seed,
        on_progress=show,
    )
    for name, result in report.imports:
        typer.echo(
            f"  {name:<36} {result.status:<9} 通过 {result.accepted:>7}  拒绝 {result.rejected:>4}"
        )
    typer.echo("演示集群已就绪：常州市新能源汽车及零部件产业集群。")
    if report.accounts:
        typer.echo("演示账户（初始密码，首次登录后须修改；政府部门看驾驶舱，企业看企业工作台）：")
        typer.echo("\n".join(report.accounts))


@pipeline_app.command("run")
def pipeline_run() -> None:
    """Build ODS → DWD → DWS → ADS and publish ADS to the serving DB (recorded as a job)."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.pipeline.run import run_pipeline

    settings = load_settings()
    database = open_database(settings)

    def show(message: str, percent: int) -> None:
        typer.echo(f"[{percent:3d}%] {message}")

    report = run_pipeline(
        settings=settings, database=database, actor=Principal.system(), on_progress=show
    )
    for model, rows in report.model_rows.items():
        typer.echo(f"  {model:<28} {rows:>10} 行")
    typer.echo(f"job {report.job_id} 完成，用时 {report.seconds:.1f} 秒")


@enterprise_app.command("merges")
def enterprise_merges() -> None:
    """List the merges of provisional ids into 统一社会信用代码, newest first."""
    from industry_brain.enterprise.service import list_merges

    database = open_database(load_settings())
    with database.reader() as db:
        merges = list_merges(db)
    for merge in merges:
        typer.echo(
            f"#{merge.id} {merge.status:<6} {merge.provisional_id} {merge.provisional_name} → "
            f"{merge.uscc} {merge.matched_name} ({merge.method} {merge.score:.2f}, "
            f"{merge.created_by})"
        )
    if not merges:
        typer.echo("no merges yet")


@enterprise_app.command("merge")
def enterprise_merge(
    provisional: Annotated[str, typer.Option(help="Provisional id (P…).")],
    uscc: Annotated[str, typer.Option(help="The enterprise's 统一社会信用代码.")],
    reason: Annotated[str, typer.Option(help="Why they are the same enterprise.")],
) -> None:
    """Merge a provisional id into a code; the next `ib pipeline run` applies it."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.enterprise.api import MergeIn, merge_by_codes

    database = open_database(load_settings())
    with database.writer() as db, _reported_errors():
        body = MergeIn(provisional_id=provisional, uscc=uscc, reason=reason)
        merge = merge_by_codes(db, principal=Principal.system(), body=body)
    typer.echo(f"merged #{merge.id}: {merge.provisional_id} → {merge.uscc} {merge.matched_name}")


@enterprise_app.command("unmerge")
def enterprise_unmerge(
    merge_id: Annotated[int, typer.Argument(help="Id of the merge (see `ib enterprise merges`).")],
    reason: Annotated[str, typer.Option(help="Why the merge was wrong.")],
) -> None:
    """Undo a merge; the pipeline will not propose the same pair again."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.enterprise.actions import do_undo_merge

    database = open_database(load_settings())
    with database.writer() as db, _reported_errors():
        merge = do_undo_merge(db, actor=Principal.system(), merge_id=merge_id, reason=reason)
    typer.echo(f"undone #{merge.id}: {merge.provisional_id} is its own enterprise again")


@cluster_app.command("set")
def cluster_set(
    name: Annotated[str, typer.Option(help="Cluster name, e.g. 常州市新能源汽车产业集群.")],
    region: Annotated[str, typer.Option(help="GB/T 2260 code of the cluster's region.")],
) -> None:
    """Set the cluster's name and region (what counts as local)."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.warehouse.cluster import set_cluster

    database = open_database(load_settings())
    with database.writer() as db, _reported_errors():
        profile = set_cluster(db, actor=Principal.system(), name=name, region_code=region)
    typer.echo(f"cluster: {profile.name} ({profile.region_code})")


@app.command("settings")
def settings_doc() -> None:
    """Print every setting as a Markdown table (the source of docs/configuration.md)."""
    from industry_brain.settings import settings_markdown

    typer.echo(settings_markdown())


def main() -> None:
    """Run the ``ib`` command."""
    app()

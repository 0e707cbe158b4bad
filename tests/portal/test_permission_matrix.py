"""The permission matrix, generated from the URLconf: every URL pattern × six users × GET and POST.

The users (``tests/scenarios/permissions.py``): anonymous, the organiser of another organisation
(``outsider``), a ``viewer``, a ``judge`` without assignment and a ``reviewer`` of the organisation
that holds every object, and the user with the right role for the URL (its organiser unless the case
names another: the assigned judge ``marker``, the ``chief`` judge, a ``superuser``). Each answer must be
the one in the table: ``L`` a redirect to the login page, ``R`` another redirect (a step done or refused
with a message), or the status code (200, 400, 403, 404, 405). Around every request the rows of every
table of the project's apps are compared: no user but the right one may change anything, by GET or POST
(POST carries the case's data, empty unless given; the test client does not check CSRF tokens).

**Adding a URL**: ``test_every_url_pattern_has_a_case`` walks ``get_resolver()`` and fails for a
pattern without a case. Add one line to ``CASES``::

    C("app:name", "pk=campaign", get="L 404 200 200 200 200", post="L 404 403 403 403 R"),

``kw`` maps each URL parameter to a world object (``slug=`` takes its slug, anything else its pk) or,
after a colon, a literal (``step=:submit``); ``who=`` names the right user; ``data=`` a POST body (a
function of the world). Run with ``MATRIX_PRINT=1 pytest tests/portal/test_permission_matrix.py -s``
to print the answers as they are, to copy into a new line once each one has been checked by hand.

The world is built once for the module (inside a transaction rolled back at its end) and every test
runs in its own savepoint; the module runs on one xdist worker (``xdist_group``).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.scenarios.permissions import permission_world

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("permission-matrix")]

ROLES = ("anonymous", "outsider", "viewer", "judge", "reviewer", "right")
PRINT = os.environ.get("MATRIX_PRINT") == "1"


@dataclass(frozen=True)
class C:
    name: str
    kw: str = ""
    get: str = ""
    post: str = ""
    who: str = "organizer"
    data: Callable[[dict], dict] | None = field(default=None, compare=False)
    writes: bool = False  # the right user's POST (with ``data``) must change the database


# anonymous outsider viewer judge reviewer right
CASES = [
    C("login", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("logout", get="405 405 405 405 405 405", post="R R R R R R"),
    C("portal:home", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("portal:organization_detail", "pk=a1", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("portal:person_list", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("portal:person_detail", "pk=person", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("directory:organization_list", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("competitions:competition_list", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("competitions:competition_create", get="L 200 403 403 403 200", post="L 200 403 403 403 200"),
    C("competitions:competition_edit", "slug=competition", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:competition_status", "slug=competition", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("competitions:registration_manage", "slug=competition", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("competitions:event_create", "slug=competition", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:event_edit", "slug=competition pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:entry_list", "slug=competition", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("competitions:entry_create", "slug=competition", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:entry_status", "slug=competition pk=entry", get="L 404 403 403 403 200", post="L 404 403 403 403 R",
      data=lambda w: {"action": "withdraw", "reason": "伤病"}),
    C("competitions:import_upload", "slug=competition", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:import_confirm", "slug=competition", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("competitions:import_template", "slug=competition", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("competitions:scoring_tasks", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("competitions:competition_scoring", "slug=competition", get="L 404 200 403 403 200", post="L 404 200 403 403 200"),
    C("competitions:mark_sheet", "slug=competition event_pk=event", who="marker", get="L 404 403 403 403 200", post="L 404 403 403 403 R"),
    C("competitions:event_results", "slug=competition event_pk=event", get="L 404 200 403 403 200", post="L 404 200 403 403 200"),
    C("competitions:event_compute", "slug=competition event_pk=event", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("competitions:event_lock", "slug=competition event_pk=event", who="chief", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:event_reopen", "slug=competition event_pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:event_publish", "slug=competition event_pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:event_unpublish", "slug=published event_pk=pub_event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:entry_scores", "slug=competition event_pk=event entry_pk=entry", who="marker", get="L 404 200 403 403 200", post="L 404 200 403 403 200"),
    C("competitions:score_import", "slug=competition event_pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:score_import_confirm", "slug=competition event_pk=event", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("competitions:score_template", "slug=competition event_pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:scoring_settings", "slug=competition event_pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:event_judges", "slug=competition event_pk=event", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:judge_remove", "slug=competition event_pk=event assignment_pk=assignment", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("competitions:results_book", "slug=published", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:standings", "slug=published", get="L 404 200 403 403 200", post="L 404 200 403 403 200"),
    C("competitions:eligible_list", "slug=published", get="L 404 200 403 403 200", post="L 404 200 403 403 200"),
    C("competitions:public_results", "slug=published", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("competitions:public_event_results", "slug=published event_pk=pub_event", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("competitions:competition_detail", "slug=competition", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("awards:award_list", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("awards:history_import", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("awards:history_import_confirm", get="L 405 405 405 405 405", post="L R 404 404 404 R"),
    C("awards:award_detail", "pk=award", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("awards:award_revoke", "pk=award", get="L 404 403 403 403 200", post="L 404 403 403 403 R",
      data=lambda w: {"reason": "经核查撤销"}, writes=True),
    C("awards:honor_catalogue", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("awards:honours_person", "pk=person", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("awards:honours_organization", "pk=a1", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("awards:holiday_list", who="superuser", get="L 403 403 403 403 200", post="L 403 403 403 403 200"),
    C("awards:campaign_list", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("awards:campaign_create", get="L 200 403 403 403 200", post="L 200 403 403 403 200"),
    C("awards:campaign_detail", "pk=campaign", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("awards:campaign_edit", "pk=campaign", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("awards:campaign_step", "pk=campaign step=:close", get="L 404 403 403 403 200", post="L 404 403 403 403 R"),
    C("awards:campaign_national_rules", "pk=campaign", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("awards:campaign_override", "pk=campaign", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("awards:campaign_start_notice", "pk=campaign", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("awards:campaign_confer", "pk=notice", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("awards:from_results", "pk=campaign", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("awards:nomination_create", "pk=campaign kind=:person", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("awards:nomination_detail", "pk=nomination", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("awards:nomination_edit", "pk=nomination", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("awards:nomination_transition", "pk=nomination", get="L 405 405 405 405 405", post="L 404 403 403 403 R",
      data=lambda w: {"action": "submit", "comment": ""}, writes=True),
    C("awards:objection_answer", "pk=objection", get="L 405 405 405 405 405", post="L 404 403 403 403 R",
      data=lambda w: {"answer": "经核查，异议不成立。", "outcome": "dismissed"}, writes=True),
    C("awards:notice_list", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("awards:notice_detail", "pk=notice", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("awards:objection_receipt", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("awards:objection_create", "pk=notice nomination_pk=in_notice", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("awards:award_export", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("awards:statistics", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("awards:statistics_export", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("awards:campaign_export", "pk=campaign name=:nominations", get="L 404 200 200 200 200", post="L 405 405 405 405 405"),
    C("awards:nomination_bulk", "pk=campaign", get="L 405 405 405 405 405", post="L 404 403 403 R R"),
    C("competitions:competition_judges", "slug=competition", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:entry_bulk_withdraw", "slug=competition", get="L 405 405 405 405 405", post="L 404 403 403 403 R"),
    C("competitions:public_results_index", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("core:job_list", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("core:job_detail", "pk=job", get="L 404 404 404 404 200", post="L 405 405 405 405 405"),
    C("core:job_status", "pk=job", get="L 404 404 404 404 200", post="L 405 405 405 405 405"),
    C("core:job_download", "pk=job", get="L 404 404 404 404 R", post="L 405 405 405 405 405"),
    C("core:job_confirm", "pk=job", get="L 405 405 405 405 405", post="L 404 404 404 404 404"),
    C("directory:account_list", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("directory:account_create", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("directory:account_import", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("directory:account_import_confirm", get="L 405 405 405 405 405", post="L R 404 404 404 R"),
    C("directory:account_template", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("directory:account_passwords", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("directory:account_detail", "pk=account", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("directory:account_role_grant", "pk=account", get="L 405 405 405 405 405", post="L 404 404 404 404 R"),
    C("directory:account_role_revoke", "pk=account membership_pk=account_membership", get="L 405 405 405 405 405", post="L 404 404 404 404 R"),
    C("directory:account_reset_password", "pk=account", get="L 405 405 405 405 405", post="L 404 404 404 404 R"),
    C("directory:account_set_active", "pk=account", get="L 405 405 405 405 405", post="L 404 404 404 404 R"),
    C("directory:password_change", get="L 200 200 200 200 200", post="L 200 200 200 200 200"),
    C("portal:change_list", who="superuser", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("competitions:public_event_results_xlsx", "slug=published event_pk=pub_event", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("competitions:eligibility_edit", "slug=competition", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("care:home", get="L 200 404 404 404 200", post="L 405 405 405 405 405"),
    C("care:person", "pk=care_person", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("care:profile_edit", "pk=care_person", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("care:responsible_edit", "pk=care_person", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("care:allowance_stop", "pk=care_person", get="L 405 405 405 405 405", post="L 404 404 404 404 R"),
    C("care:hardship_apply", "pk=care_person", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("care:hardship_decide", "pk=hardship", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("care:event_correct", "pk=care_event", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("care:rules", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("care:batch_list", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("care:batch_create", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("care:batch", "pk=batch", get="L 404 404 404 404 200", post="L 404 404 404 404 404"),
    C("care:import", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("care:import_confirm", get="L 405 405 405 405 405", post="L R 404 404 404 R"),
    C("care:import_template", get="L 200 404 404 404 200", post="L 200 404 404 404 200"),
    C("care:export", "name=:care_visits", get="L 200 404 404 404 200", post="L 405 405 405 405 405"),
    C("portal:dashboard", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("portal:dashboard_chart_css", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("portal:dashboard_export", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("portal:dashboard_summary", get="L 200 200 200 200 200", post="L 405 405 405 405 405"),
    C("portal:dashboard_summary_docx", get="L 405 405 405 405 405", post="L 200 200 200 200 200"),
    C("competitions:recuse", "slug=competition event_pk=event", who="marker", get="L 405 405 405 405 405", post="L 404 403 403 403 404"),
    C("competitions:innovation_contest", "slug=contest", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("competitions:innovation_project_create", "slug=contest", get="L 404 200 200 200 200", post="L 404 200 200 200 200"),
    C("competitions:innovation_project", "slug=contest pk=project", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("competitions:innovation_project_edit", "slug=contest pk=project", get="L 404 404 404 404 200", post="L 404 404 404 404 200"),
    C("competitions:innovation_project_action", "slug=contest pk=project action=:withdraw", get="L 405 405 405 405 405", post="L 404 404 404 404 R"),
    C("competitions:innovation_attachment", "slug=contest pk=project attachment_pk=attachment", get="L 404 404 404 404 404", post="L 404 404 404 404 404"),
    C("competitions:innovation_attachment_remove", "slug=contest pk=project attachment_pk=attachment", get="L 405 405 405 405 405",
      post="L 404 404 404 404 R"),
    C("competitions:innovation_screening", "slug=contest", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:innovation_settings", "slug=contest", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:innovation_votes", "slug=contest", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:innovation_results", "slug=contest", get="L 404 403 403 403 200", post="L 404 403 403 403 R"),
    C("competitions:innovation_roster", "slug=contest", get="L 404 403 403 403 200", post="L 404 403 403 403 200"),
    C("competitions:innovation_vote", "slug=contest", get="200 200 200 200 200 200", post="200 200 200 200 200 200"),
    C("competitions:innovation_vote_cast", "slug=contest pk=project", get="405 405 405 405 405 405", post="R R R R R R"),
    C("competitions:innovation_public_results", "slug=contest", get="404 404 404 404 404 404", post="404 404 404 404 404 404"),
    C("favicon", get="301 301 301 301 301 301", post="301 301 301 301 301 301"),
    C("healthz", get="200 200 200 200 200 200", post="405 405 405 405 405 405"),
]

# The admin is Django's own: every one of its pages is behind the staff login (one case below);
# the project's rules are not in it.
SKIPPED_NAMESPACES = {"admin"}


def url_patterns(patterns=None, namespace=None):
    """(name, route) of every URL pattern, with its namespace, walking ``get_resolver()``."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIPPED_NAMESPACES:
                continue
            yield from url_patterns(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace else p.name), str(p.pattern)


# --- the world, once per module -----------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # Hundreds of expected 403/404 answers: their warnings (with tracebacks) would only slow the run.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    with django_db_blocker.unblock(), transaction.atomic():
        built = permission_world()
        yield built
        transaction.set_rollback(True)
    request_log.setLevel(level)


@functools.cache
def project_models() -> tuple:
    models = [get_user_model()]
    for label in ("core", "directory", "competitions", "awards", "care", "portal"):
        models.extend(apps.get_app_config(label).get_models())
    return tuple(models)


def snapshot() -> dict:
    """Every row of every table of the project's apps (the world is small: a few hundred rows).

    Raw SQL, one statement per table: the ORM would cost ten times as much, and the matrix takes a
    snapshot after every request."""
    state = {}
    with connection.cursor() as cursor:
        for model in project_models():
            # last_login is written by logging in itself, before the request
            columns = [f.column for f in model._meta.concrete_fields if f.name != "last_login"]
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {names} FROM {table} ORDER BY 1")
            state[model._meta.label] = cursor.fetchall()
    return state


def resolve_kwargs(spec: str, world: dict) -> dict:
    kwargs = {}
    for part in spec.split():
        key, value = part.split("=", 1)
        if value.startswith(":"):
            kwargs[key] = value[1:]
        else:
            obj = world[value]
            kwargs[key] = obj.slug if key == "slug" else obj.pk
    return kwargs


def outcome(response) -> str:
    if response.status_code == 302:
        login = reverse("login")
        location = response["Location"]
        return "L" if location.startswith(login) else "R"
    return str(response.status_code)


def users(world, case: C):
    return {"anonymous": None, "outsider": world["outsider"], "viewer": world["viewer"], "judge": world["judge"],
            "reviewer": world["reviewer"], "right": world[case.who]}


def attempt(world, case: C, method: str) -> tuple[list[str], list[str]]:
    """(answers per role, roles that changed the database; for the right user's POST: "right" when
    it did not change it although the case ``writes``)."""
    url = reverse(case.name, kwargs=resolve_kwargs(case.kw, world))
    answers, writers = [], []
    before = snapshot()  # nobody but the right user (last) may change it, so one "before" serves all
    for role, user in users(world, case).items():
        client = Client()
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            data = case.data(world) if case.data else {}
            response = client.get(url) if method == "GET" else client.post(url, data)
            right_post = role == "right" and method == "POST"
            after = before if right_post and not case.writes else snapshot()
            if role == "right":
                transaction.set_rollback(True)  # the next test starts from the same world
        answers.append(outcome(response))
        if right_post:
            if case.writes and after == before:
                writers.append("right (wrote nothing)")
        elif after != before:
            writers.append(role)
            if PRINT:
                for label in before:
                    if before[label] != after[label]:
                        print("DIFF", label, set(after[label]) ^ set(before[label]))
    return answers, writers


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_permission_matrix(world, case, method):
    answers, writers = attempt(world, case, method)
    expected = (case.get if method == "GET" else case.post).split()
    if PRINT:
        print(f"\n{case.name:40} {method:4} {' '.join(answers)}")
    assert writers == [], f"{method} {case.name}: changed the database as {writers}"
    assert answers == expected, f"{method} {case.name}: {dict(zip(ROLES, answers, strict=True))}"


def test_every_url_pattern_has_a_case():
    names = {name for name, _route in url_patterns()}
    cased = {case.name for case in CASES}
    assert sorted(names - cased) == [], "URL patterns without a case in CASES (see the module docstring)"
    assert sorted(cased - names) == [], "cases for URL patterns that no longer exist"
    assert len(cased) == len(CASES), "a URL pattern with two cases"


def test_the_admin_is_behind_the_staff_login(world):
    for role, user in users(world, C("admin:index", who="superuser")).items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(reverse("admin:index"))
        if role == "right":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), role

"""计算成绩 of an event over JIANGXIN_JOB_THRESHOLD_ROWS entries runs as a background job (the tests'
immediate backend runs it at once); a smaller one is computed in the request as before."""

import pytest
from django.urls import reverse

from competitions.models import Result
from core.models import Job, JobStatus
from tests.scenarios.contests import add_entries, score

pytestmark = pytest.mark.django_db


def compute(client, contest):
    args = [contest["competition"].slug, contest["event"].pk]
    return client.post(reverse("competitions:event_compute", args=args))


@pytest.fixture
def scored(contest):
    entries = add_entries(contest["event"], 4)
    for entry, (t, p) in zip(entries, [(80, 90), (90, 80), (80, 90), (70, 60)], strict=True):
        score(entry, t, p, contest)
    return entries


def test_a_big_event_is_computed_by_a_job(client, contest, scored, settings):
    settings.JIANGXIN_JOB_THRESHOLD_ROWS = 3
    client.force_login(contest["manager"])
    response = compute(client, contest)
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.kind == Job.Kind.ACTION and job.status == JobStatus.SUCCEEDED, job.message
    assert job.message.startswith("成绩已计算：4 人参加排名") and job.rows_done == job.rows_total == 4
    assert Result.objects.filter(entry__event=contest["event"], rank__isnull=False).count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "成绩已计算" in page and "查看结果" in page


def test_a_job_refused_by_the_service_shows_why(client, contest, scored, settings, monkeypatch):
    from competitions.services import results
    from core.errors import DomainError

    def refuse(**kwargs):
        raise DomainError("成绩已锁定，不能重新计算")

    monkeypatch.setattr(results, "event_compute_results", refuse)
    settings.JIANGXIN_JOB_THRESHOLD_ROWS = 3
    client.force_login(contest["manager"])
    compute(client, contest)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.message == "成绩已锁定，不能重新计算"


def test_a_small_event_is_computed_in_the_request(client, contest, scored):
    client.force_login(contest["manager"])
    response = compute(client, contest)
    assert response.status_code == 302 and "/jobs/" not in response["Location"]
    assert not Job.objects.exists()


def test_who_may_not_compute_gets_no_job(client, contest, scored, settings):
    settings.JIANGXIN_JOB_THRESHOLD_ROWS = 3
    client.force_login(contest["judges"][0])
    assert compute(client, contest).status_code == 403
    assert not Job.objects.exists()

"""The 资格规则 page: organisers set rules in the browser's form, presets fill it, others are kept out."""

import pytest
from django.urls import reverse

from competitions.models import Competition
from directory.models import Role
from tests.factories import member_of

pytestmark = pytest.mark.django_db

SLUG = "langfang-skills-2024"  # the seed's 2024年廊坊市职工职业技能大赛, published demo results, no rules
URL = reverse("competitions:eligibility_edit", args=[SLUG])


def form_data(*rows):
    data = {"rule-TOTAL_FORMS": str(len(rows)), "rule-INITIAL_FORMS": "0", "rule-MIN_NUM_FORMS": "0",
            "rule-MAX_NUM_FORMS": "50"}
    for i, row in enumerate(rows):
        data.update({f"rule-{i}-{k}": v for k, v in row.items()})
    return data


MEDAL = {"label": "可申报廊坊市五一劳动奖章", "honor_name": "廊坊市五一劳动奖章", "max_rank": "1",
         "individual_only": "on", "source": "廊坊市总工会竞赛通知第八条"}


def test_organiser_saves_rules_and_the_results_list_people(langfang):
    page = langfang.get(URL)
    assert page.status_code == 200
    assert "再加一行" in page.content.decode() and 'id="honor-names"' in page.content.decode()
    # The honours app tells competitions its catalogue's names (competitions never imports awards).
    assert "全国五一劳动奖章" in page.context["honor_names"]
    eligible = reverse("competitions:eligible_list", args=[SLUG])
    assert "没有设置资格规则" in langfang.get(eligible).content.decode()

    response = langfang.post(URL, form_data(MEDAL, {"individual_only": "on"}))
    assert response.status_code == 302
    assert response.url == reverse("competitions:competition_detail", args=[SLUG]) + "#eligibility"
    competition = Competition.objects.get(slug=SLUG)
    assert [r["key"] for r in competition.eligibility_rules] == [
        "ke-shen-bao-lang-fang-shi-wu-yi-lao-dong-jiang-zhang-1"
    ]
    detail = langfang.get(response.url).content.decode()
    assert "已保存资格规则（1条）" in detail and "廊坊市总工会竞赛通知第八条" in detail and "第1名" in detail
    listed = langfang.get(eligible)
    assert len(listed.context["pairs"]) >= 4  # one first place in each of the four demo events
    assert all(rules[0].label == MEDAL["label"] for _r, rules in listed.context["pairs"])


def test_a_bad_row_is_shown_beside_it_and_in_the_summary_and_nothing_is_saved(langfang):
    response = langfang.post(URL, form_data(MEDAL, {"label": "没有条件", "individual_only": "on"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "第 2 行" in html and "请填写名次，或勾选奖项" in html
    assert 'value="可申报廊坊市五一劳动奖章"' in html  # what was typed stays
    assert Competition.objects.get(slug=SLUG).eligibility_rules == []


def test_a_preset_fills_the_form_with_the_rules_that_fit_without_saving(langfang):
    response = langfang.get(URL, {"preset": "example"})
    html = response.content.decode()
    assert "尚未保存" in html
    # 廊坊 is a city competition without a class: only 三八红旗手 fits of the examples.
    assert response.context["formset"].initial == [
        {"label": "可推荐三八红旗手", "honor_name": "三八红旗手", "max_rank": 3, "prizes": [], "genders": ["F"],
         "individual_only": True, "source": "示例规则，出处待核（DESIGN.md §4 未列）", "levels": [], "classes": []}
    ]
    assert "可申报天津市五一劳动奖章" in html  # named as left out
    assert Competition.objects.get(slug=SLUG).eligibility_rules == []
    assert langfang.get(URL, {"preset": "nonsense"}).status_code == 200


def test_the_competition_page_links_organisers_to_the_editor(langfang, client):
    detail = reverse("competitions:competition_detail", args=[SLUG])
    assert URL in langfang.get(detail).content.decode()
    assert URL in langfang.get(reverse("competitions:registration_manage", args=[SLUG])).content.decode()


def test_a_viewer_of_the_union_gets_403_and_sees_the_rules_read_only(client, seed_data):
    competition = Competition.objects.select_related("organizer").get(slug=SLUG)
    client.force_login(member_of(competition.organizer, role=Role.VIEWER, username="lf-viewer"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(MEDAL)).status_code == 403
    detail = client.get(reverse("competitions:competition_detail", args=[SLUG]))
    assert detail.status_code == 200 and URL not in detail.content.decode()


def test_another_union_gets_404(tianjin):
    assert tianjin.get(URL).status_code == 404
    assert tianjin.post(URL, form_data(MEDAL)).status_code == 404
    assert Competition.objects.get(slug=SLUG).eligibility_rules == []

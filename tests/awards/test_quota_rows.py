"""The check's 名额使用 rows are written by ``quota_rows`` in one pass, exactly as the template loop
they replace wrote them: names escaped, counts as plain whole numbers, the over-quota rows marked."""

from django.template import Context, Template
from django.test.utils import override_settings

from awards.models import HonorType
from awards.selectors.checks import QuotaRow
from directory.models import Organization

# The loop awards/_check.html had before quota_rows, kept here as the reference.
TEMPLATE_LOOP = Template(
    "{% load i18n l10n %}{% localize off %}{% for q in quotas %}\n"
    '  <tr{% if not q.ok %} class="table-danger"{% endif %}><td>{{ q.org.name }}</td><td>{{ q.honor.name }}</td>'
    "<td>{{ q.places }}</td><td>{{ q.used }}</td><td>{{ q.remaining }}</td><td>{{ q.pending }}</td>\n"
    '    <td>{% if not q.ok %}<span class="text-danger">{% blocktranslate with n=q.over %}超出{{ n }}名'
    "{% endblocktranslate %}</span>{% endif %}</td></tr>\n"
    "  {% endfor %}{% endlocalize %}"
)
TAG = Template("{% load awards_tags %}{% quota_rows quotas %}")


def _squeeze(html: str) -> str:
    return " ".join(html.split())


def _quotas():
    hostile = Organization(name='<b>天津&"市"</b>')
    plain = Organization(name="廊坊市总工会")
    medal = HonorType(name="五一劳动奖章")
    banner = HonorType(name="工人先锋号<script>")
    return [
        QuotaRow(org=hostile, honor=medal, places=3, used=5, pending=1),
        QuotaRow(org=plain, honor=banner, places=1200, used=1000, pending=12345),
        QuotaRow(org=plain, honor=medal, places=0, used=0, pending=0),
    ]


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_quota_rows_write_what_the_template_loop_wrote():
    quotas = _quotas()
    ours = TAG.render(Context({"quotas": quotas}))
    assert _squeeze(ours) == _squeeze(TEMPLATE_LOOP.render(Context({"quotas": quotas})))
    assert "&lt;b&gt;天津&amp;&quot;市&quot;&lt;/b&gt;" in ours and "<script>" not in ours
    assert "<td>12345</td>" in ours and "超出2名" in ours and ours.count('class="table-danger"') == 1

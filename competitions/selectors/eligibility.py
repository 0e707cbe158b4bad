"""What a competition's results make people eligible for (its configured eligibility rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.utils.translation import gettext as _

from directory.models import Gender

from ..models import (
    PROJECT_KINDS,
    Competition,
    CompetitionClass,
    Entry,
    EntryStatus,
    Event,
    Level,
    Prize,
    Project,
    ProjectStatus,
    Result,
)
from ..rules import (
    EligibilityRule,
    ResultFacts,
    eligible_for,
)
from ..rules import Prize as PurePrize
from ..rules.eligibility import RULE_PRESETS


def competition_eligibility_rules(competition: Competition) -> tuple[list[EligibilityRule], list[str]]:
    """(rules, problems): the competition's configured rules; a malformed one is reported, not fatal."""
    rules, problems = [], []
    raw = competition.eligibility_rules or []
    if not isinstance(raw, list):
        return [], [_("资格规则应为列表")]
    for position, item in enumerate(raw, start=1):
        try:
            if not isinstance(item, Mapping):
                raise TypeError(_("应为对象"))
            rules.append(EligibilityRule.from_dict(item))
        except (TypeError, ValueError) as exc:
            problems.append(_("第 %(n)d 条资格规则有误：%(error)s") % {"n": position, "error": exc})
    return rules, problems


def eligible_for_result(result: Result, rules: list[EligibilityRule]) -> list[EligibilityRule]:
    return eligible_for(result_facts(result), rules) if rules else []


def result_facts(result: Result, *, entry: Entry | None = None, event: Event | None = None) -> ResultFacts:
    entry = entry or result.entry
    event = event or entry.event
    competition = event.competition
    ranked = entry.status == EntryStatus.REGISTERED and result.rank is not None
    return ResultFacts(
        rank=result.rank if ranked else None,
        prize=PurePrize(result.prize) if ranked else None,
        competition_level=competition.level,
        competition_class=competition.competition_class,
        gender=entry.person.gender,
        event_kind=event.kind,
    )


def eligible_results(
    competition: Competition, *, published_only: bool = True
) -> list[tuple[Result, list[EligibilityRule]]]:
    """What each result of ``competition`` makes its person eligible for.

    Stable API (the honours app creates draft nominations from it):

    - returns ``[(result, rules), …]`` with only results that satisfy at least one rule, ordered by
      event then rank; ``rules`` are ``competitions.rules.EligibilityRule`` in the order the
      competition configures them (``rule.key``, ``rule.label``, ``rule.honor_name``,
      ``rule.source``);
    - ``result.entry``, ``result.entry.person`` (with ``employer``), ``result.entry.delegation`` and
      ``result.entry.event`` are loaded, so reading them costs no query;
    - with ``published_only`` (the default) only events whose results are published count: a
      nomination must not rest on provisional results;
    - withdrawn or disqualified entries and entries without a rank never match;
    - malformed rules in ``Competition.eligibility_rules`` are skipped (see
      ``competition_eligibility_rules`` for the messages).
    """
    rules, _problems = competition_eligibility_rules(competition)
    if not rules:
        return []
    if competition.kind in PROJECT_KINDS:
        return _eligible_project_leads(competition, rules, published_only=published_only)
    results = (
        Result.objects.filter(
            entry__event__competition=competition,
            entry__status=EntryStatus.REGISTERED,
            rank__isnull=False,
        )
        .select_related("entry__person__employer", "entry__delegation", "entry__event__competition", "entry__team")
        .order_by("entry__event_id", "rank", "entry__bib", "pk")
    )
    if published_only:
        results = results.filter(entry__event__results_published=True)
    out = []
    for result in results:
        matched = eligible_for(result_facts(result), rules)
        if matched:
            out.append((result, matched))
    return out


# --- honour names for the 资格规则 editor -------------------------------------------------------
# competitions may not import the honours app: it registers a source of the catalogue's names
# here (awards.apps.AwardsConfig.ready), and the editor offers them as suggestions.
_HONOR_NAME_SOURCES: list[Callable[[], Iterable[str]]] = []


def register_honor_names(source: Callable[[], Iterable[str]]) -> None:
    """Add a source of honour names offered when typing a rule's 可申报荣誉 (called once per app)."""
    if source not in _HONOR_NAME_SOURCES:
        _HONOR_NAME_SOURCES.append(source)


def honor_name_suggestions() -> list[str]:
    """The names a rule's 可申报荣誉 may take: the registered catalogue's, then the presets' (no repeats)."""
    names: list[str] = []
    for source in _HONOR_NAME_SOURCES:
        names.extend(source())
    names.extend(r.honor_name for _label, rules in RULE_PRESETS.values() for r in rules if r.honor_name)
    return list(dict.fromkeys(n for n in names if n))



def rule_conditions(rule: EligibilityRule) -> list[str]:
    """A rule's conditions in words, e.g. ["第3名以内", "一等奖、二等奖", "女", "仅限个人赛项"]."""
    parts = []
    if rule.max_rank is not None:
        parts.append(_("第1名") if rule.max_rank == 1 else _("第%(n)d名以内") % {"n": rule.max_rank})
    for values, choices in (
        (rule.prizes, Prize),
        (rule.genders, Gender),
        (rule.levels, Level),
        (rule.classes, CompetitionClass),
    ):
        labels = [str(label) for value, label in choices.choices if value in values]
        if labels:
            parts.append("、".join(labels))
    if rule.individual_only:
        parts.append(_("仅限个人赛项"))
    return parts


def _eligible_project_leads(competition: Competition, rules, *, published_only: bool) -> list:
    """Innovation contests: the combined rank and prize of each project decide, and the result
    offered is its lead's review result (rank and prize replaced, in memory, by the combined ones)."""
    projects = (
        Project.objects.filter(
            competition=competition, status=ProjectStatus.PASSED, rank__isnull=False, entry__result__isnull=False
        )
        .select_related(
            "entry__result", "entry__person__employer", "entry__delegation", "entry__event__competition", "entry__team"
        )
        .order_by("rank", "pk")
    )
    if published_only:
        projects = projects.filter(competition__innovation__results_published=True)
    out = []
    for project in projects:
        result = project.entry.result
        result.rank, result.prize, result.tied = project.rank, project.prize, project.tied
        matched = eligible_for(result_facts(result), rules)
        if matched:
            out.append((result, matched))
    return out

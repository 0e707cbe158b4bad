import pytest

from directory.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_paths_reflect_the_tree(org_tree):
    root, a, a1 = org_tree["root"], org_tree["a"], org_tree["a1"]
    assert a1.path.startswith(a.path) and a.path.startswith(root.path)
    assert (root.depth, a.depth, a1.depth) == (0, 1, 2)


def test_subtree_is_one_query_whatever_the_depth(org_tree, django_assert_num_queries):
    parent = org_tree["a1"]
    for i in range(6):  # a deep chain below a1
        parent = OrganizationFactory(name=f"第{i}层", parent=parent)
    with django_assert_num_queries(1):
        names = list(org_tree["a"].descendants().values_list("name", flat=True))
    assert len(names) == 8
    assert "乙工会" not in names


def test_subtree_of_several_roots_is_one_query(org_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = set(Organization.objects.subtree_of([org_tree["a"], org_tree["b"]]).values_list("name", flat=True))
    assert found == {"甲工会", "甲一公司", "乙工会"}


def test_moving_a_branch_moves_its_descendants(org_tree):
    a, a1, b = org_tree["a"], org_tree["a1"], org_tree["b"]
    a.parent = b
    a.save()
    a1.refresh_from_db()
    assert a1.path.startswith(b.path)
    assert a1.depth == 3
    assert set(b.descendants().values_list("name", flat=True)) == {"乙工会", "甲工会", "甲一公司"}


def test_an_organization_cannot_be_moved_under_its_own_descendant(org_tree):
    a = org_tree["a"]
    a.parent = org_tree["a1"]
    with pytest.raises(ValueError):
        a.save()

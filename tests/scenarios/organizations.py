"""The smallest union tree with two sibling branches, for scope tests."""

from tests.factories import OrganizationFactory


def org_tree() -> dict:
    """root ─ a ─ a1 ; root ─ b   (two sibling branches for scoping tests)"""
    root = OrganizationFactory(name="根工会")
    a = OrganizationFactory(name="甲工会", parent=root)
    a1 = OrganizationFactory(name="甲一公司", parent=a, kind="employer")
    b = OrganizationFactory(name="乙工会", parent=root)
    return {"root": root, "a": a, "a1": a1, "b": b}

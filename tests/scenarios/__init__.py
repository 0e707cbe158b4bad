"""Named scenario builders: worlds of test data built from ``tests.factories``.

conftest.py files hand them to tests as fixtures; test modules may import their helpers and constants,
never another test module or a conftest.

- ``organizations.org_tree()``: root ─ a ─ a1 ; root ─ b (fixture ``org_tree``)
- ``contests.scoring_contest(org_tree)``: a judged contest (fixture ``contest``); ``add_entries``, ``give``,
  ``score``, ``withdraw``, ``D``
- ``honours.honours_world()``: a campaign open for nominations (fixtures ``world``, ``worker``, ``draft`` in
  tests/awards); ``TODAY``, ``refresh``, ``campaign_with``
- ``registration.registration_world()``: a city union's open registration (fixture ``reg`` in
  tests/competitions); ``registration_workbooks``: the sheets units send (``workbook``, ``row``, ``line``)
- ``exports.export_world()``: honours, awards and nominations full of hostile text (fixture ``honours``),
  ``competition_results_world`` (fixture ``competition_world``), ``add_awards`` in bulk, and the helpers
  that read exported workbooks
- ``surnames``: common surnames in 姓氏笔画 order, checked stroke by stroke
"""

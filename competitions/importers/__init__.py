"""Spreadsheet importers of the competitions app (read and validate only; saving is in the services).

``entries``: the registration sheet (报名表) units send back; ``scores``: score sheets (成绩登记表)
and their pre-filled template; ``template``: the blank 报名表模板 a competition hands out. Both
importers are ``core.imports.Importer``s: one pipeline, one stash, one web flow.
"""

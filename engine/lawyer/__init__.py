"""Tools that read or write one profile.

explain, what-if, missing, the questionnaire, the template, set, and the waiver lint.
"""

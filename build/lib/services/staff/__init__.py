"""Kindergarten staff and education-department administrators: who may do what, and where.

Every method takes the `Staffer` resolved from the logged-in Telegram account and checks its scope
itself, so a handler that forgot a filter still cannot act outside it.
"""

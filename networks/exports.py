"""Spreadsheet exports of the registers."""

from ake.spreadsheets import FORMULA_PREFIXES, cell

__all__ = ["FORMULA_PREFIXES", "spreadsheet_safe"]

# Kept under its old name for the registers' index views.
spreadsheet_safe = cell

"""Regenerate docs/settings.md from the settings table: `python scripts/settings_doc.py > docs/settings.md`."""

from __future__ import annotations

from eventwire.settings import Settings

print("# Settings\n")
print("Every setting has a default and can be overridden with an environment variable `EVENTWIRE_<NAME>`")
print("(tuples as comma-separated lists). `eventwire settings` prints the values in force.\n")
print("| setting | default | what it does |")
print("|---|---|---|")
for name, default, help_text in Settings.help_table():
    print(f"| `{name}` | `{default}` | {help_text} |")

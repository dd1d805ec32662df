"""Tables the build writes into a page from nnbook itself, so that they cannot drift from the code.

A line ``<!-- nnbook-table: NAME -->`` alone in a page's Markdown becomes the Markdown table that
``TABLES[NAME]()`` returns (``fill_tables``, called by the hook for every page). The API reference
shows the book's recipes this way: the settings of each trained network, one row per recipe.
"""

import re

from nnbook.site import SiteError

_MARKER = re.compile(r"^<!-- nnbook-table: ([\w-]+) -->$", re.MULTILINE)


def _value(value):
    if isinstance(value, (list, tuple)):
        return "-".join(map(str, value))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


# The recipes table's columns: a heading, the Settings fields it shows and how it writes them.
_RECIPE_COLUMNS = [
    ("network", ("sizes", "activation"), lambda s: f"{_value(s['sizes'])}, {s['activation']}"),
    ("optimizer", ("optimizer", "learning_rate", "schedule", "l2"),
     lambda s: f"{s['optimizer']}, rate {s['learning_rate']} ({s['schedule']})" + (f", L2 {s['l2']}" if s["l2"] else "")),
    ("epochs × mini-batch", ("epochs", "batch_size"), lambda s: f"{s['epochs']} × {s['batch_size']}"),
    ("shifted copies", ("shifted_copies", "max_shift"),
     lambda s: f"{s['shifted_copies']}, by up to {s['max_shift']} pixel" if s["shifted_copies"] else "none"),
    ("training digits measured", ("measure_training",),
     lambda s: "all" if s["measure_training"] is None else _value(s["measure_training"])),
]


def recipes_table():
    """``nnbook.recipes.RECIPES`` as a Markdown table, one row per recipe: its network, optimizer,
    epochs and mini-batch size, shifted copies and how many training digits its History measures.
    The settings the table has no column for follow in a sentence when every recipe shares them,
    in a last column when they do not."""
    from nnbook.recipes import RECIPES
    from nnbook.settings import Settings

    rows = {name: settings.as_dict() for name, settings in RECIPES.items()}
    shown = {field for _, fields, _ in _RECIPE_COLUMNS for field in fields}
    rest = [field for field in Settings.fields() if field not in shown]
    shared = [field for field in rest if len({_value(row[field]) for row in rows.values()}) == 1]
    columns = list(_RECIPE_COLUMNS)
    if len(shared) < len(rest):
        differing = [field for field in rest if field not in shared]
        columns.append(("other", differing, lambda s: ", ".join(f"`{f}` {_value(s[f])}" for f in differing)))
    lines = [
        "| recipe | " + " | ".join(heading for heading, _, _ in columns) + " |",
        "| --- | " + " | ".join("---" for _ in columns) + " |",
        *(f"| `{name}` | " + " | ".join(cell(row) for _, _, cell in columns) + " |" for name, row in rows.items()),
    ]
    first = next(iter(rows.values()))
    same = ", ".join(f"`{field}` {_value(first[field])}" for field in shared)
    return "\n".join(lines) + (f"\n\nEvery recipe has {same}." if shared else "")


TABLES = {"recipes": recipes_table}


def fill_tables(markdown, page):
    """``markdown`` with every ``<!-- nnbook-table: NAME -->`` line replaced by ``TABLES[NAME]()``;
    an unknown NAME fails with ``page`` and the names there are."""

    def table(match):
        if match[1] not in TABLES:
            raise SiteError(f"{page}: no table named {match[1]!r}; the tables are {sorted(TABLES)} (nnbook/site/tables.py)")
        return TABLES[match[1]]()

    return _MARKER.sub(table, markdown)

"""Tests for malicli.sources.fields: combatant fields, names, flags in every
shape, commanders with rank and fate, coordinates in every style, places."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malicli.sources import fields
from malicli.sources.fields import Belligerent

# ---------------------------------------------------------------------------
# Belligerent fields
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expect"),
    [
        (
            "Mali, 20px Wagner Group (alleged by JNIM)",
            [
                Belligerent("mali", "Mali", "belligerent", None),
                Belligerent("wagner", "Wagner Group", "alleged", "jnim"),
            ],
        ),
        (",", []),
        ("", []),
        ("AQIM", [Belligerent("aqim", "AQIM", "belligerent", None)]),
        (
            "Jama'at Nasr al-Islam wal Muslimin",
            [Belligerent("jnim", "Jama'at Nasr al-Islam wal Muslimin", "belligerent", None)],
        ),
        ("Flag of Mali.svg  Mali", [Belligerent("mali", "Mali", "belligerent", None)]),
        ("MNLA flag.svg  Azawad", [Belligerent("mnla", "Azawad", "belligerent", None)]),
        ("France", [Belligerent("france", "France", "belligerent", None)]),
        (
            "Mali\nFrance",
            [
                Belligerent("mali", "Mali", "belligerent", None),
                Belligerent("france", "France", "belligerent", None),
            ],
        ),
        ("Unknown group", [Belligerent(None, "Unknown group", "belligerent", None)]),
        (
            "Permanent Strategic Framework for Peace, Security, and Development",
            [
                Belligerent(
                    "csp-psd",
                    "Permanent Strategic Framework for Peace, Security, and Development",
                    "belligerent",
                    None,
                )
            ],
        ),
        (
            "MNLA and Ansar Dine; AQIM",
            [
                Belligerent("mnla", "MNLA", "belligerent", None),
                Belligerent("ansar-dine", "Ansar Dine", "belligerent", None),
                Belligerent("aqim", "AQIM", "belligerent", None),
            ],
        ),
        (
            "Mali (supported by Wagner Group)",
            [
                Belligerent("mali", "Mali", "belligerent", None),
                Belligerent("wagner", "Wagner Group", "supported", None),
            ],
        ),
        (
            "Mali\nSupported by:\nFrance",
            [
                Belligerent("mali", "Mali", "belligerent", None),
                Belligerent("france", "France", "supported", None),
            ],
        ),
        ("Malian Armed Forces[1]", [Belligerent("mali", "Malian Armed Forces", "belligerent", None)]),
        (
            "Flag of Mali.svg  Mali  Flag of Russia.svg  Wagner Group",
            [
                Belligerent("mali", "Mali", "belligerent", None),
                Belligerent("wagner", "Wagner Group", "belligerent", None),
            ],
        ),
        ("Wagner Group (claimed by JNIM)", [Belligerent("wagner", "Wagner Group", "claimed", "jnim")]),
        ("Tuareg rebels (alleged)", [Belligerent(None, "Tuareg rebels", "alleged", None)]),
    ],
)
def test_parse_belligerents(field, expect):
    assert fields.parse_belligerents(field) == expect


@pytest.mark.parametrize(
    ("raw", "expect"),
    [
        ("20px Wagner Group", "Wagner Group"),
        ("30px Mali", "Mali"),
        ("Flag of Mali.svg  Mali", "Mali"),
        ("MNLA flag.svg  Azawad", "Azawad"),
        ("AQIM[1]", "AQIM"),
        ("Ansar Dine[a]", "Ansar Dine"),
        ("MOJWA[citation needed]", "MOJWA"),
        ("  , Chad ;", "Chad"),
        ("U.S.", "U.S."),
        ("", ""),
        (",", ""),
    ],
)
def test_clean_name(raw, expect):
    assert fields.clean_name(raw) == expect


def test_belligerent_is_frozen():
    b = Belligerent("mali", "Mali", "belligerent", None)
    with pytest.raises(AttributeError):
        b.role = "alleged"  # type: ignore[misc]


NAMEISH = st.sampled_from(
    [
        "Mali",
        "JNIM",
        "20px",
        "Flag of Mali.svg",
        "MNLA flag",
        "(alleged by JNIM)",
        ", ",
        " and ",
        "\n",
        "Supported by:",
        "†",
        "KIA",
        "[1]",
        "Col.",
        "Unknown",
        "  ",
        "Mali Mali",
        ".svg",
        "(POW)",
    ]
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(NAMEISH, st.text(max_size=5)), max_size=20).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_field_readers_never_raise(text):
    for b in fields.parse_belligerents(text):
        assert isinstance(b, Belligerent)
        assert b.as_written
        assert b.role in {"belligerent", "alleged", "claimed", "supported"}
    assert isinstance(fields.clean_name(text), str)
    for _, entry in fields.split_leaders(text):
        leader = fields.parse_leader(entry)
        if leader is not None:
            assert leader.name and leader.name in " ".join(text.split())
    fields.parse_coordinates(text)
    fields.parse_place(text)
    fields.leader_entries(text)

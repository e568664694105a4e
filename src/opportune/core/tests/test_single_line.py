"""Single-line normalisation stays linear: a pasted megabyte of spaces is no denial of service.

(With the old pattern `[ B]*[B][ B]*` these took hours; here they finish at once.)
"""

import pytest
from django import forms

from opportune.core.forms import SingleLineCharField, single_line


def test_a_megabyte_of_spaces_keeps_its_spaces():
    assert single_line(" " * 1_000_000 + "x") == " " * 1_000_000 + "x"


def test_a_megabyte_of_spaces_around_a_break_becomes_one_space():
    assert single_line("a" + " " * 500_000 + "\n" + " " * 500_000 + "b") == "a b"


def test_runs_of_spaces_without_a_break_stay_as_typed():
    assert single_line("a  b\r\n\tc") == "a  b c"


def test_a_field_refuses_a_megabyte_without_normalising_it():
    field = SingleLineCharField(max_length=100)
    with pytest.raises(forms.ValidationError):
        field.clean("y" + " " * 1_000_000 + "x")


def test_web_addresses_keep_no_control_characters():
    from opportune.core.forms import SingleLineURLField

    assert (
        SingleLineURLField(assume_scheme="https").clean("https://ex\x1bample.com/\x7fa")
        == "https://example.com/a"
    )

"""Structure guesses: where the output is in its JSON, and what comes after a value there."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.engine.decoder_schema import decoder_schema
from summarizer.engine.local.json_shape import JsonCursor, SchemaShape, StructureGuesser
from summarizer.engine.local.prompt_lookup import PromptLookupDrafter
from summarizer.options import LOCAL_ITEM_LIMITS


def events(text: str) -> list[tuple[str, tuple[str, ...]]]:
    cursor = JsonCursor()
    found = []
    for byte in text.encode():  # one byte at a time: token boundaries must not matter
        found += cursor.feed(bytes([byte]))
    return found


def test_the_cursor_reports_values_with_the_keys_that_lead_to_them() -> None:
    found = events('{ "a": "x", "b": [ { "c": "y" }, { "c": null } ] }')
    assert found == [  # containers are structure: only scalars open values
        ("opened", ("a",)),
        ("closed", ("a",)),
        ("opened", ("b", "c")),
        ("closed", ("b", "c")),
        ("closed", ("b",)),  # the item's "}": back in the array that is the value of "b"
        ("opened", ("b", "c")),  # null opens a value too, but only strings report their end
        ("closed", ("b",)),
        ("closed", ("b",)),  # the array's "]"
        ("closed", ()),
    ]


def test_quotes_and_json_syntax_inside_strings_are_text() -> None:
    found = events(r'{ "a": "he said \"x\": {[,]}", "b\"": "\\" }')
    assert found == [
        ("opened", ("a",)),
        ("closed", ("a",)),
        ("opened", ('b\\"',)),  # the key as written, escapes and all
        ("closed", ('b\\"',)),
        ("closed", ()),
    ]


def test_the_cursor_knows_when_a_key_is_due() -> None:
    cursor = JsonCursor()
    cursor.feed(b'{ "a": "x"')
    assert cursor.in_object
    assert not cursor.awaits_key
    cursor.feed(b",")
    assert cursor.awaits_key
    cursor.feed(b' "b": [ "y",')
    assert not cursor.in_object
    assert not cursor.awaits_key  # an array's comma wants a value


@pytest.fixture(scope="module")
def shape() -> SchemaShape:
    return SchemaShape(decoder_schema(LOCAL_ITEM_LIMITS))


def test_the_schema_names_the_next_required_property(shape: SchemaShape) -> None:
    assert shape.after_value(("headline",), comma_written=False) == ', "summary": "'
    assert shape.after_value(("headline",), comma_written=True) == ' "summary": "'
    assert shape.after_value(("summary",), comma_written=True) == ' "events": [ { "action": "'
    assert shape.after_value(("events", "action"), comma_written=True) == ' "evidence": "'
    assert shape.after_value(("figures", "number"), comma_written=True) == ' "measure": "'
    assert shape.after_value(("attributions", "claim"), comma_written=True) == ' "evidence": "'


def test_the_schema_does_not_guess_where_the_model_chooses(shape: SchemaShape) -> None:
    # After the last required property come optional ones or the object's end.
    assert shape.after_value(("events", "evidence"), comma_written=True) is None
    assert shape.after_value(("attributions",), comma_written=False) is None
    assert shape.after_value(("events", "actor"), comma_written=True) is None  # optional
    assert shape.after_value(("nonsense", "key"), comma_written=True) is None
    assert shape.after_value((), comma_written=True) is None


def test_a_self_referring_schema_yields_no_guess_rather_than_a_hang() -> None:
    schema = {
        "$defs": {"Loop": {"$ref": "#/$defs/Loop"}},
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"$ref": "#/$defs/Loop"}},
        "required": ["a", "b"],
    }
    assert SchemaShape(schema).after_value(("a",), comma_written=True) == ' "b": '


def by_byte(text: str) -> np.ndarray:
    return np.frombuffer(text.encode(), dtype=np.uint8).astype(np.intc)


def guesser(schema: dict[str, object] | None) -> StructureGuesser:
    """A guesser over a vocabulary of single bytes: token id = byte value."""
    return StructureGuesser(lambda token: bytes([token]), list, schema)


def decode(tokens: np.ndarray) -> str:
    return bytes(int(t) for t in tokens).decode()


def run(guess: StructureGuesser, prompt: str, output: str) -> dict[int, str]:
    """Feed `output` token by token after `prompt`, as llama-cpp-python calls a draft model."""
    context = by_byte(prompt + output)
    guesses = {}
    for end in range(len(prompt) + 1, len(context) + 1):
        if (draft := guess(context[:end])).size:
            guesses[end - len(prompt)] = decode(draft)
    return guesses


def test_first_time_the_schema_guesses_then_the_models_own_structure() -> None:
    schema = decoder_schema(LOCAL_ITEM_LIMITS)
    output = (
        '{"headline":"H","summary":"S","events":[{"action":"A1","evidence":"E1"},{"action":"A2"'
    )
    guesses = run(guesser(schema), 'prompt with a { and a "quote"', output)
    assert guesses[output.index('H"') + 2] == ', "summary": "'  # the schema, in its spacing
    # After the first event's action the model wrote `,"evidence":"`; after the second, that.
    first, second = (output.index(a) + len(a) + 1 for a in ('"A1', '"A2'))
    assert guesses[first] == ', "evidence": "'
    assert guesses[second] == ',"evidence":"'
    assert set(guesses) <= {output.index(v) + len(v) + 1 for v in ('"H', '"S', '"A1', '"E1', '"A2')}


def test_without_a_schema_only_the_past_is_guessed() -> None:
    output = '{"a":"1","b":"2"}'
    assert run(guesser(None), "", output) == {}
    repeated = '[{"a":"1","b":"2"},{"a":"3","b":"4"}]'
    guesses = run(guesser(None), "", repeated)
    assert guesses == {
        repeated.index('"3') + 3: ',"b":"',
        repeated.index('"4') + 3: '},{"a":"',  # what followed the first item's last value
        repeated.index('"4') + 4: ',{"a":"',  # and what followed its "}", if that guess failed
    }


def test_the_drafter_prefers_a_structure_guess_and_caps_it() -> None:
    class Long:
        def __call__(self, ids: np.ndarray) -> np.ndarray:
            return np.arange(100, dtype=np.intc)

    drafter = PromptLookupDrafter(Long())  # type: ignore[arg-type]
    assert len(drafter(by_byte("abcabc"))) == 16
    assert (drafter.drafts, drafter.structural, drafter.proposed) == (1, 1, 16)


def test_after_a_closed_list_the_schema_names_the_next_one() -> None:
    output = '{"headline":"H","summary":"S","events":[{"action":"A","evidence":"E"}],"figures"'
    guesses = run(guesser(decoder_schema(LOCAL_ITEM_LIMITS)), "", output)
    assert guesses[output.index("]") + 1] == ', "figures": [ { "number": "'

"""What a status edit must write, stated independently of vaultroad.edit, for the tests.

Shared by the round-trip tests over real files and the property tests over
generated Markdown, so both judge the writer by the same rules.
"""

from __future__ import annotations

from vaultroad import Status, Topic

# The order of `Marker.forms`.
STATUSES = (Status.TODO, Status.DOING, Status.DONE, Status.SKIPPED)


def form_of(topic: Topic, status: Status) -> str:
    return topic.position.forms[STATUSES.index(status)]


def is_usual(topic: Topic) -> bool:
    """No marker, or the form this place writes for the topic's status."""
    return topic.marker is None or topic.marker == form_of(topic, topic.status)


def expected_text(text: str, topic: Topic, status: Status) -> str:
    """`text` with only `topic`'s marker changed to `status`, as the edit rules say."""
    position = topic.position
    form = form_of(topic, status)
    if position.text is None:
        # Insert the mark and one space; a place with no mark for the status stays bare.
        return text[: position.start] + form + " " + text[position.start :] if form else text
    if not form:
        # Remove the mark and the one space (or tab) after it.
        end = position.end + (1 if text[position.end : position.end + 1] in (" ", "\t") else 0)
        return text[: position.start] + text[end:]
    return text[: position.start] + form + text[position.end :]


def diff_span(old: str, new: str) -> tuple[int, int, str]:
    """Minimal (start, end, replacement) with `new == old[:start] + replacement + old[end:]`."""
    low, high = 0, min(len(old), len(new))
    while low < high:  # longest common prefix, by bisection on C-speed slice compares
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    start = low
    low, high = 0, min(len(old), len(new)) - start
    while low < high:  # longest common suffix not overlapping the prefix
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return start, len(old) - low, new[start : len(new) - low]

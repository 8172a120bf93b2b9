"""A candidate worker process: finds the cite strategy's candidates for each text it is sent.

Started by `summarizer.batch.candidate_pool.CandidatePool` as `python -m
summarizer.batch.candidate_worker`; not a command for people. Reads requests on stdin (a count,
then that many length-prefixed UTF-8 texts), parses each request's texts as one batch, answers
each text in order with a length-prefixed pickle of `("ok", Candidates)` or `("error", kind,
message)` on what was stdout, and exits when stdin closes.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from typing import BinaryIO

from summarizer.batch.candidate_pool import HEADER
from summarizer.find.candidates import find_candidates_many


def main() -> int:
    """Serve texts until the parent closes our stdin."""
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the replies
    # Ctrl-C reaches the whole process group; the parent decides, and closes our stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while (texts := _request(requests)) is not None:
        answered = 0
        try:
            for found in find_candidates_many(texts, batch_size=len(texts)):
                _reply(replies, ("ok", found))
                answered += 1
        except Exception as exc:  # noqa: BLE001 - the parent finds them itself and says why
            for _ in texts[answered:]:
                _reply(replies, ("error", type(exc).__name__, str(exc)))
    return 0


def _request(requests: BinaryIO) -> list[str] | None:
    """The next request's texts, or None once the parent has closed our stdin."""
    count = _size(requests)
    if count is None:
        return None
    texts = []
    for _ in range(count):
        size = _size(requests)
        if size is None:
            return None
        body = requests.read(size)
        if len(body) < size:
            return None
        texts.append(body.decode("utf-8"))
    return texts


def _size(stream: BinaryIO) -> int | None:
    """The next length prefix, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    return int(HEADER.unpack(header)[0]) if len(header) == HEADER.size else None


def _reply(replies: BinaryIO, reply: tuple[object, ...]) -> None:
    data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    replies.write(HEADER.pack(len(data)) + data)
    replies.flush()


if __name__ == "__main__":
    sys.exit(main())

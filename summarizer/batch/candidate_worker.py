"""A candidate worker process: finds the cite strategy's candidates for each text it is sent.

Started by `summarizer.batch.candidate_pool.CandidatePool` as `python -m
summarizer.batch.candidate_worker`; not a command for people. Reads length-prefixed UTF-8 texts
on stdin, answers each with a length-prefixed pickle of `("ok", Candidates)` or `("error", kind,
message)` on what was stdout, and exits when stdin closes.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys

from summarizer.batch.candidate_pool import HEADER
from summarizer.find.candidates import find_candidates


def main() -> int:
    """Serve texts until the parent closes our stdin."""
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the replies
    # Ctrl-C reaches the whole process group; the parent decides, and closes our stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while len(header := requests.read(HEADER.size)) == HEADER.size:
        (size,) = HEADER.unpack(header)
        body = requests.read(size)
        if len(body) < size:
            break
        try:
            reply: tuple[object, ...] = ("ok", find_candidates(body.decode("utf-8")))
        except Exception as exc:  # noqa: BLE001 - the parent finds them itself and says why
            reply = ("error", type(exc).__name__, str(exc))
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        replies.write(HEADER.pack(len(data)) + data)
        replies.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

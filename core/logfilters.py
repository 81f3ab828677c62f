import logging
import time


class OncePer(logging.Filter):
    """Let one record through per ``seconds`` (the rest are counted and the count
    is added to the next one): an unreachable Redis is worth one line a minute,
    not a traceback on every cache call."""

    def __init__(self, seconds: float = 60.0):
        super().__init__()
        self.seconds = seconds
        self.last = 0.0
        self.skipped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self.last < self.seconds:
            self.skipped += 1
            return False
        if self.skipped:
            record.msg = f"{record.msg} ({self.skipped} more like it in the last {int(now - self.last)} s)"
        record.exc_info = None  # the message says enough; the traceback is always the same
        record.exc_text = None
        self.last, self.skipped = now, 0
        return True

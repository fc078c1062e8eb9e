"""The Word memo format: its name, options and entry point.

The memo itself is written by :mod:`safeguards.reports.docxmemo`, imported only when a memo is asked
for: python-docx and lxml cost a noticeable share of the start-up of every other command.
"""

from __future__ import annotations

from typing import ClassVar

from safeguards.engine.models import Report
from safeguards.reports.base import Renderer

NEEDS_ACTION_ONLY = "needs-action"
"""The ``--only`` value that leaves met and not-applicable findings out of the memo."""


class DocxReport(Renderer):
    """A Word memo to hand on: executive summary, contents, what needs action, then an annex.

    Args:
        paper: ``"a4"`` (default) or ``"letter"``; with a template and no paper asked, the
            template's page setup stays.
        only: ``"needs-action"`` leaves met and not-applicable findings out (a short memo).
        template: the bytes of a ``.docx`` or ``.dotx`` whose styles, headers and footers
            (letterhead) the memo uses; its body text is replaced.

    """

    name: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    description: ClassVar[str] = (
        "Word memo: executive summary, contents, what needs action, full findings in an annex"
    )
    binary: ClassVar[bool] = True

    def __init__(
        self, paper: str | None = None, only: str | None = None, template: bytes | None = None
    ) -> None:
        """Choose the paper, the findings shown and the template (default: A4, all, none)."""
        self.paper = paper
        self.only = only
        self.template = template

    def render(self, report: Report) -> str:
        """Refuse: a Word file is bytes (use :meth:`render_bytes`)."""
        raise TypeError("the docx format is binary; call render_bytes()")

    def render_bytes(self, report: Report) -> bytes:
        """Return the memo as .docx bytes; timestamps come from the report, never the clock."""
        from safeguards.reports.docxmemo import write_memo  # heavy: loaded only for a memo

        return write_memo(report, self.paper, self.only, self.template)

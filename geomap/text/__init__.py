"""Stage 1, text: files and streams in, plain ``Document`` values out.

In: paths, folders, ``-`` for standard input (``.txt``, ``.md``, ``.html``,
``.jsonl``), in UTF-8, UTF-16 or Windows-1252. Out:
:class:`geomap.model.Document` (id, title, article text), one at a time from
:class:`~geomap.text.documents.DocumentStream`, with the inputs it skipped
(:class:`~geomap.text.documents.Skipped`) and its notes as data.
Also the pieces every later stage reads text with: one tokenizer
(:mod:`~geomap.text.tokens`), one sentence rule
(:mod:`~geomap.text.sentences`) and the English word lists
(:mod:`~geomap.text.wordlists` for places, :mod:`~geomap.text.claimwords`
for distance claims), and the windows a long text is read in
(:mod:`~geomap.text.windows`: 100,000 characters, cut at paragraph ends).

>>> from geomap.text import sentence_spans
>>> text = "Mr. Paris spoke. He left."
>>> [text[start:end] for start, end in sentence_spans(text)]
['Mr. Paris spoke.', 'He left.']
"""

from __future__ import annotations

from geomap.text.documents import DocumentStream, Skipped, html_to_text, read_documents
from geomap.text.sentences import sentence_spans
from geomap.text.tokens import Token, tokenize

__all__ = [
    "DocumentStream",
    "Skipped",
    "Token",
    "html_to_text",
    "read_documents",
    "sentence_spans",
    "tokenize",
]

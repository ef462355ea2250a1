"""What a worker does: check incidents and return their table rows.

Each incident is checked as ``check`` checks one (every stage, its own site
and context); a batch of unrelated articles is a batch of one-article
incidents, as ``check --each``. The rows are the records of
:mod:`geomap.output` (the JSON and CSV fields) with the incident key in front.
An incident whose check fails inside geomap becomes a failure row for each of
its articles; the batch goes on.

A worker process (local or on a Dask cluster) opens the gazetteer once, on
its first task, from a path every worker can read.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.batch.partitions import Failure, Incident, split_source
from geomap.errors import GazetteerDamaged
from geomap.gazetteer.store import Gazetteer
from geomap.model import Report

__all__ = ["Checked", "check_incidents", "check_incidents_at", "failure_rows"]

_LOCAL = threading.local()


@dataclass(slots=True)
class Checked:
    """Table rows of checked incidents, and their counts."""

    mentions: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    incidents: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)

    def extend(self, other: Checked) -> None:
        """Add ``other``'s rows after these, and its counts to these."""
        self.mentions += other.mentions
        self.claims += other.claims
        self.errors += other.errors
        self.articles += other.articles
        self.incidents += other.incidents
        self.statuses += other.statuses
        self.kinds += other.kinds


def check_incidents_at(
    incidents: Sequence[Incident], db_path: str, overlays: tuple[str, ...]
) -> Checked:
    """:func:`check_incidents` with the worker's gazetteer, opened once per
    worker thread from ``db_path`` with ``overlays`` (place files)."""
    return check_incidents(incidents, _worker_gazetteer(db_path, overlays))


def check_incidents(incidents: Iterable[Incident], gazetteer: Gazetteer) -> Checked:
    """The table rows of every incident, in order."""
    from geomap.pipeline import analyze

    checked = Checked()
    for incident in incidents:
        checked.incidents += 1
        checked.articles += len(incident.documents)
        try:
            report = analyze(incident.documents, gazetteer)
        except GazetteerDamaged:
            raise  # every article after it would fail too: the run stops
        except Exception as error:  # one article's bug must not stop an archive
            checked.errors += failure_rows(_internal_errors(incident, error))
            continue
        _add_report(checked, report, incident.key)
    return checked


def _add_report(checked: Checked, report: Report, key: str | None) -> None:
    from geomap.output import claim_rows, place_records

    for record in place_records(report.resolutions):
        checked.mentions.append({"incident": key, **record})
        checked.kinds[record["kind"]] += 1
    checked.claims += [{"incident": key, **row} for row in claim_rows(report)]
    checked.statuses.update(verdict.status for verdict in report.verdicts)


def _internal_errors(incident: Incident, error: Exception) -> list[Failure]:
    reason = f"internal error: {type(error).__name__}: {error}"
    failures = []
    for document in incident.documents:
        source, line = split_source(document.source)
        failures.append(Failure(source, line, document.id, reason))
    return failures


def failure_rows(failures: Iterable[Failure]) -> list[dict[str, Any]]:
    """The ``errors`` table rows of failures."""
    return [
        {"source": f.source, "line": f.line, "doc_id": f.doc_id, "reason": f.reason}
        for f in failures
    ]


def _worker_gazetteer(db_path: str, overlays: tuple[str, ...]) -> Gazetteer:
    """The gazetteer of this worker thread (SQLite connections stay in the
    thread that opened them), opened on first use."""
    from geomap.gazetteer import open_gazetteer

    wanted = (db_path, overlays)
    if getattr(_LOCAL, "opened", None) != wanted:
        _LOCAL.gazetteer = open_gazetteer(
            Path(db_path), overlays=[Path(p) for p in overlays], build_if_needed=False
        )
        _LOCAL.opened = wanted
    gazetteer: Gazetteer = _LOCAL.gazetteer
    return gazetteer

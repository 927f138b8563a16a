"""Writing outbox rows. A row is the promise to send; a job (queued after commit) keeps it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.messaging import OutboxMessage


def queue_message(
    session: Session,
    *,
    recipient: str,
    key: str,
    variables: dict | None = None,
    language: str = "id",
    applicant_id: int | None = None,
    staff_id: int | None = None,
    application_id: int | None = None,
    document_id: int | None = None,
    attachment: str | None = None,
    priority: str = "notice",
) -> OutboxMessage:
    message = OutboxMessage(
        recipient=recipient,
        key=key,
        variables=dict(variables or {}),
        language=language,
        applicant_id=applicant_id,
        staff_id=staff_id,
        application_id=application_id,
        document_id=document_id,
        attachment=attachment,
        priority=priority,
        status="pending",
    )
    session.add(message)
    session.flush()
    return message

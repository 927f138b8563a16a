"""Storage: models (one module per aggregate), sessions, counters, the file store.

Importing this package registers every model on `Base.metadata`. It imports nothing of ours.
"""

from storage.access_log import AccessLogEntry
from storage.applicants import Applicant, mask_name, mask_nik
from storage.applications import (
    Application,
    Counter,
    Document,
    HistoryEvent,
    LetterDraft,
    SlaAlert,
    StageWriteForbidden,
    stage_writer,
)
from storage.base import Base, utcnow
from storage.calendar import CalendarOverride
from storage.complaints import Complaint
from storage.contents import WhatsAppContent
from storage.desk_notices import HeldDeskNotice
from storage.messaging import Conversation, InboundMessage, OutboxMessage
from storage.questions import Question
from storage.search_terms import NameTerm, SearchTerm
from storage.services import Requirement, Service
from storage.staff import ROLES, ApiToken, StaffRole, StaffUser
from storage.surveys import SurveyResponse

__all__ = [
    "ROLES",
    "AccessLogEntry",
    "ApiToken",
    "Applicant",
    "Application",
    "Base",
    "CalendarOverride",
    "Complaint",
    "Conversation",
    "Counter",
    "Document",
    "HeldDeskNotice",
    "HistoryEvent",
    "InboundMessage",
    "LetterDraft",
    "NameTerm",
    "OutboxMessage",
    "Question",
    "Requirement",
    "SearchTerm",
    "Service",
    "SlaAlert",
    "StaffRole",
    "StaffUser",
    "StageWriteForbidden",
    "SurveyResponse",
    "WhatsAppContent",
    "mask_name",
    "mask_nik",
    "stage_writer",
    "utcnow",
]

from .appointments import Appointment, AppointmentSlot
from .catalogue import (
    AdmissionDecision,
    AdmissionProposal,
    ApprovalStep,
    CatalogueVersion,
    ItemGroup,
    ItemLevel,
    ItemMaterial,
    ServiceItem,
)
from .queue import QueueTicket, TicketCounter, TicketEvent, TicketStatus, Window
from .requests import ProxyStatus, RequestAttachment, RequestCounter, RequestEvent, RequestStatus, ServiceRequest

__all__ = [
    "AdmissionDecision", "AdmissionProposal", "Appointment", "AppointmentSlot", "ApprovalStep", "CatalogueVersion",
    "ItemGroup", "ItemLevel", "ItemMaterial", "ProxyStatus", "QueueTicket", "RequestAttachment", "RequestCounter",
    "RequestEvent", "RequestStatus", "ServiceItem", "ServiceRequest", "TicketCounter", "TicketEvent", "TicketStatus",
    "Window",
]

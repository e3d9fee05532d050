""" Contains all the data models used in inputs/outputs """

from .advance import Advance
from .advance_patch import AdvancePatch
from .amended_event import AmendedEvent
from .amended_history_entry import AmendedHistoryEntry
from .amended_history_entry_reason_label import AmendedHistoryEntryReasonLabel
from .amendment import Amendment
from .amendment_changes import AmendmentChanges
from .amendment_reason import AmendmentReason
from .amendment_request import AmendmentRequest
from .amendment_response import AmendmentResponse
from .banner import Banner
from .banner_kind import BannerKind
from .cancellation import Cancellation
from .cancellation_request import CancellationRequest
from .cancelled_event import CancelledEvent
from .certificate import Certificate
from .certificate_contractor import CertificateContractor
from .certificate_kind_label import CertificateKindLabel
from .certificate_orderer import CertificateOrderer
from .certificate_section import CertificateSection
from .certificate_section_key import CertificateSectionKey
from .certificate_section_rows_item import CertificateSectionRowsItem
from .certificate_surety import CertificateSurety
from .certificate_surety_contact import CertificateSuretyContact
from .change import Change
from .change_field import ChangeField
from .change_label import ChangeLabel
from .client_actor import ClientActor
from .client_actor_kind import ClientActorKind
from .contractor_input import ContractorInput
from .contractor_patch import ContractorPatch
from .deposit_bank import DepositBank
from .error import Error
from .error_detail import ErrorDetail
from .error_error import ErrorError
from .event_feed_page import EventFeedPage
from .events_page import EventsPage
from .expired_event import ExpiredEvent
from .export_received_guarantees_state import ExportReceivedGuaranteesState
from .feed_entry import FeedEntry
from .guarantee_status import GuaranteeStatus
from .guarantee_status_label import GuaranteeStatusLabel
from .guarantee_summary import GuaranteeSummary
from .guarantee_summary_status import GuaranteeSummaryStatus
from .guarantee_terms import GuaranteeTerms
from .guarantee_version import GuaranteeVersion
from .guarantees_page import GuaranteesPage
from .history_row import HistoryRow
from .issuance_request import IssuanceRequest
from .issuance_response import IssuanceResponse
from .issued_event import IssuedEvent
from .issued_history_entry import IssuedHistoryEntry
from .jv_member_input import JvMemberInput
from .jwks import Jwks
from .key_guarantee_state import KeyGuaranteeState
from .kind import Kind
from .ledger_row import LedgerRow
from .ledger_row_state import LedgerRowState
from .list_orderers_response_200 import ListOrderersResponse200
from .list_received_guarantees_response_200 import ListReceivedGuaranteesResponse200
from .list_received_guarantees_state import ListReceivedGuaranteesState
from .lockout_event import LockoutEvent
from .lockout_event_scope import LockoutEventScope
from .notice_attachment import NoticeAttachment
from .orderer import Orderer
from .period import Period
from .period_patch import PeriodPatch
from .project import Project
from .project_patch import ProjectPatch
from .public_cancellation import PublicCancellation
from .receipt import Receipt
from .receipt_event import ReceiptEvent
from .receipt_event_actor import ReceiptEventActor
from .receipt_request import ReceiptRequest
from .receipt_response import ReceiptResponse
from .receipt_withdrawn_event import ReceiptWithdrawnEvent
from .receipt_withdrawn_event_actor import ReceiptWithdrawnEventActor
from .request_sign_in_code_response_202 import RequestSignInCodeResponse202
from .sign_in_code_request import SignInCodeRequest
from .sign_in_request import SignInRequest
from .sign_out_response_200 import SignOutResponse200
from .signing_key import SigningKey
from .signing_key_status import SigningKeyStatus
from .staff_session import StaffSession
from .staff_session_receipt_entries_type_1 import StaffSessionReceiptEntriesType1
from .staff_session_staff import StaffSessionStaff
from .staff_session_staff_orderer import StaffSessionStaffOrderer
from .surety_actor import SuretyActor
from .surety_guarantee import SuretyGuarantee
from .surety_guarantee_status import SuretyGuaranteeStatus
from .surety_guarantee_status_label import SuretyGuaranteeStatusLabel
from .surety_receipt import SuretyReceipt
from .system_actor import SystemActor
from .system_actor_job import SystemActorJob
from .verification_event import VerificationEvent
from .verification_event_outcome import VerificationEventOutcome
from .verification_event_purpose import VerificationEventPurpose
from .verification_request import VerificationRequest
from .verification_response import VerificationResponse
from .webhook import Webhook
from .webhook_deleted import WebhookDeleted
from .webhook_delivery import WebhookDelivery
from .webhook_list import WebhookList
from .webhook_payload import WebhookPayload
from .webhook_registration import WebhookRegistration
from .webhook_replay_request import WebhookReplayRequest
from .webhook_response import WebhookResponse
from .webhook_with_secret import WebhookWithSecret
from .withdraw_receipt_response_200 import WithdrawReceiptResponse200
from .withdrawal_request import WithdrawalRequest

__all__ = (
    "Advance",
    "AdvancePatch",
    "AmendedEvent",
    "AmendedHistoryEntry",
    "AmendedHistoryEntryReasonLabel",
    "Amendment",
    "AmendmentChanges",
    "AmendmentReason",
    "AmendmentRequest",
    "AmendmentResponse",
    "Banner",
    "BannerKind",
    "Cancellation",
    "CancellationRequest",
    "CancelledEvent",
    "Certificate",
    "CertificateContractor",
    "CertificateKindLabel",
    "CertificateOrderer",
    "CertificateSection",
    "CertificateSectionKey",
    "CertificateSectionRowsItem",
    "CertificateSurety",
    "CertificateSuretyContact",
    "Change",
    "ChangeField",
    "ChangeLabel",
    "ClientActor",
    "ClientActorKind",
    "ContractorInput",
    "ContractorPatch",
    "DepositBank",
    "Error",
    "ErrorDetail",
    "ErrorError",
    "EventFeedPage",
    "EventsPage",
    "ExpiredEvent",
    "ExportReceivedGuaranteesState",
    "FeedEntry",
    "GuaranteesPage",
    "GuaranteeStatus",
    "GuaranteeStatusLabel",
    "GuaranteeSummary",
    "GuaranteeSummaryStatus",
    "GuaranteeTerms",
    "GuaranteeVersion",
    "HistoryRow",
    "IssuanceRequest",
    "IssuanceResponse",
    "IssuedEvent",
    "IssuedHistoryEntry",
    "JvMemberInput",
    "Jwks",
    "KeyGuaranteeState",
    "Kind",
    "LedgerRow",
    "LedgerRowState",
    "ListOrderersResponse200",
    "ListReceivedGuaranteesResponse200",
    "ListReceivedGuaranteesState",
    "LockoutEvent",
    "LockoutEventScope",
    "NoticeAttachment",
    "Orderer",
    "Period",
    "PeriodPatch",
    "Project",
    "ProjectPatch",
    "PublicCancellation",
    "Receipt",
    "ReceiptEvent",
    "ReceiptEventActor",
    "ReceiptRequest",
    "ReceiptResponse",
    "ReceiptWithdrawnEvent",
    "ReceiptWithdrawnEventActor",
    "RequestSignInCodeResponse202",
    "SignInCodeRequest",
    "SigningKey",
    "SigningKeyStatus",
    "SignInRequest",
    "SignOutResponse200",
    "StaffSession",
    "StaffSessionReceiptEntriesType1",
    "StaffSessionStaff",
    "StaffSessionStaffOrderer",
    "SuretyActor",
    "SuretyGuarantee",
    "SuretyGuaranteeStatus",
    "SuretyGuaranteeStatusLabel",
    "SuretyReceipt",
    "SystemActor",
    "SystemActorJob",
    "VerificationEvent",
    "VerificationEventOutcome",
    "VerificationEventPurpose",
    "VerificationRequest",
    "VerificationResponse",
    "Webhook",
    "WebhookDeleted",
    "WebhookDelivery",
    "WebhookList",
    "WebhookPayload",
    "WebhookRegistration",
    "WebhookReplayRequest",
    "WebhookResponse",
    "WebhookWithSecret",
    "WithdrawalRequest",
    "WithdrawReceiptResponse200",
)

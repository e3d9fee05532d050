from enum import StrEnum

class VerificationEventPurpose(StrEnum):
    COPY = "copy"
    NOTICE = "notice"
    RECEIPT = "receipt"
    VERIFY = "verify"

    def __str__(self) -> str:
        return str(self.value)

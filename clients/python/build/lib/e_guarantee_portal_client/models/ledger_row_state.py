from enum import StrEnum

class LedgerRowState(StrEnum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)

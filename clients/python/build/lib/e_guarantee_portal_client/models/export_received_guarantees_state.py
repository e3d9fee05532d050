from enum import StrEnum

class ExportReceivedGuaranteesState(StrEnum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class ListReceivedGuaranteesState(StrEnum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class AmendmentReason(StrEnum):
    DECREASE = "decrease"
    EXTENSION = "extension"
    INCREASE = "increase"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)

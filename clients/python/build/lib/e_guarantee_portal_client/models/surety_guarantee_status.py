from enum import StrEnum

class SuretyGuaranteeStatus(StrEnum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)

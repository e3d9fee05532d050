from enum import StrEnum

class Kind(StrEnum):
    ADVANCE_PAYMENT = "advance_payment"
    CONTRACT = "contract"
    INTERIM_ADVANCE_PAYMENT = "interim_advance_payment"

    def __str__(self) -> str:
        return str(self.value)

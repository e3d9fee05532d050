from enum import StrEnum

class VerificationEventOutcome(StrEnum):
    SUCCESS = "success"
    WRONG_KEY = "wrong_key"

    def __str__(self) -> str:
        return str(self.value)

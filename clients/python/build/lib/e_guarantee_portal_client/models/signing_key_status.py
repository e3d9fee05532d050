from enum import StrEnum

class SigningKeyStatus(StrEnum):
    CURRENT = "current"
    RETIRED = "retired"

    def __str__(self) -> str:
        return str(self.value)

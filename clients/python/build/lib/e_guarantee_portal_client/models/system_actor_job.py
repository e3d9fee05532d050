from enum import StrEnum

class SystemActorJob(StrEnum):
    EXPIRY = "expiry"

    def __str__(self) -> str:
        return str(self.value)

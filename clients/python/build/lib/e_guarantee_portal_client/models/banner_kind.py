from enum import StrEnum

class BannerKind(StrEnum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)

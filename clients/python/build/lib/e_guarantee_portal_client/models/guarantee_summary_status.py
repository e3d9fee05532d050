from enum import StrEnum

class GuaranteeSummaryStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return str(self.value)

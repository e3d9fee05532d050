from enum import StrEnum

class SuretyGuaranteeStatusLabel(StrEnum):
    有効 = "有効"
    期限満了 = "期限満了"
    解約 = "解約"

    def __str__(self) -> str:
        return str(self.value)

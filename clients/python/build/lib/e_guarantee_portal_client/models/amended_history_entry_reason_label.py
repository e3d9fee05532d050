from enum import StrEnum

class AmendedHistoryEntryReasonLabel(StrEnum):
    その他 = "その他"
    保証期限変更 = "保証期限変更"
    増額 = "増額"
    減額 = "減額"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class CertificateKindLabel(StrEnum):
    中間前払金保証 = "中間前払金保証"
    前払金保証 = "前払金保証"
    契約保証 = "契約保証"

    def __str__(self) -> str:
        return str(self.value)

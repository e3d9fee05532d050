from enum import StrEnum

class CertificateSectionKey(StrEnum):
    CONTRACTOR = "contractor"
    GUARANTEE = "guarantee"
    PROJECT = "project"
    SURETY = "surety"

    def __str__(self) -> str:
        return str(self.value)

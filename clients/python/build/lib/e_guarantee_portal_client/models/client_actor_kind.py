from enum import StrEnum

class ClientActorKind(StrEnum):
    KEY_HOLDER = "key_holder"
    ORDERER = "orderer"

    def __str__(self) -> str:
        return str(self.value)

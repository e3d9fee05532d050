from enum import StrEnum

class LockoutEventScope(StrEnum):
    CLIENT = "client"
    NUMBER = "number"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class ChangeField(StrEnum):
    ADVANCE_AMOUNT = "advance.amount"
    ADVANCE_DEPOSIT_BANK = "advance.deposit_bank"
    ADVANCE_REDEPOSIT = "advance.redeposit"
    AMOUNT = "amount"
    CONTRACTOR_ADDRESS = "contractor.address"
    CONTRACTOR_CORPORATE_NUMBER = "contractor.corporate_number"
    CONTRACTOR_MEMBERS = "contractor.members"
    CONTRACTOR_NAME = "contractor.name"
    CONTRACTOR_REPRESENTATIVE = "contractor.representative"
    GUARANTEE_PERIOD = "guarantee_period"
    PROJECT_CONTRACT_PRICE = "project.contract_price"
    PROJECT_LOCATION = "project.location"
    PROJECT_NAME = "project.name"
    PROJECT_NUMBER = "project.number"
    PROJECT_PERIOD = "project.period"

    def __str__(self) -> str:
        return str(self.value)

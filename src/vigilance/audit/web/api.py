from ninja import Router

from vigilance.accounts.api_auth import staff_session

router = Router(auth=staff_session)

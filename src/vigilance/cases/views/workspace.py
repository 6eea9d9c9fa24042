"""The staff home page ("My work"): what the signed-in person has to do, by role."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import staff_required
from vigilance.accounts.models import User
from vigilance.cases.selectors.workspace import dashboard_for


@staff_required()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(request, "cases/home.html", {"nav": "home", "board": dashboard_for(user=user)})

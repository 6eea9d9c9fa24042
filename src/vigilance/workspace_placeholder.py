"""Temporary page for workspace addresses whose pages are being written (removed when done)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vigilance.accounts.decorators import staff_required


@staff_required()
def pending(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return render(request, "workspace/base.html")

"""Awareness pages: published guides and campaign posters for the public; guides, campaigns and
the campaign log for editors."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.alerts.forms.awareness import CampaignForm, CampaignRunForm, GuideForm
from vigilance.alerts.markdown import markdown_html
from vigilance.alerts.models_guidance import Guide
from vigilance.alerts.selectors import awareness as selectors
from vigilance.alerts.services import awareness as services
from vigilance.alerts.services.posters import campaign_poster_pdf
from vigilance.core.errors import InvalidAction
from vigilance.core.forms import AccessibleForm

# The public -----------------------------------------------------------------------------------


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    context = {"guides": selectors.guide_list_published(), "nav": "guides"}
    return render(request, "alerts/awareness/guide_list.html", context)


@require_GET
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = selectors.guide_get_published(slug=slug)
    context = {"guide": guide, "body": markdown_html(guide.body), "nav": "guides"}
    return render(request, "alerts/awareness/guide_detail.html", context)


@require_GET
def campaign_poster(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_get(slug=slug)
    response = HttpResponse(campaign_poster_pdf(campaign), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{campaign.slug}.pdf"'
    return response


# Editors --------------------------------------------------------------------------------------


def _refused(form: AccessibleForm, refused: InvalidAction) -> None:
    if not refused.fields:
        form.add_error(None, refused.message)
    for name, field_messages in refused.fields.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


@staff_required(Permission.EDIT_ALERTS)
@require_GET
def staff_awareness(request: HttpRequest) -> HttpResponse:
    context = {
        "guides": selectors.guide_list_for_editors(),
        "campaigns": selectors.campaign_list(),
        "nav": "guidance",
    }
    return render(request, "alerts/awareness/staff_home.html", context)


def _guide_content(form: GuideForm) -> services.GuideContent:
    return services.GuideContent(**form.cleaned_data)


@staff_required(Permission.EDIT_ALERTS)
@require_http_methods(["GET", "POST"])
def staff_guide_create(request: HttpRequest) -> HttpResponse:
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.guide_create(
                actor=signed_in_user(request), content=_guide_content(form)
            )
        except InvalidAction as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The guide is saved as a draft."))
            return redirect("alerts_guidance:staff_guide_edit", slug=guide.slug)
    status = 400 if form.errors else 200
    context = {"form": form, "guide": None, "nav": "guidance"}
    return render(request, "alerts/awareness/staff_guide.html", context, status=status)


@staff_required(Permission.EDIT_ALERTS)
@require_http_methods(["GET", "POST"])
def staff_guide_edit(request: HttpRequest, slug: str) -> HttpResponse:
    guide = selectors.guide_get(slug=slug)
    if request.method == "POST":
        form = GuideForm(request.POST)
        if form.is_valid():
            try:
                services.guide_update(
                    actor=signed_in_user(request), guide=guide, content=_guide_content(form)
                )
            except InvalidAction as refused:
                _refused(form, refused)
            else:
                messages.success(request, _("The guide is saved."))
                return redirect("alerts_guidance:staff_guide_edit", slug=guide.slug)
    else:
        form = GuideForm(initial={name: getattr(guide, name) for name in GuideForm.base_fields})
    status = 400 if form.errors else 200
    context: dict[str, Any] = {"form": form, "guide": guide, "nav": "guidance"}
    return render(request, "alerts/awareness/staff_guide.html", context, status=status)


def _guide_action(request: HttpRequest, slug: str, *, publish: bool) -> HttpResponse:
    guide: Guide = selectors.guide_get(slug=slug)
    action = services.guide_publish if publish else services.guide_unpublish
    try:
        action(actor=signed_in_user(request), guide=guide)
    except InvalidAction as refused:
        messages.error(request, refused.message)
    else:
        done = _("The guide is published.") if publish else _("The guide is off the public site.")
        messages.success(request, done)
    return redirect("alerts_guidance:staff_guide_edit", slug=guide.slug)


@staff_required(Permission.EDIT_ALERTS)
@require_POST
def staff_guide_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _guide_action(request, slug, publish=True)


@staff_required(Permission.EDIT_ALERTS)
@require_POST
def staff_guide_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    return _guide_action(request, slug, publish=False)


@staff_required(Permission.EDIT_ALERTS)
@require_http_methods(["GET", "POST"])
def staff_campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("theme")
        try:
            campaign = services.campaign_create(
                actor=signed_in_user(request),
                content=services.CampaignContent(**data, theme=form.theme_category()),
            )
        except InvalidAction as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The campaign is created."))
            return redirect("alerts_guidance:staff_campaign", slug=campaign.slug)
    status = 400 if form.errors else 200
    context = {"form": form, "nav": "guidance"}
    return render(request, "alerts/awareness/staff_campaign_create.html", context, status=status)


@staff_required(Permission.EDIT_ALERTS)
@require_http_methods(["GET", "POST"])
def staff_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    """A campaign, its runs, and the form that logs one more."""
    campaign = selectors.campaign_get(slug=slug)
    form = CampaignRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_run_log(
                actor=signed_in_user(request),
                campaign=campaign,
                medium=data["medium"],
                place=data["place"],
                held_on=data["held_on"],
                region=form.region_chosen(),
                audience=data["audience"],
                note=data["note"],
            )
        except InvalidAction as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The run is logged."))
            return redirect("alerts_guidance:staff_campaign", slug=campaign.slug)
    status = 400 if form.errors else 200
    context = {
        "campaign": campaign,
        "runs": selectors.campaign_runs(campaign=campaign),
        "form": form,
        "nav": "guidance",
    }
    return render(request, "alerts/awareness/staff_campaign.html", context, status=status)

"""Forms of the guidance wizard (one question a page) and of the advice texts editors change."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.alerts.guidance.rules import Question
from vigilance.core.forms import AccessibleForm


def mark_languages(form: forms.Form) -> None:
    """Fields of one language say so (``lang``), for screen readers and spell checkers."""
    for name, field in form.fields.items():
        for language in ("fr", "en"):
            if name.endswith(f"_{language}"):
                field.widget.attrs["lang"] = language


class AnswerForm(AccessibleForm):
    """One question of the wizard, as radio buttons named after the question."""

    errors_name_their_field = True

    def __init__(self, question: Question, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields[question.key] = forms.ChoiceField(
            label=question.text,
            choices=list(question.choices),
            widget=forms.RadioSelect,
            error_messages={"required": question.error, "invalid_choice": question.error},
        )

    @property
    def answer(self) -> forms.BoundField:
        return self[self.question.key]


class AdviceForm(AccessibleForm):
    errors_name_their_field = True
    _required = {"required": _("Fill in this field in both languages.")}

    title_fr = forms.CharField(label=_("Title in French"), max_length=160, error_messages=_required)
    title_en = forms.CharField(
        label=_("Title in English"), max_length=160, error_messages=_required
    )
    body_fr = forms.CharField(
        label=_("Text in French"),
        help_text=_("Markdown: **bold**, *italics*, lists with -, links [text](https://...)."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages=_required,
    )
    body_en = forms.CharField(
        label=_("Text in English"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages=_required,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_languages(self)

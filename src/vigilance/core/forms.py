"""What every form of the site shares: invalid inputs marked for assistive technology."""

from django import forms


class AccessibleForm(forms.Form):
    """A form whose invalid inputs carry ``aria-invalid`` and point to their message.

    The message is rendered by ``templates/_field.html`` with the id ``<input id>_error``.
    """

    def mark_errors(self) -> None:
        for name in self.errors:
            if name in self.fields:
                field = self[name]
                described_by = [f"{field.auto_id}_error"]
                if field.help_text:
                    described_by.append(f"{field.auto_id}_helptext")
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(described_by)

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()

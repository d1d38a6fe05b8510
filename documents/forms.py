from django import forms
from django.utils.translation import gettext_lazy as _

from documents.identifiers import dossier_number
from documents.models import Document

ZAAK_NUMBER_FORM = r"^\s*\d{4}[Zz]\d{5}\s*$"  # 2023Z11786


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """The chosen files, unchecked: each is accepted or refused on its own (see
    `documents.services.document_create`), so one bad file never drops the others."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [item for item in files if item is not None and hasattr(item, "name")]
        if not files:
            raise forms.ValidationError(_("Kies ten minste één bestand."), code="required")
        return files


class UploadForm(forms.Form):
    # The field's name is the form's own `files` attribute too; Django's form metaclass
    # moves fields off the class, so they never meet at run time.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Bestanden"),
        help_text=_(
            "PDF, Word (.docx), HTML, XML of tekst; u kunt meerdere bestanden tegelijk kiezen."
        ),
    )


class DocumentOverrideForm(forms.Form):
    """What a clerk corrects when detection got it wrong; empty means "as detected"."""

    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Automatisch herkennen"))] + list(Document.Kind.choices),
    )
    title = forms.CharField(label=_("Titel"), required=False)
    # <input type="date"> reads and sends ISO dates only (2020-09-25), whatever the locale.
    date = forms.DateField(
        label=_("Datum"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    zaak = forms.RegexField(
        label=_("Zaaknummer"),
        required=False,
        max_length=32,
        regex=ZAAK_NUMBER_FORM,
        error_messages={
            "invalid": _("Een zaaknummer is een jaartal, een Z en vijf cijfers, zoals 2023Z11786.")
        },
        widget=forms.TextInput(attrs={"placeholder": "2023Z11786"}),
    )
    kamerstuk_dossier = forms.CharField(
        label=_("Kamerstuk: dossiernummer"), required=False, max_length=32
    )
    kamerstuk_number = forms.CharField(
        label=_("Kamerstuk: ondernummer"), required=False, max_length=16
    )

    IDENTIFIERS = ("zaak", "kamerstuk_dossier", "kamerstuk_number")

    def clean_zaak(self) -> str:
        return self.cleaned_data["zaak"].upper()

    def clean_kamerstuk_dossier(self) -> str:
        dossier = self.cleaned_data["kamerstuk_dossier"]
        if not dossier:
            return ""
        # kept as references write it, or a letter citing the Kamerstuk never finds the
        # corrected document
        normalised = dossier_number(dossier)
        if normalised is None:
            raise forms.ValidationError(
                _("Een dossiernummer is vijf cijfers, zoals 31 934 of 36 200-XII."),
                code="invalid",
            )
        return normalised

    def clean_kamerstuk_number(self) -> str:
        number = self.cleaned_data["kamerstuk_number"]
        if number and not (number.isascii() and number.isdigit()):
            raise forms.ValidationError(
                _("Een ondernummer is een getal, zoals 77."), code="invalid"
            )
        return number

    @classmethod
    def for_document(cls, document: Document, data=None) -> "DocumentOverrideForm":
        initial = {
            "kind": document.kind if document.kind_set_by_user else "",
            "title": document.title,
            "date": document.date,
            **{key: document.identifiers.get(key, "") for key in cls.IDENTIFIERS},
        }
        return cls(data, initial=initial)

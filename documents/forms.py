from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Bestanden"),
        help_text=_("PDF of tekst; u kunt meerdere bestanden tegelijk kiezen."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError(_("Kies ten minste één bestand."))
        for upload in files:
            if upload.size > settings.MAX_UPLOAD_SIZE:
                raise forms.ValidationError(
                    _("%(name)s is groter dan %(max)s.")
                    % {"name": upload.name, "max": filesizeformat(settings.MAX_UPLOAD_SIZE)}
                )
        return files

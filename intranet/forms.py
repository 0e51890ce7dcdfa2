"""Forms of the member directory. Rules live in intranet.services and intranet.member_import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from intranet.member_import import MAX_BYTES
from intranet.models import Membership
from tenants.models import Role


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["function", "phone", "contact_email", "contact_visibility"]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Suche nach Name oder Funktion"), max_length=80, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(r, r.label) for r in (Role.GUEST, Role.MEMBER, Role.ADMIN)],
    )


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "Erste Zeile: Spaltennamen. Pflicht: „E-Mail“; optional „Rolle“ (Mitglied, Gast, "
            "Admin). Trennzeichen Komma oder Semikolon, UTF-8 oder Excel-CSV. Alle Personen "
            "bekommen eine Einladung."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 1 MB."))
        return bytes(upload.read())

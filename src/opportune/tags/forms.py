from django import forms
from django.utils.translation import gettext_lazy as _

from opportune.core.colours import Colour
from opportune.core.forms import Form, SingleLineCharField


class TagForm(Form):
    name = SingleLineCharField(label=_("Name"), max_length=60)
    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices, initial=Colour.BLUE)

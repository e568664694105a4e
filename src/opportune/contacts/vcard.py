"""A contact as a vCard 3.0 file, for address books (Outlook, macOS/iOS Contacts, Android)."""

import vobject

from .models import Contact


def vcard_for(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(
        family=contact.last_name, given=contact.first_name, prefix=contact.degree
    )
    card.add("fn").value = contact.full_name
    card.add("org").value = [contact.organization.name, contact.department][
        : 2 if contact.department else 1
    ]
    if contact.position:
        card.add("title").value = contact.position
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "WORK"
    if contact.phone:
        phone = card.add("tel")
        phone.value = contact.phone
        phone.type_param = "WORK"
    if contact.mailing_address:
        label = card.add("label")
        label.value = contact.mailing_address
        label.type_param = "WORK"
    return card.serialize()

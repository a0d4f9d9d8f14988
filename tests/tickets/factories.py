from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from tests.backoffice.factories import UserFactory
from tests.customers.factories import CustomerFactory
from tickets.services import ticket_open

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="factuur.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def customer_account(email="klant@example.com", *, user=None, language="nl", **fields) -> Customer:
    """A customer with a Mijn account login (password "secret-password")."""
    user = user or UserFactory(email=email)
    return CustomerFactory(user=user, email=user.email, language=language, **fields)


def make_ticket(
    *, customer, order=None, subject="Waar blijft mijn pakket?", body="Ik wacht al een week.", files=(), submit_key=None
):
    """A question through Een vraag stellen (the real service)."""
    return ticket_open(
        customer=customer, user=customer.user, order=order, subject=subject, body=body, files=files,
        submit_key=submit_key,
    )  # fmt: skip

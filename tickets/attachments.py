"""The customer's attachments: what they may be and where they are kept.

A file is accepted by its first bytes, never by its name or the browser's content type: a PDF starts with `%PDF-`,
a PNG with its eight-byte signature, a JPEG with FF D8 FF. Anything else (HTML, SVG, a script renamed .pdf) is
refused. Files live in STORAGES["attachments"] (TICKET_ATTACHMENT_ROOT, default var/ticket-attachments, outside
MEDIA_ROOT; or a prefix of the private bucket) under a random name, and are only ever sent by the views that check
who asks, as a download (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`) with the content type
the check found.
"""

import re
import secrets
import unicodedata

from django.core.files.storage import Storage, storages
from django.http import FileResponse
from django.utils import timezone

from .models import TicketAttachment

MAX_SIZE = 5 * 1024 * 1024  # per file
MAX_FILES = 3  # per message

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


def storage() -> Storage:
    """STORAGES["attachments"]: TICKET_ATTACHMENT_ROOT, or the private bucket's prefix (backoffice/storage.py)."""
    return storages["attachments"]


def sniff(upload) -> tuple[str, str] | None:
    """(content type, extension) of an upload judged by its first bytes, or None when it is none we take."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def clean_name(name: str, extension: str) -> str:
    """The customer's file name as a plain, short name with the extension its content has."""
    stem = unicodedata.normalize("NFKD", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).encode("ascii", "ignore")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem.decode().rsplit(".", 1)[0]).strip(".-")[:80] or "bijlage"
    return f"{stem}.{extension}"


def store(*, message, upload, content_type: str, extension: str) -> TicketAttachment:
    """Keep an upload that passed the checks, under a random name, and record it on the message."""
    path = f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"
    upload.seek(0)
    saved = storage().save(path, upload)
    return TicketAttachment.objects.create(
        message=message, file=saved, name=clean_name(upload.name or "", extension), content_type=content_type,
        size=upload.size,
    )  # fmt: skip


def download(attachment: TicketAttachment) -> FileResponse:
    """The file as a download, never shown inline, never sniffed into something else."""
    response = FileResponse(
        storage().open(attachment.file, "rb"), as_attachment=True, filename=attachment.name,
        content_type=attachment.content_type,
    )  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

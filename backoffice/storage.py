"""Where stored files live: "default" for documents (invoice PDFs, packing slip prints, the logo) and "attachments"
for the customers' ticket attachments, which no URL ever serves (tickets/attachments.py sends them after checking who
asks).

On one machine both are folders (MEDIA_ROOT, TICKET_ATTACHMENT_ROOT). With `STORAGE_BACKEND=s3` both are prefixes
of one private bucket of any S3-compatible store (django-storages), so web and workers on different machines share
them; every download still goes through the view that checks the user — the code opens files, it never hands out a
bucket URL.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage


class AttachmentFileStorage(FileSystemStorage):
    """TICKET_ATTACHMENT_ROOT, read when used (a test moves it per test), and never a URL."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.TICKET_ATTACHMENT_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("ticket attachments have no URL: they are sent by the views that check who asks")


def s3_storage(location: str, environ=os.environ) -> dict:
    """One prefix of the private bucket, from the environment (`S3_*`); the credentials may also come from the
    machine's role (boto3's usual chain) when S3_ACCESS_KEY_ID is not set."""
    if not environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for a non-AWS store).")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["S3_BUCKET"],
            "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
            "region_name": environ.get("S3_REGION") or None,
            "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": location,
            # The bucket's own setting (private) decides; a signed, short-lived URL should anything ever ask for one.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }


def file_storages(backend: str, environ=os.environ) -> dict:
    """STORAGES["default"] and STORAGES["attachments"] for STORAGE_BACKEND (`filesystem` or `s3`)."""
    if backend == "filesystem":
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "attachments": {"BACKEND": "backoffice.storage.AttachmentFileStorage"},
        }
    if backend == "s3":
        return {"default": s3_storage("media", environ), "attachments": s3_storage("ticket-attachments", environ)}
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'filesystem' or 's3', not {backend!r}.")

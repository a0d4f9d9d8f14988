"""Requests as the page's HTMX sends them."""

HTMX = {"HX-Request": "true"}  # `client.post(url, data, headers=HTMX)`: the answer is a partial, not a page

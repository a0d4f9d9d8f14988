"""The staff shell's forms: login.py (Inloggen) and shop.py (ALGEMEEN > Instellingen)."""

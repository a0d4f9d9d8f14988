"""The words on an invoice PDF in every document language (nl, en, de, fr).

Invoices go to customers in the shop's languages, which are more than the backoffice's two; like the
default e-mail texts, the few words of the document live together here rather than in partial gettext
catalogs. `missing_texts()` must return an empty list (a test checks it).
"""

from backoffice.documents import missing_words, words_for

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "invoice": "Factuur",
        "credit_invoice": "Creditfactuur",
        "invoice_number": "Factuurnummer",
        "credit_invoice_number": "Creditfactuurnummer",
        "invoice_date": "Factuurdatum",
        "supply_date": "Leverdatum",
        "due_date": "Te betalen vóór",
        "order_number": "Ordernummer",
        "order_date": "Besteldatum",
        "credits": "Creditering van factuur %(number)s van %(date)s",
        "customer": "Klant",
        "customer_vat": "Btw-nummer klant",
        "email": "E-mail",
        "phone": "Telefoon",
        "vat_number": "Btw-nummer",
        "coc_number": "KvK-nummer",
        "iban": "IBAN",
        "description": "Omschrijving",
        "sku": "Art.nr.",
        "quantity": "Aantal",
        "unit_price": "Prijs per stuk",
        "discount": "Korting",
        "vat_rate": "Btw",
        "amount": "Bedrag",
        "vat_summary": "Btw-specificatie",
        "rate": "Tarief",
        "net": "Bedrag excl. btw",
        "vat": "Btw",
        "gross": "Bedrag incl. btw",
        "total_net": "Totaal excl. btw",
        "total_vat": "Totaal btw",
        "total": "Totaal",
        "total_credit": "Totaal te crediteren",
        "delivery_time": "Levertijd",
        "payment_terms": "Gelieve het bedrag van %(amount)s binnen %(days)s dagen, uiterlijk %(due)s, "
        "over te maken op %(iban)s onder vermelding van factuurnummer %(number)s.",
        "payment_terms_no_iban": "Gelieve het bedrag van %(amount)s binnen %(days)s dagen, uiterlijk %(due)s, "
        "te betalen onder vermelding van factuurnummer %(number)s.",
        "paid": "Deze factuur is betaald.",
        "pay_by": "Te betalen vóór %(due)s.",
        "credit_settles": "Factuur %(number)s was nog niet betaald: dit bedrag gaat af van wat u nog moet betalen. "
        "Er wordt niets terugbetaald.",
        "credit_refunded": "Het bedrag van deze creditfactuur is aan u terugbetaald.",
        "credit_note": "Het bedrag van deze creditfactuur wordt aan u terugbetaald of verrekend.",
        "page": "Pagina",
    },
    "en": {
        "invoice": "Invoice",
        "credit_invoice": "Credit note",
        "invoice_number": "Invoice number",
        "credit_invoice_number": "Credit note number",
        "invoice_date": "Invoice date",
        "supply_date": "Date of supply",
        "due_date": "Due date",
        "order_number": "Order number",
        "order_date": "Order date",
        "credits": "Credit for invoice %(number)s of %(date)s",
        "customer": "Customer",
        "customer_vat": "Customer VAT number",
        "email": "Email",
        "phone": "Phone",
        "vat_number": "VAT number",
        "coc_number": "Chamber of Commerce no.",
        "iban": "IBAN",
        "description": "Description",
        "sku": "SKU",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "discount": "Discount",
        "vat_rate": "VAT",
        "amount": "Amount",
        "vat_summary": "VAT summary",
        "rate": "Rate",
        "net": "Net amount",
        "vat": "VAT",
        "gross": "Gross amount",
        "total_net": "Total excl. VAT",
        "total_vat": "Total VAT",
        "total": "Total",
        "total_credit": "Total credited",
        "delivery_time": "Delivery time",
        "payment_terms": "Please transfer %(amount)s within %(days)s days, no later than %(due)s, to %(iban)s, "
        "quoting invoice number %(number)s.",
        "payment_terms_no_iban": "Please pay %(amount)s within %(days)s days, no later than %(due)s, "
        "quoting invoice number %(number)s.",
        "paid": "This invoice has been paid.",
        "pay_by": "Please pay by %(due)s.",
        "credit_settles": "Invoice %(number)s had not been paid: this amount is deducted from what you still owe. "
        "Nothing will be refunded.",
        "credit_refunded": "The amount of this credit note has been refunded to you.",
        "credit_note": "The amount of this credit note will be refunded or set off.",
        "page": "Page",
    },
    "de": {
        "invoice": "Rechnung",
        "credit_invoice": "Gutschrift",
        "invoice_number": "Rechnungsnummer",
        "credit_invoice_number": "Gutschriftsnummer",
        "invoice_date": "Rechnungsdatum",
        "supply_date": "Lieferdatum",
        "due_date": "Zahlbar bis",
        "order_number": "Bestellnummer",
        "order_date": "Bestelldatum",
        "credits": "Gutschrift zur Rechnung %(number)s vom %(date)s",
        "customer": "Kunde",
        "customer_vat": "USt-IdNr. des Kunden",
        "email": "E-Mail",
        "phone": "Telefon",
        "vat_number": "USt-IdNr.",
        "coc_number": "Handelsregister-Nr. (KvK)",
        "iban": "IBAN",
        "description": "Beschreibung",
        "sku": "Art.-Nr.",
        "quantity": "Menge",
        "unit_price": "Einzelpreis",
        "discount": "Rabatt",
        "vat_rate": "MwSt.",
        "amount": "Betrag",
        "vat_summary": "MwSt.-Aufstellung",
        "rate": "Satz",
        "net": "Nettobetrag",
        "vat": "MwSt.",
        "gross": "Bruttobetrag",
        "total_net": "Summe netto",
        "total_vat": "Summe MwSt.",
        "total": "Gesamtbetrag",
        "total_credit": "Gutschriftsbetrag",
        "delivery_time": "Lieferzeit",
        "payment_terms": "Bitte überweisen Sie %(amount)s innerhalb von %(days)s Tagen, spätestens am %(due)s, "
        "auf %(iban)s unter Angabe der Rechnungsnummer %(number)s.",
        "payment_terms_no_iban": "Bitte zahlen Sie %(amount)s innerhalb von %(days)s Tagen, spätestens am %(due)s, "
        "unter Angabe der Rechnungsnummer %(number)s.",
        "paid": "Diese Rechnung ist bezahlt.",
        "pay_by": "Zahlbar bis zum %(due)s.",
        "credit_settles": "Rechnung %(number)s war noch nicht bezahlt: Dieser Betrag wird von Ihrem offenen Betrag "
        "abgezogen. Es wird nichts erstattet.",
        "credit_refunded": "Der Betrag dieser Gutschrift wurde Ihnen erstattet.",
        "credit_note": "Der Betrag dieser Gutschrift wird Ihnen erstattet oder verrechnet.",
        "page": "Seite",
    },
    "fr": {
        "invoice": "Facture",
        "credit_invoice": "Avoir",
        "invoice_number": "Numéro de facture",
        "credit_invoice_number": "Numéro d'avoir",
        "invoice_date": "Date de facture",
        "supply_date": "Date de livraison",
        "due_date": "À payer avant le",
        "order_number": "Numéro de commande",
        "order_date": "Date de commande",
        "credits": "Avoir sur la facture %(number)s du %(date)s",
        "customer": "Client",
        "customer_vat": "N° TVA du client",
        "email": "E-mail",
        "phone": "Téléphone",
        "vat_number": "N° TVA",
        "coc_number": "N° Chambre de commerce (KvK)",
        "iban": "IBAN",
        "description": "Description",
        "sku": "Réf.",
        "quantity": "Qté",
        "unit_price": "Prix unitaire",
        "discount": "Remise",
        "vat_rate": "TVA",
        "amount": "Montant",
        "vat_summary": "Récapitulatif TVA",
        "rate": "Taux",
        "net": "Montant HT",
        "vat": "TVA",
        "gross": "Montant TTC",
        "total_net": "Total HT",
        "total_vat": "Total TVA",
        "total": "Total TTC",
        "total_credit": "Total de l'avoir",
        "delivery_time": "Délai de livraison",
        "payment_terms": "Merci de virer %(amount)s sous %(days)s jours, au plus tard le %(due)s, "
        "sur le compte %(iban)s en indiquant le numéro de facture %(number)s.",
        "payment_terms_no_iban": "Merci de régler %(amount)s sous %(days)s jours, au plus tard le %(due)s, "
        "en indiquant le numéro de facture %(number)s.",
        "paid": "Cette facture a été payée.",
        "pay_by": "À payer au plus tard le %(due)s.",
        "credit_settles": "La facture %(number)s n'avait pas été payée : ce montant est déduit de ce que vous devez "
        "encore. Aucun remboursement n'aura lieu.",
        "credit_refunded": "Le montant de cet avoir vous a été remboursé.",
        "credit_note": "Le montant de cet avoir vous sera remboursé ou imputé.",
        "page": "Page",
    },
}


def texts(language: str) -> dict[str, str]:
    return words_for(TEXTS, language)


def payment_note(invoice, language: str, due: str) -> str:
    """One sentence on paying an invoice (not a credit invoice): paid, or by when (`due`, formatted)."""
    words = texts(language)
    return words["paid"] if invoice.is_paid else words["pay_by"] % {"due": due}


def credit_note(invoice, language: str) -> str:
    """What a credit invoice means for the customer: deducted from an unpaid invoice, refunded, or to be refunded."""
    words = texts(language)
    if invoice.settles_amount_due:
        return words["credit_settles"] % {"number": invoice.credited_invoice.number}
    return words["credit_refunded"] if invoice.is_paid else words["credit_note"]


def missing_texts() -> list[str]:
    return missing_words(TEXTS)

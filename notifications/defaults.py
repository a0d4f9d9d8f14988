"""Default texts of the automatic e-mails to customers (DIENST > E-mails & teksten), in nl, en, de and fr.

A shop starts with these texts and may replace them per e-mail and per language; "Standaardtekst terugzetten"
brings the default back. Plain text, no HTML. A placeholder is written `{{ name }}` and may only be one of the
names PLACEHOLDERS lists for that e-mail; the texts are generic, so they suit any shop.

Run `check_defaults()` after changing a text: it must return an empty list.
"""

import re

from backoffice.languages import CODES

COMMON_PLACEHOLDERS = ["shop_name", "shop_email", "customer_name", "order_number", "order_date", "order_total"]

PLACEHOLDERS: dict[str, list[str]] = {
    "inform_customer": [*COMMON_PLACEHOLDERS, "message"],
    "order_shipped": [*COMMON_PLACEHOLDERS, "shipping_method"],
    "track_and_trace": [*COMMON_PLACEHOLDERS, "shipping_method", "carrier", "tracking_code", "tracking_url"],
    "payment_reminder": [*COMMON_PLACEHOLDERS, "amount_due", "invoice_number", "due_date", "iban"],
    "invoice": [*COMMON_PLACEHOLDERS, "invoice_number", "amount", "due_date", "payment_note"],
    "credit_invoice": [*COMMON_PLACEHOLDERS, "credit_invoice_number", "invoice_number", "amount", "credit_note"],
    "ticket_answered": [*COMMON_PLACEHOLDERS, "ticket_subject", "reply"],
    "ticket_received": [*COMMON_PLACEHOLDERS, "ticket_subject"],
    # A family: one e-mail per custom status (registry.EmailFamily), each starting from this text.
    "custom_status": [*COMMON_PLACEHOLDERS, "status"],
    "return_registered": [*COMMON_PLACEHOLDERS, "return_items", "amount"],
    "return_handled": [*COMMON_PLACEHOLDERS, "return_items", "amount"],
}

# Offered to a shop's own texts but not used by the defaults: the invoice's {{ payment_note }} says it better
# (paid, or to be paid by that date), and texts saved before it came may still use {{ due_date }}.
UNUSED_BY_DEFAULT = {"invoice": {"due_date"}}

# Free text written by staff: it must stand on its own paragraph.
OWN_PARAGRAPH = ("message", "reply")

DEFAULTS: dict[str, dict[str, tuple[str, str]]] = {
    "inform_customer": {
        "nl": (
            "Bericht over uw bestelling {{ order_number }}",
            "Beste {{ customer_name }},\n\n"
            "Wij hebben een bericht voor u over uw bestelling {{ order_number }} van {{ order_date }}:\n\n"
            "{{ message }}\n\n"
            "Heeft u vragen? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Message about your order {{ order_number }}",
            "Dear {{ customer_name }},\n\n"
            "We have a message for you about your order {{ order_number }}, placed on {{ order_date }}:\n\n"
            "{{ message }}\n\n"
            "If you have any questions, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Nachricht zu Ihrer Bestellung {{ order_number }}",
            "Guten Tag {{ customer_name }},\n\n"
            "wir haben eine Nachricht zu Ihrer Bestellung {{ order_number }} vom {{ order_date }} für Sie:\n\n"
            "{{ message }}\n\n"
            "Bei Fragen erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Message concernant votre commande {{ order_number }}",
            "Bonjour {{ customer_name }},\n\n"
            "Nous avons un message à vous transmettre concernant votre commande {{ order_number }} "
            "du {{ order_date }} :\n\n"
            "{{ message }}\n\n"
            "Pour toute question, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "order_shipped": {
        "nl": (
            "Uw bestelling {{ order_number }} is verzonden",
            "Beste {{ customer_name }},\n\n"
            "Uw bestelling {{ order_number }} van {{ order_date }} is verzonden en is onderweg naar u.\n\n"
            "Verzendmethode: {{ shipping_method }}\n\n"
            "Heeft u vragen over uw bestelling? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Your order {{ order_number }} has been shipped",
            "Dear {{ customer_name }},\n\n"
            "Your order {{ order_number }}, placed on {{ order_date }}, has been shipped and is on its way to you.\n\n"
            "Shipping method: {{ shipping_method }}\n\n"
            "If you have any questions about your order, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Ihre Bestellung {{ order_number }} wurde versandt",
            "Guten Tag {{ customer_name }},\n\n"
            "Ihre Bestellung {{ order_number }} vom {{ order_date }} wurde versandt und ist auf dem Weg zu Ihnen.\n\n"
            "Versandart: {{ shipping_method }}\n\n"
            "Bei Fragen zu Ihrer Bestellung erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Votre commande {{ order_number }} a été expédiée",
            "Bonjour {{ customer_name }},\n\n"
            "Votre commande {{ order_number }} du {{ order_date }} a été expédiée et est en cours d'acheminement.\n\n"
            "Mode de livraison : {{ shipping_method }}\n\n"
            "Pour toute question concernant votre commande, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "track_and_trace": {
        "nl": (
            "Uw bestelling {{ order_number }} is verzonden: volg uw pakket",
            "Beste {{ customer_name }},\n\n"
            "Uw bestelling {{ order_number }} van {{ order_date }} is verzonden en is onderweg naar u.\n\n"
            "Verzendmethode: {{ shipping_method }}\n"
            "Vervoerder: {{ carrier }}\n"
            "Track & Trace-code: {{ tracking_code }}\n\n"
            "U kunt uw pakket volgen via:\n"
            "{{ tracking_url }}\n\n"
            "Het kan enkele uren duren voordat de vervoerder de eerste gegevens van uw zending toont.\n\n"
            "Heeft u vragen over uw bestelling? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Your order {{ order_number }} has been shipped: track your parcel",
            "Dear {{ customer_name }},\n\n"
            "Your order {{ order_number }}, placed on {{ order_date }}, has been shipped and is on its way to you.\n\n"
            "Shipping method: {{ shipping_method }}\n"
            "Carrier: {{ carrier }}\n"
            "Tracking code: {{ tracking_code }}\n\n"
            "You can track your parcel here:\n"
            "{{ tracking_url }}\n\n"
            "It may take a few hours before the carrier shows the first details of your shipment.\n\n"
            "If you have any questions about your order, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Ihre Bestellung {{ order_number }} wurde versandt: Sendung verfolgen",
            "Guten Tag {{ customer_name }},\n\n"
            "Ihre Bestellung {{ order_number }} vom {{ order_date }} wurde versandt und ist auf dem Weg zu Ihnen.\n\n"
            "Versandart: {{ shipping_method }}\n"
            "Versanddienstleister: {{ carrier }}\n"
            "Sendungsnummer: {{ tracking_code }}\n\n"
            "Hier können Sie Ihre Sendung verfolgen:\n"
            "{{ tracking_url }}\n\n"
            "Es kann einige Stunden dauern, bis der Versanddienstleister die ersten Angaben "
            "zu Ihrer Sendung anzeigt.\n\n"
            "Bei Fragen zu Ihrer Bestellung erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Votre commande {{ order_number }} a été expédiée : suivez votre colis",
            "Bonjour {{ customer_name }},\n\n"
            "Votre commande {{ order_number }} du {{ order_date }} a été expédiée et est en cours d'acheminement.\n\n"
            "Mode de livraison : {{ shipping_method }}\n"
            "Transporteur : {{ carrier }}\n"
            "Numéro de suivi : {{ tracking_code }}\n\n"
            "Vous pouvez suivre votre colis ici :\n"
            "{{ tracking_url }}\n\n"
            "Quelques heures peuvent être nécessaires avant que le transporteur n'affiche les premières informations "
            "sur votre envoi.\n\n"
            "Pour toute question concernant votre commande, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "payment_reminder": {
        "nl": (
            "Betaalherinnering voor uw bestelling {{ order_number }}",
            "Beste {{ customer_name }},\n\n"
            "Volgens onze administratie hebben wij de betaling voor uw bestelling {{ order_number }} "
            "van {{ order_date }} nog niet ontvangen. In de bijlage vindt u de factuur.\n\n"
            "Factuurnummer: {{ invoice_number }}\n"
            "Openstaand bedrag: {{ amount_due }}\n"
            "IBAN: {{ iban }}\n\n"
            "Wij verzoeken u het openstaande bedrag uiterlijk {{ due_date }} over te maken, "
            "onder vermelding van het factuurnummer.\n\n"
            "Heeft u inmiddels betaald? Dan kunt u dit bericht als niet verzonden beschouwen.\n\n"
            "Heeft u vragen over deze factuur? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Payment reminder for your order {{ order_number }}",
            "Dear {{ customer_name }},\n\n"
            "According to our records, we have not yet received payment for your order {{ order_number }}, "
            "placed on {{ order_date }}. Please find the invoice attached.\n\n"
            "Invoice number: {{ invoice_number }}\n"
            "Amount due: {{ amount_due }}\n"
            "IBAN: {{ iban }}\n\n"
            "Please transfer the amount due by {{ due_date }}, quoting the invoice number as the payment reference.\n\n"
            "If you have already paid, please ignore this message.\n\n"
            "If you have any questions about this invoice, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Zahlungserinnerung zu Ihrer Bestellung {{ order_number }}",
            "Guten Tag {{ customer_name }},\n\n"
            "laut unseren Unterlagen ist die Zahlung für Ihre Bestellung {{ order_number }} vom {{ order_date }} "
            "noch nicht bei uns eingegangen. Die Rechnung finden Sie im Anhang.\n\n"
            "Rechnungsnummer: {{ invoice_number }}\n"
            "Offener Betrag: {{ amount_due }}\n"
            "IBAN: {{ iban }}\n\n"
            "Bitte überweisen Sie den offenen Betrag bis zum {{ due_date }} "
            "und geben Sie dabei die Rechnungsnummer als Verwendungszweck an.\n\n"
            "Sollten Sie die Zahlung bereits veranlasst haben, "
            "betrachten Sie diese Nachricht bitte als gegenstandslos.\n\n"
            "Bei Fragen zu dieser Rechnung erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Rappel de paiement pour votre commande {{ order_number }}",
            "Bonjour {{ customer_name }},\n\n"
            "Sauf erreur de notre part, nous n'avons pas encore reçu le règlement de votre commande "
            "{{ order_number }} du {{ order_date }}. Vous trouverez la facture en pièce jointe.\n\n"
            "Numéro de facture : {{ invoice_number }}\n"
            "Montant dû : {{ amount_due }}\n"
            "IBAN : {{ iban }}\n\n"
            "Nous vous remercions de bien vouloir virer le montant dû au plus tard le {{ due_date }}, "
            "en indiquant le numéro de facture en référence.\n\n"
            "Si vous avez déjà effectué le paiement, merci de ne pas tenir compte de ce message.\n\n"
            "Pour toute question concernant cette facture, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "invoice": {
        "nl": (
            "Factuur {{ invoice_number }} voor uw bestelling {{ order_number }}",
            "Beste {{ customer_name }},\n\n"
            "Hartelijk dank voor uw bestelling {{ order_number }} van {{ order_date }}. "
            "In de bijlage vindt u de factuur als pdf-bestand.\n\n"
            "Factuurnummer: {{ invoice_number }}\n"
            "Bedrag: {{ amount }}\n\n"
            "{{ payment_note }}\n\n"
            "Heeft u vragen over deze factuur? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Invoice {{ invoice_number }} for your order {{ order_number }}",
            "Dear {{ customer_name }},\n\n"
            "Thank you for your order {{ order_number }}, placed on {{ order_date }}. "
            "Please find the invoice attached as a PDF.\n\n"
            "Invoice number: {{ invoice_number }}\n"
            "Amount: {{ amount }}\n\n"
            "{{ payment_note }}\n\n"
            "If you have any questions about this invoice, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Rechnung {{ invoice_number }} zu Ihrer Bestellung {{ order_number }}",
            "Guten Tag {{ customer_name }},\n\n"
            "vielen Dank für Ihre Bestellung {{ order_number }} vom {{ order_date }}. "
            "Im Anhang finden Sie die Rechnung als PDF.\n\n"
            "Rechnungsnummer: {{ invoice_number }}\n"
            "Betrag: {{ amount }}\n\n"
            "{{ payment_note }}\n\n"
            "Bei Fragen zu dieser Rechnung erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Facture {{ invoice_number }} pour votre commande {{ order_number }}",
            "Bonjour {{ customer_name }},\n\n"
            "Nous vous remercions pour votre commande {{ order_number }} du {{ order_date }}. "
            "Vous trouverez ci-joint la facture au format PDF.\n\n"
            "Numéro de facture : {{ invoice_number }}\n"
            "Montant : {{ amount }}\n\n"
            "{{ payment_note }}\n\n"
            "Pour toute question concernant cette facture, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "credit_invoice": {
        "nl": (
            "Creditfactuur {{ credit_invoice_number }} voor uw bestelling {{ order_number }}",
            "Beste {{ customer_name }},\n\n"
            "In de bijlage vindt u de creditfactuur voor uw bestelling {{ order_number }} van {{ order_date }} "
            "als pdf-bestand.\n\n"
            "Creditfactuurnummer: {{ credit_invoice_number }}\n"
            "Oorspronkelijke factuur: {{ invoice_number }}\n"
            "Bedrag: {{ amount }}\n\n"
            "{{ credit_note }}\n\n"
            "Heeft u vragen over deze creditfactuur? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Credit note {{ credit_invoice_number }} for your order {{ order_number }}",
            "Dear {{ customer_name }},\n\n"
            "Please find attached, as a PDF, the credit note for your order {{ order_number }}, "
            "placed on {{ order_date }}.\n\n"
            "Credit note number: {{ credit_invoice_number }}\n"
            "Original invoice: {{ invoice_number }}\n"
            "Amount: {{ amount }}\n\n"
            "{{ credit_note }}\n\n"
            "If you have any questions about this credit note, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Gutschrift {{ credit_invoice_number }} zu Ihrer Bestellung {{ order_number }}",
            "Guten Tag {{ customer_name }},\n\n"
            "im Anhang finden Sie die Gutschrift zu Ihrer Bestellung {{ order_number }} vom {{ order_date }} "
            "als PDF.\n\n"
            "Gutschriftsnummer: {{ credit_invoice_number }}\n"
            "Ursprüngliche Rechnung: {{ invoice_number }}\n"
            "Betrag: {{ amount }}\n\n"
            "{{ credit_note }}\n\n"
            "Bei Fragen zu dieser Gutschrift erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Avoir {{ credit_invoice_number }} pour votre commande {{ order_number }}",
            "Bonjour {{ customer_name }},\n\n"
            "Vous trouverez ci-joint, au format PDF, l'avoir relatif à votre commande {{ order_number }} "
            "du {{ order_date }}.\n\n"
            "Numéro d'avoir : {{ credit_invoice_number }}\n"
            "Facture d'origine : {{ invoice_number }}\n"
            "Montant : {{ amount }}\n\n"
            "{{ credit_note }}\n\n"
            "Pour toute question concernant cet avoir, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "return_registered": {
        "nl": (
            "Uw retour voor bestelling {{ order_number }} is aangemeld",
            "Beste {{ customer_name }},\n\n"
            "Wij hebben uw retour voor bestelling {{ order_number }} van {{ order_date }} genoteerd:\n\n"
            "{{ return_items }}\n\n"
            "Terug te betalen: {{ amount }}. Zodra wij de producten hebben ontvangen en beoordeeld, "
            "hoort u van ons.\n\n"
            "Heeft u vragen? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Your return for order {{ order_number }} has been registered",
            "Dear {{ customer_name }},\n\n"
            "We have registered your return for order {{ order_number }}, placed on {{ order_date }}:\n\n"
            "{{ return_items }}\n\n"
            "Amount to be refunded: {{ amount }}. We will let you know once we have received and checked "
            "the items.\n\n"
            "If you have any questions, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Ihre Rücksendung zu Bestellung {{ order_number }} ist angemeldet",
            "Guten Tag {{ customer_name }},\n\n"
            "wir haben Ihre Rücksendung zu Ihrer Bestellung {{ order_number }} vom {{ order_date }} erfasst:\n\n"
            "{{ return_items }}\n\n"
            "Zu erstattender Betrag: {{ amount }}. Sobald wir die Artikel erhalten und geprüft haben, "
            "melden wir uns.\n\n"
            "Bei Fragen erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Votre retour pour la commande {{ order_number }} est enregistré",
            "Bonjour {{ customer_name }},\n\n"
            "Nous avons enregistré votre retour pour la commande {{ order_number }} du {{ order_date }} :\n\n"
            "{{ return_items }}\n\n"
            "Montant à rembourser : {{ amount }}. Nous vous informerons dès réception et vérification des articles.\n\n"
            "Pour toute question, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "return_handled": {
        "nl": (
            "Uw retour voor bestelling {{ order_number }} is afgehandeld",
            "Beste {{ customer_name }},\n\n"
            "Wij hebben uw retour voor bestelling {{ order_number }} van {{ order_date }} afgehandeld:\n\n"
            "{{ return_items }}\n\n"
            "Terug te betalen: {{ amount }}.\n\n"
            "Heeft u vragen? Neem dan contact met ons op via {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Your return for order {{ order_number }} has been handled",
            "Dear {{ customer_name }},\n\n"
            "We have handled your return for order {{ order_number }}, placed on {{ order_date }}:\n\n"
            "{{ return_items }}\n\n"
            "Amount to be refunded: {{ amount }}.\n\n"
            "If you have any questions, please contact us at {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Ihre Rücksendung zu Bestellung {{ order_number }} ist bearbeitet",
            "Guten Tag {{ customer_name }},\n\n"
            "wir haben Ihre Rücksendung zu Ihrer Bestellung {{ order_number }} vom {{ order_date }} bearbeitet:\n\n"
            "{{ return_items }}\n\n"
            "Zu erstattender Betrag: {{ amount }}.\n\n"
            "Bei Fragen erreichen Sie uns unter {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Votre retour pour la commande {{ order_number }} a été traité",
            "Bonjour {{ customer_name }},\n\n"
            "Nous avons traité votre retour pour la commande {{ order_number }} du {{ order_date }} :\n\n"
            "{{ return_items }}\n\n"
            "Montant à rembourser : {{ amount }}.\n\n"
            "Pour toute question, contactez-nous à l'adresse {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "ticket_received": {
        "nl": (
            "Wij hebben uw vraag ontvangen: {{ ticket_subject }}",
            "Beste {{ customer_name }},\n\n"
            "Dank voor uw vraag. Wij hebben hem goed ontvangen en antwoorden zo snel mogelijk.\n\n"
            "Onderwerp: {{ ticket_subject }}\n\n"
            "U vindt uw vraag onder Mijn account in onze webwinkel. Daar ziet u ook ons antwoord.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "We have received your question: {{ ticket_subject }}",
            "Dear {{ customer_name }},\n\n"
            "Thank you for your question. We have received it and will reply as soon as possible.\n\n"
            "Subject: {{ ticket_subject }}\n\n"
            "You can find your question under My Account in our online shop, where our reply will appear too.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Wir haben Ihre Anfrage erhalten: {{ ticket_subject }}",
            "Guten Tag {{ customer_name }},\n\n"
            "vielen Dank für Ihre Anfrage. Wir haben sie erhalten und antworten so schnell wie möglich.\n\n"
            "Betreff: {{ ticket_subject }}\n\n"
            "Ihre Anfrage finden Sie unter „Mein Konto“ in unserem Onlineshop. Dort sehen Sie auch unsere Antwort.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Nous avons bien reçu votre question : {{ ticket_subject }}",
            "Bonjour {{ customer_name }},\n\n"
            "Merci pour votre question. Nous l’avons bien reçue et vous répondrons dans les meilleurs délais.\n\n"
            "Objet : {{ ticket_subject }}\n\n"
            "Vous retrouverez votre question dans la rubrique « Mon compte » de notre boutique en ligne, où notre "
            "réponse apparaîtra également.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "ticket_answered": {
        "nl": (
            "Antwoord op uw vraag: {{ ticket_subject }}",
            "Beste {{ customer_name }},\n\n"
            "Wij hebben uw vraag beantwoord.\n\n"
            "Onderwerp: {{ ticket_subject }}\n\n"
            "{{ reply }}\n\n"
            "U vindt uw vraag en ons antwoord ook onder Mijn account in onze webwinkel. Daar kunt u ook reageren.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Reply to your question: {{ ticket_subject }}",
            "Dear {{ customer_name }},\n\n"
            "We have replied to your question.\n\n"
            "Subject: {{ ticket_subject }}\n\n"
            "{{ reply }}\n\n"
            "You can also find your question and our reply under My Account in our online shop, "
            "where you can respond as well.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Antwort auf Ihre Anfrage: {{ ticket_subject }}",
            "Guten Tag {{ customer_name }},\n\n"
            "wir haben Ihre Anfrage beantwortet.\n\n"
            "Betreff: {{ ticket_subject }}\n\n"
            "{{ reply }}\n\n"
            "Ihre Anfrage und unsere Antwort finden Sie auch unter „Mein Konto“ in unserem Onlineshop. "
            "Dort können Sie uns auch antworten.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Réponse à votre question : {{ ticket_subject }}",
            "Bonjour {{ customer_name }},\n\n"
            "Nous avons répondu à votre question.\n\n"
            "Objet : {{ ticket_subject }}\n\n"
            "{{ reply }}\n\n"
            "Vous retrouverez votre question et notre réponse dans la rubrique « Mon compte » de notre boutique "
            "en ligne, où vous pouvez également nous répondre.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
    "custom_status": {
        "nl": (
            "Uw bestelling {{ order_number }}: {{ status }}",
            "Beste {{ customer_name }},\n\n"
            "De status van uw bestelling {{ order_number }} van {{ order_date }} is gewijzigd in: {{ status }}.\n\n"
            "Hebt u een vraag? Antwoord gerust op deze e-mail of schrijf naar {{ shop_email }}.\n\n"
            "Met vriendelijke groet,\n"
            "{{ shop_name }}",
        ),
        "en": (
            "Your order {{ order_number }}: {{ status }}",
            "Dear {{ customer_name }},\n\n"
            "The status of your order {{ order_number }} of {{ order_date }} has changed to: {{ status }}.\n\n"
            "Any questions? Simply reply to this e-mail or write to {{ shop_email }}.\n\n"
            "Kind regards,\n"
            "{{ shop_name }}",
        ),
        "de": (
            "Ihre Bestellung {{ order_number }}: {{ status }}",
            "Guten Tag {{ customer_name }},\n\n"
            "der Status Ihrer Bestellung {{ order_number }} vom {{ order_date }} lautet jetzt: {{ status }}.\n\n"
            "Haben Sie Fragen? Antworten Sie einfach auf diese E-Mail oder schreiben Sie an {{ shop_email }}.\n\n"
            "Mit freundlichen Grüßen\n"
            "{{ shop_name }}",
        ),
        "fr": (
            "Votre commande {{ order_number }} : {{ status }}",
            "Bonjour {{ customer_name }},\n\n"
            "Le statut de votre commande {{ order_number }} du {{ order_date }} est désormais : {{ status }}.\n\n"
            "Une question ? Répondez simplement à cet e-mail ou écrivez à {{ shop_email }}.\n\n"
            "Cordialement,\n"
            "{{ shop_name }}",
        ),
    },
}

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def check_defaults() -> list[str]:
    """What is wrong with DEFAULTS (missing language or e-mail, unknown placeholder, stray brace); empty when fine."""
    problems = []
    for key in DEFAULTS.keys() ^ PLACEHOLDERS.keys():
        problems.append(f"{key}: in only one of DEFAULTS and PLACEHOLDERS")
    for key, texts in DEFAULTS.items():
        allowed = PLACEHOLDERS.get(key, COMMON_PLACEHOLDERS)
        for language in CODES:
            if language not in texts:
                problems.append(f"{key}: missing language {language}")
        for language in texts.keys() - set(CODES):
            problems.append(f"{key}: unknown language {language}")
        for language, (subject, body) in texts.items():
            where = f"{key}/{language}"
            if not subject.strip() or not body.strip():
                problems.append(f"{where}: empty subject or body")
            if "\n" in subject:
                problems.append(f"{where}: subject spans more than one line")
            for part, text in (("subject", subject), ("body", body)):
                for name in PLACEHOLDER.findall(text):
                    if name not in allowed:
                        problems.append(f"{where}: {part} uses placeholder {{{{ {name} }}}}, not allowed here")
                leftover = PLACEHOLDER.sub("", text)
                if "{" in leftover or "}" in leftover:
                    problems.append(f"{where}: {part} has an unbalanced or malformed brace")
            used = set(PLACEHOLDER.findall(subject + "\n" + body))
            for name in allowed:
                if name not in COMMON_PLACEHOLDERS and name not in used and name not in UNUSED_BY_DEFAULT.get(key, ()):
                    problems.append(f"{where}: does not use {{{{ {name} }}}}")
            for name in OWN_PARAGRAPH:
                if name in allowed and f"\n\n{{{{ {name} }}}}\n\n" not in body:
                    problems.append(f"{where}: {{{{ {name} }}}} must stand on its own paragraph")
    return problems

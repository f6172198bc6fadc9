"""News furniture in other languages than English: ad labels, "read also" teasers,
related-story headings, sign-up, login and follow calls, share and bookmark buttons,
photo credits, cookie notices, rights lines, comment widgets and date lines (the golden
pages ``furniture_{de,fr,es}`` show them in whole pages). Each rule is pinned beside
the article sentences that use the same words."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.boilerplate import is_furniture

#: Sentences of a made-up ferry story in German, each twice in a paragraph.
STORY = [
    "Der Hafenmeister sagte am Montag, dass die neue Fähre im Mai den Betrieb aufnehmen werde.",
    "Sie soll die Inseln zweimal täglich und das ganze Jahr über mit dem Festland verbinden.",
    "Die Inselbewohner warten seit der Ausmusterung des alten Schiffes auf einen Winterdienst.",
    "Der Gemeinderat rechnet bei ruhigem Wetter mit einer Überfahrt von vierzig Minuten.",
    "Die Fahrkarten kosten so viel wie auf dem Sommerschiff, bestätigte der Betreiber.",
    "Die Fischer begrüßten die Nachricht, forderten aber mehr Platz für ihre Boote.",
]


def body_of(inserted: str) -> list[str]:
    """The story's body with ``inserted`` after its third paragraph, under class names
    that say nothing."""
    paragraphs = [f"<p>{sentence} {sentence}</p>" for sentence in STORY]
    html = (
        "<html lang='de'><head><title>Fähre</title></head><body><header><nav>"
        "<a href='/'>Start</a></nav></header><main><article><h1>Neue Fähre</h1>"
        f"<div class='a7f3'>{''.join(paragraphs[:3])}{inserted}{''.join(paragraphs[3:])}"
        "</div></article></main></body></html>"
    )
    return extract(html, "https://example.org/a/1").text.split("\n\n")


def story() -> list[str]:
    return [f"{sentence} {sentence}" for sentence in STORY]


@pytest.mark.parametrize(
    "line",
    [
        # ad labels
        "Publicidade",
        "Pubblicità",
        "Advertentie",
        "Annons",
        "Reklama",
        "Реклама:",
        "広告",
        "Publicité, votre contenu continue ci-dessous",
        "Continua após a publicidade",
        # teasers and related-story headings
        "Czytaj też: Nowy most dla północnej wyspy",
        "Zobacz także: Nowy most dla północnej wyspy",
        "Čtěte také: Nový most pro severní ostrov",
        "Te puede interesar: Planean un nuevo puente",
        "Leia também: Nova ponte planejada para a ilha norte",
        "Lees ook: Nieuwe brug gepland",
        "Sur le même sujet",
        "Noticias relacionadas",
        "Articoli correlati",
        "İlgili Haberler",
        "関連記事",
        "【関連記事】北の島に新しい橋の計画",
        "Zur Startseite",
        "Leggi tutto",
        # sign-up, login and follow calls
        "Newsletter",
        "Nieuwsbrief",
        "Suscríbete a nuestro boletín y recibe las noticias cada mañana.",
        "Assine a nossa newsletter e receba as notícias no seu e-mail.",
        "Sie wollen mehr? Jetzt abonnieren und alle Artikel lesen.",
        "Abonnez-vous pour lire la suite de nos articles.",
        "S'abonner",
        "Iniciar sesión",
        "Síguenos en Google News y WhatsApp.",
        "Seguici su Google News",
        "Volg ons op Instagram",
        # share, listen and bookmark buttons
        "Artikel teilen",
        "Partager cet article",
        "Compartilhe",
        "Udostępnij",
        "Paylaş",
        "シェアする",
        "Artikel anhören",
        "Écouter cet article",
        "Merken",
        "Ajouter à mes favoris",
        "Zur Bildergalerie",
        "Fehler melden",
        # credits and captions ending in one
        "Crédit photo : Jean Dupont",
        "Imagen: Juan Pérez / EFE",
        "Bron: BELGA",
        "Le nouveau ferry dans le port de Nordholm. Photo : AFP",
        "Il nuovo traghetto nel porto. (Foto Ansa)",
        "Nowy prom w porcie. Fot. PAP",
        "Yeni feribot limanda. Fotoğraf: AA",
        "港に停泊する新しいフェリー\uff08写真\uff1a共同\uff09"  # full-width brackets,
        # cookie notices and rights lines
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten. Mit dem "
        "Klick auf „Akzeptieren“ stimmen Sie der Verwendung zu.",
        "Questo sito utilizza cookie tecnici e di profilazione. Cliccando su Accetta "
        "acconsenti all'uso dei cookie.",
        "Um diesen Inhalt anzuzeigen, müssen Sie der Verwendung von Cookies zustimmen.",
        "Wij gebruiken cookies om je een betere ervaring te bieden. Door op Akkoord te klikken "
        "ga je akkoord met ons cookiebeleid.",
        "Używamy plików cookies, aby zapewnić najlepszą jakość usług. Korzystając ze strony, "
        "wyrażasz zgodę na ich użycie zgodnie z polityką prywatności.",
        "当サイトではCookieを使用しています。サイトを利用することでCookieの使用に同意したものとみなします。",
        "Riproduzione riservata ©",
        "Alle Rechte vorbehalten.",
        "Copyright 2017 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed.",
        # a sign-up form's text read as a paragraph, and print-edition notes
        "Newsletter Sign Up Continue reading the main story Please verify you're not a robot "
        "by clicking the box. Invalid email address. Please re-enter. You must select a "
        "newsletter to subscribe to. Sign Up You agree to receive occasional updates and "
        "special offers for The Island Times's products and services. Thank you for "
        "subscribing. An error has occurred. Please try again later. View all Island Times "
        "newsletters.",
        "Island Briefing Get the latest headlines. There was an error, please provide a valid "
        "email address. Sign Up By signing up you consent to receive the above newsletter.",
        "Order Reprints | Today's Paper | Subscribe A version of this article appears in print "
        "on Page A14 of the New York edition with the headline: Ferry to Run All Year",
        "Appeared in the May 5, 2024, print edition as 'Ferry to Run All Year'.",
        # comment widgets and date lines
        "Comentarios",
        "Ver comentarios",
        "Yorumlar",
        "Güncelleme: 03.07.2024 - 18:57",
        "Online seit heute, 7.57 Uhr",
    ],
)
def test_a_furniture_line_in_another_language_goes(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Polizei hat Anzeige gegen Unbekannt erstattet.",
        "Anzeige gegen Unbekannt wurde am Montag erstattet.",
        "Werbung ist teuer, sagte der Wirt.",
        "Reklama telewizyjna została zakazana w 2020 roku.",
        "Publicité mensongère : l'entreprise condamnée à une amende.",
        "La pubblicità è vietata nei pressi delle scuole.",
        "Teilen Sie diese Ansicht?",
        "Delen van de stad zijn zonder stroom.",
        "Dela på ansvaret, sa hon.",
        "Melden Sie sich per E-Mail bei der Polizei, wenn Sie etwas gesehen haben.",
        "Meld je aan via e-mail bij de gemeente.",
        "Compartir el coche es cada vez más popular.",
        "Sigue la polémica en Twitter tras el partido.",
        "Segundo a polícia, o suspeito publicou um vídeo no Facebook.",
        "Utilizamos cookies, admitió el portavoz de la empresa ante el tribunal.",
        "Pour les régulateurs, les cookies doivent être acceptés librement.",
        "Die EU will Websites verpflichten, Cookies nur nach Zustimmung zu setzen.",
        "Tous droits réservés aux victimes, a déclaré l'avocat dans sa plaidoirie devant la cour.",
        "Fehler melden die Behörden kaum.",
        "Merken Sie sich diesen Namen.",
        "Leggi tutto il rapporto sul sito del ministero.",
        "Ver los comentarios del ministro fue sorprendente.",
        "Sur le même sujet, le ministre a refusé de s'exprimer.",
        "Imagen de la Virgen fue restaurada.",
        "Kommentarer från läsarna var positiva.",
        "Customers who signed up for the newsletter had to give an email address, which "
        "regulators said broke the privacy policy.",
        "The paper said the story appeared in the print edition of its rival first.",
    ],
)
def test_an_article_sentence_with_the_same_words_stays(sentence: str) -> None:
    assert not is_furniture(sentence)


def test_a_box_headed_by_newsletter_goes_with_its_call() -> None:
    box = (
        "<div class='q7'><h3>Newsletter</h3><p>Die wichtigsten Nachrichten des Tages jeden "
        "Morgen kostenlos in Ihrem Postfach.</p><a href='/nl'>Jetzt kostenlos abonnieren</a></div>"
    )
    assert body_of(box) == story()


def test_a_box_headed_by_a_foreign_comment_heading_goes() -> None:
    box = "<div class='r4'><h3>Commenti</h3><p>Accedi per commentare.</p></div>"
    assert body_of(box) == story()


def test_a_cookie_banner_inside_the_article_goes() -> None:
    box = (
        "<div class='c0'><p>Nous utilisons des cookies pour améliorer votre expérience. En "
        "cliquant sur « Accepter », vous consentez à leur utilisation.</p>"
        "<button>Accepter</button></div>"
    )
    assert body_of(box) == story()


def test_a_related_heading_goes_with_its_list() -> None:
    related = (
        "<h3>İlgili Haberler</h3><ul><li><a href='/x/1'>Kuzey adas\u0131na yeni köprü</a></li>"
        "<li><a href='/x/2'>Liman genişletiliyor</a></li></ul>"
    )
    assert body_of(related) == story()


@pytest.mark.parametrize(
    "caption",
    [
        "Die neue Fähre am Anleger in Norddeich. Jane Roe/The N.Y. Times.",
        "Die neue Fähre am Anleger in Norddeich. Jane Roe/NPR",
        "Die neue Fähre am Anleger in Norddeich (Foto: Jane Roe)",
        "Die neue Fähre am Anleger in Norddeich © VS Tristach",
        "Die neue Fähre am Anleger in Norddeich | Getty Images",
        "Die neue Fähre am Anleger in Norddeich. Jane Roe/Getty Images",
    ],
)
def test_a_caption_ending_in_its_credit_goes(caption: str) -> None:
    # a sentence-final caption takes the quick path: only a name and its outlet may
    # end in a full stop
    assert is_furniture(caption)


@pytest.mark.parametrize(
    "sentence",
    [
        "Die neue Fähre legt am Anleger in Norddeich an.",
        "Wer hat die neue Fähre fotografiert?",
        "Das Foto zeigt die neue Fähre am Anleger in Norddeich!",
        "Die Fähre, sagte Jane Roe von der dpa, fährt ab Mai.",
    ],
)
def test_a_sentence_that_ends_without_a_credit_stays(sentence: str) -> None:
    assert not is_furniture(sentence)

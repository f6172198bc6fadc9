"""News boilerplate removed from a candidate body by structure and statistics.

Each block of the candidate body is traced back to the element of the page it came
from. A block goes when the page puts it in a box that is not article text (an image
caption, an author bio, a fact box, a newsletter or comment widget, a promotion), when
it is mostly links (lists of related stories), when it is a known furniture line
("Advertisement", "Read more", "Sign up for our newsletter"), or when the page's own
structured data (``articleBody``) is a complete copy of the article and lacks it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

import lxml.html
from lxml import etree

from newsdesk.pipeline.extract.casefold import CaseBlind

#: Class/id words of boxes whose text is never article text.
_BOX = CaseBlind(
    r"(?:^|[\s_\-])(?:factbox|fact-box|infobox|info-box|bio|biography|author-?bio|author-?info|"
    r"author-?description|author-?profile|authorprofile|"
    r"authorbox|about-?(?:the-)?author|promo|promotion|newsletter|signup|sign-up|"
    r"subscribe|subscription|related|read-?more|more-?stories|recirculation|outbrain|"
    r"taboola|comments?|disqus|breadcrumbs?|byline|copyright|caption|figcaption|credits?|"
    r"consent|cookie|cmp|share-?bar|social-?share|sharing)(?:$|[\s_\-])"
)
_BOX_TAGS = frozenset({"figcaption", "nav", "footer"})
_MODIFIER = re.compile(r"^(?:has|with|is|no|hide)[-_]|[-_](?:enabled|disabled|count|open)$", re.I)
#: Ancestors searched for a box; further up every page is one big box.
_BOX_DEPTH = 8
#: A box of at most this much text holding a form field is a widget; ancestors searched.
_WIDGET_CHARS = 600
_WIDGET_DEPTH = 4
_INLINE_TAGS = frozenset({"a", "span", "strong", "b", "em", "i", "small", "u"})
#: ... or headed by a furniture line naming one of these.
_WIDGET_WORDS = re.compile(
    r"\b(?:newsletters?|sign(?:ing)? up|subscri\w+|abonn\w+|anmelden|inscri\w+|authors?|"
    r"autor(?:in|en)?|auteur|comments?|kommentare?|commentaires?|comentarios|commenti|"
    r"comentários|reacties|kommentarer|komentarze|komentáře|yorumlar|conversation|discussion|"
    r"share|shares|teilen|partager|boletín|boletim|nieuwsbrief|nyhetsbrev|"
    r"suscr[ií]b\w*|iscriviti|inscreva-se|assine|abone|relacionad[oa]s|correlati|ilgili|"
    # a related story's or a picture's box: "Read more", "Lesen Sie auch", "Photo 1 of 12"
    r"read|lesen|lire|leer|leggi|czytaj|läs|les|lees|related|recommended|weiterlesen|mehr|"
    r"photos?|images?|pictures?|slides?|gallery|fotos?|bild(?:er)?)\b",
    re.I,
)
#: A newsletter and the call to get it, in a box's text.
_SIGNUP = re.compile(
    r"\b(?:get|receive|sign(?: me)? up|subscribe|abonnieren|anmelden|bestellen|inscrivez|"
    r"recevez|abonnez|recibe|suscr[ií]b\w*|ricevi|iscriviti|receba|assine|ontvang|abonneer|"
    r"prenumerera|få)\b[^.!?]{0,60}\b(?:newsletters?|boletín|boletim|nieuwsbrief|"
    r"nyhetsbrev)\b|"
    r"\b(?:newsletters?|boletín|boletim|nieuwsbrief|nyhetsbrev)\b[^.!?]{0,120}"
    r"\b(?:sign(?: me)? up|subscribe|abonnieren|anmelden|inbox|abonner|s'inscrire|"
    r"suscr[ií]b\w*|iscriviti|assine|abonneer|prenumerera)\b",
    re.I,
)
#: Lines that are page furniture wherever they stand.
#: (A question's run of words is matched possessively, "{0,100}+": it cannot end inside
#: the run, and giving back its characters one by one only costs time.)
_FURNITURE = re.compile(
    r"^(?:"
    # (maybe after a question: "Want more news like this? Sign up for our newsletter.")
    r"(?:[^.!?]{0,100}+[?!]\s*)?(?:sign up|subscribe|register)\b.{0,80}"
    r"\b(?:newsletters?|emails?|inbox|updates)\b.*|"
    # ... in other languages, for a newsletter or a mailbox only ("Melden Sie sich per
    # E-Mail bei der Polizei" is an appeal)
    r"(?:[^.!?]{0,100}+[?!]\s*)?(?:abonnieren sie|inscrivez-vous|abonnez-vous|"
    r"suscr[ií]b(?:ete|ase|ite)|iscriviti|abbonati|assine|inscreva-se|cadastre-se|abonneer|"
    r"schrijf je in|meld je aan|prenumerera|registrera dig|meld deg på|tilmeld dig|"
    r"zapisz się|zasubskrybuj|přihlaste se|odebírejte|abone ol|kaydol)\b.{0,80}"
    r"\b(?:newsletters?|postfach|boîte (?:mail|e-mail|de réception)|boletín|boletim|"
    r"nieuwsbrief|nyhetsbrev|nyhedsbrev|biuletyn|newsletteru|bülten\w*)\b.*|"
    # a sign-up box's heading alone: "Newsletter", "Unser Newsletter"
    r"(?:(?:our|unser|notre|nuestro|il nostro|nossa|onze|vårt) )?(?:newsletters?|nieuwsbrief|"
    r"nyhetsbrev|nyhedsbrev|boletín|boletim)|"
    # a sign-up box's heading: "Sign up for Island Daily" (no sentence)
    r"(?:sign up|subscribe) (?:for|to) [^.!?]{1,50}|"
    r".{0,60}\b(?:newsletter|inbox)\b.{0,40}\b(?:sign up|subscribe|abonnieren|anmelden)\b.*|"
    r"(?:read|see|watch) (?:more|also|next)\b.{0,200}|"
    r"(?:click|tap) (?:here|to)\b.{0,120}|"
    r"join (?:our|the) (?:commenting forum|conversation|discussion)\b.{0,120}|"
    r"(?:related|recommended|more on this|more from|most read|most popular|trending)"
    r"(?: (?:articles?|stories|news|content|videos?|coverage))?:?|"
    r"most (?:read|popular|viewed) in [^\W\d_][\w ]{0,30}|"
    r"(?:lesen sie auch|auch interessant|(?:lesen sie )?mehr zum thema|"
    r"das könnte sie auch interessieren|weitere artikel|zum artikel|lire aussi|à lire aussi|"
    r"leer más|lee también|leggi anche|les også|läs också|czytaj także|czytaj też|"
    r"czytaj również|przeczytaj (?:też|także|również)|zobacz (?:też|także|również)|"
    r"čtěte (?:také|též|rovněž)|přečtěte si (?:také|též)|mohlo by vás (?:také )?zajímat|"
    r"lea también|vea también|ver también|(?:también )?te puede interesar|puede interesarte|"
    r"ti potrebbe interessare|potrebbe interessarti|leia (?:também|mais)|veja (?:também|mais)|"
    r"voir aussi|à voir aussi|lees ook|læs også|læs mere|lue myös|ilgili haber(?:ler)?|"
    r"bunlar da ilginizi çekebilir|ilginizi çekebilir|【関連(?:記事|ニュース)】|"
    r"関連(?:記事|ニュース)[:\uff1a])\b.{0,160}|"
    r"sur le même (?:sujet|thème)|dans la même rubrique|"
    r"(?:noticias|artículos|notícias|matérias|artigos|notizie|articoli) "
    r"(?:relacionad[oa]s|correlat[ei])|gerelateerde artikelen|relaterade artiklar|"
    r"relaterte saker|související články|powiązane artykuły|関連(?:記事|ニュース)|"
    r"(?:zurück )?zur startseite|retour à (?:l'accueil|la une)|volver a (?:la )?portada|"
    r"torna alla (?:home ?page|home)|"
    r"(?:download|get) (?:the|our) (?:free )?app\b.*|"
    # placeholders of embeds blocked until the reader consents
    r"(?:externer|external|embedded|third[- ]party) (?:inhalt|content)"
    r"(?: (?:nicht verfügbar|not available|unavailable|blocked))?|"
    r"(?:deine|ihre|your) (?:privatsphäre|datenschutz|privacy|cookie|consent)"
    r"[- ]?(?:einstellungen|settings|preferences|choices) (?:verhindern|prevent|block)\b.*|"
    r"empfohlener redaktioneller inhalt|ein klick für den datenschutz\b.{0,80}|"
    r"an dieser stelle finden sie\b.{0,80}\bexterne[nr]? inhalt\b.*|"
    r"ich bin damit einverstanden, dass mir\b.{0,40}\bexterne[nr]? inhalt(?:e)?\b.*|"
    r"to (?:view|see|display) this (?:content|video|post)\b.{0,80}"
    r"\b(?:consent|cookies|privacy)\b.*|"
    # account and subscription calls ("Join X for access to this content", "Log in")
    r"(?:[^.!?]{0,100}+\?\s*)?(?:join|subscribe|sign up|sign in|log in|register|"
    r"create an? (?:free )?account|start your)\b.{0,80}"
    r"\b(?:access|bookmark|continue|account|subscription|premium)\b.{0,80}|"
    r"(?:log ?in|sign ?in|register|subscribe|abonnieren|anmelden|einloggen|registrieren|"
    r"s'abonner|s\u2019abonner|abonnez-vous|je m'abonne|je m'inscris|se connecter|suscríbete|"
    r"suscribirse|iniciar sesión|inicia sesión|iscriviti|abbonati|accedi|assine|assinar|"
    r"inscreva-se|entrar|inloggen|abonneer|logga in|prenumerera|logg inn|zaloguj się|"
    r"subskrybuj|přihlásit se|předplatit|abone ol|giriş yap|ログイン|会員登録)|"
    # ... and in other languages: "Sie wollen mehr? Jetzt abonnieren und alle Artikel lesen."
    r"(?:[^.!?]{0,100}+[?!]\s*)?(?:jetzt (?:kostenlos |gratis )?(?:abonnieren|anmelden|"
    r"registrieren)|abonnez-vous|suscr[ií]b(?:ete|ase|ite)|iscriviti|abbonati|assine|"
    r"abonneer|prenumerera|abonner|zapisz się|subskrybuj|předplaťte|abone ol)\b.{0,80}"
    r"\b(?:lesen|weiterlesen|zugang|zugriff|artikel|lire|suite|articles?|accès|leer|acceso|"
    r"artículos|contenidos?|leggere|accesso|articoli|ler|acesso|conteúdos?|lezen|toegang|"
    r"läsa|tillgång|lese|tilgang|czytać|dostęp|číst|přístup|okumak|erişim)\b.{0,80}|"
    r"(?:(?:artikel|beitrag) )?(?:share|teilen|partager|compartir|compartilhar?|compartilhe|"
    r"condividi|delen|dela|udostępnij|sdílet|paylaş)"
    r"(?: (?:this|on|via|the|cet|cette|ce|sur|en|este|esta|su|questo|questa|dit|deze|na|w|"
    r"v|på|op) [^!?]{0,30}(?<!\.))?:?|(?:この記事を)?シェア(?:する)?|"
    r"(?:follow us|folgen sie uns|suivez-nous)\b.{0,80}|"
    # (the imperative to follow us: "Sigue la polémica en Twitter" is a sentence)
    r"(?:follow|join us|folgst du|folgen sie|suivez|segui(?:ci|teci)?|s[ií]guenos|siga-nos|"
    r"følg|följ|"
    r"volg|obserwuj|sleduj\w*)\b.{0,60}\b(?:on|auf|sur|su|en|på|no|na|op|w)\s+"
    r"(?:google news|whatsapp|telegram|instagram|facebook|"
    r"twitter|x|tiktok|youtube|threads)\b.{0,160}|"
    r"(?:czytaj więcej|weiterlesen|mehr infos?|lire la suite|leer más|leggi di più|les mer|läs mer|"
    r"lees meer|continue reading|leggi tutto|lire plus|ler mais|lees verder|läs hela|"
    r"czytaj dalej|číst dál|devam\u0131n\u0131 oku|続きを読む)|"
    r"(?:photo|foto|image|bild|picture|credit|quelle|source|imagen|imagem|immagine|fotograf[ií]a|"
    r"fotografie|fotoğraf|fuente|fonte|kaynak|źródło|zdroj|bron|kilde|källa|lähde|bilde|"
    r"billede|kuva|"
    r"crédits? (?:photo|image)s?)s?\s*:\s*\S.{0,80}|"
    # a credit alone: "(Image credit: Getty Images)", "AP Photo/Jane Doe", "Getty Images"
    r"\(?(?:image|photo|picture|video|bild|foto)s? credits?\s*:?\s*[^()]{1,80}\)?|"
    r"(?:AP|AFP|Reuters|EPA|dpa|Getty|Getty Images|Shutterstock|Alamy|PA|Bloomberg|Keystone|"
    r"imago|picture alliance)(?: (?:Photo|Images|Wire|Pictures))?"
    r"(?-i:(?:\s*/\s*[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3})?)|"
    # a picture's controls: "hide caption", "toggle caption", "Enlarge this image"
    r"(?:hide|show|toggle) caption|(?:enlarge|expand|zoom|view) (?:this |the )?(?:image|photo|"
    r"picture)|"
    r"(?:save|gift|bookmark|share) (?:this )?(?:article|story)|"
    # a bookmark button: "Merken", "Ajouter à mes favoris", "Lire plus tard"
    r"merken|speichern|guardar|sauvegarder|enregistrer|salva|salvar|bewaren|"
    r"(?:zur|auf die) merkliste(?: hinzufügen)?|ajouter à (?:mes|vos) (?:favoris|sélections)|"
    r"(?:lire|leer|leggi|ler|später) (?:plus tard|más tarde|después|dopo|mais tarde|lesen)|"
    r"later lezen|"
    r"(?:an )?(?:audio|listen to (?:an|the) audio) version of this (?:article|story)\b.{0,40}|"
    r"read this (?:article|story) in [^\W\d_]+|"
    r"why you can trust\b.{0,300}|"
    r"newsletters?\s*[:|]\s*.{0,200}|"
    r"©.{0,120}|copyright\b.{0,120}|"
    r"(?:advertisement|anzeige|werbung|sponsored|publicité|publicidad|reklame)"
    r"(?:\s*[:,|\u2013\u2014\-·•(].{0,40}|\s+(?:by|von|par|por|continue|scroll|story|article|"
    r"content|weiterlesen|lesen sie weiter)\b.{0,40})?|"
    r"(?:publicidade|pubblicità|advertentie|annons|annonse|reklama|reklam|реклама|広告):?|"
    r"(?:continua|continúa|la suite|continue|il testo continua) (?:após|depois d[ae]|"
    r"después de|après|dopo) (?:a |la |l'|la )?(?:publicidade|publicidad|publicité|"
    r"pubblicità|advertisement)|"
    r"(?:(?:show|view|read|see|zu den|alle|voir|ver|leer|mostra) "
    r"(?:les |los |i |os |the |all )?)?"
    r"(?:comments?|kommentare?n?|commentaires?|comentarios|commenti|comentários|reacties|"
    r"kommentarer|komentarze|komentáře|yorumlar|コメント)(?: \(\d+\))?:?|"
    r"(?:fehler gefunden|found an error|report an error)\b.{0,80}|"
    r"fehler melden|signaler une erreur|reportar (?:un )?error|segnala(?: un)? errore|"
    r"fout melden|"
    # reader notices of the page, not the article: skip links, "Article continues below",
    # outdated-browser and ad-blocker notices, comment calls, listen-to and print buttons
    r"skip (?:to (?:the )?(?:main )?(?:content|navigation|article)|(?:this )?ad(?:vertisement)?)|"
    r"passer la publicité|article continues (?:below|after)\b.{0,40}|"
    r"your (?:web )?browser (?:is|isn't|is not) (?:no longer |not )?"
    r"(?:supported|up to date|out of date|outdated)\b.{0,120}|"
    r"(?:ad[- ]?block(?:er)? (?:users?|detected)|we (?:noticed|see|detected) (?:that )?"
    r"you(?:'re|\u2019re| are) using an ad[- ]?blocker)\b.{0,400}|"
    r"(?:would you like|do you want|want) to comment\b.{0,120}|"
    r"please read our comment(?:ing)? (?:policy|guidelines|rules)\b.{0,80}|"
    r"for more (?:stories|news|articles) like this\b.{0,80}|"
    r"(?:do you have|have you got|got) a (?:story|news tip|tip)\b.{0,120}|"
    r"this (?:is a )?breaking(?: news?)? story\b.{0,100}|"
    r"(?:listen to|hear) (?:this|the) (?:article|story)\b.{0,60}|"
    r"(?:artikel|beitrag) (?:anhören|vorlesen)|[ée]couter (?:cet |l'|l\u2019)article|"
    r"escuchar (?:la )?(?:noticia|(?:el |este )?artículo)|ascolta (?:l'|l\u2019)?articolo|"
    r"ouvir (?:a )?(?:notícia|(?:o |este )?artigo)|luister naar (?:dit|het) artikel|"
    r"lyssna på artikeln|posłuchaj artykułu|poslechněte si článek|haberi dinle|"
    r"table of contents|inhaltsverzeichnis|sommaire|"
    # an author box's heading: "About the author", "Über die Autorin"
    r"about the (?:authors?|writers?|reporters?)|(?:über|zu)(?: (?:den|die))? autor(?:in|en)?|"
    r"à propos de l'auteur|sobre (?:el|la) autora?|"
    # a player's or gallery's label: "WATCH | The new ferry on its first run", "View
    # gallery (12 photos)", "Image 3 of 12", "12 photos"
    r"(?:watch|listen|video|audio|podcast|gallery|photos|ansehen|anhören|vidéo|regarder|"
    r"écouter)\s*[|:\u2013\u2014]\s*[^.!?]{1,120}|"
    r"(?:view|see|open|browse|launch) (?:the )?(?:full |photo |image )?"
    r"(?:gallery|slideshow|slide show|photos|images|bildergalerie)\b[^.!?]{0,40}|"
    r"(?:zur|zum) (?:bildergalerie|galerie|fotostrecke)|voir (?:la )?(?:galerie|diaporama)|"
    r"ver (?:la )?galería|vai alla (?:foto)?gallery|"
    r"\(?\d{1,3} (?:photos|images|pictures|bilder|fotos)\)?|"
    r"(?:(?:image|photo|picture|slide|bild|foto) )?\d{1,3}\s*(?:of|von|sur|de|di|/)\s*\d{1,3}|"
    # a live blog's controls and post badges: "Pinned post", "Show key events only",
    # "Load more posts", "3 new updates", "Copy link"
    r"(?:pinned|featured|key|top) (?:post|event|update)s?(?: only)?|"
    r"(?:show|see) (?:key|all) (?:events|posts|updates)(?: only)?|"
    r"(?:load|show|see) (?:more|older|newer|earlier|new|all) (?:posts|updates|entries)|"
    r"\d+ new (?:posts?|updates?|entries)|(?:copy|copied) link|link copied|"
    r"(?:follow|stay with us|keep up) (?:along )?(?:with |for )?(?:the |our )?"
    r"(?:latest|live) (?:updates|coverage|news)(?: below| here)?\.?|"
    # a template's placeholder left unfilled: "$$ARTICLEAD$$", "{{ad_slot}}"
    r"(?:\$\$|\{\{|%%)\s*[\w.\-]+\s*(?:\$\$|\}\}|%%)|"
    # a series' navigation: "Part 2 of 5", "The Harbour Project, part 2 of 5", "Next in
    # this series: ...", "More in this series"
    r"(?:[^.!?]{0,60}[,:|\u2013\u2014-]\s*)?(?:part|teil|partie|parte|episode|folge|chapter|"
    r"kapitel|chapitre)\s+\d{1,2}\s+(?:of|von|sur|de|di|av|af|van)\s+\d{1,2}|"
    r"(?:previous|next|more) (?:(?:articles?|stories|parts?|episodes?) )?"
    r"(?:in|from) (?:this|the|our) series\b.{0,120}|"
    r"(?:print|drucken|imprimer)(?: (?:this )?(?:article|artikel|page|seite))?|"
    r"article réservé aux abonnés|la suite est réservée aux abonnés\b.{0,40}|"
    r"il vous reste \d.{0,40} à lire\b.{0,80}|vous (?:possédez|avez) déjà un compte\b.{0,60}|"
    r"jetzt abonnieren\b.{0,80}|"
    r"(?:this|dieser) (?:article|artikel|story|content) (?:was|is|wurde|ist) .{0,40}"
    r"(?:translated|übersetzt|produced|sponsored|paid).{0,200}"
    r")$",
    re.I,
)
#: The words of a share bar set as a line: "Share 45 Tweet 12", "Facebook Twitter LinkedIn
#: Email", "Share on Facebook Share via Email", "1.2K shares" (lower case).
_SHARE_ACTIONS = frozenset({
    "share", "shares", "shared", "sharing", "tweet", "tweets", "pin", "pins", "post", "save",
    "saved", "email", "e", "mail", "print", "copy", "link", "comment", "comments", "like",
    "likes", "teilen", "partager", "compartir", "condividi", "delen", "dela", "del",
    "facebook", "twitter", "x", "linkedin", "whatsapp", "reddit", "pinterest", "telegram",
    "flipboard", "threads", "bluesky", "messenger", "tumblr", "xing", "mastodon", "sms",
})  # fmt: skip
_SHARE_GLUE = frozenset({
    "on", "via", "this", "article", "story", "to", "the", "k", "m", "auf", "per", "sur", "par",
    "en", "su",
})  # fmt: skip
#: A share bar's line is short.
_MAX_SHARE_WORDS = 16
#: Furniture lines that name a word the line must hold (lower case), checked only when
#: it does (a quick test first: these patterns try every start in the line).
_GUARDED: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    # a contact line: "Contact her at jane.doe@example.com or on X @janedoe", "Do you
    # have a tip? Email us at tips@paper.test"
    (
        ("@",),
        re.compile(
            r"^(?:[^.!?]{0,60}\b(?:contact|reach|e-?mail|write to|follow)\s+(?:him|her|them|"
            r"me|the (?:author|reporter|writer)s?)\b.{0,40}(?:\S+@\S+\.\w+|\s@\w+).{0,80}|"
            r".{0,120}(?:get in touch|contact us|email us|e-mail us|send us)\b.{0,80}"
            r"\S+@\S+\.\w+.{0,120})$",
            re.I,
        ),
    ),
    # comment calls: "Log in or register to join the conversation", "What do you think?
    # Leave a comment below."
    (
        ("conversation", "discussion", "debate", "comment", "reply"),
        re.compile(
            r"^(?:[^.!?]{0,100}[?!]\s*)?(?:[^.!?]{0,40}\b(?:log ?in|sign ?in|register|"
            r"subscribe)\b[^.!?]{0,40}\bto )?(?:join the (?:conversation|discussion|debate)|"
            r"(?:leave|post|write) a (?:comment|reply))\b[^.!?]{0,60}\.?$",
            re.I,
        ),
    ),
    # a blocked embed's consent notice: "This content is provided by YouTube, which may be
    # using cookies ... we need your permission to use cookies."
    (
        ("cookie",),
        re.compile(
            r"^[^\n]{0,160}\b(?:we need your|requires? your|ask for your|you need to|please) "
            r"(?:permission|consent|accept|enable|allow)\b[^\n]{0,60}\bcookies?\b"
            r"[^\n]{0,160}$",
            re.I,
        ),
    ),
)
#: A cookie notice in any language: the site's "we use cookies", or what the reader must
#: accept to see an embed ("Um diesen Inhalt anzuzeigen, müssen Sie der Verwendung von
#: Cookies zustimmen."); and a rights line ("Riproduzione riservata", "Alle Rechte
#: vorbehalten"). Added to ``_GUARDED``.
_COOKIE_NOTICE = re.compile(
    # (a notice, not a sentence about cookies: it names what the reader may choose or get)
    r"^(?:(?=.*\b(?:accept|akzept|zustimm|consent|acept|accett|acconsent|aceit|navega|brows|"
    r"experience|erlebnis|expérience|experiencia|esperienza|experiência|datenschutz|privacy|"
    r"confidentialité|privacidad|privacidade|policy|richtlinie|politique|política|"
    r"einstellungen|settings|paramètres|configuración|impostazioni|preferen|akkoord|beleid|"
    r"ervaring|upplevelse|samtyck|godkänn|opplevelse|samtykk|zgod|prywatno|akcept|souhlas|"
    r"zážit|kabul|politika)\w*)"
    r"(?:[^.!?]{0,60}\b)?(?:we use|wir (?:verwenden|nutzen|setzen)|diese (?:web)?seite "
    r"(?:verwendet|nutzt)|nous utilisons|ce site utilise|(?:este sitio|esta web|este site) "
    r"utiliza|utilizamos|usamos|questo sito (?:utilizza|usa)|utilizziamo|wij gebruiken|"
    r"deze (?:web)?site gebruikt|vi (?:använder|bruker|bruger)|używamy|ta strona "
    r"(?:używa|korzysta)|používáme|tento web používá|bu site|(?:web )?sitemizde)\b[^.!?]{0,80}"
    r"\bcookies?\b.{0,300}|"
    r"当(?:サイト|ウェブサイト)[^\u3002]{0,30}cookie.{0,200}|"
    r"(?:um|pour|para|per|om|aby|pro|för|for)\b[^.!?]{0,40}\b(?:anzuzeigen|zu sehen|"
    r"afficher|voir|ver|visualizar|mostrar|visualizzare|vedere|bekijken|zien|se|visa|"
    r"zobaczyć|wyświetlić|zobrazit|zobrazení)\b[^.!?]{0,80}\bcookies?\b[^.!?]{0,60}"
    r"\b(?:zustimm|akzeptier|erlaub|accept|autoris|acept|permit|accett|consent|aceit|toesta|"
    r"godkän|godta|akcept|zaakcept|souhlas|povol|kabul)\w*\b.{0,200})$",
    re.I,
)
_RIGHTS = re.compile(
    r"^.{0,100}\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los "
    r"derechos reservados|todos os direitos reservados|riproduzione riservata|tutti i diritti "
    r"riservati|alle rechten voorbehouden|alla rättigheter förbehållna|alle rettigheter "
    r"reservert|wszelkie prawa zastrzeżone|všechna práva vyhrazena|"
    r"tüm haklar\u0131 sakl\u0131d\u0131r)"
    # the wire services' notice goes on: "... This material may not be published, ..."
    r"(?:[.,]?\s*this material may not be published, broadcast, rewritten,? or "
    r"redistributed)?"
    r"\b.{0,60}$|^.{0,60}無断(?:転載|複製).{0,60}$",
    re.I,
)
_GUARDED += (
    (("cookie",), _COOKIE_NOTICE),
    (
        ("reserv", "riservat", "vorbehalten", "voorbehouden", "förbehållna", "zastrzeżone",
         "vyhrazena", "sakl\u0131d\u0131r", "無断"),
        _RIGHTS,
    ),
)  # fmt: skip
#: An affiliate-link disclosure ("This article contains affiliate links", "If you buy
#: something using links in our stories, we may earn a commission", "... erhalten wir
#: eine Provision"): the shop's note, not the article, wherever it stands.
_DISCLOSURE = re.compile(
    r"\baffiliate[- ]?(?:links?|partners?|programs?|commissions?)\b|\bpartner[- ]?links\b|"
    r"\b(?:we|wir|nous)\b[^.!?]{0,40}\b(?:earn|receive|get|make|erhalten|bekommen|verdienen|"
    r"percevons|touchons)\b[^.!?]{0,30}\b(?:commissions?|provision(?:en)?|vergütung)\b|"
    r"\bliens? (?:d'|d\u2019)?affiliation\b|\benlaces? de afiliados?\b",
    re.I,
)
#: Every disclosure names one of these (lower case).
_DISCLOSURE_HINTS = ("affiliat", "afiliad", "partner", "commission", "provision", "vergütung")
#: ... in a block of at most this many words (an article about affiliate marketing is longer).
_MAX_DISCLOSURE_WORDS = 80
#: A call to the reader to follow the publisher ("sign up for our newsletters", "Abonniere
#: den WhatsApp-Kanal", "unterstützen Sie uns mit einer Spende", "bookmark our homepage",
#: Japanese members-only notices): a verb of following and what to follow, either order.
_CALL_VERB = (
    r"sign(?:ing)? up|subscrib\w*|bookmark\w*|download\w*|follow\w*|join (?:us|our)|abonnier\w*|"
    r"folg\w*|ikuti|registrier\w*|inscri\w*|suscr[ií]b\w*|iscriviti|donat\w*|spende\w*|"
    r"unterstütze\w*|support us|invest in journalism"
)
_CALL_OBJECT = (
    r"newsletters?|whatsapp|telegram|google news|apps?|homepage|news ?page|channel|kanal|"
    r"canal|spende|donation|mitglied\w*|membership|become a member|journalism|journalismus"
)
_READER_CALL = re.compile(
    rf"\b(?:{_CALL_VERB})\b[^.!?]{{0,80}}\b(?:{_CALL_OBJECT})\b|"
    rf"\b(?:{_CALL_OBJECT})\b[^.!?]{{0,80}}\b(?:{_CALL_VERB})\b|"
    r"会員(?:限定|登録)|有料会員",
    re.I,
)
#: ... in a block of at most this many words.
_MAX_CALL_WORDS = 60
#: A byline alone: "By"/"Von"/... and up to eight capitalised names and joiners.
_BYLINE = re.compile(
    r"^(?:By|BY|by|Von|VON|von|Par|PAR|par|Por|por|Door|door|Av|av|Af|af)\s+[A-ZÀ-ÞĀ-Ž][\w.'\u2019\-]*"
    r"(?:,?\s+(?:[A-ZÀ-ÞĀ-Ž][\w.'\u2019\-]*|and|und|et|y|og|och|en|e|de|van|von|der|da|del|di|le|la))"
    r"{0,7}$"
)
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
#: A date line alone: "Stand: 22.04.2024, 06:00 Uhr", "Updated 10:42 GMT".
_DATELINE = re.compile(
    r"^(?:stand|updated?|published|posted|last (?:updated|modified)|aktualisiert|"
    r"veröffentlicht|erstellt|publié(?: le)?|mis à jour(?: le)?|actualizado|publicado|"
    r"pubblicato|aggiornato|opdateret|oppdatert|uppdaterad|publisert|publicerad|bijgewerkt|"
    r"gepubliceerd|aktualizace|aktualizováno|publikováno|aktualizacja|zaktualizowano|"
    r"opublikowano|güncelleme|güncellenme|yay\u0131nlanma|päivitetty|julkaistu|online seit)\b"
    r"[:\s].{0,60}\d.{0,40}$",
    re.I,
)
_MAX_LINE = 120
#: The heading of a summary box above the article ("Story highlights", "Key points",
#: "What you need to know"): a label alone, maybe with a colon. English only: the
#: German developer pages keep their summary boxes ("In Kürze:", "Das Wichtigste in
#: Kürze:" in the expected bodies of two Swiss publishers).
_SUMMARY_HEADING = re.compile(
    r"^(?:(?:story |article )?highlights|key (?:points|takeaways|facts)|(?:the )?takeaways|"
    r"in (?:short|brief)|what you need to know|(?:the )?(?:story )?at a glance|tl;? ?dr)"
    r"\s*:?$",
    re.I,
)
#: A meta line of parts set apart by a bar or a dot, each a byline, a date line or a
#: meta line ("By Jane Doe, Reporter | Updated 3 hours ago").
_META_PARTS = re.compile(r"\s+[|\u2022\u00b7]\s+")
#: ... with at most this many words that are not numbers.
_MAX_DATELINE_WORDS = 10
#: A reading time, a view count or a relative date: "3 min read", "8 Min.", "Lesezeit
#: 5 Min.", "142 Views", "Published 15 hours ago".
_META_MARK = re.compile(
    # (a minute before a colon heads a live post: "84 minutes: Luton 2 Villa 2")
    r"\b\d{1,3}\s?(?:min(?:ute)?s?|minuten|minutos|minuti)\b\.?"
    r"(?:\s?(?:read|lesezeit|lesedauer|de lecture|de lectura|di lettura))?(?!\w)(?!\s*:)|"
    r"\b(?:lesezeit|lesedauer|lecture|lectura|reading time|temps de lecture):?\s*\d{1,3}\s?min\b|"
    r"\b\d+\s?(?:views|aufrufe|vues)\b|"
    r"\b\d+\s?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhdw])"
    r"\s+ago\b|"
    r"\bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|min\.|std\.)",
    re.I,
)
#: ... on a meta line: short, with few words besides its numbers (names, labels).
_MAX_META_LINE = 80
_MAX_META_WORDS = 6
_MIN_END = re.compile(r"\bmin\.$", re.I)
#: A caption that ends in its credit: "... Kindern © VS Tristach", "... (AFP / JANE DOE)",
#: "... | Getty Images", "... Bild: Jane Doe", "(Quelle: APA/dpa)", "... Photo by Jane Doe",
#: "... Jane Roe/Getty Images".
#: ... the one kind that may end in a full stop (an outlet's name "N.Y. Times."); the
#: others end in a name, a bracket or a credit's last word. "The ferry at the pier.
#: Jane Roe/NPR": a sentence, then a name and its outlet.
_NAMED_CREDIT_END = (
    r"(?<=[.!?] )[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,3}\s?/\s?"
    r"[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}$"
)
_CREDIT_END = re.compile(
    r"(?:©\s*[^.!?©]{1,60}|\((?:[^()]{1,20}:\s*)?[A-Z][^()/]{0,30}/\s*[^\W\d_][^()]{0,40}\)|"
    r"\|\s*(?:Getty Images|AFP|Reuters|AP|dpa|EPA)\b[^.!?]{0,30}|"
    r"\b(?:Foto|Photo(?:graph)?|Bild|Image|Picture|Credit|Imagen|Imagem|Immagine|"
    r"Fotograf[ií]a|Fotoğraf|Crédit photo)s?(?:\s?:|\s+(?:by|von|par))\s*[^.!?]{1,60}|"
    r"\bFot\.\s*[^.!?]{1,40}|\((?:Foto|Photo|Bild|Imagen|Immagine)\b[^()]{1,40}\)|"
    r"[\uff08(]写真[\uff1a:][^\uff08\uff09()]{1,30}[\uff09)]|"
    # "... Jane Roe/Getty Images": a photographer and an agency
    r"(?<![\w/])[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3}\s?/\s?"
    r"(?:Getty Images|AFP|Reuters|AP|EPA|dpa|Bloomberg|Shutterstock|Alamy|PA Wire|Keystone|"
    r"picture alliance|imago|ANP|ANSA|Xinhua|Anadolu)(?: via Getty Images)?)$|" + _NAMED_CREDIT_END
)
_SENTENCE_CREDIT_END = re.compile(_NAMED_CREDIT_END)
_MAX_CAPTION = 250
_WORD = re.compile(r"\w+")
#: A block at least this much link text (and with this many links) is a link list.
_LINK_DENSITY = 0.6
_MIN_LINKS = 2
#: A paragraph needs this many links, nearly all its text, to be a run of links.
_MIN_RUN_LINKS = 3
_RUN_DENSITY = 0.8
#: ... or this share when it does not end like a sentence (a tag list: "Published
#: under: A, B, C").
_RUN_LINKED = 0.7
#: ... or when it is a label ("Published under:", "Tags:") of at most this many words
#: and links alone.
_MAX_LABEL_WORDS = 4
#: ... ending in a colon or a separator ("RELATED |", "Lesen Sie auch »").
_LABEL_ENDS = (":", "|", "»", "\u203a", ">")
_SENTENCE_END = re.compile(r"[.!?…:;\"'\u201d\u2019»)\]]\s*$")
_MIN_SHOUT = 20
#: A paragraph this much link text, of at least this many words, is a teaser or a call.
_LINKED_PARAGRAPH = 0.9
_MIN_LINKED_WORDS = 8
_URL_TEXT = re.compile(r"^(?:https?://|www\.)", re.I)
#: A teaser link is a headline: never longer than this.
_MAX_SHOUT = 400
#: ``articleBody`` must cover this share of the candidate to vouch for a complete body.
_STRUCTURED_COVERAGE = 0.85
_STRUCTURED_MATCH = 0.3
_MIN_STRUCTURED_WORDS = 80
_LONG_PARAGRAPH = 25
_KEY_CHARS = 48
#: Characters read from the start of a long text to make its key.
_KEY_SCAN = 160
#: Texts of at most this many characters (after collapsing spaces) are not indexed.
_MIN_INDEXED = 2
_CODE_TAGS = frozenset({"script", "style"})
#: Elements whose own text starts with a given prefix (after collapsing spaces).
_STARTS_WITH = etree.XPath("//body//*[starts-with(normalize-space(text()), $prefix)]")
_SHOWN_PREFIX = 24
_SHINGLE = 4


class SourceIndex:
    """Page elements by the start of their own text, to trace body blocks back.

    Blocks whose source is already known (our own blocks) are traced directly; the
    index of the whole page is built on the first text it does not know.
    """

    def __init__(
        self,
        tree: lxml.html.HtmlElement,
        known: dict[str, lxml.html.HtmlElement] | None = None,
    ) -> None:
        self._tree = tree
        self._known = known or {}
        self._elements: dict[str, lxml.html.HtmlElement] | None = None

    @property
    def direct(self) -> bool:
        """True when the blocks' sources are known (our own blocks)."""
        return bool(self._known)

    def source_of(self, text: str) -> lxml.html.HtmlElement | None:
        key = text_key(text)
        known = self._known.get(key)
        if known is not None:
            return known
        if self._elements is None:
            self._elements = _index(self._tree)
        return self._elements.get(key)

    def shown(self, text: str) -> lxml.html.HtmlElement | None:
        """The page element whose own text starts as ``text`` does (like ``source_of``),
        found without indexing the whole page: candidates come from a quick search
        for the first characters of ``text`` as the page writes them."""
        key = text_key(text)
        if self._elements is not None or key in self._known:
            return self.source_of(text)
        prefix = " ".join(text.split())[:_SHOWN_PREFIX]
        for element in _STARTS_WITH(self._tree, prefix=prefix):
            own = element.text
            if own and element.tag not in _CODE_TAGS and text_key(own) == key:
                return element
        return None


def _index(tree: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    elements: dict[str, lxml.html.HtmlElement] = {}
    body = tree.find("body")
    for element in body.iter() if body is not None else ():
        text = element.text
        if not text or not isinstance(element.tag, str) or element.tag in _CODE_TAGS:
            continue
        if len(text.strip()) > _MIN_INDEXED:  # the same as after collapsing spaces
            elements.setdefault(text_key(text), element)
    return elements


def text_key(text: str) -> str:
    """The first characters of ``text``, normalised, as a lookup key."""
    if len(text) > _KEY_SCAN:  # long texts: the key is nearly always in their start
        key = " ".join(unicodedata.normalize("NFKC", text[:_KEY_SCAN]).split())
        if len(key) > _KEY_CHARS:
            return key[:_KEY_CHARS].casefold()
    return " ".join(unicodedata.normalize("NFKC", text).split())[:_KEY_CHARS].casefold()


def in_box(
    element: lxml.html.HtmlElement, boxes: dict[lxml.html.HtmlElement, bool] | None = None
) -> bool:
    """True when ``element`` sits in a caption, bio, fact box, promo or similar box.

    ``boxes`` remembers which elements were found to be boxes, for the next call.
    """
    chain = itertools.chain((element,), element.iterancestors())
    return _held_by(itertools.islice(chain, _BOX_DEPTH + 1), _is_box, _BOX_STOPS, boxes)


#: The walk up from a text stops at these: the article's own wrappers are no boxes. A
#: comment may be an ``<article>`` of its own, so that walk goes on past one.
_BOX_STOPS = frozenset({"article", "main", "body"})
_COMMENTS_STOPS = frozenset({"main", "body"})


def _is_box(element: lxml.html.HtmlElement) -> bool:
    return element.tag in _BOX_TAGS or _BOX.found(_marker(element))


def _held_by(
    elements: Iterable[lxml.html.HtmlElement],
    is_box: Callable[[lxml.html.HtmlElement], bool],
    stops: frozenset[str],
    boxes: dict[lxml.html.HtmlElement, bool] | None,
) -> bool:
    """True when one of ``elements`` (an element's ancestry, innermost first) before any
    tag in ``stops`` is a box by ``is_box``; ``boxes`` remembers the verdicts."""
    known = {} if boxes is None else boxes
    for element in elements:
        if element.tag in stops:
            return False
        box = known.get(element)
        if box is None:
            box = known[element] = is_box(element)
        if box:
            return True
    return False


_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: A comments box holds less than this share of the text of the element around it (the
#: rest is the article): a "3 Comments" link heading the article's own box opens no
#: comments box.
_MAX_COMMENTS_BOX_SHARE = 0.5


def in_comments(
    element: lxml.html.HtmlElement, boxes: dict[lxml.html.HtmlElement, bool] | None = None
) -> bool:
    """True when ``element`` sits in a box of readers' comments (:func:`comments_box`),
    even when each comment is an ``<article>`` of its own. ``boxes`` remembers the
    verdicts, for the next call."""
    ancestors = itertools.islice(element.iterancestors(), _BOX_DEPTH)
    return _held_by(ancestors, comments_box, _COMMENTS_STOPS, boxes)


def comments_box(box: lxml.html.HtmlElement) -> bool:
    """True for a box opened by the heading of the readers' comments ("3 Responses to
    “...”") that holds less text than the element around it holds besides it."""
    first = next((child for child in box if isinstance(child.tag, str)), None)
    parent = box.getparent()
    if first is None or first.tag not in _HEADING_TAGS or parent is None:
        return False
    if not is_comments_heading(" ".join(first.text_content().split())):
        return False
    inside = len(" ".join(box.text_content().split()))
    return inside < _MAX_COMMENTS_BOX_SHARE * len(" ".join(parent.text_content().split()))


def in_widget(
    element: lxml.html.HtmlElement,
    widgets: dict[lxml.html.HtmlElement, bool | None],
    *,
    probe: bool = True,
) -> bool:
    """True when ``element`` sits in a short box holding a form field (a newsletter
    sign-up, search or comment widget, whatever its class names say) or in a box
    ``mark_widget`` recorded.

    ``widgets`` remembers each ancestor's verdict (None: too long to be a widget).
    Without ``probe`` only recorded boxes count (our own blocks left out the boxes with
    form fields already).
    """
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth >= _WIDGET_DEPTH or ancestor.tag in {"article", "main", "body"}:
            return False
        if ancestor not in widgets:
            if not probe:
                continue
            long = len(" ".join(ancestor.text_content().split())) > _WIDGET_CHARS
            widgets[ancestor] = None if long else any(map(is_control, ancestor.iter()))
        verdict = widgets[ancestor]
        if verdict is None:
            return False  # its ancestors are longer still
        if verdict:
            return True
    return False


def mark_widget(
    heading: lxml.html.HtmlElement, widgets: dict[lxml.html.HtmlElement, bool | None]
) -> None:
    """Record the short box that ``heading`` (a widget's heading: "Sign up for Island
    Weekend", "Photo 1 of 12") opens as a widget, for ``in_widget``: the texts below it
    in that box go with it."""
    block = heading
    while block.tag in _INLINE_TAGS and block.getparent() is not None:
        block = block.getparent()
    box = block.getparent()
    if box is None or box.tag in {"article", "main", "body"} or box[0] is not block:
        return  # the heading opens no box of its own
    if len(" ".join(box.text_content().split())) <= _WIDGET_CHARS:
        widgets[box] = True


def is_control(element: lxml.html.HtmlElement) -> bool:
    """True for a form or a field the reader fills in or picks (a poll's radio button);
    not a hidden input, nor a checkbox (the toggle of a pure-CSS accordion, whose
    answers are text)."""
    tag = element.tag
    if tag == "input":
        return (element.get("type") or "").lower() not in {"hidden", "checkbox"}
    return tag in {"form", "select", "textarea"}


def _marker(element: lxml.html.HtmlElement) -> str:
    """Class and id words, without state modifiers ("comments-enabled", "has-caption")."""
    words = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return " ".join(word for word in words if not _MODIFIER.search(word))


def is_furniture(text: str) -> bool:
    """True for page-furniture lines ("Advertisement", "Read more: ...", "© AFP"), and
    for a byline, a date line or a meta line standing alone ("By Jane Doe", "Updated:
    3 May 2024", "3 min read"); also for a sign-up form's text read as a paragraph."""
    if len(text) >= 400:
        return len(text) <= _MAX_FORM_TEXT and form_text(text)
    if (
        _FURNITURE.match(text) is not None
        or _guarded(text)
        or _disclosure(text)
        or _share_line(text)
        or form_text(text)
        or _print_note(text)
    ):
        return True
    if len(text) <= _MAX_CAPTION and _credit_end(text):
        return True  # a picture's caption ending in its credit
    sentence = text.endswith(("!", "?")) or (text.endswith(".") and not _MIN_END.search(text))
    if len(text) <= _MAX_META_LINE and not sentence and _META_MARK.search(text) is not None:
        words = sum(not word.isdigit() for word in _WORD.findall(text))
        if words <= _MAX_META_WORDS:
            return True  # "3 min read", "Jane Doe | Published 15 hours ago"
    if is_byline_line(text):
        return True
    return _dateline(text) or _meta_parts(text)


def _credit_end(text: str) -> bool:
    """True for a text that ends in a picture credit (``_CREDIT_END``). A text that ends
    a sentence can only end in a name and its outlet: the quick case, as most do."""
    if text.endswith((".", "!", "?")):
        return not text.endswith(("!", "?")) and _SENTENCE_CREDIT_END.search(text) is not None
    return _CREDIT_END.search(text) is not None


def is_byline_line(text: str) -> bool:
    """True for a byline standing alone: "By Jane Roe, Staff Writer", "Von Max Muster"
    (names after "By", no sentence)."""
    if len(text) > _MAX_LINE or not _BYLINE.match(text) or text.endswith(("!", "?", ":")):
        return False
    return not (text.endswith(".") and not _INITIAL_END.search(text))


#: The note on where the article ran in print ("A version of this article appears in
#: print on Page A14 of the New York edition with the headline: ...", "Appeared in the
#: May 5, 2024, print edition as ...", "This article appeared in the Leaders section of
#: the print edition ...").
_PRINT_NOTE = re.compile(
    r"\b(?:a version of )?this (?:article|story|column|review|essay) (?:appears|appeared) "
    r"in (?:print\b|the\b.{0,60}\bprint edition\b)|^appeared in the\b.{0,60}\bprint edition\b",
    re.I,
)


def _print_note(text: str) -> bool:
    """True for a note on where the article ran in print (``_PRINT_NOTE``); the word
    "print" is looked for first, as most text does not hold it."""
    return "print" in text.lower() and _PRINT_NOTE.search(text) is not None


#: The words of a sign-up form, each kind counted once ("Newsletter Sign Up ... Invalid
#: email address. Please re-enter. ... Thank you for subscribing.").
_FORM_CUES = tuple(
    re.compile(cue, re.I)
    for cue in (
        r"\bsign(?:-| )?up\b|\banmelden\b|\bs'inscrire\b|\binscr[ií]bete\b",
        r"\bsubscrib(?:e|ing)\b|\babonnieren\b|\bs'abonner\b|\bsuscr[ií]bete\b",
        r"\be-?mail(?:-| )?(?:address|adresse)\b|\bcorreo electr[oó]nico\b",
        r"\bnewsletters?\b",
        r"\bprivacy (?:policy|notice)\b|\bdatenschutz(?:erkl[äa]rung)?\b|\bunsubscribe\b",
    )
)
#: ... one of which only a form says: its error messages, robot check or thank-you.
_FORM_MESSAGE = re.compile(
    r"\bre-?enter\b|\b(?:invalid|valid) e-?mail\b|\bnot a robot\b|\berror has occurred\b|"
    r"\bsomething went wrong\b|\bthank you for (?:subscribing|signing up)\b|"
    r"\bdanke f[üu]r (?:ihre|deine) anmeldung\b",
    re.I,
)
#: A word each of those messages holds (lower case): a quick first check, as most text
#: holds none.
_FORM_MESSAGE_WORDS = ("enter", "mail", "robot", "error", "wrong", "thank you", "anmeldung")
_FORM_MIN_CUES = 2
_MAX_FORM_TEXT = 1000


def form_text(text: str) -> bool:
    """True for the text of a sign-up form set as a paragraph: a message only a form
    gives (an error, a robot check, a thank-you) and two or more kinds of its other
    words (sign up, subscribe, an e-mail address, newsletter, a privacy policy)."""
    lowered = text.lower()
    if not any(word in lowered for word in _FORM_MESSAGE_WORDS):
        return False
    if _FORM_MESSAGE.search(text) is None:
        return False
    return sum(cue.search(text) is not None for cue in _FORM_CUES) >= _FORM_MIN_CUES


def _meta_parts(text: str) -> bool:
    """True for a line of two or more parts set apart by a bar or a dot, each a byline,
    a date line or a meta line ("By Jane Doe, Reporter | Updated 3 hours ago"); a line
    with a part that is none of these ("Politics | Updated 3 hours ago") is not."""
    if len(text) > _MAX_LINE or ("|" not in text and "\u2022" not in text and "\u00b7" not in text):
        return False
    parts = _META_PARTS.split(text)
    return len(parts) > 1 and all(
        part
        and (
            (_BYLINE.match(part) is not None and not part.endswith((".", "!", "?", ":")))
            or _dateline(part)
            or (_META_MARK.search(part) is not None and len(_WORD.findall(part)) <= _MAX_META_WORDS)
        )
        for part in parts
    )


#: Headings that open the readers' comments below an article ("Comments", "3 Responses
#: to “New ferry for the islands”", "12 thoughts on ...", "Leave a Reply").
_COMMENTS_SECTION = re.compile(
    r"^(?:(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:comments?|responses?|replies|thoughts?|reactions?)(?: (?:to|on)\b.{1,160})?|"
    # ("Comment", "Kommentar", "Commentaire" alone are also the labels of an opinion
    # piece: only their plurals, or a count, head the comments)
    r"\d+ (?:comment|kommentar|commentaire|comentario|commento|comentário)s?|"
    r"(?:\d+ )?(?:comments|kommentare|commentaires|comentarios|commenti|comentários|"
    r"reacties|kommentarer|komentarze)|"
    r"(?:leave|post|add|write) a (?:comment|reply|response)|"
    r"join the (?:conversation|discussion)|be the first to comment|"
    r"kommentar (?:schreiben|verfassen)|diskutieren sie mit|laisser un commentaire|"
    r"deja (?:un comentario|una respuesta)|lascia un commento|"
    r"deixe (?:um comentário|uma resposta))\W*$",
    re.I,
)
#: ... a comments heading may name the article ("12 thoughts on “...”").
_MAX_COMMENTS_HEADING = 200


def is_comments_heading(text: str) -> bool:
    """True for the heading of the readers' comments below an article ("Comments",
    "3 Responses to “New ferry for the islands”", "Leave a Reply")."""
    return len(text) <= _MAX_COMMENTS_HEADING and _COMMENTS_SECTION.match(text) is not None


def is_summary_heading(text: str) -> bool:
    """True for the heading of a summary box ("Story highlights", "Key points", "What
    you need to know"): the box it opens sums up the article above its text and is not
    the article's running text."""
    return len(text) <= 40 and _SUMMARY_HEADING.match(text) is not None


def is_signup(text: str) -> bool:
    """True for a newsletter sign-up box's heading ("Get our free Island Daily
    newsletter", "The Island Daily newsletter: sign up"): the newsletter and what to do
    about it, in a line that is no sentence."""
    if len(text) > _MAX_LINE or text.endswith((".", "!", "?")):
        return False  # a sentence about a newsletter is text
    return _SIGNUP.search(text) is not None


def _guarded(text: str) -> bool:
    """True for a furniture line of ``_GUARDED``."""
    lowered = text.lower()
    return any(
        any(hint in lowered for hint in hints) and pattern.match(text) is not None
        for hints, pattern in _GUARDED
    )


def is_widget_heading(text: str) -> bool:
    """True for a furniture line that heads a widget: a sign-up, author, comment or
    share box ("Sign up for Island Daily", "About the author", "Comments (14)", "Share
    45 Tweet 12"); not a byline, date line, caption or label, which head text of the
    article too."""
    if len(text) > _MAX_LINE or _WIDGET_WORDS.search(text) is None:
        return False
    return _FURNITURE.match(text) is not None or _guarded(text) or _share_line(text)


def _share_line(text: str) -> bool:
    """True for a share bar's text as one line: the names of networks and of sharing
    actions, maybe with their counts ("Share 45 Tweet 12", "Facebook Twitter LinkedIn
    Email", "1.2K shares"): two of those words, or one and its count, and nothing but
    counts and joiners besides."""
    if len(text) > _MAX_LINE:
        return False
    words = _WORD.findall(text.casefold())
    if len(words) > _MAX_SHARE_WORDS:
        return False
    actions = counts = 0
    for word in words:
        if word in _SHARE_ACTIONS:
            actions += 1
        elif word.isdigit() or word[:-1].isdigit():
            counts += 1
        elif word not in _SHARE_GLUE:
            return False
    return actions >= 2 or (actions == 1 and counts > 0)


def _dateline(text: str) -> bool:
    """True for a date line alone ("Updated: 3 May 2024"); a sentence about the date
    ("Published in the print edition of the March 11, 2024, issue, with the headline
    ...") is text."""
    if len(text) > _MAX_LINE or _DATELINE.match(text) is None:
        return False
    return sum(not word.isdigit() for word in _WORD.findall(text)) <= _MAX_DATELINE_WORDS


def _disclosure(text: str) -> bool:
    """True for a short affiliate-link disclosure."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _DISCLOSURE_HINTS):
        return False  # the quick check first: most blocks name none of these
    return (
        _DISCLOSURE.search(text) is not None and len(_WORD.findall(text)) <= _MAX_DISCLOSURE_WORDS
    )


def is_reader_call(text: str) -> bool:
    """True for a short call to follow the publisher: its newsletter, app or channel, a
    donation or a membership ("For the latest news, sign up for our newsletters",
    "Abonniere den WhatsApp-Kanal von ...", "この記事は会員限定です")."""
    return (
        len(text) < 400
        and _READER_CALL.search(text) is not None
        and len(_WORD.findall(text)) <= _MAX_CALL_WORDS
    )


def link_heavy(block: etree._Element, text: str) -> bool:
    """True for lists that are mostly links (teaser lists, tag clouds) and link runs."""
    links = list(block.iter("ref"))
    if not text or not links:
        return False
    texts = [" ".join("".join(ref.itertext()).split()) for ref in links]
    linked = sum(len(link) for link in texts)
    density = linked / len(text)
    if block.tag != "list" and (
        _labelled_links(block, links)
        or (block.tag == "p" and _linked_paragraph(text, texts, density))
    ):
        return True
    if len(links) < _MIN_LINKS:
        return False
    if block.tag == "list":
        return density >= _LINK_DENSITY
    if len(links) < _MIN_RUN_LINKS:
        return False
    # a sentence rich in links ends like one; a tag list does not
    return density >= _RUN_DENSITY or (density >= _RUN_LINKED and not _SENTENCE_END.search(text))


def linked_title(block: etree._Element, text: str) -> bool:
    """True for a paragraph or heading that is all one link of a headline's length:
    another story's title, as a teaser tile shows it ("Flüchtlingsschiff sinkt: 250
    Menschen vermisst"). A link that shows its own address cites a source."""
    if block.tag not in {"p", "head"} or not text or len(text) > _MAX_SHOUT:
        return False
    links = list(block.iter("ref"))
    if len(links) != 1 or not links[0].get("target"):
        return False
    link = " ".join("".join(links[0].itertext()).split())
    return len(link) >= _LINKED_PARAGRAPH * len(text) and not _URL_TEXT.match(link)


def _linked_paragraph(text: str, links: list[str], density: float) -> bool:
    """True for a paragraph that is a link, a teaser's length: a headline or call that
    points elsewhere ("Dear reader, ... support us", another story's title). A link that
    shows its own address cites a source and stays."""
    if density < _LINKED_PARAGRAPH or len(text) > _MAX_SHOUT:
        return False
    if len(_WORD.findall(text)) < _MIN_LINKED_WORDS:
        return False
    return not any(_URL_TEXT.match(link) for link in links)


def _labelled_links(block: etree._Element, links: list[etree._Element]) -> bool:
    """True for a label and links alone ("Published under: A, B, C", "Our standards:
    The Trust Principles", "RELATED | <link>"): a few words ending in a colon or a
    separator before the first link, and
    nothing but separators between and after the links, each of which holds words."""
    outside = _outside_links(block)
    label = outside[0].strip()
    if not label.endswith(_LABEL_ENDS) or not 0 < len(_WORD.findall(label)) <= _MAX_LABEL_WORDS:
        return False
    if any(_WORD.search(part) for part in outside[1:]):
        return False
    return all(_WORD.search("".join(ref.itertext())) for ref in links)


def _outside_links(block: etree._Element) -> list[str]:
    """The text of ``block`` outside its links: before the first link, then after each."""
    parts = [""]
    for piece in _pieces(block):
        if piece is None:
            parts.append("")
        else:
            parts[-1] += piece
    return parts


def _pieces(element: etree._Element) -> list[str | None]:
    """The text of ``element`` in order, each link as a None."""
    pieces: list[str | None] = [element.text or ""]
    for child in element:
        pieces.extend([None] if child.tag == "ref" else _pieces(child))
        pieces.append(child.tail or "")
    return pieces


def shouted_link(
    block: etree._Element, text: str, source: lxml.html.HtmlElement | None = None
) -> bool:
    """True for a block that is one link in capitals (a teaser for another story).

    The link is the block's own (our blocks, trafilatura's with links) or, when the
    candidate lost it, one around the block's ``source`` on the page.
    """
    if len(text) > _MAX_SHOUT:
        return False
    refs = list(block.iter("ref"))
    if not refs and (source is None or next(source.iterancestors("a"), None) is None):
        return False
    letters = [char for char in text if char.isalpha()]
    if len(letters) < _MIN_SHOUT or sum(char.isupper() for char in letters) < 0.9 * len(letters):
        return False
    if refs:
        linked = sum(len(" ".join("".join(ref.itertext()).split())) for ref in refs)
    else:
        link = next(source.iterancestors("a")) if source is not None else None
        linked = len(" ".join(link.text_content().split())) if link is not None else 0
    return _RUN_DENSITY * len(text) <= linked <= len(text) / _RUN_DENSITY


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Word 4-gram multiset of ``text`` (one shingle for 1-3 words)."""
    words = _WORD.findall(text.casefold())
    if len(words) < _SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(zip(words, words[1:], words[2:], words[3:], strict=False))


def structured_vouches(texts: list[str], article_body: str) -> list[bool] | None:
    """Which blocks a complete ``articleBody`` contains; None if it cannot vouch.

    ``articleBody`` vouches only when it is long and covers most of the candidate.
    Blocks before its first match (a standfirst it leaves out) and long paragraphs
    (copies are sometimes cut short in the middle) count as contained.
    """
    if len(_WORD.findall(article_body)) < _MIN_STRUCTURED_WORDS:
        return None
    reference = shingles(article_body)
    candidate = shingles(" ".join(texts))
    total = sum(candidate.values())
    if not total or sum((candidate & reference).values()) / total < _STRUCTURED_COVERAGE:
        return None
    found: list[bool] = []
    for text in texts:
        words = len(_WORD.findall(text))
        if words < _SHINGLE or words >= _LONG_PARAGRAPH:
            found.append(True)  # unsure: counted as contained, no need to compare
            continue
        own = shingles(text)
        found.append(sum((own & reference).values()) / sum(own.values()) >= _STRUCTURED_MATCH)
    first = found.index(True) if any(found) else len(found)
    return [True] * first + found[first:]

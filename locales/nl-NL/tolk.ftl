# tolk UI strings — Nederlands (Nederland).

## Language

# The locale's own name, shown in the language switcher.
language-name = Nederlands

## Alerts (DocFX > [!NOTE] and friends)

alert-note = Opmerking
alert-tip = Tip
alert-important = Belangrijk
alert-caution = Let op
alert-warning = Waarschuwing
# Custom alert type configured in docfx.json (markdownEngineProperties.alerts).
alert-todo = Nog te doen

## Page chrome

skip-to-content = Direct naar de inhoud
menu-toggle = Menu
table-of-contents = Inhoudsopgave
in-this-article = In dit artikel
breadcrumb-home = Start
last-updated = Laatst bijgewerkt
previous = Vorige
next = Volgende

## Language and environment switchers

switch-language = Andere taal kiezen
language-label = Taal
choose-language = Kies een taal
switch-environment = Andere omgeving kiezen
environment-label = Omgeving
choose-environment = Kies een omgeving
# Root index page heading.
choose-site = Kies een documentatiesite
page-not-in-environment = Deze pagina is niet beschikbaar in { $environment }.
go-to-environment-home = Naar de startpagina van deze omgeving

## Bilingual reading

hover-hint = Beweeg de muisaanwijzer over een zin om de Engelse brontekst te zien, of gebruik de weergave naast elkaar.
side-by-side-toggle = Naast elkaar weergeven
side-by-side-on = Engelse brontekst naast de vertaling tonen
side-by-side-off = Engelse brontekst verbergen
machine-translated-notice = Deze pagina is automatisch vertaald. Er is een koppeling naar het Engelse origineel beschikbaar.
read-in-english = Lezen in het Engels

## Search

search-label = Zoeken
search-placeholder = Zoeken in de documentatie
search-button = Zoeken
search-results-title = Zoekresultaten
search-results-count =
    { $count ->
        [one] 1 resultaat
       *[other] { $count } resultaten
    }
search-no-results = Er zijn geen pagina's gevonden die overeenkomen met uw zoekopdracht.

## Not found and redirects

not-found-title = Pagina niet gevonden
not-found-text = De pagina die u zoekt, bestaat niet of is verplaatst.
back-to-home = Terug naar de startpagina
redirect-title = Deze pagina is verplaatst
redirect-text = U wordt doorgestuurd naar de nieuwe locatie. Volg de koppeling als er niets gebeurt.

## Media

video-title = Videospeler
image-long-description = Beschrijving van de afbeelding

## Review report

report-title = Controlerapport vertaling
untranslated-label = Niet vertaald

## Code snippets

codesnippet-not-found = Codefragment niet gevonden

## Theme

dark-mode = Donkere modus
copy-code = Kopiëren
code-copied = Gekopieerd

## YAML pages (card and link-list labels: linkListType, itemType)

item-type-architecture = Architectuur
item-type-concept = Concept
item-type-deploy = Implementeren
item-type-download = Downloaden
item-type-get-started = Aan de slag
item-type-how-to-guide = Instructies
item-type-learn = Leren
item-type-overview = Overzicht
item-type-quickstart = Snelstart
item-type-reference = Naslag
item-type-sample = Voorbeeld
item-type-training = Training
item-type-tutorial = Zelfstudie
item-type-video = Video
item-type-whats-new = Nieuw

## Weergavenamen van omgevingen (environment-name-<moniker>): de Microsoft 365-clouds van Learn.

environment-name-o365-worldwide = Microsoft 365 (wereldwijd)
environment-name-o365-21vianet = Microsoft 365 beheerd door 21Vianet
environment-name-o365-germany = Microsoft 365 Duitsland

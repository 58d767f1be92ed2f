# tolk UI strings — English (United States). This is the fallback locale:
# every message id used by the templates must exist in this file.

## Language

# The locale's own name, shown in the language switcher.
language-name = English

## Alerts (DocFX > [!NOTE] and friends)

alert-note = Note
alert-tip = Tip
alert-important = Important
alert-caution = Caution
alert-warning = Warning
# Custom alert type configured in docfx.json (markdownEngineProperties.alerts).
alert-todo = To do

## Page chrome

skip-to-content = Skip to main content
menu-toggle = Menu
table-of-contents = Table of contents
in-this-article = In this article
breadcrumb-home = Home
last-updated = Last updated
previous = Previous
next = Next

## Language and environment switchers

switch-language = Switch language
language-label = Language
choose-language = Choose a language
switch-environment = Switch environment
environment-label = Environment
choose-environment = Choose an environment
# Root index page heading.
choose-site = Choose a documentation site
page-not-in-environment = This page is not available in { $environment }.
go-to-environment-home = Go to the home page of this environment

## Bilingual reading

hover-hint = Hover over a sentence to see the English original, or use the side-by-side view.
side-by-side-toggle = Side-by-side view
side-by-side-on = Show the English original next to the translation
side-by-side-off = Hide the English original
machine-translated-notice = This page was machine translated. A link to the English original is available.
read-in-english = Read in English

## Search

search-label = Search
search-placeholder = Search the documentation
search-button = Search
search-results-title = Search results
search-results-count =
    { $count ->
        [one] 1 result
       *[other] { $count } results
    }
search-no-results = No pages match your search.

## Not found and redirects

not-found-title = Page not found
not-found-text = The page you are looking for doesn't exist or has moved.
back-to-home = Back to the home page
redirect-title = This page has moved
redirect-text = You are being sent to the new location. If nothing happens, follow the link.

## Media

video-title = Video player
image-long-description = Image description

## Review report

report-title = Translation review report
untranslated-label = Untranslated

## Code snippets

codesnippet-not-found = Code snippet not found

## Theme

dark-mode = Dark mode
copy-code = Copy
code-copied = Copied

## YAML pages (card and link-list labels: linkListType, itemType)

item-type-architecture = Architecture
item-type-concept = Concept
item-type-deploy = Deploy
item-type-download = Download
item-type-get-started = Get started
item-type-how-to-guide = How-to guide
item-type-learn = Learn
item-type-overview = Overview
item-type-quickstart = Quickstart
item-type-reference = Reference
item-type-sample = Sample
item-type-training = Training
item-type-tutorial = Tutorial
item-type-video = Video
item-type-whats-new = What's new

## Environment display names (environment-name-<moniker>): Learn's Microsoft 365 clouds.
## A docset's locales/ folder or tolk.yml `environmentNames` names its own.

environment-name-o365-worldwide = Microsoft 365 (worldwide)
environment-name-o365-21vianet = Microsoft 365 operated by 21Vianet
environment-name-o365-germany = Microsoft 365 Germany

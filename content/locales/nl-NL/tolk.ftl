# Weergavenamen van de omgevingen van het voorbeeld (anders de moniker-id's).
environment-name-lantern-global = Lantern Global
environment-name-lantern-edu = Lantern voor Onderwijs
environment-name-lantern-sovereign = Lantern Sovereign Cloud

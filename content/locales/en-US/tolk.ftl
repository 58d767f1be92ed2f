# Display names of the sample's environments (the moniker ids otherwise).
environment-name-lantern-global = Lantern Global
environment-name-lantern-edu = Lantern for Education
environment-name-lantern-sovereign = Lantern Sovereign Cloud

"""`license-scan audit`: an estate of repos (an organisation, a list, a search, the Hub), metadata first."""

"""Read articles, extract the facts of docs/annotation guide, map them to RDF, load them."""

"""Views of the core, one module per area: core (home, health, language), accounts."""

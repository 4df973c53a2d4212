"""Online metadata sources for enrichment (never used unless asked for with --online)."""

"""Plugins that put surveybib where users already work (pybtex)."""

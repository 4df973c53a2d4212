"""Readers turn text into the entry model; problems in the text become findings."""

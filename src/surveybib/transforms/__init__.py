"""Transforms take model values and return new ones, one job each."""

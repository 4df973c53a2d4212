"""Writers turn the entry model into text; they return strings and never write files."""

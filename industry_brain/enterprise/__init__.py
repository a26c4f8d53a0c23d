"""Enterprise master data: identifiers, entity resolution and profiles."""

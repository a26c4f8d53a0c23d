"""The web shell: layout, middleware, dependencies, error pages and static files."""

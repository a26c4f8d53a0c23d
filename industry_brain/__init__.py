"""Industry Brain."""

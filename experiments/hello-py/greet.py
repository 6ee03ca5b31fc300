"""Greeting logic, kept apart from the entry point so edits to it exercise the rebuild path."""


def greet(name: str) -> str:
    return f"hello, {name}"

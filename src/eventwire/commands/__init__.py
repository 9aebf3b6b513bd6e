"""CLI sub-commands. Each module defines ``register(app: typer.Typer) -> None`` and holds no logic of
its own beyond argument handling: the work is done by the library modules."""

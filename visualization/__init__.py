"""visualization package."""

"""What the storage layer tells services, without them knowing SQLAlchemy."""


class UniqueViolation(Exception):
    """A row would repeat a value that must be unique (an application number, say)."""
